// `flowc run --state` killed with a real SIGKILL at random instants
// (docs/state.md, "Checkpoints and resume"; issue 12's crash test): the
// binary is forked and exec'd, killed after a delay drawn from a fixed seed,
// and the same command is run again, over and over; when it finally runs to
// the end, the activity and the report must be byte-identical to those of an
// uninterrupted run without `--state`. state_run_test.cpp kills at chosen
// moments through FLOWC_CRASH_AT; this one kills wherever the delay lands:
// while the program compiles, while the state loads, between, during and
// after checkpoints (one every few dozen lines), near the end.
//
// The delays are reproducible; where they land in the run is not (it depends
// on the machine's speed and load), so the test also checks that the kills
// really happened mid-run: the process was still running when killed, the
// state it left is unfinished, and most kills found the state further on
// than the one before (the run made progress between them).
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "golden.h"
#include "temp_folder.h"

namespace fs = std::filesystem;

using flowc::testing::read_text;
using flowc::testing::run_command;
using flowc::testing::TempFolder;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kSource = FLOWC_SOURCE_DIR;
const std::string kProgram = kSource + "/examples/acme.flow";

// Per engine. Six kills under ctest (its delays are twice as long as
// twelve's, so most land past the reload); scripts/state-crash is the long
// run, 24 kills per engine on a 200k-line stream.
constexpr int kKills = 6;
constexpr int kMinAdvanced = 2;  // kills that must find the run further on
constexpr uint32_t kSeed = 20261205;    // the delays; a failing run is replayed with the same ones
const std::string kCheckpointEvery = "40";  // lines: many checkpoints a second, so kills land around them

// The stream: bench/generate.py's realistic mix rather than
// examples/acme-month.ndjson repeated, because a repeated month would go
// back in time at every copy (its records would be late, and its profiles
// already known), while the generator makes one stream of the wanted length
// in time order, deterministic for its arguments, valid for examples/acme.flow.
// 2,000 profiles and 12,000 lines take a few seconds under the sanitizers.
std::string generate_stream(const TempFolder& dir) {
  const std::string path = dir / "events.ndjson";
  const int status = run_command("python3 " + kSource + "/bench/generate.py --profiles 2000 --events 12000 --days 30 " +
                                 "--seed 7 > " + path + " 2>/dev/null");
  REQUIRE(status == 0);
  REQUIRE(fs::file_size(path) > 0);
  return path;
}

