// `flowc serve`: a state run that does not end at the end of its input
// (docs/state.md, "flowc serve"; the design is docs/state-design.md 3.10).
// One thread, one poll() loop over the input, the signal pipe and a timeout
// that wakes it for the wall clock, checkpoints, the report and the
// progress line. Everything read goes through the journal before it is
// applied, and so do the wall clock's ticks (C entries), between the
// records they fell between: a replay after a crash applies the same
// records and ticks in the same order, so a live clock keeps exactly-once.
#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>

#include "followed_file.h"
#include "output/whole_file.h"
#include "signal_pipe.h"
#include "state_run.h"
#include "wall_clock.h"

namespace flowc::cli {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kFollowPollMs = 100;  // a followed file at its end is looked at again this often

int ms_until(Clock::time_point when, Clock::time_point now) {
  if (when <= now) return 0;
  return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(when - now).count()) + 1;
}

}  // namespace

// What serve holds from one turn of its loop to the next.
struct StateRun::Serving {
  // Where serve's lines come from: standard input, or a (followed) file.
  struct Input {
    std::unique_ptr<LineSource> pipe;
    std::unique_ptr<FollowedFile> file;
    bool done = false;  // no more lines will come
    int fd() const { return pipe ? pipe->fd() : -1; }
  };

  explicit Serving(const RunOptions& options)  // the periods were checked by check_serve_options
      : wall(options.clock == "wall"), grace(*parse_period_seconds(options.grace)),
        report_every(*parse_period_seconds(options.report_every)),
        progress_every(*parse_period_seconds(options.progress_every)), wall_clock(options.clock_file) {}

  const bool wall;                          // --clock wall
  const int64_t grace;                      // seconds the engine's clock trails the wall clock
  const std::chrono::seconds report_every;  // --report
  const std::chrono::seconds progress_every;
  WallClock wall_clock;
  SignalPipe signals;
  Input input;
  pollfd fds[2] = {};  // the signal pipe, and a pipe's input: what the last poll saw
  Clock::time_point next_report, next_progress;
  uint64_t records_at_progress = 0;  // for the progress line's rate
  std::vector<std::string> lines;    // one read's complete lines
  std::vector<state::JournalPosition> nexts;
};

std::optional<int64_t> parse_period_seconds(const std::string& text) {
  const std::optional<CheckpointEvery> every = parse_checkpoint_every(text);
  if (!every || every->lines > 0 || every->adaptive || (every->seconds == 0 && text.find_first_not_of('0') == std::string::npos))
    return std::nullopt;
  return every->seconds;
}

int check_serve_options(const RunOptions& options) {
  auto refuse = [](const std::string& message) {
    std::cerr << fmt::format("flowc: error: {}\n", message);
    return kBadCommandLine;
  };
  if (!parse_period_seconds(options.grace))
    return refuse(fmt::format("`--grace {}` is not a period such as 30s, 5m or 1h", options.grace));
  if (!parse_period_seconds(options.report_every) || *parse_period_seconds(options.report_every) == 0)
    return refuse(fmt::format("`--report-every {}` is not a period such as 30s, 1m or 1h", options.report_every));
  if (!parse_period_seconds(options.progress_every) || *parse_period_seconds(options.progress_every) == 0)
    return refuse(fmt::format("`--progress-every {}` is not a period such as 1s or 10s", options.progress_every));
  if (!options.clock_file.empty() && options.clock != "wall")
    return refuse("`--clock-file` is the wall clock's test hook: it needs `--clock wall`");
  if (!options.until.empty() || options.drain) return refuse("`flowc serve` takes neither `--until` nor `--drain`");
  return kOk;
}

// The loop: wait, then signals, input, the wall clock, the end of the
// input, the timers; one record (or tick) is never cut by another step.
int StateRun::serve() {
  Serving s(options_);
  if (int code = start_serving(s)) return code;
  for (;;) {
    if (int code = wait_for_work(s)) return code;
    bool stop = false;
    if (!take_signals(s, stop)) return kFailedWrite;
    if (stop) return stop_serving();
    if (int code = read_input(s)) return code;
    if (int code = tick_wall_clock(s)) return code;
    if (!activity_file_.flush()) return kFailedWrite;  // close() says why
    // The end of the input (a file without --follow, a closed pipe): the
    // end of the stream as in `flowc run`, unless the wall clock goes on.
    if (s.input.done && !(s.wall && options_.follow)) return finish_stream();
    if (int code = run_timers(s)) return code;
  }
}

