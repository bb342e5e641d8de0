// LSP positions and flowc spans.
//
// LSP counts lines from 0 and characters in UTF-16 code units; flowc's spans
// count code points (source.h). A character outside BMP is one code point
// but two UTF-16 units, so the two differ on any line with an emoji. Every
// conversion clamps: a position past the end of its line or of the document
// means the end, never an error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "source/source.h"

namespace flowc::lsp {

struct Position {
  uint32_t line = 0;       // 0-based
  uint32_t character = 0;  // UTF-16 code units into the line
};

// Reads {"line","character"}; negative or missing fields count as 0.
Position position_from_json(const nlohmann::json& j);
nlohmann::json to_json(Position p);

// The LSP position of a code point offset of a source file.
Position position_of(const SourceFile& file, uint32_t code_point);
// The code point offset of an LSP position in a source file.
uint32_t code_point_of(const SourceFile& file, Position p);
// {"start","end"} of a span.
nlohmann::json range_of(const SourceFile& file, Span span);

// Converts many offsets of one file, each in O(log n) after one pass over
// the file. position_of() above walks the line each time, which over a long
// line with many diagnostics would be quadratic.
class PositionIndex {
 public:
  explicit PositionIndex(const SourceFile& file);
  Position position_of(uint32_t code_point) const;
  nlohmann::json range_of(Span span) const;

 private:
  const SourceFile& file_;
  std::vector<uint32_t> astral_;  // offsets of code points outside the BMP (two UTF-16 units each)
};

// The UTF-16 code units of UTF-8 text: how far LSP counts across it.
uint32_t utf16_length(std::string_view utf8);

// The byte offset of an LSP position in UTF-8 text (for applying edits).
size_t byte_offset_of(const std::string& text, Position p);
// The position just past the end of UTF-8 text.
Position end_of(const std::string& text);

}  // namespace flowc::lsp
