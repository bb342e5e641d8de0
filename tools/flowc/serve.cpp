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

// Where serve's lines come from: standard input, or a (followed) file.
struct ServeInput {
  std::unique_ptr<LineSource> pipe;
  std::unique_ptr<FollowedFile> file;
  bool done = false;  // no more lines will come

  int fd() const { return pipe ? pipe->fd() : -1; }
};

}  // namespace

std::optional<int64_t> parse_period_seconds(const std::string& text) {
  const std::optional<CheckpointEvery> every = parse_checkpoint_every(text);
  if (!every || every->lines > 0 || (every->seconds == 0 && text.find_first_not_of('0') == std::string::npos))
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

void StateRun::wall_tick(int64_t target) {
  engine_->advance_to(target);
  ++lines_since_checkpoint_;  // a tick changes the state as a line does
}

int StateRun::serve() {
  const int64_t grace = *parse_period_seconds(options_.grace);          // checked by check_serve_options
  const int64_t report_every = *parse_period_seconds(options_.report_every);
  const auto progress_every = std::chrono::seconds(*parse_period_seconds(options_.progress_every));
  const bool wall = options_.clock == "wall";
  WallClock wall_clock(options_.clock_file);
  if (std::string error; wall && !wall_clock.start(error)) {
    std::cerr << fmt::format("flowc: error: {}\n", error);
    return kBadCommandLine;
  }
  SignalPipe signals;
  if (!signals.open()) {
    std::cerr << fmt::format("flowc: error: cannot make the signal pipe: {}\n", std::strerror(errno));
    return kInternalError;
  }
  if (int code = replay_journal()) return code;

  ServeInput input;
  if (options_.events == "-") {
    input.pipe = std::make_unique<LineSource>(STDIN_FILENO);
  } else {
    input.file = std::make_unique<FollowedFile>(options_.events, options_.follow);
    std::string error;
    const bool opened = run_applied_ > 0 ? input.file->open_after(run_applied_, error)  // a state `run` left
                                         : input.file->open(followed_source_, error);
    if (!opened) {
      std::cerr << fmt::format("flowc: error: {}\n", error);
      return kUnreadableInput;
    }
    journal_->set_segment_header(input.file->source_entry());
  }

  const auto started = Clock::now();
  auto next_report = started + std::chrono::seconds(report_every);
  auto next_progress = started + progress_every;
  uint64_t records_at_progress = engine_->report().records;
  std::vector<std::string> lines;
  std::vector<state::JournalPosition> nexts;
  bool stop = false;

  // Applies what one read brought: journaled first, then fed one by one.
  auto take_lines = [&](const std::string& trailer) -> int {
    if (!journal_lines(lines, trailer, nexts)) return kFailedWrite;
    for (size_t i = 0; i < lines.size(); ++i)
      if (int code = feed_line_entry(lines[i], nexts[i])) return code;
    if (!trailer.empty()) applied_ = journal_->end();
    if (input.file) journal_->set_segment_header(input.file->source_entry());
    return kOk;
  };

  while (!stop) {
    // 1. Wait for input, a signal or the next timer.
    const auto now = Clock::now();
    int timeout = std::min(ms_until(next_report, now), ms_until(next_progress, now));
    if (every_.seconds > 0 && lines_since_checkpoint_ > 0)
      timeout = std::min(timeout, ms_until(last_checkpoint_ + std::chrono::seconds(every_.seconds), now));
    if (wall) timeout = std::min(timeout, wall_clock.poll_ms());
    if (input.file && !input.done && input.file->at_end()) timeout = std::min(timeout, kFollowPollMs);
    pollfd fds[2] = {{signals.fd(), POLLIN, 0}, {input.fd(), POLLIN, 0}};
    // A regular file always polls readable: it is read every turn until its end.
    const bool read_file_now = input.file && !input.done && !input.file->at_end();
    if (read_file_now) timeout = 0;
    const nfds_t watched = input.pipe && !input.done ? 2 : 1;
    if (::poll(fds, watched, timeout) < 0 && errno != EINTR) {
      std::cerr << fmt::format("flowc: error: poll failed: {}\n", std::strerror(errno));
      return kInternalError;
    }

    // 2. Signals, between records.
    for (int signal : signals.take()) {
      if (signal == SIGHUP) {
        if (!reload()) return kFailedWrite;
      } else {
        stop = true;
      }
    }
    if (stop) break;

    // 3. Input.
    lines.clear();
    if (input.pipe && !input.done && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
      bool partial_taken = false;
      const LineSource::Read read = input.pipe->read_some(lines, true, partial_taken);
      if (read == LineSource::Read::Failed) {
        std::cerr << fmt::format("flowc: error: cannot read events `-`: {}\n", std::strerror(errno));
        return kUnreadableInput;
      }
      input.done = read == LineSource::Read::End;
      if (int code = take_lines("")) return code;
    } else if (input.file && !input.done) {
      std::string error;
      bool ended = false;
      if (!input.file->read(lines, ended, error)) {
        std::cerr << fmt::format("flowc: error: {}\n", error);
        return kUnreadableInput;
      }
      if (std::string note = input.file->take_note(); !note.empty())
        std::cerr << fmt::format("flowc serve: {}\n", note);
      input.done = ended;
      if (int code = take_lines(lines.empty() ? "" : input.file->source_entry())) return code;
    }

    // 4. The wall clock: the engine's clock trails it by the grace.
    if (wall && engine_->started()) {
      const int64_t target = wall_clock.now() - grace;
      if (target > engine_->clock()) {
        std::string entry = fmt::format("C {}\n", target);
        std::string error;
        if (!journal_->append(entry, error)) {
          std::cerr << fmt::format("flowc: error: cannot write the journal of state `{}`: {}\n", options_.state_dir,
                                   error);
          return kFailedWrite;
        }
        wall_tick(target);
        applied_ = journal_->end();
      }
    }
    if (!activity_file_.flush()) return kFailedWrite;  // close() says why

    // 5. The end of the input (a file without --follow, a closed pipe):
    // the end of the stream as in `flowc run`, unless the wall clock goes on.
    if (input.done && !(wall && options_.follow)) return finish_stream();

    // 6. Timers.
    const auto after = Clock::now();
    if (every_.seconds > 0 && lines_since_checkpoint_ > 0 &&
        after - last_checkpoint_ >= std::chrono::seconds(every_.seconds) && !checkpoint(false, nullptr))
      return kFailedWrite;
    if (after >= next_report) {
      if (!options_.report.empty() &&
          !write_whole_file(options_.report, engine_->final_report().to_json(setup_->module)))
        return kFailedWrite;
      next_report = after + std::chrono::seconds(report_every);
    }
    if (!options_.quiet && after >= next_progress) {
      const uint64_t records = engine_->report().records;
      const double seconds = std::chrono::duration<double>(after - next_progress + progress_every).count();
      std::cerr << fmt::format(
          "flowc serve: {} records ({} late), {} profiles, {} waiting runs, lag {}s, {:.1f} records/s, last "
          "checkpoint {:.0f}s ago\n",
          records, engine_->report().late_records, engine_->profile_count(), engine_->scheduler().pending_runs(),
          engine_->started() ? wall_clock.now() - engine_->clock() : 0,
          static_cast<double>(records - records_at_progress) / seconds,
          std::chrono::duration<double>(after - last_checkpoint_).count());
      records_at_progress = records;
      next_progress = after + progress_every;
    }
  }
  return stop_serving();
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
