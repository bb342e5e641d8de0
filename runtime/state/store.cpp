// StateStore on RocksDB: open (validate read-only, load, reopen for
// writing) and close; commits are commit.cpp's.
#include "state/store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdarg>
#include <filesystem>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include "state/database.h"
#include "state/encoding.h"

namespace flowc::state {
namespace {

// RocksDB's informational log goes nowhere while a folder is validated:
// creating `db/LOG` would change a folder that may be refused.
class SilentLogger final : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

}  // namespace

rocksdb::Options database_options() {
  rocksdb::Options options;
  options.compression = rocksdb::kLZ4Compression;
  options.bottommost_compression = rocksdb::kZSTD;
  options.max_background_jobs = 1;  // 2-core machines: leave a core to the engine
  options.keep_log_file_num = 4;
  options.paranoid_checks = true;
  // A torn last record (a write cut by a power loss) is dropped; damage
  // anywhere else refuses to open instead of silently going back in time.
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  return options;
}

std::vector<rocksdb::ColumnFamilyDescriptor> family_descriptors(const rocksdb::Options& options) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions(options));
  for (const char* name : kFamilies) descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions(options));
  return descriptors;
}

namespace {

// Makes a rename in `folder` durable.
std::error_code sync_folder(const std::string& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const bool ok = fd >= 0 && ::fsync(fd) == 0;
  std::error_code ec = ok ? std::error_code() : std::error_code(errno, std::generic_category());
  if (fd >= 0) ::close(fd);
  return ec;
}

// RocksDB names the file in table-file errors but not in write-ahead log
// errors ("Corruption: checksum mismatch"): those get the logs' names.
std::string write_ahead_logs(const std::string& dir) {
  std::vector<std::string> logs;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(dir) / kDatabaseFolder, ec))
    if (entry.path().extension() == ".log") logs.push_back("`" + entry.path().string() + "`");
  std::sort(logs.begin(), logs.end());
  return fmt::format("{}", fmt::join(logs, ", "));
}

std::string damaged(const std::string& dir, const rocksdb::Status& status) {
  std::string what = status.ToString();
  if (what.find('/') == std::string::npos) {
    std::string logs = write_ahead_logs(dir);
    if (!logs.empty()) what += fmt::format(" (in the write-ahead log {})", logs);
  }
  return fmt::format("state `{}` is damaged: {}; restore it from a backup, or start a new state folder", dir, what);
}

// Reads and decodes every record of a family into `out`: the first record
// that does not decode, or is filed under another key, is the error.
template <class Record>
bool load_family(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family, const std::string& dir,
                 std::vector<Record>& out, std::string& error) {
  rocksdb::ReadOptions read;
  read.verify_checksums = true;
  read.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(read, family));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    Record record;
    std::string why;
    if (!decode(it->value().ToStringView(), record, why)) {
      error = fmt::format("state `{}` is damaged: family `{}`, key `{}`: {}", dir, family->GetName(),
                          it->key().ToString(true), why);
      return false;
    }
    std::string expected = key_of(record);
    if (it->key().ToStringView() != expected) {
      error = fmt::format("state `{}` is damaged: family `{}`: the record under key `{}` is for key `{}`", dir,
                          family->GetName(), it->key().ToString(true), rocksdb::Slice(expected).ToString(true));
      return false;
    }
    out.push_back(std::move(record));
  }
  if (!it->status().ok()) {
    error = damaged(dir, it->status());
    return false;
  }
  return true;
}

