// `flowc run --state DIR`: a run that keeps its state in a folder, so that
// it can be stopped or killed and resumed, or continued over the next part
// of the stream (docs/state.md, "Checkpoints and resume").
//
// The protocol is one rule: a checkpoint commits the engine's changes, the
// input position and the activity's length together, in one synced batch,
// after the activity up to that length is on disk. Whatever happens after
// it (a kill at any instant) is redone on resume: the activity is cut back
// to the saved length, the input is read past the saved position (checking
// that its bytes are the ones applied), and the engine, loaded from the
// saved state, replays the rest. The engine is deterministic, so the redone
// part is byte-identical to what the killed process wrote or would have.
#include <fmt/format.h>
#include <sys/stat.h>

#include <cctype>
#include <cstdlib>
#include <chrono>
#include <climits>
#include <cstring>
#include <fstream>
#include <iostream>

#include "crash_point.h"
#include "input_file.h"
#include "output/whole_file.h"
#include "state_run.h"

namespace flowc::cli {

std::optional<CheckpointEvery> parse_checkpoint_every(const std::string& text) {
  if (text == "auto") return CheckpointEvery{0, kAutoCheckpointSeconds, true};
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 9) return std::nullopt;
  const uint64_t n = std::stoull(text.substr(0, digits));
  const std::string unit = text.substr(digits);
  CheckpointEvery every;
  if (unit.empty()) every.lines = n;
  else if (unit == "s") every.seconds = static_cast<int64_t>(n);
  else if (unit == "m") every.seconds = static_cast<int64_t>(n) * 60;
  else if (unit == "h") every.seconds = static_cast<int64_t>(n) * 3600;
  else return std::nullopt;
  return every;
}

namespace {

// The options that change the output mid-stream: a run must keep them
// when it is resumed or continued.
std::string options_fingerprint(const RunOptions& options, const RunSetup& setup) {
  return fmt::format("max-clock-jump={}s max-input-errors={}", setup.limits.max_clock_jump, options.max_input_errors);
}

events::ReaderPosition saved_position(const state::CheckpointState& c) {
  events::ReaderPosition p;
  p.consumed = c.consumed;
  p.line_no = c.line_no;
  p.has_latest_time = c.latest_time != kNoLatestTime;
  p.latest_time = p.has_latest_time ? c.latest_time : 0;
  if (c.input_digest.size() == p.digest.size()) std::memcpy(p.digest.data(), c.input_digest.data(), p.digest.size());
  return p;
}

bool is_regular_or_missing(const std::string& path) {
  struct stat s;
  return ::stat(path.c_str(), &s) != 0 ? errno == ENOENT : S_ISREG(s.st_mode);
}

// -1 when the file is not there.
int64_t file_size(const std::string& path) {
  struct stat s;
  return ::stat(path.c_str(), &s) == 0 && S_ISREG(s.st_mode) ? static_cast<int64_t>(s.st_size) : -1;
}

}  // namespace

