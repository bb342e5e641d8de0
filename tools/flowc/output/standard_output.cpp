#include "output/standard_output.h"

#include <cerrno>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "output/write_error.h"

namespace flowc::cli {

int finish_standard_output(int exit_code) {
  errno = 0;
  bool ok = static_cast<bool>(std::cout.flush());
  int error = errno;
  // std::cout writes through C's stdout (sync_with_stdio): its error flag
  // also remembers a failure of an earlier, automatic flush.
  if (std::fflush(stdout) != 0) ok = false, error = errno;
  if (std::ferror(stdout)) ok = false;
  if (ok) return exit_code;
  // A failure during an earlier automatic flush left no errno behind.
  print_write_error("standard output", error);
  return kFailedWrite;
}

}  // namespace flowc::cli
