// Serve's wall clock (`--clock wall`): the system's time, or, with the test
// hook `--clock-file PATH` (docs/testing.md), the RFC 3339 time written in
// PATH, read again whenever the file's modification time changes. Tests
// move time by writing the file, so no test waits for a real clock.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

namespace flowc::cli {

class WallClock {
 public:
  // `clock_file` empty: the system clock.
  explicit WallClock(std::string clock_file) : file_(std::move(clock_file)) {}

  // Reads the clock file a first time; false with `error` naming the file
  // and what is wrong.
  bool start(std::string& error);
  // Seconds since 1970 UTC. With a clock file: the time it held at the
  // last change seen; a change that does not hold a time is said once on
  // standard error and the time stays.
  int64_t now();
  // How often (ms) poll() must wake to see a change: 50 with a clock
  // file, else 1000 (ticks are at most once a second).
  int poll_ms() const { return file_.empty() ? 1000 : 50; }

 private:
  bool read_file(std::string& error);

  std::string file_;
  int64_t time_ = 0;
  struct timespec mtime_ = {};
};

}  // namespace flowc::cli
