// What `flowc test` prints: one line per test (`ok` or `FAILED`, the file
// and the test's name), then, for each failure, the expectation that failed
// with what it expected and what the run gave, then `N passed, M failed`.
#pragma once

#include <ostream>
#include <vector>

#include "scenario/results.h"

namespace flowc::cli::scenario {

struct Totals {
  size_t passed = 0, failed = 0;
};

// Prints the whole summary; returns the counts (a file that could not run counts as one failure).
Totals print_results(std::ostream& out, const std::vector<FileResult>& files);

}  // namespace flowc::cli::scenario
