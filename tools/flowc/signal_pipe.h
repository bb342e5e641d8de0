// Signals as readable bytes (the self-pipe trick): `flowc serve` waits in
// one poll() for its input, its timers and its signals, so a SIGTERM is
// handled between two records, never inside one. The handler only writes
// the signal's number to a pipe; the loop reads it when poll() says so.
#pragma once

#include <vector>

namespace flowc::cli {

class SignalPipe {
 public:
  // Catches SIGTERM, SIGINT and SIGHUP from now on (one SignalPipe a
  // process). False with errno set when the pipe cannot be made.
  bool open();
  ~SignalPipe();

  // The end poll() watches.
  int fd() const { return read_fd_; }
  // The signals caught since the last call, in order.
  std::vector<int> take();

 private:
  int read_fd_ = -1;
};

}  // namespace flowc::cli
