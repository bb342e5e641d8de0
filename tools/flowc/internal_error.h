// The last line of defence of main(): no exception ends flowc with an abort
// (exit 134 and a core dump). One that escapes a command is a bug in flowc,
// said as such on the error stream with its own exit code, kInternalError.
#pragma once

#include <functional>
#include <ostream>

namespace flowc::cli {

// Runs `command` and returns its exit code; if it throws, writes
// "flowc: internal error: WHAT" to `errors` and returns kInternalError.
int run_reporting_internal_errors(const std::function<int()>& command, std::ostream& errors);

}  // namespace flowc::cli
