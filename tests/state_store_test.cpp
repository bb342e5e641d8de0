// [state] The state folder on RocksDB (runtime/state/store.h, state_dir.h):
// commits load back, a checkpoint writes only what changed, a second process
// is kept out with a message naming the holder, and a foreign, newer,
// truncated or damaged folder is refused with a message naming the file,
// its bytes unchanged.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "state/encoding.h"
#include "state/store.h"

using namespace flowc;
using namespace flowc::state;
namespace fs = std::filesystem;

namespace {

// A folder of its own under the temporary directory, removed at the end.
struct Scratch {
  fs::path dir;
  explicit Scratch(const std::string& name) {
    dir = fs::temp_directory_path() / ("flowc-state-" + std::to_string(getpid()) + "-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() { fs::remove_all(dir); }
  std::string state() const { return (dir / "state").string(); }
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// Every file of a folder and its bytes: equal before and after means the
// folder was not changed.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir))
    files[fs::relative(entry.path(), dir).string()] = entry.is_regular_file() ? read_file(entry.path()) : "<folder>";
  return files;
}

ProfileState profile(const std::string& id, uint32_t ordinal) {
  ProfileState p;
  p.id = id;
  p.ordinal = ordinal;
  p.properties = {{"plan", ir::Value::string("gold")}, {"score", ir::Value::number(-0.0)}};
  p.runs = {{"Win-back", 1, RunPosition::Waiting, "send#2", "wait#1", 10, 5}};
  p.wakes = {{WakeKind::ResumeRun, 86400, 7, "Win-back", 1}};
  return p;
}

Delta first_checkpoint() {
  Delta d;
  d.checkpoint.number = 1;
  d.checkpoint.input_path = "events.ndjson";
  d.checkpoint.consumed = 1234;
  d.globals.clock = 86400;
  d.globals.started = true;
  d.report.records = 10;
  d.report.flows = {{"Win-back", 3}};
  // Key order (ids) differs from creation order (ordinals): load sorts by ordinal.
  for (const ProfileState& p : {profile("a", 2), profile("b", 0), profile("c", 1)}) add_encoded(d.profiles, p);
  d.sends = {{900, 1, 50, 0, 1}, {5, 0, 40, 2, 1, true}};
  d.origins = {{1, "flow", "email", "Win-back", "", "send#2"}};
  d.prices = {{"sku-1", 9.5}};
  d.input_errors = {{0, 3, "bad_json", "expected `{`"}};
  d.has_program = true;
  d.program = "program shape";
  return d;
}

std::unique_ptr<StateStore> open_ok(const std::string& path, LoadedState& loaded) {
  std::string error;
  std::unique_ptr<StateStore> store = StateStore::open(path, "flowc run test", loaded, error);
  INFO(error);
  REQUIRE(store);
  return store;
}

// A state with one checkpoint, closed cleanly (its data in table files).
void make_state(const std::string& path) {
  LoadedState loaded;
  std::unique_ptr<StateStore> store = open_ok(path, loaded);
  std::string error;
  REQUIRE(store->commit(first_checkpoint(), error));
  REQUIRE(store->close(error));
}

// Opening `path`, and loading it read-only (`flowc state inspect`), fail
// with a message holding each of `parts`, and the folder's bytes do not
// change.
void check_refused(const fs::path& path, std::initializer_list<std::string> parts) {
  std::map<std::string, std::string> before = snapshot(path);
  LoadedState loaded;
  std::string error, read_only_error;
  CHECK_FALSE(StateStore::open(path.string(), "flowc run test", loaded, error));
  CHECK_FALSE(StateStore::load_read_only(path.string(), loaded, read_only_error));
  INFO(error);
  INFO(read_only_error);
  for (const std::string& part : parts) {
    CHECK(error.find(part) != std::string::npos);
    CHECK(read_only_error.find(part) != std::string::npos);
  }
  CHECK(snapshot(path) == before);
}

fs::path only_file_ending(const fs::path& dir, const std::string& suffix) {
  fs::path found;
  int count = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir))
    if (entry.path().string().ends_with(suffix)) {
      found = entry.path();
      ++count;
    }
  REQUIRE(count >= 1);
  return found;
}

}  // namespace

TEST_CASE("a new state folder gets its marker and loads back empty", "[state]") {
  Scratch scratch("new");
  LoadedState loaded;
  {
    std::unique_ptr<StateStore> store = open_ok(scratch.state(), loaded);
    CHECK_FALSE(loaded.has_checkpoint);
    CHECK(read_file(fs::path(scratch.state()) / "FLOWC_STATE") == "flowc-state 2\n");
    CHECK(read_file(fs::path(scratch.state()) / "flowc.lock").find("flowc run test") != std::string::npos);
  }
  std::unique_ptr<StateStore> again = open_ok(scratch.state(), loaded);
  CHECK(loaded.format.version == kStateFormat);
  CHECK_FALSE(loaded.has_checkpoint);
  CHECK(loaded.profiles.empty());
}

