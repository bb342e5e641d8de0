// StateStore: the state folder's database (docs/state.md), the only code
// that sees RocksDB. It opens a folder (state_dir.h), validates and loads
// everything in it, and commits checkpoints, each one atomic and synced.
//
// Opening never changes a folder it refuses: the database is first opened
// read-only (writing nothing, not even RocksDB's LOG), every file's
// checksums are verified and every record is decoded; only then is it
// reopened for writing. Errors name the state folder and the damaged file
// or key, say what is wrong, and are for exit code 3. The same validation,
// without the lock or the reopening, is the read-only load of `flowc state`.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "state/logical.h"
#include "state/state_dir.h"

namespace flowc::state {

// The column families (docs/state.md, "Column families").
inline constexpr const char* kMetaFamily = "meta";
inline constexpr const char* kProfilesFamily = "profiles";
inline constexpr const char* kSendsFamily = "sends";
inline constexpr const char* kOriginsFamily = "origins";
inline constexpr const char* kPricesFamily = "prices";
inline constexpr const char* kInputErrorsFamily = "input_errors";

class StateStore {
 public:
  ~StateStore();  // closes the database without flushing (what a kill leaves)

  // Opens (or creates) the state folder `path` for this process and loads
  // it into `loaded` (empty for a new state). `command` is recorded in the
  // lock file for the message a second process gets. Null, with `error`
  // set, when the folder is refused.
  static std::unique_ptr<StateStore> open(const std::string& path, const std::string& command, LoadedState& loaded,
                                          std::string& error);

  // Loads the state folder `path` for reading only (`flowc state inspect`,
  // `flowc state export`), with the checks and messages of open(), but
  // taking no lock and writing nothing, not even RocksDB's LOG: it works on
  // a state a running flowc holds, seeing its last commit. A folder with a
  // marker and no database yet loads as a state never committed.
  static bool load_read_only(const std::string& path, LoadedState& loaded, std::string& error);

  // Writes the delta, the globals, the report and the checkpoint at once:
  // all of it or, after a crash, none of it; synced. Up to ingest_above()
  // bytes as one batch, above as table files the database takes in whole
  // (commit.cpp).
  bool commit(const Delta& delta, std::string& error);
  static constexpr size_t kIngestAboveBytes = 64u << 20;
  size_t ingest_above() const { return ingest_above_; }
  void set_ingest_above(size_t bytes) { ingest_above_ = bytes; }

  // How many keys the last commit wrote or deleted (a checkpoint's cost
  // follows the change: the tests count them).
  uint64_t last_commit_keys() const { return last_commit_keys_; }
  // Its records' bytes, and the microseconds of writing them, synced (as a
  // batch or as table files; FLOWC_STATE_TIMINGS, bench/state.sh).
  uint64_t last_commit_bytes() const { return last_commit_bytes_; }
  uint64_t last_commit_write_us() const { return last_commit_write_us_; }

  // Flushes the database's memory tables to table files and closes it (a
  // clean stop; the next open replays no write-ahead log).
  bool close(std::string& error);

  const std::string& path() const { return dir_.path(); }

 // The open database (defined in store.cpp, which alone sees RocksDB).
  struct Database;

 private:
  StateStore();

  StateDir dir_;
  std::unique_ptr<Database> db_;
  uint64_t last_commit_keys_ = 0;
  uint64_t last_commit_bytes_ = 0;
  uint64_t last_commit_write_us_ = 0;
  size_t ingest_above_ = kIngestAboveBytes;
};

}  // namespace flowc::state