// The wall clock and the signal pipe, the journal replayed, the input opened.
int StateRun::start_serving(Serving& s) {
  if (std::string error; s.wall && !s.wall_clock.start(error)) {
    std::cerr << fmt::format("flowc: error: {}\n", error);
    return kBadCommandLine;
  }
  if (!s.signals.open()) {
    std::cerr << fmt::format("flowc: error: cannot make the signal pipe: {}\n", std::strerror(errno));
    return kInternalError;
  }
  if (int code = replay_journal()) return code;
  if (options_.events == "-") {
    s.input.pipe = std::make_unique<LineSource>(STDIN_FILENO);
  } else {
    s.input.file = std::make_unique<FollowedFile>(options_.events, options_.follow);
    std::string error;
    const bool opened = run_applied_ > 0 ? s.input.file->open_after(run_applied_, error)  // a state `run` left
                                         : s.input.file->open(followed_source_, error);
    if (!opened) {
      std::cerr << fmt::format("flowc: error: {}\n", error);
      return kUnreadableInput;
    }
    journal_->set_segment_header(s.input.file->source_entry());
  }
  const auto now = Clock::now();
  s.next_report = now + s.report_every;
  s.next_progress = now + s.progress_every;
  s.records_at_progress = engine_->report().records;
  return kOk;
}

// Waits in poll() for a signal, a pipe's input or the next timer: the
// report, the progress line, a checkpoint period, the wall clock, a
// followed file's next look. A file not read to its end is read at once.
int StateRun::wait_for_work(Serving& s) {
  const auto now = Clock::now();
  int timeout = std::min(ms_until(s.next_report, now), ms_until(s.next_progress, now));
  if (every_.seconds > 0 && lines_since_checkpoint_ > 0) timeout = std::min(timeout, ms_until(next_checkpoint_at(), now));
  if (s.wall) timeout = std::min(timeout, s.wall_clock.poll_ms());
  const bool file_open = s.input.file && !s.input.done;
  if (file_open && s.input.file->at_end()) timeout = std::min(timeout, kFollowPollMs);
  if (file_open && !s.input.file->at_end()) timeout = 0;  // a regular file always polls readable
  s.fds[0] = {s.signals.fd(), POLLIN, 0};
  s.fds[1] = {s.input.fd(), POLLIN, 0};
  const nfds_t watched = s.input.pipe && !s.input.done ? 2 : 1;
  if (::poll(s.fds, watched, timeout) < 0 && errno != EINTR) {
    std::cerr << fmt::format("flowc: error: poll failed: {}\n", std::strerror(errno));
    return kInternalError;
  }
  return kOk;
}

// Signals, between records: SIGHUP reloads the program (false: a failed
// checkpoint, said), SIGTERM and SIGINT set `stop`.
bool StateRun::take_signals(Serving& s, bool& stop) {
  for (int signal : s.signals.take()) {
    if (signal != SIGHUP) stop = true;
    else if (!reload()) return false;
  }
  return true;
}

// One read of the input, journaled and applied.
int StateRun::read_input(Serving& s) {
  s.lines.clear();
  if (s.input.done) return kOk;
  if (s.input.pipe) {
    if (!(s.fds[1].revents & (POLLIN | POLLHUP | POLLERR))) return kOk;
    bool partial_taken = false;
    const LineSource::Read read = s.input.pipe->read_some(s.lines, true, partial_taken);
    if (read == LineSource::Read::Failed) {
      std::cerr << fmt::format("flowc: error: cannot read events `-`: {}\n", std::strerror(errno));
      return kUnreadableInput;
    }
    s.input.done = read == LineSource::Read::End;
    return take_lines(s, "");
  }
  std::string error;
  bool ended = false;
  if (!s.input.file->read(s.lines, ended, error)) {
    std::cerr << fmt::format("flowc: error: {}\n", error);
    return kUnreadableInput;
  }
  if (std::string note = s.input.file->take_note(); !note.empty()) std::cerr << fmt::format("flowc serve: {}\n", note);
  s.input.done = ended;
  return take_lines(s, s.lines.empty() ? "" : s.input.file->source_entry());
}

