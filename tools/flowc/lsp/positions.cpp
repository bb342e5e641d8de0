#include "lsp/positions.h"

#include <algorithm>

namespace flowc::lsp {

namespace {

uint32_t utf16_units(char32_t cp) { return cp > 0xFFFF ? 2 : 1; }

uint32_t field(const nlohmann::json& j, const char* name) {
  if (!j.is_object() || !j.contains(name) || !j[name].is_number()) return 0;
  double v = j[name].get<double>();
  if (!(v > 0)) return 0;
  return v > 4e9 ? 4000000000u : static_cast<uint32_t>(v);
}

// The code point offset where a 0-based line ends (before its '\n').
uint32_t line_end(const SourceFile& file, uint32_t line) {
  if (line + 1 < file.line_count()) return file.line_start(line + 2) - 1;
  return static_cast<uint32_t>(file.code_points().size());
}

// How many bytes the UTF-8 sequence starting with `lead` takes.
size_t sequence_length(unsigned char lead) {
  return lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
}

}  // namespace

uint32_t utf16_length(std::string_view utf8) {
  uint32_t units = 0;
  for (unsigned char c : utf8) units += ((c & 0xC0) != 0x80) + ((c & 0xF8) == 0xF0);  // a code point; a surrogate pair
  return units;
}

Position position_from_json(const nlohmann::json& j) { return {field(j, "line"), field(j, "character")}; }

nlohmann::json to_json(Position p) { return {{"line", p.line}, {"character", p.character}}; }

Position position_of(const SourceFile& file, uint32_t code_point) {
  const std::u32string& cps = file.code_points();
  code_point = std::min<uint32_t>(code_point, static_cast<uint32_t>(cps.size()));
  LineCol lc = file.line_col(code_point);
  uint32_t start = file.line_start(lc.line);
  uint32_t units = 0;
  for (uint32_t i = start; i < code_point; ++i) units += utf16_units(cps[i]);
  return {lc.line - 1, units};
}

uint32_t code_point_of(const SourceFile& file, Position p) {
  const std::u32string& cps = file.code_points();
  if (p.line >= file.line_count()) return static_cast<uint32_t>(cps.size());
  uint32_t i = file.line_start(p.line + 1), end = line_end(file, p.line);
  for (uint32_t units = 0; i < end && units + utf16_units(cps[i]) <= p.character; ++i) units += utf16_units(cps[i]);
  return i;
}

nlohmann::json range_of(const SourceFile& file, Span span) {
  return {{"start", to_json(position_of(file, span.begin))}, {"end", to_json(position_of(file, span.end))}};
}

PositionIndex::PositionIndex(const SourceFile& file) : file_(file) {
  const std::u32string& cps = file.code_points();
  for (uint32_t i = 0; i < cps.size(); ++i)
    if (utf16_units(cps[i]) == 2) astral_.push_back(i);
}

Position PositionIndex::position_of(uint32_t code_point) const {
  code_point = std::min<uint32_t>(code_point, static_cast<uint32_t>(file_.code_points().size()));
  LineCol lc = file_.line_col(code_point);
  uint32_t start = file_.line_start(lc.line);
  auto first = std::lower_bound(astral_.begin(), astral_.end(), start);
  auto last = std::lower_bound(first, astral_.end(), code_point);
  return {lc.line - 1, code_point - start + static_cast<uint32_t>(last - first)};
}

nlohmann::json PositionIndex::range_of(Span span) const {
  return {{"start", to_json(position_of(span.begin))}, {"end", to_json(position_of(span.end))}};
}

size_t byte_offset_of(const std::string& text, Position p) {
  size_t i = 0;
  for (uint32_t line = 0; line < p.line; ++line) {
    size_t nl = text.find('\n', i);
    if (nl == std::string::npos) return text.size();
    i = nl + 1;
  }
  for (uint32_t units = 0; i < text.size() && text[i] != '\n';) {
    size_t n = std::min(sequence_length(static_cast<unsigned char>(text[i])), text.size() - i);
    uint32_t u = n == 4 ? 2 : 1;
    if (units + u > p.character) break;
    units += u;
    i += n;
  }
  return i;
}

Position end_of(const std::string& text) {
  Position p;
  size_t line_start = 0;
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  for (size_t i = line_start; i < text.size();) {
    size_t n = std::min(sequence_length(static_cast<unsigned char>(text[i])), text.size() - i);
    p.character += n == 4 ? 2 : 1;
    i += n;
  }
  return p;
}

}  // namespace flowc::lsp