bool load_meta(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* meta, const std::string& dir, LoadedState& loaded,
               std::string& error) {
  auto get = [&](const char* key, std::string& value, bool& found) {
    rocksdb::ReadOptions read;
    read.verify_checksums = true;
    rocksdb::Status status = db.Get(read, meta, key, &value);
    found = status.ok();
    if (status.ok() || status.IsNotFound()) return true;
    error = damaged(dir, status);
    return false;
  };
  auto record = [&](const char* key, auto& out, bool required, bool* present) {
    std::string value, why;
    bool found = false;
    if (!get(key, value, found)) return false;
    if (present) *present = found;
    if (!found) {
      if (!required) return true;
      error = fmt::format("state `{}` is damaged: record `meta/{}` is missing", dir, key);
      return false;
    }
    if (decode(value, out, why)) return true;
    error = fmt::format("state `{}` is damaged: record `meta/{}`: {}", dir, key, why);
    return false;
  };
  bool found = false;
  if (!record(kFormatKey, loaded.format, true, nullptr)) return false;
  if (loaded.format.version != kStateFormat) {
    error = fmt::format("state `{}` is damaged: `meta/format` says format {}, the marker says {}", dir,
                        loaded.format.version, kStateFormat);
    return false;
  }
  if (!record(kCheckpointKey, loaded.checkpoint, false, &loaded.has_checkpoint)) return false;
  if (!record(kGlobalsKey, loaded.globals, loaded.has_checkpoint, nullptr)) return false;
  if (!record(kReportKey, loaded.report, loaded.has_checkpoint, nullptr)) return false;
  return get(kProgramKey, loaded.program, found) && get(kFinalReportKey, loaded.final_report, found);
}

bool load_everything(StateStore::Database& database, const std::string& dir, LoadedState& loaded,
                     std::string& error) {
  rocksdb::DB& db = *database.db;
  if (!load_meta(db, database.family(kMeta), dir, loaded, error)) return false;
  if (!load_family(db, database.family(kProfiles), dir, loaded.profiles, error) ||
      !load_family(db, database.family(kSends), dir, loaded.sends, error) ||
      !load_family(db, database.family(kOrigins), dir, loaded.origins, error) ||
      !load_family(db, database.family(kPrices), dir, loaded.prices, error) ||
      !load_family(db, database.family(kInputErrors), dir, loaded.input_errors, error))
    return false;
  std::sort(loaded.profiles.begin(), loaded.profiles.end(),
            [](const ProfileState& a, const ProfileState& b) { return a.ordinal < b.ordinal; });
  std::sort(loaded.sends.begin(), loaded.sends.end(),
            [](const SendState& a, const SendState& b) { return a.seq < b.seq; });
  return true;
}

// The families the database has, which a writable open must name in full.
bool check_families(const std::string& database_path, const std::string& dir, std::string& error) {
  std::vector<std::string> names;
  rocksdb::Status status = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), database_path, &names);
  if (!status.ok()) {
    error = damaged(dir, status);
    return false;
  }
  for (const char* family : kFamilies) {
    if (std::find(names.begin(), names.end(), family) == names.end()) {
      error = fmt::format("state `{}` is damaged: column family `{}` is missing from `{}`", dir, family,
                          database_path);
      return false;
    }
  }
  for (const std::string& name : names) {
    if (name != rocksdb::kDefaultColumnFamilyName &&
        std::find(kFamilies.begin(), kFamilies.end(), name) == kFamilies.end()) {
      error = fmt::format("state `{}` has column family `{}`, which this flowc does not know: "
                          "it was written by a newer flowc",
                          dir, name);
      return false;
    }
  }
  return true;
}

// Opens read-only, verifies every table file and decodes every record.
bool validate_and_load(const std::string& database_path, const std::string& dir, LoadedState& loaded,
                       std::string& error) {
  if (!check_families(database_path, dir, error)) return false;
  rocksdb::Options options = database_options();
  options.info_log = std::make_shared<SilentLogger>();
  StateStore::Database database;
  rocksdb::DB* db = nullptr;
  rocksdb::Status status =
      rocksdb::DB::OpenForReadOnly(options, database_path, family_descriptors(options), &database.handles, &db);
  database.db.reset(db);
  if (!status.ok()) {
    error = damaged(dir, status);
    return false;
  }
  status = database.db->VerifyChecksum();
  if (!status.ok()) {
    error = damaged(dir, status);
    return false;
  }
  return load_everything(database, dir, loaded, error);
}