// Starts flowc with `args` (after the binary's name), its output and errors
// to /dev/null.
pid_t start_flowc(const std::vector<std::string>& args) {
  std::vector<std::string> all = {FLOWC_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {  // only async-signal-safe calls until exec
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

int wait_exit_code(pid_t pid) {
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

// Runs flowc for `delay`, then kills it with SIGKILL. True when it was
// killed; false when it had already ended by itself (then it must have
// ended well).
bool run_and_kill(const std::vector<std::string>& args, std::chrono::microseconds delay) {
  const pid_t pid = start_flowc(args);
  std::this_thread::sleep_for(delay);
  int status = 0;
  if (::waitpid(pid, &status, WNOHANG) == pid) {
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    return false;
  }
  REQUIRE(::kill(pid, SIGKILL) == 0);
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  if (WIFEXITED(status)) {  // it ended between the check and the kill
    CHECK(WEXITSTATUS(status) == 0);
    return false;
  }
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);
  return true;
}

// What `flowc state inspect` says of a state left by a kill: whether its run
// is finished, and how many input bytes its last checkpoint applied (0 when
// it has none yet, or the folder was not made yet).
struct SavedCut {
  bool finished = false;
  uint64_t consumed = 0;
};

uint64_t number_after(const std::string& text, const std::string& key) {
  const size_t at = text.find("\"" + key + "\": ");
  return at == std::string::npos ? 0 : std::stoull(text.substr(at + key.size() + 4));
}

SavedCut inspect(const std::string& state) {
  SavedCut cut;
  std::string json;
  if (!fs::exists(state) || run_command(std::string(FLOWC_BINARY) + " state inspect " + state + " 2>&1", &json) != 0) {
    INFO("state inspect: " << json);
    CHECK_FALSE(fs::exists(fs::path(state) / "FLOWC_STATE"));  // a made folder must be readable after any kill
    return cut;
  }
  cut.finished = json.find("\"finished\": true") != std::string::npos;
  cut.consumed = number_after(json, "consumed");
  return cut;
}

// The delays between start and kill: the start-up (`startup`: compiling
// the program, before any record is read, which every restarted run pays
// again) plus a draw from the seed in (0, 2 * mean), with a mean that spreads
// the kills over the first 70% of an uninterrupted run's processing time
// (`full` - `startup`): the killed runs redo some work and have a
// checkpoint's cost on top, so the last kill still lands mid-run.
std::vector<std::chrono::microseconds> kill_delays(std::chrono::microseconds full, std::chrono::microseconds startup,
                                                   uint32_t seed) {
  std::mt19937 random(seed);
  const double processing = static_cast<double>(std::max<int64_t>((full - startup).count(), 1000));
  const double mean = 0.7 * processing / kKills;
  std::vector<std::chrono::microseconds> delays;
  for (int i = 0; i < kKills; ++i) {
    const double unit = static_cast<double>(random()) / static_cast<double>(std::mt19937::max());  // [0, 1]
    delays.emplace_back(startup.count() + static_cast<int64_t>(2 * mean * unit) + 1000);
  }
  return delays;
}

// Kills the run `kKills` times, each time running the same command again,
// then lets it end; returns how many kills found the run further on than the
// one before.
int kill_repeatedly(const std::vector<std::string>& args, const std::string& state, std::chrono::microseconds full,
                    std::chrono::microseconds startup, uint32_t seed) {
  int kills = 0, advanced = 0;
  uint64_t last_consumed = 0;
  for (const std::chrono::microseconds delay : kill_delays(full, startup, seed)) {
    INFO("kill " << kills + 1 << " after " << delay.count() / 1000 << " ms");
    if (!run_and_kill(args, delay)) break;
    ++kills;
    const SavedCut cut = inspect(state);
    CHECK_FALSE(cut.finished);        // killed mid-run, not after its last checkpoint
    CHECK(cut.consumed >= last_consumed);  // a resumed run never goes back
    if (cut.consumed > last_consumed) ++advanced;
    last_consumed = cut.consumed;
  }
  INFO("the run ended by itself after " << kills << " kills: the delays are too long for this machine");
  REQUIRE(kills == kKills);
  REQUIRE(wait_exit_code(start_flowc(args)) == 0);
  return advanced;
}

// How long a run that must succeed takes, start to exit.
std::chrono::microseconds timed_run(const std::vector<std::string>& args) {
  const Clock::time_point start = Clock::now();
  REQUIRE(wait_exit_code(start_flowc(args)) == 0);
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
}

std::vector<std::string> run_args(const std::string& engine, const std::string& events, const std::string& out,
                                  const std::string& report) {
  return {"run", kProgram, "-q", "--engine", engine, "--events", events, "--drain", "--out", out, "--report", report};
}

}  // namespace

TEST_CASE("run --state: kill -9 at random instants, run again, the same activity and report", "[crash]") {
  TempFolder dir("flowc-crash");
  const std::string events = generate_stream(dir);
  const std::string empty = dir / "no-events.ndjson";
  std::ofstream(empty).close();

  // Each engine, and each way a commit is written (state/commit.cpp): the
  // second variant's commits all go in as table files (FLOWC_STATE_INGEST_ABOVE=0).
  struct Variant {
    std::string engine;
    bool ingest;
  };
  std::vector<Variant> variants = {{"vm", false}};
#if FLOWC_HAVE_JIT
  variants.push_back({"jit", true});
#else
  variants.push_back({"vm", true});
#endif
  for (size_t e = 0; e < variants.size(); ++e) {
    const std::string& engine = variants[e].engine;
    INFO("engine " << engine << (variants[e].ingest ? ", commits as table files" : ", commits as batches"));
    // The uninterrupted run and the start-up alone (no records), timed:
    // the kill delays are scaled to them.
    const auto full = timed_run(run_args(engine, events, dir / "plain.ndjson", dir / "plain.json"));
    const auto startup = timed_run(run_args(engine, empty, dir / "empty.ndjson", dir / "empty.json"));
    const std::string activity = read_text(dir / "plain.ndjson"), report = read_text(dir / "plain.json");
    REQUIRE(activity.size() > 100000);

    const std::string state = dir / ("state-" + std::to_string(e)), out = dir / ("killed-" + std::to_string(e));
    std::vector<std::string> args = run_args(engine, events, out + ".ndjson", out + ".json");
    args.insert(args.end(), {"--state", state, "--checkpoint-every", kCheckpointEvery});
    if (variants[e].ingest) ::setenv("FLOWC_STATE_INGEST_ABOVE", "0", 1);
    const int advanced = kill_repeatedly(args, state, full, startup, kSeed + static_cast<uint32_t>(e));
    ::unsetenv("FLOWC_STATE_INGEST_ABOVE");

    INFO("uninterrupted run " << full.count() / 1000 << " ms, start-up " << startup.count() / 1000 << " ms; " << advanced << " kills of " << kKills
                              << " found the run further on");
    // The kills were spread over the run, not all in its start-up. Not all
    // of them advance: a restarted run re-reads the applied input and
    // reloads the state first, and on a loaded machine (ctest runs two tests
    // at once) a short delay can end before the next checkpoint.
    CHECK(advanced >= kMinAdvanced);
    CHECK(read_text(out + ".ndjson") == activity);
    CHECK(read_text(out + ".json") == report);
  }
}

// What a kill while the state folder is being made leaves: the lock file and
// a marker not yet renamed into place, or the marker and a database not yet
// renamed from `db.new` (state_dir.h). The next run makes the folder again;
// before, the first was refused as "not a flowc state folder" and a
// half-made `db` as damaged, for ever.
TEST_CASE("run --state: a folder a kill left half-made is made again", "[crash]") {
  TempFolder dir("flowc-crash-making");
  const std::string events = kSource + "/examples/acme-month.ndjson";
  auto run = [&](const std::string& state, const std::string& out) {
    std::vector<std::string> args = run_args("vm", events, dir / out + ".ndjson", dir / out + ".json");
    args.insert(args.end(), {"--state", state});
    return wait_exit_code(start_flowc(args));
  };
  auto write = [](const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  };
  REQUIRE(wait_exit_code(start_flowc(run_args("vm", events, dir / "plain.ndjson", dir / "plain.json"))) == 0);

  const fs::path before_marker = dir / "s1";
  write(before_marker / "flowc.lock", "");
  write(before_marker / "FLOWC_STATE.tmp", "flowc-st");
  CHECK(run(before_marker.string(), "a1") == 0);
  CHECK(read_text(dir / "a1.ndjson") == read_text(dir / "plain.ndjson"));

  const fs::path before_database = dir / "s2";
  write(before_database / "FLOWC_STATE", "flowc-state 2\n");
  write(before_database / "flowc.lock", "pid 1: flowc run\n");
  write(before_database / "db.new" / "IDENTITY", "a half-made database");
  write(before_database / "db.new" / "MANIFEST-000001", "");
  CHECK(run(before_database.string(), "a2") == 0);
  CHECK(read_text(dir / "a2.ndjson") == read_text(dir / "plain.ndjson"));
  CHECK_FALSE(fs::exists(before_database / "db.new"));

  const fs::path not_ours = dir / "s3";  // anything else in a folder without a marker is still refused
  write(not_ours / "flowc.lock", "");
  write(not_ours / "notes.txt", "mine");
  CHECK(run(not_ours.string(), "a3") == 3);
  CHECK(fs::exists(not_ours / "notes.txt"));
}
