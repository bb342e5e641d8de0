// A test hook for the crash tests of `flowc run --state` (docs/testing.md,
// "Crash tests"): with FLOWC_CRASH_AT=POINT:N in the environment, the N-th
// time the process passes POINT it dies at once with _exit(137), as if
// killed by SIGKILL: no destructor runs, no buffer is flushed. The points
// are the moments where a kill is most dangerous:
//   after-sync     a checkpoint has put the activity on disk, not the state
//   after-commit   a checkpoint's batch is committed
//   before-report  the final checkpoint is committed, the report not written
//   after-input    a line has been journaled, not applied (pipes)
// Without the variable a point costs one comparison.
#pragma once

#include <string_view>

namespace flowc::cli {

void crash_point(std::string_view point);

// The same for failures (docs/testing.md): with FLOWC_FAIL_AT=POINT:N, the
// N-th pass of POINT returns true and the caller fails as a full disk
// would make it fail:
//   commit         a checkpoint's commit (in the background or not)
bool failure_point(std::string_view point);

}  // namespace flowc::cli
