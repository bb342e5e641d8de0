// One run on a state folder, from opening the folder to the report:
// `flowc run --state DIR` (state_run.cpp) and `flowc serve` (serve.cpp),
// which share the checkpoint, the resume and the input journal
// (docs/state.md, "Checkpoints and resume", "The input journal",
// "flowc serve").
#pragma once

#include <chrono>
#include <climits>
#include <fstream>
#include <functional>
#include <future>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "line_source.h"
#include "output/line_file.h"
#include "run_setup.h"
#include "state/journal.h"
#include "state/store.h"
#include "state_upgrade.h"

namespace flowc::cli {

// `--checkpoint-every`: a number of input lines, a wall-clock period, or
// `auto` (the default): every 10 s, but never sooner after a checkpoint
// than nine times what the next one will cost the engine's thread, so that
// checkpoints take at most a tenth of the engine's time however large the
// state (CheckpointCostModel).
struct CheckpointEvery {
  uint64_t lines = 0;     // 0: not by lines
  int64_t seconds = 0;    // 0: not by time
  bool adaptive = false;  // `auto`
};
inline constexpr int64_t kAutoCheckpointSeconds = 10;
inline constexpr int kAutoCheckpointGapFactor = 9;  // gap >= 9 x cost: cost <= 10 % of the time
std::optional<CheckpointEvery> parse_checkpoint_every(const std::string& text);
// By time: how long after the last checkpoint the next one, which will
// cost the engine's thread `next_cost`, is due (checkpoint.cpp).
std::chrono::steady_clock::duration checkpoint_gap(const CheckpointEvery& every,
                                                   std::chrono::steady_clock::duration next_cost);

// What the next checkpoint will cost the engine's thread: the changed
// profiles times what a profile cost the last large one (taking the changes
// and waiting for the commit before), at first a guess measured at 1M
// profiles on 2 cores (16-30 us). Checked every 64 lines: O(1).
class CheckpointCostModel {
 public:
  static constexpr double kFirstGuessMicrosPerProfile = 30;
  static constexpr size_t kProfilesToLearnFrom = 1000;  // below, fixed costs would dominate the estimate

  std::chrono::steady_clock::duration predict(size_t changed_profiles) const;
  void observe(std::chrono::steady_clock::duration engine_cost, size_t profiles);

 private:
  double micros_per_profile_ = kFirstGuessMicrosPerProfile;
};
// A period with its unit ("0s", "30s", "5m", "1h") in seconds.
std::optional<int64_t> parse_period_seconds(const std::string& text);

// "None" for the latest record time in a saved position: records are dated
// in the years 0001-9999, so this never is one.
inline constexpr int64_t kNoLatestTime = INT64_MIN;

// FLOWC_STATE_TIMINGS=1: one stderr line per checkpoint, and the time to
// open and load the state (bench/state.sh reads them).
bool state_timings();
double ms_since(std::chrono::steady_clock::time_point t0);

// The second half of a checkpoint, done on its own thread (checkpoint.cpp):
// how it went, for the engine's thread to report.
struct CommitOutcome {
  int activity_error = 0;  // the activity's fdatasync failed: its errno
  std::string error;       // the commit failed: why
  double sync_ms = 0, batch_ms = 0, write_ms = 0;  // batch: putting the records in the write batch
  uint64_t keys = 0, bytes = 0;
};

class StateRun {
 public:
  StateRun(const RunOptions& options, const RunSetup& setup, vm::Evaluator& evaluator, ProgramLoader loader = {});
  // Waits for a commit in flight: its thread uses the store, the activity and the journal.
  ~StateRun();

  int run();

 private:
  // state_run.cpp
  int open_state();
  int check_saved_run() const;
  int open_input();
  int place_reader_and_output();
  int place_after_journal(const state::CheckpointState& saved);
  int place_after_run(const state::CheckpointState& saved);
  int refuse_unapplied_journal() const;
  int open_output_at_saved(const state::CheckpointState& saved);
  int continue_after(const state::CheckpointState& saved);
  int open_output_for_continuation(const state::CheckpointState& saved);
  int rewrite_report_only();
  bool finish_migration();
  int finish_stream();
  bool journaled() const { return options_.events == "-" || options_.serve; }

