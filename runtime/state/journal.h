// The input journal of a state folder (docs/state.md, "The input journal"):
// what a run reads from a pipe, and everything `flowc serve` reads, is
// written to DIR/journal/NNNNNN.journal before it is applied, so that a
// restart loses nothing that was read even though the source cannot be read
// again. A checkpoint stores the (segment, offset) of the first entry not
// yet applied; a restart replays the journal from there.
//
// The journal is text, one entry a line; raw record lines never hold a
// newline, so replay is line splitting:
//   R <raw record line>   a line of the event stream
//   C <seconds>           serve's wall clock moved the engine to this time
//   P <program hash>      serve reloaded its program here
//   S <dev>:<inode> <n>   serve reading a file: the file stood at byte n
//                         after the entries before this one
// Writes go to the page cache (a kill -9 loses nothing); sync() puts them
// on disk, and runs with each checkpoint: a machine crash loses at most
// what was read since the last one.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace flowc::state {

struct JournalPosition {
  uint64_t segment = 0;  // NNNNNN of the file
  uint64_t offset = 0;   // bytes into it
};

class Journal {
 public:
  Journal() = default;
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Opens DIR/journal (created when missing) and appends to a new segment
  // after every segment there: earlier segments are kept until the first
  // commit (a restart replays them first). False with `error` set.
  bool open(const std::string& state_dir, std::string& error);

  // Appends entries (whole lines, each ending in '\n') in one write.
  bool append(std::string_view entries, std::string& error);
  // Where the next entry will be written.
  JournalPosition end() const { return {segment_, offset_}; }
  // fdatasync of the current segment.
  bool sync(std::string& error);
  // After a checkpoint at `applied` is committed: later entries go to a new
  // segment, and the segments before `applied.segment` are deleted (the one
  // holding `applied` may still hold entries not yet applied).
  bool start_segment_after_commit(const JournalPosition& applied, std::string& error);

  // Entries written at the start of every later segment (serve: the S
  // entry of where its file stands), so that the segment a checkpoint points
  // into always says where the source stood.
  void set_segment_header(std::string entries) { header_ = std::move(entries); }

  const std::string& folder() const { return folder_; }

 private:
  bool create_segment(uint64_t segment, std::string& error);

  std::string folder_;
  int fd_ = -1;
  uint64_t segment_ = 0;
  uint64_t offset_ = 0;
  std::string header_;
};

// One journal entry on replay: its kind ('R', 'C', 'P', 'S'), its text after
// "K ", and the position just after it.
struct JournalEntry {
  char kind = 0;
  std::string_view text;
  JournalPosition next;
};

// Reads the journal of `state_dir` from `from` to its end, in segment order,
// handing each entry to `apply` (which returns false to stop, and then
// replay_journal returns true). S entries before `from` in its segment are
// handed over too, with `before_start` set: where a followed file stood.
// A torn last entry (no newline: the process died in its write) is not
// handed over. False with `error` naming the file and line for an entry
// that is not one of the four kinds, or a failed read.
bool replay_journal(const std::string& state_dir, const JournalPosition& from,
                    const std::function<bool(const JournalEntry&, bool before_start)>& apply, std::string& error);

}  // namespace flowc::state