TEST_CASE("a committed checkpoint loads back whole, with or without a clean close", "[state]") {
  for (bool clean : {true, false}) {
    Scratch scratch(clean ? "clean" : "killed");
    Delta d = first_checkpoint();
    {
      LoadedState loaded;
      std::unique_ptr<StateStore> store = open_ok(scratch.state(), loaded);
      std::string error;
      REQUIRE(store->commit(d, error));
      if (clean) REQUIRE(store->close(error));
    }  // not clean: what a kill leaves (the write-ahead log, synced)
    LoadedState loaded;
    std::unique_ptr<StateStore> store = open_ok(scratch.state(), loaded);
    REQUIRE(loaded.has_checkpoint);
    CHECK(identical(loaded.checkpoint, d.checkpoint));
    CHECK(identical(loaded.globals, d.globals));
    CHECK(identical(loaded.report, d.report));
    REQUIRE(loaded.profiles.size() == 3);
    CHECK(loaded.profiles[0].id == "b");  // ordinal order
    CHECK(loaded.profiles[1].id == "c");
    CHECK(encode(loaded.profiles[2]) == d.profiles[0].record);
    REQUIRE(loaded.sends.size() == 2);
    CHECK(loaded.sends[0].send_id == 5);  // log order (seq), not id order
    CHECK(identical(loaded.sends[1], d.sends[0]));
    REQUIRE(loaded.origins.size() == 1);
    CHECK(identical(loaded.origins[0], d.origins[0]));
    REQUIRE(loaded.prices.size() == 1);
    CHECK(identical(loaded.prices[0], d.prices[0]));
    REQUIRE(loaded.input_errors.size() == 1);
    CHECK(identical(loaded.input_errors[0], d.input_errors[0]));
    CHECK(loaded.program == "program shape");
    CHECK(loaded.final_report.empty());
  }
}

// Table files in the database folder (a batch commit adds none before a flush).
size_t table_files(const std::string& state) {
  size_t n = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(state) / kDatabaseFolder))
    n += entry.path().extension() == ".sst";
  return n;
}

TEST_CASE("a checkpoint writes only what changed, as a batch or as table files", "[state]") {
  for (bool ingest : {false, true}) {
    INFO((ingest ? "table files" : "batch"));
    Scratch scratch(ingest ? "delta-ingested" : "delta");
    std::string error;
    {
      LoadedState loaded;
      std::unique_ptr<StateStore> store = open_ok(scratch.state(), loaded);
      if (ingest) store->set_ingest_above(0);  // every commit, however small (commit.cpp)
      const size_t tables_before = table_files(scratch.state());
      REQUIRE(store->commit(first_checkpoint(), error));
      Delta second;
      second.checkpoint.number = 2;
      second.checkpoint.finished = true;
      ProfileState changed = profile("c", 1);
      changed.runs.clear();
      second.profiles = EncodedProfiles();
      add_encoded(second.profiles, changed);
      second.sends_dropped_before = 1;  // seq 0 (send id 5) is past retention
      second.has_final_report = true;
      second.final_report = "{}";
      REQUIRE(store->commit(second, error));
      // checkpoint, globals, report, final_report, one profile, one range deletion
      CHECK(store->last_commit_keys() == 6);
      CHECK((table_files(scratch.state()) > tables_before) == ingest);
      CHECK_FALSE(fs::exists(fs::path(scratch.state()) / kIngestFolder));
    }
    LoadedState loaded;
    std::unique_ptr<StateStore> store = open_ok(scratch.state(), loaded);
    CHECK(loaded.checkpoint.number == 2);
    CHECK(loaded.checkpoint.finished);
    REQUIRE(loaded.profiles.size() == 3);
    CHECK(loaded.profiles[1].id == "c");
    CHECK(loaded.profiles[1].runs.empty());
    CHECK(loaded.profiles[0].runs.size() == 1);  // untouched profiles stay as they were
    REQUIRE(loaded.sends.size() == 1);
    CHECK(loaded.sends[0].send_id == 900);
    CHECK(loaded.program == "program shape");  // kept from the first checkpoint
    CHECK(loaded.final_report == "{}");
  }
}

