// Reading one line of a test file, left to right: bare words, quoted
// strings, a JSON object, the rest. The test-file format is line-based, so
// this small cursor is the whole lexer. Problems are thrown as SyntaxError
// with the column they start at; parse_test_file.cpp turns them into
// `file:line:col: error:` lines and goes on with the next line.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace flowc::cli::scenario {

struct SyntaxError : std::runtime_error {
  SyntaxError(unsigned col, const std::string& message) : std::runtime_error(message), col(col) {}
  unsigned col;
};

class LineCursor {
 public:
  explicit LineCursor(std::string_view line) : line_(line) {}

  // The 1-based column (in code points) of the next thing to read.
  unsigned col();
  // True when only spaces or a `#` comment are left.
  bool at_end();
  // Consumes `word` when it is the next bare word.
  bool keyword(std::string_view word);
  // Whether `word` is the next bare word (nothing is consumed).
  bool peek(std::string_view word);
  // The next bare word: characters up to a space, `"`, `{`, `}` or `#`.
  std::optional<std::string> word();
  // The next "quoted string" (escapes \" and \\), without its quotes.
  std::optional<std::string> quoted();
  // A name: quoted, or a bare word.
  std::optional<std::string> name();
  // A balanced {...} JSON object (quotes respected), as written; a comment
  // may follow it.
  std::optional<std::string> json_object();
  // Everything up to the comment, trimmed.
  std::string rest();

  // Reads what `what` describes or throws "expected WHAT".
  std::string need_word(const char* what);
  std::string need_name(const char* what);
  void need_keyword(std::string_view word);
  void need_end();

 private:
  void skip_space();
  std::string_view line_;
  size_t pos_ = 0;
};

// The line without its `#` comment (a `#` inside quotes is kept), trimmed.
std::string strip_comment(std::string_view line);

}  // namespace flowc::cli::scenario
