// Internal to compiler/format: the two steps of formatting.
//
// lay_out decides where lines break and how far each is indented, from the
// tokens and their roles alone (rules in docs/tooling.md, "Formatting");
// render turns the lines into text and aligns trailing comments. Splitting
// them keeps each step small enough to read at once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parse/tokens.h"

namespace flowc::format {

struct Line {
  uint32_t indent = 0;       // spaces
  std::string code;          // tokens and the spaces between them; may hold """ line breaks
  std::string comment;       // a trailing comment, or empty
  bool blank_before = false;  // one empty line goes before this one
};

std::vector<Line> lay_out(const std::vector<parse::Token>& tokens);

// The lines as text: trailing comments of consecutive lines aligned two
// spaces after the longest of their code, one line break at the end.
std::string render(const std::vector<Line>& lines);

// The number of code points in UTF-8 text.
uint32_t width(const std::string& utf8);

// The spaces that go between two tokens laid out on one line.
const char* space_between(const parse::Token& left, const parse::Token& right, bool inline_options);

}  // namespace flowc::format
