#include "program_input.h"

#include <fmt/format.h>

#include <iostream>

#include "check/check.h"
#include "commands.h"
#include "diag/render.h"
#include "driver/load.h"
#include "ir/module_io.h"
#include "lower/lower.h"

namespace flowc::cli {

int load_module(const std::vector<std::string>& files, ir::Module& module, bool color) {
  if (files.size() == 1) {
    std::string bytes;
    if (!driver::read_file(files[0], bytes)) {
      std::cerr << fmt::format("flowc: error: cannot read `{}`\n", files[0]);
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
  driver::LoadResult load = driver::load_program(files, sources, sink);
  for (const std::string& path : load.unreadable) std::cerr << fmt::format("flowc: error: cannot read `{}`\n", path);
  if (!load.unreadable.empty()) return kUnreadableInput;
  check::Symbols symbols = check::check_program(load.program, sources, sink);
  render_text(std::cerr, sources, sink.sorted(), color);
  if (sink.has_errors()) {
    std::cerr << fmt::format("flowc: the program has {} error{}; fix them first (`flowc check`)\n",
                             sink.error_count(), sink.error_count() == 1 ? "" : "s");
    return kProgramErrors;
  }
  module = lower::lower_program(load.program, symbols, sources);
  return kOk;
}

}  // namespace flowc::cli
