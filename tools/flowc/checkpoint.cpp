// A checkpoint, in two halves (docs/state.md, "Checkpoints and resume").
//
// On the engine's thread: the lines written so far are handed to the
// system, the engine's changes are taken (state::Delta, each changed
// profile encoded as it is exported, on every core), the input journal is
// synced and the position noted. Then the engine goes on while a thread of
// the checkpoint's own puts the activity's bytes on disk (fdatasync) and
// commits the changes with the position in one synced batch. Writing a
// large checkpoint costs about as much as taking it: in the background it
// costs the engine nothing on a machine with a core to spare.
//
// At most one commit is in flight: a checkpoint first waits for the one
// before it, and the last checkpoint of a run, a stop, a reload or a
// migration waits for its own. The rule of the protocol is unchanged (a
// state never points past activity that is not on disk, and commits follow
// each other in order); a kill while a commit is in flight resumes from the
// one before, as a kill during a synchronous commit did. A commit that
// fails is reported by the next checkpoint, which fails: the run stops with
// an error and resumes, when it is run again, from the last commit made.
#include <fmt/format.h>

#include <iostream>
#include <thread>

#include "crash_point.h"
#include "output/write_error.h"
#include "state_run.h"

namespace flowc::cli {

bool StateRun::checkpoint_due() {
  ++lines_since_checkpoint_;
  if (every_.lines > 0) return lines_since_checkpoint_ >= every_.lines;
  if (lines_since_checkpoint_ % 64 != 0) return false;  // reading the clock is not free
  return checkpoint_period_over(std::chrono::steady_clock::now());
}

// By time, and something applied since the last checkpoint.
bool StateRun::checkpoint_period_over(std::chrono::steady_clock::time_point now) const {
  return every_.seconds > 0 && lines_since_checkpoint_ > 0 && now >= next_checkpoint_at();
}

std::chrono::steady_clock::time_point StateRun::next_checkpoint_at() const {
  return last_checkpoint_ + checkpoint_gap(every_, checkpoint_cost_.predict(engine_->changed_profile_count()));
}

// `auto`: a checkpoint of a large state costs the engine's thread seconds
// (taking the changes of a million profiles), so it waits until nine times
// that has passed since the last, at least the period. Fewer checkpoints
// also write less: a profile changed ten times between two is written once.
std::chrono::steady_clock::duration checkpoint_gap(const CheckpointEvery& every,
                                                   std::chrono::steady_clock::duration next_cost) {
  const std::chrono::steady_clock::duration period = std::chrono::seconds(every.seconds);
  return every.adaptive ? std::max(period, kAutoCheckpointGapFactor * next_cost) : period;
}

std::chrono::steady_clock::duration CheckpointCostModel::predict(size_t changed_profiles) const {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double, std::micro>(micros_per_profile_ * static_cast<double>(changed_profiles)));
}

void CheckpointCostModel::observe(std::chrono::steady_clock::duration engine_cost, size_t profiles) {
  if (profiles < kProfilesToLearnFrom) return;
  micros_per_profile_ = std::chrono::duration<double, std::micro>(engine_cost).count() / static_cast<double>(profiles);
}

bool StateRun::checkpoint(bool finished, const std::string* final_report, bool wait) {
  const auto entered = std::chrono::steady_clock::now();
  if (!finish_commit()) return false;
  const auto taking = std::chrono::steady_clock::now();
  if (!activity_file_.flush()) return false;  // close() says why
  // The commit starts at once with the activity's fdatasync, which needs
  // nothing from the engine; the changes follow through `taken`.
  std::promise<std::unique_ptr<state::Delta>> taken;
  start_commit(taken.get_future());
  auto delta = std::make_unique<state::Delta>();
  try {
    engine_->take_changes(*delta);
  } catch (...) {
    taken.set_value(nullptr);  // the commit ends; the exception goes on
    throw;
  }
  const double take_ms = ms_since(taking);
  std::string error;
  if (journal_ && !journal_->sync(error)) {
    taken.set_value(nullptr);
    in_flight_.outcome.wait();
    in_flight_.outcome = {};
    std::cerr << fmt::format("flowc: error: cannot write the journal of state `{}`: {}\n", options_.state_dir, error);
    return false;
  }
  note_position(*delta, finished, final_report);
  in_flight_.number = delta->checkpoint.number;
  in_flight_.profiles = delta->profiles.size();
  in_flight_.applied = applied_;
  in_flight_.take_ms = take_ms;
  taken.set_value(std::move(delta));
  upgrade_.save_shape = false;
  lines_since_checkpoint_ = 0;
  last_checkpoint_ = std::chrono::steady_clock::now();
  checkpoint_cost_.observe(last_checkpoint_ - entered, in_flight_.profiles);
  return !wait || finish_commit();
}