// Applies what one read brought: journaled first (with `trailer`, a file's
// S entry), then fed line by line.
int StateRun::take_lines(Serving& s, const std::string& trailer) {
  if (!journal_lines(s.lines, trailer, s.nexts)) return kFailedWrite;
  for (size_t i = 0; i < s.lines.size(); ++i)
    if (int code = feed_line_entry(s.lines[i], s.nexts[i])) return code;
  if (!trailer.empty()) applied_ = journal_->end();
  if (s.input.file) journal_->set_segment_header(s.input.file->source_entry());
  return kOk;
}

// --clock wall: once a record has started the engine's clock, it follows
// the wall clock, `--grace` behind; each move is journaled (a C entry)
// before it is applied, between the records it fell between.
int StateRun::tick_wall_clock(Serving& s) {
  if (!s.wall || !engine_->started()) return kOk;
  const int64_t target = s.wall_clock.now() - s.grace;
  if (target <= engine_->clock()) return kOk;
  std::string error;
  if (!journal_->append(fmt::format("C {}\n", target), error)) {
    std::cerr << fmt::format("flowc: error: cannot write the journal of state `{}`: {}\n", options_.state_dir, error);
    return kFailedWrite;
  }
  wall_tick(target);
  applied_ = journal_->end();
  return kOk;
}

void StateRun::wall_tick(int64_t target) {
  engine_->advance_to(target);
  ++lines_since_checkpoint_;  // a tick changes the state as a line does
}

// What is due by the clock: a checkpoint (a period, and something
// applied since the last), the report, the progress line.
int StateRun::run_timers(Serving& s) {
  const auto now = Clock::now();
  if (checkpoint_period_over(now) && !checkpoint(false, nullptr, false)) return kFailedWrite;
  if (now >= s.next_report) {
    if (!options_.report.empty() && !write_whole_file(options_.report, engine_->final_report().to_json(setup_->module)))
      return kFailedWrite;
    s.next_report = now + s.report_every;
  }
  if (!options_.quiet && now >= s.next_progress) print_progress(s, now);
  return kOk;
}

// "flowc serve: 1204 records (3 late), 310 profiles, 95 waiting runs, lag
// 300s, 12.4 records/s, last checkpoint 4s ago" (docs/operations.md).
void StateRun::print_progress(Serving& s, Clock::time_point now) {
  const engine::Report& report = engine_->report();
  const double seconds = std::chrono::duration<double>(now - s.next_progress + s.progress_every).count();
  std::cerr << fmt::format(
      "flowc serve: {} records ({} late), {} profiles, {} waiting runs, lag {}s, {:.1f} records/s, last checkpoint "
      "{:.0f}s ago\n",
      report.records, report.late_records, engine_->profile_count(), engine_->scheduler().pending_runs(),
      engine_->started() ? s.wall_clock.now() - engine_->clock() : 0,
      static_cast<double>(report.records - s.records_at_progress) / seconds,
      std::chrono::duration<double>(now - last_checkpoint_).count());
  s.records_at_progress = report.records;
  s.next_progress = now + s.progress_every;
}

// SIGTERM or SIGINT: what was applied is committed (unfinished: a restart
// goes on), the report written, exit 0.
int StateRun::stop_serving() {
  if (!checkpoint(false, nullptr)) {
    activity_file_.close();
    return kFailedWrite;
  }
  if (!activity_file_.close()) return kFailedWrite;
  if (!options_.report.empty() && !write_whole_file(options_.report, engine_->final_report().to_json(setup_->module)))
    return kFailedWrite;
  std::string error;
  if (!store_->close(error)) {
    std::cerr << fmt::format("flowc: error: cannot write state `{}`: {}\n", options_.state_dir, error);
    return kFailedWrite;
  }
  if (!options_.quiet)
    std::cerr << fmt::format("flowc serve: stopped after {} records; state `{}` saved\n", engine_->report().records,
                             options_.state_dir);
  return kOk;
}

}  // namespace flowc::cli
