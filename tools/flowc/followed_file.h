// The events file `flowc serve` reads (`--events FILE`), with `--follow`
// kept open as it grows, like `tail -F`: at its end, when the path names
// another file (rotation: the old one renamed, a new one made) the new one
// is read from its start; when the file is shorter than what was read
// (cut in place) it is read again from its start. Only complete lines are
// handed out; a partial last line waits for its newline.
//
// Where it stands is an S journal entry, "S <dev>:<inode> <offset>", so a
// restarted serve goes on where the journal says the lines it holds ended.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "line_source.h"

namespace flowc::cli {

class FollowedFile {
 public:
  FollowedFile(std::string path, bool follow) : path_(std::move(path)), follow_(follow) {}
  ~FollowedFile();

  // Opens the path; with `source_entry` (the text of the last S entry, ""
  // for none) goes on at its offset when the path is still that file, or
  // at 0 of a file the path now names (a rotation while serve was down).
  // False with `error` naming the file.
  bool open(const std::string& source_entry, std::string& error);
  // Opens the path at byte `offset` (the bytes before it were applied by a
  // plain `flowc run` whose state serve goes on with). False with `error`.
  bool open_after(uint64_t offset, std::string& error) { return open_at(offset, error); }

  // One read (the fd was readable, or a poll timeout passed). Appends
  // complete lines; `ended` when the file is read to its end and will not
  // grow (no --follow). False with `error` on a failed read.
  bool read(std::vector<std::string>& lines, bool& ended, std::string& error);

  // The S journal entry for where the lines handed out so far end.
  std::string source_entry() const;
  // Whether the last read reached the end of the file: poll() says a
  // regular file is always readable, so the loop waits on its timer then.
  bool at_end() const { return at_end_; }
  // Notes, to say on standard error, of rotations seen ("" none).
  std::string take_note() { return std::move(note_); }

 private:
  bool open_at(uint64_t offset, std::string& error);
  bool check_rotation(std::string& error);

  std::string path_;
  bool follow_;
  int fd_ = -1;
  dev_t dev_ = 0;
  ino_t ino_ = 0;
  std::unique_ptr<LineSource> source_;
  bool at_end_ = false;
  std::string note_;
};

}  // namespace flowc::cli
