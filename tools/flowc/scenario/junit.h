// JUnit XML, the test report most CI services display
// (`flowc test --junit OUT.xml`): one <testsuite> per test file, one
// <testcase> per test, a <failure> with the first failed expectation as its
// message and the whole explanation as its text. A test file that could not
// run is one <testcase> with an <error>. Each suite has its `timestamp`
// (UTC, when the file started) and every suite and case its `time` in
// seconds, as CI services show them: the only part of the file that
// changes from one run to the next.
#pragma once

#include <ostream>
#include <vector>

#include "scenario/results.h"

namespace flowc::cli::scenario {

void write_junit(std::ostream& out, const std::vector<FileResult>& files);

}  // namespace flowc::cli::scenario
