// `flowc fmt [--check] FILE...`: each file in the canonical layout
// (compiler/format). Files are formatted one by one and imports are not
// followed: the layout of a file does not depend on any other.
#include <fmt/format.h>

#include <iostream>

#include "commands.h"
#include "diag/render.h"
#include "driver/program_file.h"
#include "format/format.h"
#include "output/whole_file.h"

namespace flowc::cli {

namespace {

// Like every program file: a regular file of at most 16 MiB (a FIFO or
// device named here must not hang or exhaust memory).
bool read_file(const std::string& path, std::string& text) {
  return driver::read_program_file(path, text) == driver::FileProblem::kNone;
}

// Prints the syntax errors the way `flowc check` does.
void report(const std::string& path, const std::string& text, const DiagnosticSink& sink) {
  SourceManager sources;
  sources.add(path, text);  // file id 0, which format_source's spans use
  render_text(std::cerr, sources, sink.sorted());
  size_t errors = sink.error_count();
  std::cerr << fmt::format("{} error{}, 0 warnings\n", errors, errors == 1 ? "" : "s");
}

}  // namespace

int run_fmt(const FmtOptions& options) {
  bool unreadable = false, unwritten = false, broken = false, would_change = false;
  for (const std::string& path : options.files) {
    std::string text;
    if (!read_file(path, text)) {
      std::cerr << fmt::format("flowc: error: cannot read `{}`\n", path);
      unreadable = true;
      continue;
    }
    DiagnosticSink sink;
    std::optional<std::string> formatted = format::format_source(path, text, sink);
    if (!formatted) {
      report(path, text, sink);
      broken = true;
      continue;
    }
    if (*formatted == text) continue;
    if (options.check) {
      std::cout << path << "\n";  // would change
      would_change = true;
    } else if (!write_whole_file(path, *formatted)) {  // a full disk leaves the file as it was
      unwritten = true;
    }
  }
  if (unwritten) return kFailedWrite;
  if (unreadable) return kUnreadableInput;
  return broken || would_change ? kProgramErrors : kOk;
}

}  // namespace flowc::cli
