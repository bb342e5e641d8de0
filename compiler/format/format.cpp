// The entry point: refuse text with syntax errors or nested too deeply to be
// parsed (formatting a guess would move comments and code around on a wrong
// tree), then lay out the tokens.
#include "format/format.h"

#include "format/layout.h"
#include "parse/parse.h"
#include "parse/tokens.h"

namespace flowc::format {

std::optional<std::string> format_source(const std::string& path, const std::string& text, DiagnosticSink& sink) {
  SourceManager sources;
  FileId file = sources.add(path, text);
  DiagnosticSink parse_sink;
  parse::parse_file(sources, file, parse_sink);
  bool broken = false;
  for (const Diagnostic& d : parse_sink.diagnostics()) {
    if (d.kind != DiagnosticKind::SyntaxError && d.kind != DiagnosticKind::NestingTooDeep) continue;
    sink.report(d.kind, d.span, d.message);
    for (const Note& note : d.notes) sink.note(note.span, note.message);
    if (!d.hint.empty()) sink.hint(d.hint);
    broken = true;
  }
  if (broken) return std::nullopt;
  return render(lay_out(parse::lex(sources, file)));
}

}  // namespace flowc::format
