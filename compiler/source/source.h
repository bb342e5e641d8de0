// Source files and spans.
//
// Every file flowc reads (programs, imported files, `body file` templates) is
// registered once in a SourceManager and named by a small integer id. A Span
// is a half-open range of code points in one file; code points rather than
// bytes because that is what ANTLR's character stream counts and what editors
// show as columns. Line and column are computed on demand, so spans stay
// eight bytes wide and cheap to copy into every AST node.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace flowc {

using FileId = uint32_t;

struct Span {
  FileId file = 0;
  uint32_t begin = 0;  // first code point
  uint32_t end = 0;    // one past the last code point

  bool valid() const { return end >= begin && !(begin == 0 && end == 0 && file == 0); }
  // The smallest span covering both (same file assumed).
  Span to(const Span& other) const { return {file, begin, other.end > end ? other.end : end}; }
};

struct LineCol {
  uint32_t line = 1;  // 1-based
  uint32_t col = 1;   // 1-based, in code points
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  // The text as code points, as ANTLR sees it.
  const std::u32string& code_points() const { return code_points_; }

  LineCol line_col(uint32_t code_point) const;
  // The text of a 1-based line without its line terminator, as UTF-8.
  std::string line_text(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }
  // The code point offset where a 1-based line starts.
  uint32_t line_start(uint32_t line) const;

 private:
  std::string path_;
  std::string text_;
  std::u32string code_points_;
  std::vector<uint32_t> line_starts_;  // code point offsets
};

class SourceManager {
 public:
  FileId add(std::string path, std::string text);
  const SourceFile& file(FileId id) const { return *files_.at(id); }
  size_t size() const { return files_.size(); }
  // The id of an already registered path, or -1.
  int64_t find(const std::string& path) const;

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

// Decodes UTF-8 leniently: an invalid byte becomes U+FFFD and decoding goes
// on, so fuzzed input never stops the parser.
std::u32string decode_utf8(std::string_view text);
std::string encode_utf8(std::u32string_view text);
void append_utf8(std::string& out, char32_t cp);

}  // namespace flowc
