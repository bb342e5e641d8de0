// The state folder (docs/state.md, "The folder"): DIR/FLOWC_STATE, the
// format marker, read before anything else is opened; DIR/flowc.lock, the
// lock that keeps a second process out and names the one holding it; and
// DIR/db/, the RocksDB database (store.h).
//
// Opening checks in an order that never changes a folder it refuses: the
// marker first (a non-empty folder without one, or with another format, is
// refused before the lock file is made; a folder holding only the lock file
// and a marker not yet renamed into place was being made when its process
// died, and is made again), then the lock. The database is made in `db.new`
// and renamed to `db` once whole (store.cpp), so a kill at any instant of
// the making leaves a folder the next run takes as new. The lock's owner
// line ("pid command") is written only by `record_owner`, once the caller
// has validated the database, so a damaged state keeps its bytes.
#pragma once

#include <cstdint>
#include <string>

namespace flowc::state {

// The format this flowc reads and writes. A bump is for changes old
// readers cannot skip (docs/state.md, "Versions").
inline constexpr uint64_t kStateFormat = 2;
inline constexpr const char* kMarkerFile = "FLOWC_STATE";
inline constexpr const char* kLockFile = "flowc.lock";
inline constexpr const char* kDatabaseFolder = "db";
// Where a large commit writes its table files before the database takes them.
inline constexpr const char* kIngestFolder = "ingest";

// The marker's text for a format: "flowc-state 2\n".
std::string marker_text(uint64_t format);

class StateDir {
 public:
  StateDir() = default;
  StateDir(StateDir&& other) noexcept;
  StateDir& operator=(StateDir&& other) noexcept;
  StateDir(const StateDir&) = delete;
  StateDir& operator=(const StateDir&) = delete;
  ~StateDir();  // releases the lock

  // Takes the folder for this process: creates it (with its marker) when it
  // is missing or empty; refuses, with a message naming the folder or file,
  // a non-empty folder without a marker, a marker that is damaged or of
  // another format, and a folder another process holds. On failure the
  // folder is as it was.
  static bool open(const std::string& path, StateDir& dir, std::string& error);

  // For readers that must leave the folder alone (`flowc state inspect`,
  // which may look at a state a running flowc holds): checks that `path` is
  // a state folder of this format, creating, locking and writing nothing.
  // `has_database` says whether a database was made in it yet.
  static bool check_existing(const std::string& path, bool& has_database, std::string& error);

  // Writes "pid command" into the lock file, for the message a second
  // process gets. Returns false (and says why) when the write fails.
  bool record_owner(const std::string& command, std::string& error);

  const std::string& path() const { return path_; }
  std::string database_path() const;
  // Whether open() made the folder (or found it empty): nothing to load.
  bool fresh() const { return fresh_; }

 private:
  std::string path_;
  int lock_fd_ = -1;
  bool fresh_ = false;
};

}  // namespace flowc::state
