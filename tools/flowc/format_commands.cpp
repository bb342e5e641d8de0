// `flowc fmt [--check | --list] FILE... | -`: each file in the canonical
// layout (compiler/format). Files are formatted one by one and imports are
// not followed: the layout of a file does not depend on any other.
#include <fmt/format.h>

#include <iostream>

#include "commands.h"
#include "diag/render.h"
#include "driver/program_file.h"
#include "format/format.h"
#include "input_file.h"
#include "output/whole_file.h"
#include "terminal_color.h"
#include "text_diff.h"

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
  render_text(std::cerr, sources, sink.sorted(), diagnostics_color());
  size_t errors = sink.error_count();
  std::cerr << fmt::format("{} error{}, 0 warnings\n", errors, errors == 1 ? "" : "s");
}

}  // namespace

// `fmt -`: standard input formatted to standard output (editors, pre-commit
// hooks), or with --check/--list only what would change.
int format_stdin(const FmtOptions& options) {
  std::string text, why;
  if (!read_program_from_stdin(text, why)) {
    std::cerr << fmt::format("flowc: error: cannot read standard input: {}\n", why);
    return kUnreadableInput;
  }
  const std::string name = stdin_name(options.stdin_filename);
  DiagnosticSink sink;
  const std::optional<std::string> formatted = format::format_source(name, text, sink);
  if (!formatted) {
    report(name, text, sink);  // nothing on standard output: an editor keeps its buffer
    return kProgramErrors;
  }
  if (options.list) {
    if (*formatted != text) std::cout << name << "\n";
  } else if (options.check) {
    std::cout << unified_diff(text, *formatted, name, name);
  } else {
    std::cout << *formatted;
  }
  return (options.check || options.list) && *formatted != text ? kProgramErrors : kOk;
}

int run_fmt(const FmtOptions& options) {
  if (int code = refuse_mixed_stdin(options.files)) return code;
  if (options.files[0] == "-") return format_stdin(options);
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
    if (options.list) {
      std::cout << path << "\n";
      would_change = true;
    } else if (options.check) {
      // `--- path` / `+++ path`: `patch -p0` applies it.
      std::cout << unified_diff(text, *formatted, path, path);
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