  // checkpoint.cpp. `wait`: false lets the engine go on while the commit
  // is written (the periodic checkpoints); the others wait for it.
  bool checkpoint(bool finished, const std::string* final_report, bool wait = true);
  bool checkpoint_due();
  bool checkpoint_period_over(std::chrono::steady_clock::time_point now) const;
  std::chrono::steady_clock::time_point next_checkpoint_at() const;
  void note_position(state::Delta& delta, bool finished, const std::string* final_report);
  void start_commit(std::future<std::unique_ptr<state::Delta>> changes);
  CommitOutcome commit_changes(std::future<std::unique_ptr<state::Delta>>& changes,
                               std::unique_ptr<state::Delta>& delta);
  bool finish_commit();

  // journaled_input.cpp: `--events -` (and serve) with a journal
  int replay_journal();
  bool journal_lines(const std::vector<std::string>& lines, const std::string& trailer,
                     std::vector<state::JournalPosition>& nexts);
  int feed_line_entry(std::string_view raw, const state::JournalPosition& next);
  int feed_pipe();

  // serve.cpp: the loop, one step a function
  struct Serving;  // what serve holds between turns
  int serve();
  int start_serving(Serving& s);
  int wait_for_work(Serving& s);
  bool take_signals(Serving& s, bool& stop);
  int read_input(Serving& s);
  int take_lines(Serving& s, const std::string& trailer);
  int tick_wall_clock(Serving& s);
  void wall_tick(int64_t target);
  int run_timers(Serving& s);
  void print_progress(Serving& s, std::chrono::steady_clock::time_point now);
  int stop_serving();
  // serve_reload.cpp: SIGHUP. False only when a checkpoint failed (said).
  bool reload();

  const RunOptions& options_;
  const RunSetup* setup_;
  vm::Evaluator* evaluator_;
  ProgramLoader loader_;
  std::unique_ptr<ProgramInstance> reloaded_;  // after a reload: the program now running
  std::string program_;                    // program_fingerprint
  const std::string options_fingerprint_;  // options_fingerprint
  CheckpointEvery every_;
  std::unique_ptr<state::StateStore> store_;
  state::LoadedState loaded_;
  LineFile activity_file_;
  std::unique_ptr<engine::ActivityWriter> activity_;
  std::unique_ptr<engine::Engine> engine_;
  std::ifstream input_;
  std::istringstream no_input_;  // the reader's stream when lines come from a journal or a LineSource
  std::unique_ptr<events::EventReader> reader_;
  std::unique_ptr<state::Journal> journal_;  // pipes and serve: what was read, before it is applied
  state::JournalPosition applied_;           // the first journal entry not yet applied
  std::string followed_source_;              // serve on a file: the last S entry replayed ("" none)
  uint64_t run_applied_ = 0;  // serve on a file a plain `run` left: the bytes it applied (place_after_run)
  uint64_t lines_before_ = 0;
  FeedSettings line_settings_;  // feed_line_entry's: made once (its input name), lines_before_ copied in
  LineBuffers line_buffers_;    // feed_line_entry's record and error, reused line after line
  uint64_t checkpoints_ = 0;
  uint64_t lines_since_checkpoint_ = 0;
  std::chrono::steady_clock::time_point last_checkpoint_ = std::chrono::steady_clock::now();
  CheckpointCostModel checkpoint_cost_;  // `auto`: spaces checkpoints by what they cost
  std::chrono::steady_clock::time_point opened_at_;  // FLOWC_STATE_TIMINGS
  bool nothing_new_ = false;  // a finished state and the same input: only the report is written
  StateUpgrade upgrade_;      // the program's shape, and the migration when `--migrate` applied one
  // The checkpoint whose commit is in flight.
  struct InFlight {
    std::future<CommitOutcome> outcome;  // not valid(): none in flight
    uint64_t number = 0;
    size_t profiles = 0;
    state::JournalPosition applied;
    double take_ms = 0;
  } in_flight_;
};

}  // namespace flowc::cli
