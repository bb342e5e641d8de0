// `flowc run --state DIR --events -` (and all of `flowc serve`): input
// that cannot be read again goes through the state's journal
// (state/journal.h). Each block of lines read is journaled in one write
// before any of it is applied; a restart first replays the journal past
// its checkpoint, then reads on. Lines still in the kernel's pipe buffer
// when the process died were never read: sending them again is the
// writer's business (docs/state.md, "The input journal").
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <iostream>

#include "crash_point.h"
#include "state_run.h"

namespace flowc::cli {

int StateRun::replay_journal() {
  int code = kOk;
  std::string error;
  const state::JournalPosition from = applied_;
  auto apply = [&](const state::JournalEntry& e, bool before_start) {
    if (e.kind == 'S') {
      followed_source_ = std::string(e.text);
      if (!before_start) applied_ = e.next;
      return true;
    }
    if (e.kind == 'R') return (code = feed_line_entry(e.text, e.next)) == kOk;
    if (e.kind == 'C') {
      int64_t target = 0;
      const auto [end, ec] = std::from_chars(e.text.data(), e.text.data() + e.text.size(), target);
      if (ec != std::errc() || end != e.text.data() + e.text.size()) {
        error = fmt::format("segment {:06}: `C {}` is not a clock tick in seconds", e.next.segment, e.text);
        code = kUnreadableInput;
        return false;
      }
      wall_tick(target);
    }
    applied_ = e.next;  // a P entry: the reload it records is in the state already
    return true;
  };
  if (!state::replay_journal(options_.state_dir, from, apply, error) || (code == kUnreadableInput && !error.empty())) {
    std::cerr << fmt::format("flowc: error: cannot replay the journal of state `{}`: {}\n", options_.state_dir, error);
    return kUnreadableInput;
  }
  return code;
}

// Journals `lines` as R entries (then `trailer`, entries too) in one write;
// `nexts` gets the position after each line's entry.
bool StateRun::journal_lines(const std::vector<std::string>& lines, const std::string& trailer,
                             std::vector<state::JournalPosition>& nexts) {
  nexts.clear();
  if (lines.empty() && trailer.empty()) return true;
  state::JournalPosition at = journal_->end();
  std::string entries;
  for (const std::string& line : lines) {
    entries += "R ";
    entries += line;
    entries += '\n';
    nexts.push_back({at.segment, at.offset + entries.size()});
  }
  entries += trailer;
  std::string error;
  if (!journal_->append(entries, error)) {
    std::cerr << fmt::format("flowc: error: cannot write the journal of state `{}`: {}\n", options_.state_dir, error);
    return false;
  }
  crash_point("after-input");
  return true;
}

int StateRun::feed_line_entry(std::string_view raw, const state::JournalPosition& next) {
  line_settings_.lines_before = lines_before_;  // set once placed; an integer, not a new FeedSettings a line
  if (int code = feed_line(*engine_, *reader_, raw, true, line_settings_, line_buffers_)) return code;
  applied_ = next;
  if (activity_file_.failed()) return kFailedWrite;
  if (checkpoint_due() && !checkpoint(false, nullptr, false)) return kFailedWrite;
  return kOk;
}

int StateRun::feed_pipe() {
  if (int code = replay_journal()) return code;
  LineSource source(STDIN_FILENO);
  std::vector<std::string> lines;
  std::vector<state::JournalPosition> nexts;
  for (;;) {
    lines.clear();
    bool partial_taken = false;
    const LineSource::Read read = source.read_some(lines, true, partial_taken);
    if (read == LineSource::Read::Failed) {
      std::cerr << fmt::format("flowc: error: cannot read events `-`: {}\n", std::strerror(errno));
      return kUnreadableInput;
    }
    if (!journal_lines(lines, "", nexts)) return kFailedWrite;
    for (size_t i = 0; i < lines.size(); ++i)
      if (int code = feed_line_entry(lines[i], nexts[i])) return code;
    if (read == LineSource::Read::End) return kOk;
  }
}

}  // namespace flowc::cli
