#include "diag/render.h"

#include <fmt/format.h>

#include <algorithm>

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

// On a line longer than kLongLine code points, only kContext code points
// on each side of the span are shown (`...` marks the cuts), and a caret run
// is at most kContext long: a minified 10 MB line is not printed once per
// diagnostic.
constexpr uint32_t kLongLine = 200;
constexpr uint32_t kContext = 80;

// The source line under a diagnostic, with a caret run under its span (cut at
// the end of the first line for spans that cover several lines).
void render_snippet(std::ostream& out, const SourceFile& file, Span span, const char* marker_color,
                    const char* reset) {
  const std::u32string& cps = file.code_points();
  LineCol start = file.line_col(span.begin);
  uint32_t line_begin = file.line_start(start.line);
  uint32_t line_end = start.line < file.line_count() ? file.line_start(start.line + 1) - 1
                                                     : static_cast<uint32_t>(cps.size());
  if (line_end > line_begin && cps[line_end - 1] == U'\r') --line_end;
  uint32_t begin = std::max(span.begin, line_begin);
  uint32_t end = std::min(std::max(span.end, begin + 1), std::max(line_end, begin + 1));
  uint32_t from = line_begin, to = line_end;
  if (line_end - line_begin > kLongLine) {
    end = std::min(end, begin + kContext);
    from = begin - std::min(begin - line_begin, kContext);
    to = std::min(line_end, std::max(end, begin) + kContext);
  }
  std::string text = (from > line_begin ? "..." : "") + encode_utf8(std::u32string_view(cps).substr(from, to - from)) +
                     (to < line_end ? "..." : "");
  // Keep tabs as tabs so the caret lines up under them.
  std::string pad = from > line_begin ? "   " : "";
  for (uint32_t i = from; i < begin && i < cps.size(); ++i) pad += cps[i] == U'\t' ? '\t' : ' ';
  std::string gutter = fmt::format("{:>5}", start.line);
  out << gutter << " | " << text << "\n";
  out << std::string(gutter.size(), ' ') << " | " << pad << marker_color << std::string(end - begin, '^') << reset
      << "\n";
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