bool state_timings() {
  static const bool on = [] {
    const char* v = std::getenv("FLOWC_STATE_TIMINGS");
    return v && std::strcmp(v, "1") == 0;
  }();
  return on;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

StateRun::StateRun(const RunOptions& options, const RunSetup& setup, vm::Evaluator& evaluator, ProgramLoader loader)
    : options_(options), setup_(&setup), evaluator_(&evaluator), loader_(std::move(loader)),
      program_(program_fingerprint(setup.module)), options_fingerprint_(options_fingerprint(options, setup)),
      line_settings_(feed_settings(options, 0)) {}

StateRun::~StateRun() {
  if (in_flight_.outcome.valid()) in_flight_.outcome.wait();
}

int StateRun::open_state() {
  opened_at_ = std::chrono::steady_clock::now();
  std::string error;
  const std::string command =
      fmt::format("flowc {} --state {} --events {}", options_.serve ? "serve" : "run", options_.state_dir, options_.events);
  store_ = state::StateStore::open(options_.state_dir, command, loaded_, error);
  if (!store_) {
    std::cerr << fmt::format("flowc: error: {}\n", error);
    return kUnreadableInput;
  }
  // A test hook (docs/testing.md): commits above this many bytes go in as
  // table files, so that small test streams take that way too.
  if (const char* bytes = std::getenv("FLOWC_STATE_INGEST_ABOVE")) store_->set_ingest_above(std::strtoull(bytes, nullptr, 10));
  if (state_timings())
    std::cerr << fmt::format("flowc state: open: {} profiles loaded in {:.1f} ms\n", loaded_.profiles.size(),
                             ms_since(opened_at_));
  return kOk;
}

// A saved run continues only with the program and the options it was written with.
int StateRun::check_saved_run() const {
  const state::CheckpointState& saved = loaded_.checkpoint;
  if (loaded_.program.empty() && saved.program_hash != program_) {  // a state from before program shapes were saved
    std::cerr << fmt::format(
        "flowc: error: state `{}` was written by another program, before flowc saved program shapes; finish it "
        "with the program that wrote it, or use a new state folder\n",
        options_.state_dir);
    return kProgramErrors;
  }
  if (saved.options_fingerprint != options_fingerprint_) {
    std::cerr << fmt::format(
        "flowc: error: state `{}` was written with {}, this run asks for {}; a saved run keeps its "
        "`--max-clock-jump` and `--max-input-errors`\n",
        options_.state_dir, saved.options_fingerprint, options_fingerprint_);
    return kBadCommandLine;
  }
  return kOk;
}

int StateRun::open_input() {
  if (input_.is_open()) input_.close();
  input_.clear();
  std::string why;
  if (!open_input_file(options_.events, input_, why)) {
    std::cerr << fmt::format("flowc: error: cannot read events `{}`: {}\n", options_.events, why);
    return kUnreadableInput;
  }
  reader_ = std::make_unique<events::EventReader>(setup_->module, input_, setup_->limits);
  return kOk;
}

// Positions the reader and opens the activity for the kind of state found:
// new, an unfinished run (resume), or a finished one (continue).
int StateRun::place_reader_and_output() {
  if (journaled()) {
    reader_ = std::make_unique<events::EventReader>(setup_->module, no_input_, setup_->limits);
    if (!loaded_.has_checkpoint) return activity_file_.open(options_.out) ? kOk : kFailedWrite;
    return place_after_journal(loaded_.checkpoint);
  }
  if (int code = refuse_unapplied_journal()) return code;
  if (int code = open_input()) return code;
  if (!loaded_.has_checkpoint) return activity_file_.open(options_.out) ? kOk : kFailedWrite;
  const state::CheckpointState& saved = loaded_.checkpoint;
  if (saved.finished) return continue_after(saved);
  std::string why;
  if (saved.input_path == "-" || !reader_->resume(saved_position(saved), why)) {
    if (saved.input_path == "-") why = "its input came through the journal, which only `--events -` replays";
    std::cerr << fmt::format(
        "flowc: error: state `{}` holds an unfinished run over `{}` ({} bytes applied), and the events `{}` do not "
        "go on from it: {}; finish that run with the same input, or use a new state folder\n",
        options_.state_dir, saved.input_path, saved.consumed, options_.events, why);
    return kUnreadableInput;
  }
  lines_before_ = saved.lines_before;
  return open_output_at_saved(saved);
}

// Lines read from a pipe and journaled, but not applied when that run
// stopped, belong before any other input: only `--events -` replays them.
int StateRun::refuse_unapplied_journal() const {
  bool unapplied = false;
  std::string error;
  const bool read = state::replay_journal(options_.state_dir, applied_, [&](const state::JournalEntry& e, bool before) {
    unapplied = !before && e.kind != 'S';
    return !unapplied;
  }, error);
  if (read && !unapplied) return kOk;
  std::cerr << fmt::format(
      "flowc: error: state `{}` {}; finish that run with `--events -`, or use a new state folder\n", options_.state_dir,
      read ? "holds lines read from standard input and journaled, not yet applied"
           : "has a journal that cannot be read: " + error);
  return kUnreadableInput;
}

// Input through the journal (a pipe, or serve): nothing is read again; the
// reader goes on with the saved line number and latest time, and the
// journal past the checkpoint is replayed (replay_journal) before new input.
int StateRun::place_after_journal(const state::CheckpointState& saved) {
  const bool resumes = !saved.finished;
  if (resumes && saved.input_path != options_.events) {
    std::cerr << fmt::format(
        "flowc: error: state `{}` holds an unfinished run over `{}` ({} bytes applied), and the events are `{}`; "
        "finish that run with the same input, or use a new state folder\n",
        options_.state_dir, saved.input_path, saved.consumed, options_.events);
    return kUnreadableInput;
  }
  events::ReaderPosition start = reader_->position();
  start.line_no = resumes ? saved.line_no : 0;
  start.has_latest_time = saved.latest_time != kNoLatestTime;
  start.latest_time = start.has_latest_time ? saved.latest_time : 0;
  std::string why;
  if (!reader_->resume(start, why)) return kUnreadableInput;  // nothing is read: cannot fail
  lines_before_ = resumes ? saved.lines_before : saved.lines_before + saved.line_no;
  if (int code = place_after_run(saved)) return code;
  return resumes ? open_output_at_saved(saved) : open_output_for_continuation(saved);
}

// `flowc serve --events FILE` on a state a plain `flowc run --events FILE`
// wrote: its checkpoint names this file, and no serve journaled where it
// stood in a file (an S entry). Serve then goes on after the bytes the run
// applied, as the run itself would, once their digest shows they are still
// the same bytes (the reader, over the file, hashes on from them); a file
// that does not start with them is refused. Sets `run_applied_`, where
// serve starts reading the file.
int StateRun::place_after_run(const state::CheckpointState& saved) {
  if (!options_.serve || options_.events == "-" || saved.input_path != options_.events || saved.consumed == 0)
    return kOk;
  bool served_file = false;
  std::string error;
  if (!state::replay_journal(options_.state_dir, applied_, [&](const state::JournalEntry& e, bool) {
        served_file = e.kind == 'S';
        return !served_file;
      }, error)) {
    std::cerr << fmt::format("flowc: error: cannot replay the journal of state `{}`: {}\n", options_.state_dir, error);
    return kUnreadableInput;
  }
  if (served_file) return kOk;
  if (int code = open_input()) return code;
  std::string why;
  if (!reader_->resume(saved_position(saved), why)) {
    std::cerr << fmt::format(
        "flowc: error: state `{}` was written by `flowc run` over `{}` ({} bytes applied), and `{}` does not go on "
        "from it: {}; put back the file that run read, or use a new state folder (a file that follows the stream is "
        "read from its start when given under another path)\n",
        options_.state_dir, saved.input_path, saved.consumed, options_.events, why);
    return kUnreadableInput;
  }
  lines_before_ = saved.lines_before;  // its lines are numbered on in the file, as `run` numbers them
  run_applied_ = saved.consumed;
  return kOk;
}

// An unfinished run goes on in the activity it wrote, cut back to the checkpoint.
int StateRun::open_output_at_saved(const state::CheckpointState& saved) {
  const int64_t size = file_size(options_.out);
  if (size < 0 || static_cast<uint64_t>(size) < saved.output_length) {
    std::cerr << fmt::format(
        "flowc: error: the activity `{}` is {} than the {} bytes state `{}` wrote to `{}` before it stopped: it "
        "was changed or moved since; put it back, or use a new state folder\n",
        options_.out, size < 0 ? "missing, or shorter" : "shorter", saved.output_length, options_.state_dir,
        saved.output_path);
    return kUnreadableInput;
  }
  return activity_file_.open_at(options_.out, saved.output_length) ? kOk : kFailedWrite;
}

// A finished state: the same input again (perhaps grown) goes on after
// what was applied; any other input is the stream's next part.
int StateRun::continue_after(const state::CheckpointState& saved) {
  std::string why;
  if (reader_->resume(saved_position(saved), why)) {
    if (input_.peek() == std::char_traits<char>::eof() && !input_.bad()) {
      nothing_new_ = true;
      return kOk;
    }
    input_.clear();
    lines_before_ = saved.lines_before;
  } else {
    if (int code = open_input()) return code;
    // The next part: its lines are numbered after the earlier parts', and
    // the clock-jump check goes on from the latest record before it.
    events::ReaderPosition start = reader_->position();
    start.has_latest_time = saved.latest_time != kNoLatestTime;
    start.latest_time = start.has_latest_time ? saved.latest_time : 0;
    if (!reader_->resume(start, why)) return kUnreadableInput;  // nothing is read: cannot fail
    lines_before_ = saved.lines_before + saved.line_no;
  }
  return open_output_for_continuation(saved);
}

// A continuation writes its own activity, but when `--out` is the file the
// state last wrote, unchanged, it goes on in it: one growing input, one
// growing activity.
int StateRun::open_output_for_continuation(const state::CheckpointState& saved) {
  const bool same_file = options_.out == saved.output_path &&
                         file_size(options_.out) == static_cast<int64_t>(saved.output_length);
  const bool opened = same_file ? activity_file_.open_at(options_.out, saved.output_length)
                                : activity_file_.open(options_.out);
  return opened ? kOk : kFailedWrite;
}

// A rerun of a finished run over the same input (after a kill between the
// last checkpoint and the report, say): the report, and nothing else.
int StateRun::rewrite_report_only() {
  if (!options_.report.empty() && !write_whole_file(options_.report, loaded_.final_report)) return kFailedWrite;
  if (!options_.quiet)
    std::cerr << fmt::format("flowc run: state `{}` has already applied all {} bytes of `{}`; nothing to do\n",
                             options_.state_dir, loaded_.checkpoint.consumed, options_.events);
  return kOk;
}

// `--migrate`: the exits it caused go first in the activity, and a
// checkpoint commits the migrated state at once (a kill before it redoes
// the migration from the saved state, the same way).
bool StateRun::finish_migration() {
  engine_->finish_migration(upgrade_.exits, upgrade_.recompute_segments, upgrade_.scheduled_date_flows);
  const bool finished = loaded_.checkpoint.finished;
  if (finished) loaded_.final_report = engine_->final_report().to_json(setup_->module);
  if (checkpoint(finished, finished ? &loaded_.final_report : nullptr)) return true;
  activity_file_.close();
  return false;
}

int StateRun::run() {
  every_ = *parse_checkpoint_every(options_.checkpoint_every);  // checked by check_state_options
  if (int code = open_state()) return code;
  if (loaded_.has_checkpoint) {
    if (int code = check_saved_run()) return code;
  }
  std::string program_name;
  for (const std::string& file : options_.files) program_name += (program_name.empty() ? "" : " ") + file;
  if (int code = prepare_state_upgrade(options_.state_dir, program_name, setup_->module, options_.migrate, loaded_,
                                       upgrade_))
    return code;
  activity_ = std::make_unique<engine::ActivityWriter>(&activity_file_.stream());
  engine_ = std::make_unique<engine::Engine>(setup_->module, *evaluator_, *activity_);
  configure_engine(*engine_, options_, *setup_);
  if (loaded_.has_checkpoint) {
    std::string error;
    if (!engine_->import_state(loaded_, error)) {
      std::cerr << fmt::format("flowc: error: state `{}` does not fit this program: {}\n", options_.state_dir, error);
      return kUnreadableInput;
    }
  }
  applied_ = {loaded_.checkpoint.journal_segment, loaded_.checkpoint.journal_offset};
  if (int code = place_reader_and_output()) return code;
  if (journaled()) {
    journal_ = std::make_unique<state::Journal>();
    if (std::string error; !journal_->open(options_.state_dir, error)) {
      std::cerr << fmt::format("flowc: error: cannot write the journal of state `{}`: {}\n", options_.state_dir, error);
      return kFailedWrite;
    }
  }
  if (upgrade_.migrated && !finish_migration()) return kFailedWrite;
  if (nothing_new_) return rewrite_report_only();
  if (state_timings())
    std::cerr << fmt::format("flowc state: ready to apply the first record {:.1f} ms after opening\n",
                             ms_since(opened_at_));
  if (options_.serve) return serve();
  bool commit_failed = false;
  const int fed = journaled() ? feed_pipe()
                              : feed_events(*engine_, *reader_, input_, feed_settings(options_, lines_before_), [&] {
                                  if (activity_file_.failed()) return false;
                                  if (checkpoint_due() && !checkpoint(false, nullptr, false))
                                    return commit_failed = true, false;
                                  return true;
                                });
  if (fed != kOk) {
    if (!finish_commit()) commit_failed = true;  // its thread syncs the activity: before the file is closed
    activity_file_.close();
    return commit_failed ? kFailedWrite : fed;
  }
  return finish_stream();
}

// The end of the input: the wake-ups due, `--until` or `--drain`, the last
// checkpoint (finished, with the report) and the report.
int StateRun::finish_stream() {
  end_of_stream(*engine_, options_, *setup_);
  const engine::Report report = engine_->final_report();
  const std::string report_json = report.to_json(setup_->module);
  if (!checkpoint(true, &report_json)) {
    activity_file_.close();
    return kFailedWrite;
  }
  crash_point("before-report");
  if (!activity_file_.close()) return kFailedWrite;
  if (!options_.report.empty() && !write_whole_file(options_.report, report_json)) return kFailedWrite;
  std::string error;
  if (!store_->close(error)) {
    std::cerr << fmt::format("flowc: error: cannot write state `{}`: {}\n", options_.state_dir, error);
    return kFailedWrite;
  }
  if (!options_.quiet) print_run_summary(setup_->module, report, std::cerr);
  return kOk;
}

int check_state_options(const RunOptions& options) {
  auto refuse = [](const std::string& message) {
    std::cerr << fmt::format("flowc: error: {}\n", message);
    return kBadCommandLine;
  };
  if (options.out.empty() || options.out == "-" || !is_regular_or_missing(options.out))
    return refuse("with `--state`, `--out` must name a regular file: a resumed run cuts the activity back to its "
                  "last checkpoint and goes on after it");
  if (options.report == "-" || !is_regular_or_missing(options.report))
    return refuse("with `--state`, `--report` must name a regular file");
  if (options.serve) {
    if (int code = check_serve_options(options)) return code;
  }
  if (!parse_checkpoint_every(options.checkpoint_every))
    return refuse(fmt::format("`--checkpoint-every {}` is not a number of lines (such as 10000), a period "
                              "(such as 10s, 5m or 1h) or `auto`",
                              options.checkpoint_every));
  return kOk;
}

int run_with_state(const RunOptions& options, const RunSetup& setup, vm::Evaluator& evaluator, ProgramLoader loader) {
  return StateRun(options, setup, evaluator, std::move(loader)).run();
}

}  // namespace flowc::cli