// A month of sends is millions of records: the commit encodes them in parts
// on several threads (commit.cpp, put_all). Each lands under its own key,
// whichever way the commit writes, a resent seq keeping its later copy.
TEST_CASE("a checkpoint of many sends encoded in parts keeps each one", "[state]") {
  constexpr uint64_t kSends = 90000;
  for (bool ingest : {false, true}) {
    INFO((ingest ? "table files" : "batch"));
    Scratch scratch(ingest ? "many-sends-ingested" : "many-sends");
    {
      LoadedState loaded;
      std::unique_ptr<StateStore> store = open_ok(scratch.state(), loaded);
      if (ingest) store->set_ingest_above(0);
      Delta d = first_checkpoint();
      d.sends.clear();
      for (uint64_t seq = 0; seq < kSends; ++seq) d.sends.push_back({seq * 7, seq, static_cast<int64_t>(seq), 1, 0});
      d.sends.push_back({123456789, 41, 41, 2, 0});  // seq 41 again: the later record wins
      std::string error;
      REQUIRE(store->commit(d, error));
      // meta (checkpoint, globals, report, program), 3 profiles, the sends, an origin, a price, an input error
      CHECK(store->last_commit_keys() == 4 + 3 + (kSends + 1) + 3);
    }
    LoadedState loaded;
    std::unique_ptr<StateStore> store = open_ok(scratch.state(), loaded);
    REQUIRE(loaded.sends.size() == kSends);
    for (uint64_t seq = 0; seq < kSends; seq += 8999) {
      INFO(seq);
      CHECK(loaded.sends[seq].seq == seq);
      CHECK(loaded.sends[seq].send_id == seq * 7);
    }
    CHECK(loaded.sends[41].send_id == 123456789);
    CHECK(loaded.sends[41].profile == 2);
  }
}

TEST_CASE("table files a killed commit left are removed at the next open", "[state]") {
  Scratch scratch("ingest-leftovers");
  {
    LoadedState loaded;
    open_ok(scratch.state(), loaded);
  }
  fs::create_directories(fs::path(scratch.state()) / kIngestFolder);
  std::ofstream(fs::path(scratch.state()) / kIngestFolder / "profiles-0.sst") << "half a table file";
  LoadedState loaded;
  std::unique_ptr<StateStore> store = open_ok(scratch.state(), loaded);
  CHECK_FALSE(fs::exists(fs::path(scratch.state()) / kIngestFolder));
}

TEST_CASE("sends that share a send id are all kept: the send log is keyed by seq", "[state]") {
  Scratch scratch("repeated-send-id");
  {
    LoadedState loaded;
    std::unique_ptr<StateStore> store = open_ok(scratch.state(), loaded);
    Delta d = first_checkpoint();
    d.sends.push_back({900, 2, 60, 1, 1});  // the id of seq 1 again
    std::string error;
    REQUIRE(store->commit(d, error));
  }
  LoadedState loaded;
  std::unique_ptr<StateStore> store = open_ok(scratch.state(), loaded);
  REQUIRE(loaded.sends.size() == 3);
  CHECK(loaded.sends[1].send_id == 900);
  CHECK(loaded.sends[2].send_id == 900);
  CHECK(loaded.sends[2].time == 60);
}

TEST_CASE("a second process gets an error naming the one holding the state", "[state]") {
  Scratch scratch("lock");
  LoadedState loaded;
  std::unique_ptr<StateStore> store = open_ok(scratch.state(), loaded);
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    LoadedState other;
    std::string error;
    bool opened = StateStore::open(scratch.state(), "flowc serve other", other, error) != nullptr;
    ssize_t written = write(pipe_fds[1], error.data(), error.size());
    _exit(opened || written < 0 ? 1 : 0);
  }
  close(pipe_fds[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) message.append(buffer, static_cast<size_t>(n));
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  INFO(message);
  CHECK(message.find("state `" + scratch.state() + "` is in use by another flowc") != std::string::npos);
  CHECK(message.find("pid " + std::to_string(getpid()) + ": flowc run test") != std::string::npos);
  store.reset();  // released: the next process gets it
  std::unique_ptr<StateStore> next = open_ok(scratch.state(), loaded);
}

TEST_CASE("a read-only load sees the last commit of a state another store holds, writing nothing", "[state]") {
  Scratch scratch("read-only");
  LoadedState loaded;
  std::unique_ptr<StateStore> store = open_ok(scratch.state(), loaded);
  std::string error;
  LoadedState read;
  REQUIRE(StateStore::load_read_only(scratch.state(), read, error));
  CHECK(read.format.version == kStateFormat);
  CHECK_FALSE(read.has_checkpoint);

  Delta d = first_checkpoint();
  REQUIRE(store->commit(d, error));  // in the write-ahead log, not flushed
  std::map<std::string, std::string> before = snapshot(scratch.dir);
  REQUIRE(StateStore::load_read_only(scratch.state(), read, error));
  CHECK(snapshot(scratch.dir) == before);  // no lock, no LOG, no table file
  REQUIRE(read.has_checkpoint);
  CHECK(identical(read.checkpoint, d.checkpoint));
  CHECK(identical(read.globals, d.globals));
  REQUIRE(read.profiles.size() == 3);
  CHECK(read.profiles[0].id == "b");  // ordinal order, as open() loads
  CHECK(encode(read.profiles[2]) == d.profiles[0].record);
  CHECK(read.sends.size() == 2);
  CHECK(read.program == "program shape");

  d.checkpoint.number = 2;
  REQUIRE(store->commit(d, error));  // the writer is undisturbed
  REQUIRE(store->close(error));
}