// A new database is made whole (its families and format record) in
// `db.new`, then renamed to `db`: a kill while RocksDB creates it leaves a
// `db.new` the next run removes and makes again, never a half-made `db` that
// would read as damaged.
bool create_database(const std::string& database_path, const std::string& dir, std::string& error) {
  namespace fs = std::filesystem;
  const std::string building = database_path + ".new";
  std::error_code ec;
  fs::remove_all(building, ec);
  fs::remove(database_path, ec);  // an empty `db` folder (StateDir::fresh)
  rocksdb::Options options = database_options();
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  StateStore::Database database;
  rocksdb::DB* db = nullptr;
  rocksdb::Status status = rocksdb::DB::Open(options, building, family_descriptors(options), &database.handles, &db);
  database.db.reset(db);
  if (status.ok()) {
    rocksdb::WriteOptions write;
    write.sync = true;
    status = database.db->Put(write, database.family(kMeta), kFormatKey, encode(FormatState{kStateFormat, "flowc"}));
  }
  if (status.ok()) status = database.close();
  if (!status.ok()) {
    error = fmt::format("cannot create state `{}`: {}", dir, status.ToString());
    return false;
  }
  fs::rename(building, database_path, ec);
  if (!ec) ec = sync_folder(dir);
  if (ec) error = fmt::format("cannot create state `{}`: {}", dir, ec.message());
  return !ec;
}

// A running flowc may finish a compaction (and delete the table files it
// merged) while a reader opens its database: a read that fails is tried
// again before the state is called damaged. Real damage fails every time.
constexpr int kReadOnlyAttempts = 3;

}  // namespace

bool StateStore::load_read_only(const std::string& path, LoadedState& loaded, std::string& error) {
  bool has_database = false;
  loaded = LoadedState{};
  if (!StateDir::check_existing(path, has_database, error)) return false;
  if (!has_database) {
    loaded.format.version = kStateFormat;
    return true;
  }
  std::string database_path = (std::filesystem::path(path) / kDatabaseFolder).string();
  for (int attempt = 1;; ++attempt) {
    loaded = LoadedState{};
    if (validate_and_load(database_path, path, loaded, error)) return true;
    if (attempt == kReadOnlyAttempts) return false;
  }
}

StateStore::StateStore() = default;
StateStore::~StateStore() = default;

std::unique_ptr<StateStore> StateStore::open(const std::string& path, const std::string& command,
                                             LoadedState& loaded, std::string& error) {
  std::unique_ptr<StateStore> store(new StateStore());
  if (!StateDir::open(path, store->dir_, error)) return nullptr;
  loaded = LoadedState{};
  std::string database_path = store->dir_.database_path();
  bool fresh = store->dir_.fresh();
  if (fresh) {
    if (!create_database(database_path, path, error)) return nullptr;
    loaded.format = FormatState{kStateFormat, "flowc"};
  } else if (!validate_and_load(database_path, path, loaded, error)) {
    return nullptr;
  }

  rocksdb::Options options = database_options();
  store->db_ = std::make_unique<Database>();
  rocksdb::DB* db = nullptr;
  rocksdb::Status status =
      rocksdb::DB::Open(options, database_path, family_descriptors(options), &store->db_->handles, &db);
  store->db_->db.reset(db);
  if (!status.ok()) {
    error = fmt::format("cannot open state `{}`: {}", path, status.ToString());
    return nullptr;
  }
  if (!store->dir_.record_owner(command, error)) return nullptr;
  std::error_code ec;
  std::filesystem::remove_all(std::filesystem::path(path) / kIngestFolder, ec);  // a killed commit's files
  return store;
}

bool StateStore::close(std::string& error) {
  if (!db_ || !db_->db) return true;
  rocksdb::Status status = db_->db->Flush(rocksdb::FlushOptions(), db_->handles);
  if (status.ok()) status = db_->close();
  else db_->close();
  if (status.ok()) return true;
  error = fmt::format("cannot close state `{}`: {}", dir_.path(), status.ToString());
  return false;
}

}  // namespace flowc::state
