// Lines to text. Trailing comments on consecutive lines line up two spaces
// after the longest code among them, so a commented run reads as a table,
// and the column depends only on the code, which keeps formatting idempotent.
#include "format/layout.h"

namespace flowc::format {

namespace {

// The column just past a line's code (a """ string may have moved it to a
// later physical line).
uint32_t code_end(const Line& line) {
  size_t newline = line.code.rfind('\n');
  if (newline == std::string::npos) return line.indent + width(line.code);
  return width(line.code.substr(newline + 1));
}

bool continues_run(const std::vector<Line>& lines, size_t i) {
  return i < lines.size() && !lines[i].comment.empty() && !lines[i].blank_before;
}

}  // namespace

uint32_t width(const std::string& utf8) {
  uint32_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

std::string render(const std::vector<Line>& lines) {
  std::vector<uint32_t> comment_column(lines.size(), 0);
  for (size_t i = 0; i < lines.size();) {
    if (lines[i].comment.empty()) {
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (continues_run(lines, end)) ++end;
    uint32_t column = 0;
    for (size_t k = i; k < end; ++k) column = std::max(column, code_end(lines[k]) + 2);
    for (size_t k = i; k < end; ++k) comment_column[k] = column;
    i = end;
  }
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    if (line.blank_before) out += '\n';
    out.append(line.indent, ' ');
    out += line.code;
    if (!line.comment.empty()) {
      out.append(comment_column[i] - code_end(line), ' ');
      out += line.comment;
    }
    out += '\n';
  }
  return out;
}

}  // namespace flowc::format
