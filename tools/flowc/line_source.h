// Complete lines from a file descriptor: standard input as a pipe, or a
// file that `flowc serve --follow` keeps reading as it grows. Unlike
// getline on an istream, a LineSource can sit in a poll() loop: each call
// makes one read() and hands out the lines it completed, so a partial last
// line waits for its newline.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace flowc::cli {

class LineSource {
 public:
  // Reads `fd` from byte `offset` of the source on (for the messages and
  // S journal entries: where the source stands). Does not own the fd.
  explicit LineSource(int fd, uint64_t offset = 0) : fd_(fd), offset_(offset) {}

  enum class Read {
    Some,     // zero or more complete lines were added
    End,      // end of file, or the pipe's writer closed it
    Failed,   // read() failed: errno says why
  };
  // One read(): appends the complete lines (without their newline) to
  // `lines`. At the end, with `take_partial`, a last line without a newline
  // is added too and `partial_taken` set (a pipe that ended); without it the
  // partial line waits (a followed file that may grow).
  Read read_some(std::vector<std::string>& lines, bool take_partial, bool& partial_taken);

  // Bytes of the source handed out as lines (their newlines included).
  uint64_t offset() const { return offset_; }
  // Whether bytes of a partial line are held.
  bool holds_partial() const { return !partial_.empty(); }
  int fd() const { return fd_; }

 private:
  int fd_;
  uint64_t offset_;
  std::string partial_;  // the bytes after the last newline read
};

}  // namespace flowc::cli
