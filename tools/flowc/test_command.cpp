// `flowc test FILE... [--engine vm|jit] [--junit OUT.xml]`: runs scenario
// test files (tools/flowc/scenario/, format in docs/tooling.md) and prints
// what passed and what failed.
#include <iostream>
#include <sstream>

#include "commands.h"
#include "output/whole_file.h"
#include "scenario/console.h"
#include "scenario/junit.h"
#include "scenario/program_cache.h"
#include "scenario/run_file.h"
#include "stdlib/printable.h"

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
  // Test names and the values they compare come from the test files and
  // the run's data: shown escaped on the terminal.
  std::ostringstream console;
  scenario::Totals totals = scenario::print_results(console, results);
  std::cout << printable(console.str(), true);
  if (!options.junit.empty()) {
    std::ostringstream junit;
    scenario::write_junit(junit, results);
    if (!write_whole_file(options.junit, junit.str())) return kFailedWrite;
  }
  if (unreadable) return kUnreadableInput;
  return totals.failed ? kProgramErrors : kOk;
}

}  // namespace flowc::cli
