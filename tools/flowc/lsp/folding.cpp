#include "lsp/folding.h"

#include <vector>

#include "lsp/document_symbols.h"

namespace flowc::lsp {

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines(1);
  for (char c : text) {
    if (c == '\n') lines.emplace_back();
    else lines.back() += c;
  }
  return lines;
}

// The line without its leading blanks.
std::string_view trimmed(const std::string& line) {
  size_t at = line.find_first_not_of(" \t\r");
  return at == std::string::npos ? std::string_view() : std::string_view(line).substr(at);
}

void add_symbol_ranges(const nlohmann::json& symbols, const std::vector<std::string>& lines, nlohmann::json& out) {
  for (const nlohmann::json& s : symbols) {
    const int start = s["range"]["start"]["line"];
    int end = s["range"]["end"]["line"];
    if (end >= 0 && static_cast<size_t>(end) < lines.size() && !trimmed(lines[end]).empty() &&
        trimmed(lines[end]).front() == '}')
      --end;
    if (end > start) out.push_back({{"startLine", start}, {"endLine", end}, {"kind", "region"}});
    if (s.contains("children")) add_symbol_ranges(s["children"], lines, out);
  }
}

void add_comment_runs(const std::vector<std::string>& lines, nlohmann::json& out) {
  size_t run_start = 0;
  bool in_run = false;
  for (size_t i = 0; i <= lines.size(); ++i) {
    const bool comment = i < lines.size() && !trimmed(lines[i]).empty() && trimmed(lines[i]).front() == '#';
    if (comment && !in_run) run_start = i;
    if (!comment && in_run && i - run_start >= 2)
      out.push_back({{"startLine", run_start}, {"endLine", i - 1}, {"kind", "comment"}});
    in_run = comment;
  }
}

}  // namespace

nlohmann::json folding_ranges(const Analysis& analysis, const std::string& text) {
  const std::vector<std::string> lines = lines_of(text);
  nlohmann::json out = nlohmann::json::array();
  add_symbol_ranges(document_symbols(analysis), lines, out);
  add_comment_runs(lines, out);
  return out;
}

}  // namespace flowc::lsp