TEST_CASE("a read-only load of a missing folder or a file is refused, creating nothing", "[state]") {
  Scratch scratch("read-only-missing");
  LoadedState loaded;
  std::string error;
  CHECK_FALSE(StateStore::load_read_only((scratch.dir / "none").string(), loaded, error));
  CHECK(error == "state `" + (scratch.dir / "none").string() + "` does not exist");
  CHECK_FALSE(fs::exists(scratch.dir / "none"));
  write_file(scratch.dir / "plain-file", "x");
  CHECK_FALSE(StateStore::load_read_only((scratch.dir / "plain-file").string(), loaded, error));
  CHECK(error.find("is not a folder") != std::string::npos);
}

TEST_CASE("a folder that is not a flowc state is refused and left alone", "[state]") {
  Scratch scratch("foreign");
  write_file(scratch.dir / "notes.txt", "mine\n");
  check_refused(scratch.dir, {"is not a flowc state folder", "FLOWC_STATE"});
  fs::path file = scratch.dir / "plain-file";
  write_file(file, "x");
  LoadedState loaded;
  std::string error;
  CHECK_FALSE(StateStore::open(file.string(), "t", loaded, error));
  CHECK(error.find("is not a folder") != std::string::npos);
}

TEST_CASE("a newer or damaged format marker is refused and left alone", "[state]") {
  Scratch scratch("marker");
  make_state(scratch.state());
  fs::path marker = fs::path(scratch.state()) / "FLOWC_STATE";
  write_file(marker, "flowc-state 3\n");
  check_refused(scratch.state(), {"has format 3, newer than this flowc reads (2)"});
  // Format 1 keyed the send log by send id, which can repeat.
  write_file(marker, "flowc-state 1\n");
  check_refused(scratch.state(), {"has format 1", "cannot upgrade", "run the whole stream again"});
  write_file(marker, "flowc-state one\n");
  check_refused(scratch.state(), {"FLOWC_STATE` is damaged"});
  write_file(marker, "flowc-state 2\n");
  LoadedState loaded;
  open_ok(scratch.state(), loaded);
  CHECK(loaded.checkpoint.number == 1);
}

TEST_CASE("a state without its CURRENT file is refused and left alone", "[state]") {
  Scratch scratch("current");
  make_state(scratch.state());
  fs::remove(fs::path(scratch.state()) / "db" / "CURRENT");
  check_refused(scratch.state(), {"is damaged", "db/CURRENT"});
}

TEST_CASE("a cut table file is refused and left alone", "[state]") {
  Scratch scratch("cut");
  make_state(scratch.state());
  fs::path table = only_file_ending(fs::path(scratch.state()) / "db", ".sst");
  fs::resize_file(table, fs::file_size(table) / 2);
  check_refused(scratch.state(), {"is damaged", table.filename().string()});
}

TEST_CASE("a flipped byte in a table file is refused and left alone", "[state]") {
  Scratch scratch("flip");
  make_state(scratch.state());
  // Every table file of the state gets a flip inside its first data block.
  for (const fs::directory_entry& entry : fs::directory_iterator(fs::path(scratch.state()) / "db")) {
    if (entry.path().extension() != ".sst") continue;
    std::string bytes = read_file(entry.path());
    bytes[8] = static_cast<char>(bytes[8] ^ 0x20);
    write_file(entry.path(), bytes);
  }
  check_refused(scratch.state(), {"is damaged", "Corruption", ".sst"});
}

TEST_CASE("a flipped byte in the write-ahead log is refused and left alone", "[state]") {
  Scratch scratch("wal");
  {
    LoadedState loaded;
    std::unique_ptr<StateStore> store = open_ok(scratch.state(), loaded);
    std::string error;
    REQUIRE(store->commit(first_checkpoint(), error));
    Delta second = first_checkpoint();
    second.checkpoint.number = 2;
    REQUIRE(store->commit(second, error));
  }  // no clean close: the checkpoints are only in the log
  fs::path log = only_file_ending(fs::path(scratch.state()) / "db", ".log");
  std::string bytes = read_file(log);
  REQUIRE(bytes.size() > 100);
  bytes[40] = static_cast<char>(bytes[40] ^ 0x01);  // inside the first checkpoint's batch
  write_file(log, bytes);
  check_refused(scratch.state(), {"is damaged", log.filename().string()});
}
