// `flowc test FILE... [--engine vm|jit] [--junit OUT.xml]`: runs scenario
// test files (tools/flowc/scenario/, format in docs/tooling.md) and prints
// what passed and what failed.
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "commands.h"
#include "scenario/console.h"
#include "scenario/junit.h"
#include "scenario/program_cache.h"
#include "scenario/run_file.h"

namespace flowc::cli {

int run_test(const TestOptions& options) {
  if (!engine_available(options.engine)) return kBadCommandLine;
  scenario::ProgramCache programs(options.engine, options.allowed_paths);
  std::vector<scenario::FileResult> results;
  bool unreadable = false;
  for (const std::string& path : options.files) {
    results.push_back(scenario::run_file(path, programs));
    unreadable = unreadable || results.back().unreadable;
  }
  scenario::Totals totals = scenario::print_results(std::cout, results);
  if (!options.junit.empty()) {
    std::ofstream junit(options.junit, std::ios::binary);
    scenario::write_junit(junit, results);
    if (!junit) {
      std::cerr << fmt::format("flowc: error: cannot write `{}`\n", options.junit);
      return kUnreadableInput;
    }
  }
  if (unreadable) return kUnreadableInput;
  return totals.failed ? kProgramErrors : kOk;
}

}  // namespace flowc::cli