// What the changes are committed with: where the input and the activity
// stand, and what a resume must check.
void StateRun::note_position(state::Delta& delta, bool finished, const std::string* final_report) {
  const events::ReaderPosition position = reader_->position();
  state::CheckpointState& c = delta.checkpoint;
  c.number = loaded_.checkpoint.number + ++checkpoints_;
  c.input_path = options_.events;
  c.consumed = position.consumed;
  c.input_digest.assign(reinterpret_cast<const char*>(position.digest.data()), position.digest.size());
  c.line_no = position.line_no;
  c.latest_time = position.has_latest_time ? position.latest_time : kNoLatestTime;
  c.lines_before = lines_before_;
  c.output_path = options_.out;
  c.output_length = activity_file_.length();
  c.finished = finished;
  c.options_fingerprint = options_fingerprint_;
  c.program_hash = program_;
  c.journal_segment = applied_.segment;
  c.journal_offset = applied_.offset;
  if (upgrade_.save_shape) {
    delta.has_program = true;
    delta.program = upgrade_.shape;
  }
  if (final_report) {
    delta.has_final_report = true;
    delta.final_report = *final_report;
  }
}

// The commit's thread. Its outcome is handed over before the changes are
// freed (seconds for a million records), which nobody needs to wait for:
// the thread is detached, and uses nothing of this run once the outcome is
// set (~StateRun waits for it).
void StateRun::start_commit(std::future<std::unique_ptr<state::Delta>> changes) {
  std::promise<CommitOutcome> done;
  in_flight_.outcome = done.get_future();
  std::thread([this, done = std::move(done), changes = std::move(changes)]() mutable {
    std::unique_ptr<state::Delta> delta;
    try {
      done.set_value(commit_changes(changes, delta));
    } catch (...) {
      done.set_exception(std::current_exception());
    }
  }).detach();
}

// `delta`: the changes, once taken, kept for the caller to free.
CommitOutcome StateRun::commit_changes(std::future<std::unique_ptr<state::Delta>>& changes,
                                       std::unique_ptr<state::Delta>& delta) {
  CommitOutcome outcome;
  const auto t0 = std::chrono::steady_clock::now();
  outcome.activity_error = activity_file_.sync_handed_over();
  outcome.sync_ms = ms_since(t0);
  delta = changes.get();
  if (!delta) outcome.error = "the checkpoint was abandoned";
  if (!delta || outcome.activity_error) return outcome;
  crash_point("after-sync");
  if (failure_point("commit")) {
    outcome.error = "failure injected by FLOWC_FAIL_AT";
    return outcome;
  }
  const auto t1 = std::chrono::steady_clock::now();
  if (!store_->commit(*delta, outcome.error)) return outcome;
  crash_point("after-commit");
  outcome.write_ms = store_->last_commit_write_us() / 1000.0;
  outcome.batch_ms = ms_since(t1) - outcome.write_ms;
  outcome.keys = store_->last_commit_keys();
  outcome.bytes = store_->last_commit_bytes();
  return outcome;
}

// Waits for the commit in flight, if any, and says how it went.
bool StateRun::finish_commit() {
  if (!in_flight_.outcome.valid()) return true;
  const auto t0 = std::chrono::steady_clock::now();
  const CommitOutcome outcome = in_flight_.outcome.get();  // an exception of the commit's thread goes on from here
  if (outcome.activity_error) {
    print_write_error(options_.out, outcome.activity_error);
    return false;
  }
  if (!outcome.error.empty()) {
    std::cerr << fmt::format("flowc: error: cannot write state `{}`: {}\n", options_.state_dir, outcome.error);
    return false;
  }
  if (state_timings())
    std::cerr << fmt::format(
        "flowc state: checkpoint {}: {} profiles, {} keys, {} bytes; engine's thread {:.1f} ms (take_changes {:.1f}, "
        "waiting for the commit {:.1f}); commit {:.1f} ms (activity sync {:.1f}, batch {:.1f}, synced write "
        "{:.1f})\n",
        in_flight_.number, in_flight_.profiles, outcome.keys, outcome.bytes, in_flight_.take_ms + ms_since(t0),
        in_flight_.take_ms, ms_since(t0), outcome.sync_ms + outcome.batch_ms + outcome.write_ms, outcome.sync_ms,
        outcome.batch_ms, outcome.write_ms);
  std::string error;
  if (journal_ && !journal_->start_segment_after_commit(in_flight_.applied, error)) {
    std::cerr << fmt::format("flowc: error: cannot write the journal of state `{}`: {}\n", options_.state_dir, error);
    return false;
  }
  return true;
}

}  // namespace flowc::cli
