#include "diag/diagnostic_docs.h"

#include <map>

namespace flowc {

namespace {

constexpr std::string_view kDiagnosticsMarkdown =
#include "diagnostics_md.inc"
    ;

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// The table's rows, `| E013<a id="e013"></a> | meaning | points at |`, by code. Cells are
// split at ` | `, which no cell of that table contains (tests/sarif_test.cpp
// checks that every code has a row of three cells).
std::map<std::string, DiagnosticDoc, std::less<>> parse_rows() {
  std::map<std::string, DiagnosticDoc, std::less<>> rows;
  std::string_view text = kDiagnosticsMarkdown;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.size() < 4 || line.substr(0, 2) != "| " || line.back() != '|') continue;
    if (line[2] != 'E' && line[2] != 'W' && line[2] != 'N') continue;
    line = line.substr(2, line.size() - 3);
    const size_t first = line.find(" | ");
    const size_t second = first == std::string_view::npos ? first : line.find(" | ", first + 3);
    if (second == std::string_view::npos) continue;
    std::string_view code = trim(line.substr(0, first));
    code = code.substr(0, code.find('<'));  // the row's anchor, `<a id="e013"></a>`, follows the code
    rows[std::string(code)] = {std::string(trim(line.substr(first + 3, second - first - 3))),
                                                      std::string(trim(line.substr(second + 3)))};
  }
  return rows;
}

}  // namespace

std::optional<DiagnosticDoc> diagnostic_doc(std::string_view code) {
  static const std::map<std::string, DiagnosticDoc, std::less<>> rows = parse_rows();
  auto it = rows.find(code);
  if (it == rows.end()) return std::nullopt;
  return it->second;
}

std::string plain_text(std::string_view markdown) {
  std::string out;
  for (char c : markdown)
    if (c != '`') out += c;
  return out;
}

std::string docs_base_uri() {
  std::string url = FLOWC_DOCS_URL;
  if (url.empty()) url = std::string("file://") + FLOWC_INSTALLED_DOCS;
  if (url.back() != '/') url += '/';
  return url;
}

}  // namespace flowc
