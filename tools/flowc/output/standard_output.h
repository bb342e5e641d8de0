// Standard output, checked in one place: every command writes its text
// (diagnostics as JSON, disassembly, test results, a report summary) to
// std::cout, and main() ends with finish_standard_output(), which flushes
// it and turns any failed write (a full disk, /dev/full, a closed pipe
// descriptor) into "cannot write `standard output`" and exit kFailedWrite.
#pragma once

namespace flowc::cli {

// `exit_code`, or kFailedWrite after saying why when standard output failed.
int finish_standard_output(int exit_code);

}  // namespace flowc::cli
