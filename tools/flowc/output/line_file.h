// A stream of whole lines written in place: the activity NDJSON of
// `flowc run --out` (or standard output), one record per line.
//
// Lines are buffered and handed to the system in blocks that end at a line
// break, never mid-record. When a write fails (a full disk, a file size
// limit) the stream stops: a regular file the run created is cut back to its
// last complete line, so a reader sees fewer records, never a broken one,
// and close() reports the failure. Standard output and devices cannot be
// cut back; whatever the system took of the last block stays there.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>

namespace flowc::cli {

class LineFile {
 public:
  LineFile();
  ~LineFile();
  // Opens `path` for writing ("" or "-": standard output). False after
  // saying why on standard error.
  bool open(const std::string& path);
  // Opens the existing regular file `path`, cuts it back to its first
  // `keep` bytes and appends after them: a run resumed from a saved state
  // goes on from the activity its checkpoint covers (`flowc run --state`).
  // False after saying why on standard error.
  bool open_at(const std::string& path, uint64_t keep);
  // Hands every buffered line to the system and waits until the file's
  // bytes are on disk (fdatasync): a checkpoint commits only what is
  // there. False when a write failed (close() says why).
  bool sync();
  // Waits until the bytes handed to the system so far are on disk
  // (fdatasync), touching nothing else: another thread may call it while
  // lines are written (a checkpoint's commit in the background does). 0, or
  // the error (errno).
  int sync_handed_over() const;
  // Hands every buffered line to the system without waiting for the disk:
  // `flowc serve` shows its activity as it happens. False when a write failed.
  bool flush();
  // The bytes handed to the system so far, whole lines only (with what
  // open_at kept).
  uint64_t length() const;
  // The stream to write lines to; write failures make it bad().
  std::ostream& stream() { return stream_; }
  // Whether a write has failed (the run can stop early).
  bool failed() const;
  // Writes what is buffered and closes; false after saying why on standard
  // error, when this or any earlier write failed.
  bool close();

 private:
  class Buffer;
  std::unique_ptr<Buffer> buffer_;
  std::ostream stream_;
};

}  // namespace flowc::cli
