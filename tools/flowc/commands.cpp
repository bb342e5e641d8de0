#include "commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "ast/dump.h"
#include "check/check.h"
#include "diag/render.h"
#include "diag/render_sarif.h"
#include "driver/load.h"
#include "input_file.h"
#include "terminal_color.h"

namespace flowc::cli {

namespace {

struct Loaded {
  SourceManager sources;
  DiagnosticSink sink;
  driver::LoadResult load;
  bool unreadable() const { return !load.unreadable.empty(); }
};

void report_unreadable(const Loaded& loaded) {
  for (const driver::UnreadableRoot& root : loaded.load.unreadable)
    std::cerr << "flowc: error: " << root.message() << "\n";
}

}  // namespace

int run_check(const CheckOptions& options) {
  Loaded loaded;
  if (int code = refuse_mixed_stdin(options.files)) return code;
  if (options.files[0] == "-") {
    std::string text, why;
    if (!read_program_from_stdin(text, why)) {
      std::cerr << fmt::format("flowc: error: cannot read standard input: {}\n", why);
      return kUnreadableInput;
    }
    loaded.load = driver::load_program_text(stdin_name(options.stdin_filename), text, loaded.sources, loaded.sink,
                                            options.allowed_paths);
  } else {
    loaded.load = driver::load_program(options.files, loaded.sources, loaded.sink, options.allowed_paths);
  }
  if (loaded.unreadable()) {
    report_unreadable(loaded);
    // A CI job that uploads the log still gets one, saying what went wrong.
    if (options.format == "sarif") {
      std::vector<ToolNotification> notifications;
      for (const driver::UnreadableRoot& root : loaded.load.unreadable) notifications.push_back({root.message(), root.path});
      render_sarif(std::cout, loaded.sources, {}, notifications);
    }
    return kUnreadableInput;
  }
  check::check_program(loaded.load.program, loaded.sources, loaded.sink);
  std::vector<Diagnostic> diagnostics = loaded.sink.sorted();
  if (options.format == "json") {
    render_json(std::cout, loaded.sources, diagnostics);
  } else if (options.format == "sarif") {
    render_sarif(std::cout, loaded.sources, diagnostics);
  } else {
    render_text(std::cerr, loaded.sources, diagnostics, diagnostics_color());
    size_t errors = loaded.sink.error_count(), warnings = loaded.sink.warning_count();
    if (errors || warnings)
      std::cerr << fmt::format("{} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s", warnings,
                               warnings == 1 ? "" : "s");
  }
  bool failed = loaded.sink.has_errors() || (options.warnings_as_errors && loaded.sink.warning_count() > 0);
  return failed ? kProgramErrors : kOk;
}

int run_dump_ast(const std::vector<std::string>& files, const std::vector<std::string>& allowed_paths) {
  Loaded loaded;
  loaded.load = driver::load_program(files, loaded.sources, loaded.sink, allowed_paths);
  if (loaded.unreadable()) {
    report_unreadable(loaded);
    return kUnreadableInput;
  }
  check::check_program(loaded.load.program, loaded.sources, loaded.sink);
  std::cout << ast::dump(loaded.load.program, loaded.sources);
  render_text(std::cerr, loaded.sources, loaded.sink.sorted(), diagnostics_color());
  return loaded.sink.has_errors() ? kProgramErrors : kOk;
}

int run_explain(const std::string& code) {
  for (const DiagnosticInfo& info : all_diagnostic_kinds()) {
    if (code == info.code) {
      std::cout << fmt::format("{} ({}, {}): {}\n", info.code, severity_name(info.severity), info.name, info.summary);
      return kOk;
    }
  }
  std::cerr << fmt::format("flowc: error: no diagnostic has the code `{}`\n", code);
  return kBadCommandLine;
}

}  // namespace flowc::cli
