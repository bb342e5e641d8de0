#include "diag/render.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace flowc {

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

std::string location(const SourceManager& sources, Span span) {
  if (span.file >= sources.size()) return "<unknown>";
  const SourceFile& file = sources.file(span.file);
  LineCol lc = file.line_col(span.begin);
  return fmt::format("{}:{}:{}", file.path(), lc.line, lc.col);
}

namespace {

// A snippet shows at most this many code points of a line. On a longer line
// (a generated or minified program can be one line of megabytes) it shows a
// window that starts a little before the span, marked with `...`, so that
// rendering a diagnostic costs the same whatever the length of its line.
constexpr uint32_t kSnippetWidth = 200;
constexpr uint32_t kSnippetLead = 60;  // code points of context before the span in a window

// One past the last code point of a 1-based line, line terminator excluded.
uint32_t line_end(const SourceFile& file, uint32_t line) {
  const std::u32string& cps = file.code_points();
  uint32_t end = line < file.line_count() ? file.line_start(line + 1) - 1 : static_cast<uint32_t>(cps.size());
  if (end > file.line_start(line) && cps[end - 1] == U'\r') --end;
  return end;
}

// The source line under a diagnostic, with a caret run under its span (cut at
// the end of the first line for spans that cover several lines).
void render_snippet(std::ostream& out, const SourceFile& file, Span span, const char* marker_color,
                    const char* reset) {
  LineCol start = file.line_col(span.begin);
  uint32_t from = file.line_start(start.line), to = line_end(file, start.line);
  std::string before, after;
  if (to - from > kSnippetWidth) {
    uint32_t window = std::max(from, span.begin > kSnippetLead ? span.begin - kSnippetLead : 0);
    if (window > from) before = "...";
    from = window;
    if (to - from > kSnippetWidth) {
      to = from + kSnippetWidth;
      after = "...";
    }
  }
  std::u32string_view shown = std::u32string_view(file.code_points()).substr(from, to - from);
  std::string gutter = fmt::format("{:>5}", start.line);
  uint32_t end = std::min(std::max(span.end, span.begin + 1), std::max(to, span.begin + 1));
  // Keep tabs as tabs so the caret lines up under them.
  std::string pad(before.size(), ' ');
  for (uint32_t i = 0; from + i < span.begin && i < shown.size(); ++i) pad += shown[i] == U'\t' ? '\t' : ' ';
  out << gutter << " | " << before << encode_utf8(shown) << after << "\n";
  out << std::string(gutter.size(), ' ') << " | " << pad << marker_color << std::string(end - span.begin, '^')
      << reset << "\n";
}

}  // namespace

void render_text(std::ostream& out, const SourceManager& sources, const std::vector<Diagnostic>& diagnostics,
                 bool color) {
  const char* bold = color ? "\x1b[1m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  for (const Diagnostic& d : diagnostics) {
    const char* sev_color = !color ? "" : d.severity == Severity::Error ? "\x1b[1;31m" : "\x1b[1;33m";
    out << bold << location(sources, d.span) << ": " << reset << sev_color << severity_name(d.severity) << "["
        << d.code() << "]" << reset << bold << ": " << d.message << reset << "\n";
    if (d.span.file < sources.size()) render_snippet(out, sources.file(d.span.file), d.span, sev_color, reset);
    for (const Note& n : d.notes) {
      if (n.span.valid() && n.span.file < sources.size())
        out << "      = note: " << location(sources, n.span) << ": " << n.message << "\n";
      else
        out << "      = note: " << n.message << "\n";
    }
    if (!d.hint.empty()) out << "      = help: " << d.hint << "\n";
  }
}

void render_json(std::ostream& out, const SourceManager& sources, const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    nlohmann::ordered_json j;
    if (d.span.file < sources.size()) {
      const SourceFile& file = sources.file(d.span.file);
      LineCol start = file.line_col(d.span.begin), end = file.line_col(d.span.end);
      j["file"] = file.path();
      j["line"] = start.line;
      j["col"] = start.col;
      j["end_line"] = end.line;
      j["end_col"] = end.col;
    }
    j["severity"] = severity_name(d.severity);
    j["code"] = d.code();
    j["message"] = d.message;
    nlohmann::ordered_json notes = nlohmann::ordered_json::array();
    for (const Note& n : d.notes) {
      nlohmann::ordered_json jn;
      jn["message"] = n.message;
      if (n.span.valid() && n.span.file < sources.size()) {
        LineCol lc = sources.file(n.span.file).line_col(n.span.begin);
        jn["file"] = sources.file(n.span.file).path();
        jn["line"] = lc.line;
        jn["col"] = lc.col;
      }
      notes.push_back(jn);
    }
    j["notes"] = notes;
    if (!d.hint.empty()) j["hint"] = d.hint;
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
}

}  // namespace flowc
