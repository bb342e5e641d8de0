#include "program_input.h"

#include <fmt/format.h>

#include <iostream>

#include "check/check.h"
#include "commands.h"
#include "diag/render.h"
#include "driver/load.h"
#include "ir/module_io.h"
#include "lower/lower.h"
#include "terminal_color.h"

namespace flowc::cli {

namespace {

// Modules hold a whole program's code and data; still, not without bound.
constexpr uintmax_t kMaxModuleFileBytes = uintmax_t{1} << 30;

}  // namespace

int load_module(const std::vector<std::string>& files, const std::vector<std::string>& allowed_paths,
                ir::Module& module) {
  if (files.size() == 1) {
    std::string bytes;
    // A module may be larger than a source file; sources are read again, capped, below.
    if (driver::FileProblem problem = driver::read_program_file(files[0], bytes, kMaxModuleFileBytes);
        problem != driver::FileProblem::kNone) {
      std::cerr << "flowc: error: " << driver::UnreadableRoot{files[0], problem, kMaxModuleFileBytes}.message() << "\n";
      return kUnreadableInput;
    }
    if (ir::looks_like_module(bytes)) {
      std::string error;
      if (!ir::deserialize(bytes, module, error)) {
        std::cerr << fmt::format("flowc: error: `{}`: {}\n", files[0], error);
        return kUnreadableInput;
      }
      return kOk;
    }
  }
  SourceManager sources;
  DiagnosticSink sink;
  driver::LoadResult load = driver::load_program(files, sources, sink, allowed_paths);
  for (const driver::UnreadableRoot& root : load.unreadable) std::cerr << "flowc: error: " << root.message() << "\n";
  if (!load.unreadable.empty()) return kUnreadableInput;
  check::Symbols symbols = check::check_program(load.program, sources, sink);
  render_text(std::cerr, sources, sink.sorted(), diagnostics_color());
  if (sink.has_errors()) {
    std::cerr << fmt::format("flowc: error: the program has {} error{}; fix them first (`flowc check`)\n",
                             sink.error_count(), sink.error_count() == 1 ? "" : "s");
    return kProgramErrors;
  }
  module = lower::lower_program(load.program, symbols, sources);
  return kOk;
}

}  // namespace flowc::cli
