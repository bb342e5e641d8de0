// StateStore::commit: a checkpoint's records written all at once or, after
// a crash, not at all (docs/state.md, "Checkpoints and resume"), in one of
// two ways chosen by size:
//
// - a synced WriteBatch (write-ahead log, then memory table): for the
//   usual checkpoint, a few megabytes;
// - above StateStore::ingest_above() bytes (64 MiB by default), table files
//   written beside the database and taken in whole
//   (DB::IngestExternalFiles: every family's files or none, recorded in the
//   MANIFEST, synced). A checkpoint of a million profiles is 1.3 GB: through
//   the log and the memory table it is written twice and indexed key by key
//   (17 s measured at 1M profiles); as table files, sorted once, it is
//   written once (bench/README.md).
//
// Both ways write the same records under the same keys: the loaded state
// does not tell them apart.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string_view>

#include <fmt/format.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/write_batch.h>

#include "state/byte_arena.h"
#include "state/database.h"
#include "state/encoding.h"
#include "state/in_parallel.h"

namespace flowc::state {
namespace {

// Bytes of a batch beside its keys and values: header, the meta records.
constexpr size_t kBatchOverhead = 64 * 1024;

// Records encoded on one thread each part (put_all): below this many, one
// thread does them all.
constexpr size_t kRecordsPerPart = 20000;

// A record to write: views into the delta's encoded profiles, or into an
// arena of Records (owned_, or a part's of put_all).
struct Record {
  std::string_view key, value;
  uint32_t order = 0;  // among its family's records, as put: the later of two equal keys wins
};

// Every record a delta writes, by family, and the sends' range deletion.
class Records {
 public:
  explicit Records(const Delta& delta) {
    put(kMeta, kCheckpointKey, own_encoded(delta.checkpoint));
    put(kMeta, kGlobalsKey, own_encoded(delta.globals));
    put(kMeta, kReportKey, own_encoded(delta.report));
    if (delta.has_program) put(kMeta, kProgramKey, delta.program);
    if (delta.has_final_report) put(kMeta, kFinalReportKey, delta.final_report);
    // The profiles, the bulk of a large checkpoint, come encoded (logical.h).
    for (const EncodedProfile& p : delta.profiles) put(kProfiles, p.id, p.record);
    put_all(kSends, delta.sends);
    // Sends past retention (send_log.h): one range deletion per drop.
    if (delta.sends_dropped_before > 0) sends_dropped_before_ = own(big_endian(delta.sends_dropped_before, 8));
    put_all(kOrigins, delta.origins);
    put_all(kPrices, delta.prices);
    put_all(kInputErrors, delta.input_errors);
  }

  const std::vector<Record>& of(Family family) const { return by_family_[family]; }
  // Deletes the sends below this key ("": none).
  std::string_view sends_dropped_before() const { return sends_dropped_before_; }
  size_t bytes() const { return bytes_; }
  size_t count() const { return count_; }

  // Puts each family's records in key order, the last of equal keys kept
  // (a batch's rule), as a table file needs them. Sends mostly come in key
  // order already (their keys are their log sequence): checked first.
  void sort() {
    const auto before = [](const Record& a, const Record& b) {
      return a.key != b.key ? a.key < b.key : a.order < b.order;
    };
    for (std::vector<Record>& records : by_family_) {
      if (!std::is_sorted(records.begin(), records.end(), before)) std::sort(records.begin(), records.end(), before);
      auto last_of_each = std::unique(records.rbegin(), records.rend(),
                                      [](const Record& a, const Record& b) { return a.key == b.key; });
      records.erase(records.begin(), last_of_each.base());
    }
  }

 private:
  // The few records made here one by one (the meta records, the sends'
  // range deletion) are kept in owned_; put_all's in arenas of its parts.
  std::string_view own(std::string_view bytes) { return owned_.copy(bytes); }
  template <class Record> std::string_view own_encoded(const Record& record) {
    encode_into(record, buffer_);
    return owned_.copy(buffer_);
  }
  // Encodes `items` as the family's next records, in parts on several
  // threads when there are many (a month of sends is millions of records),
  // each part into an arena of its own; the records keep the items' order.
  template <class Item> void put_all(Family family, const std::vector<Item>& items) {
    if (items.empty()) return;
    std::vector<Record>& records = by_family_[family];
    const size_t first = records.size();
    records.resize(first + items.size());
    std::mutex lock;
    in_parallel(items.size(), kRecordsPerPart, [&](size_t begin, size_t end) {
      auto arena = std::make_unique<ByteArena>();
      std::string buffer;
      size_t bytes = 0;
      for (size_t i = begin; i < end; ++i) {
        encode_into(items[i], buffer);
        const std::string_view key = arena->copy(key_of(items[i]));
        records[first + i] = {key, arena->copy(buffer), static_cast<uint32_t>(first + i)};
        bytes += key.size() + buffer.size();
      }
      std::lock_guard guard(lock);
      part_arenas_.push_back(std::move(arena));
      bytes_ += bytes;
      count_ += end - begin;
    });
  }
  void put(Family family, std::string_view key, std::string_view value) {
    by_family_[family].push_back({key, value, static_cast<uint32_t>(by_family_[family].size())});
    bytes_ += key.size() + value.size();
    ++count_;
  }

  std::array<std::vector<Record>, kFamilies.size()> by_family_;
  ByteArena owned_;     // what views point into never moves
  std::vector<std::unique_ptr<ByteArena>> part_arenas_;  // put_all's, one a part
  std::string buffer_;  // one record's encoding, reused
  std::string_view sends_dropped_before_;
  size_t bytes_ = 0, count_ = 0;
};

// Where a large commit's table files are written before the database takes
// them (a folder of the state's own; what a kill left there goes at the
// next open).
std::filesystem::path ingest_folder(const std::string& dir) { return std::filesystem::path(dir) / kIngestFolder; }

// A large family is written as up to kMaxTableFiles files of at least
// kMinTableFileBytes, on as many threads: more files a checkpoint would
// crowd level 0, where RocksDB slows writes down past 20 files.
constexpr size_t kMinTableFileBytes = 32u << 20;
constexpr size_t kMaxTableFiles = 4;

// Writes `records` (sorted) into table files `name`-0.sst, -1.sst...
// (contiguous runs of records, so their key ranges do not overlap), on
// several threads; adds their paths to `files`.
rocksdb::Status write_table_files(const rocksdb::Options& options, rocksdb::ColumnFamilyHandle* family,
                                  const std::vector<Record>& records, std::string_view delete_below,
                                  const std::filesystem::path& folder, const std::string& name,
                                  std::vector<std::string>& files) {
  size_t total = 0;
  for (const Record& r : records) total += r.key.size() + r.value.size();
  const size_t wanted = std::clamp<size_t>(total / kMinTableFileBytes, 1, kMaxTableFiles);
  std::vector<size_t> starts{0};
  size_t bytes = 0;
  for (size_t i = 0; i + 1 < records.size() && starts.size() < wanted; ++i) {
    bytes += records[i].key.size() + records[i].value.size();
    if (bytes * wanted >= total * starts.size()) starts.push_back(i + 1);
  }
  starts.push_back(records.size());
  const size_t parts = starts.size() - 1;
  std::vector<rocksdb::Status> statuses(parts);
  std::vector<std::string> paths(parts);
  in_parallel(parts, 1, [&](size_t begin, size_t end) {
    for (size_t part = begin; part < end; ++part) {
      paths[part] = (folder / fmt::format("{}-{}.sst", name, part)).string();
      rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options, family);
      rocksdb::Status status = writer.Open(paths[part]);
      // The range deletion goes in the first file, below every key it holds.
      if (status.ok() && part == 0 && !delete_below.empty())
        status = writer.DeleteRange(big_endian(0, 8), rocksdb::Slice(delete_below.data(), delete_below.size()));
      for (size_t i = starts[part]; status.ok() && i < starts[part + 1]; ++i)
        status = writer.Put(rocksdb::Slice(records[i].key.data(), records[i].key.size()),
                            rocksdb::Slice(records[i].value.data(), records[i].value.size()));
      if (status.ok()) status = writer.Finish();  // synced
      statuses[part] = status;
    }
  });
  for (size_t part = 0; part < parts; ++part) {
    if (!statuses[part].ok()) return statuses[part];
    files.push_back(paths[part]);
  }
  return rocksdb::Status::OK();
}

rocksdb::Status write_batch(const StateStore::Database& db, const Records& records);
rocksdb::Status ingest(const StateStore::Database& db, const std::string& dir, Records& records);

}  // namespace

bool StateStore::commit(const Delta& delta, std::string& error) {
  Records records(delta);
  const auto t0 = std::chrono::steady_clock::now();
  rocksdb::Status status =
      records.bytes() > ingest_above_ ? ingest(*db_, dir_.path(), records) : write_batch(*db_, records);
  last_commit_write_us_ =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
  if (!status.ok()) {
    error = fmt::format("cannot write state `{}`: {}", dir_.path(), status.ToString());
    return false;
  }
  last_commit_keys_ = records.count() + (records.sends_dropped_before().empty() ? 0 : 1);
  last_commit_bytes_ = records.bytes();
  return true;
}

namespace {

rocksdb::Status write_batch(const StateStore::Database& db, const Records& records) {
  rocksdb::WriteBatch batch(kBatchOverhead + records.bytes() + 16 * records.count());
  for (size_t f = 0; f < kFamilies.size(); ++f)
    for (const Record& r : records.of(static_cast<Family>(f))) {
      rocksdb::Status status = batch.Put(db.family(static_cast<Family>(f)), rocksdb::Slice(r.key.data(), r.key.size()),
                                         rocksdb::Slice(r.value.data(), r.value.size()));
      if (!status.ok()) return status;
    }
  if (!records.sends_dropped_before().empty()) {
    rocksdb::Status status = batch.DeleteRange(
        db.family(kSends), big_endian(0, 8),
        rocksdb::Slice(records.sends_dropped_before().data(), records.sends_dropped_before().size()));
    if (!status.ok()) return status;
  }
  rocksdb::WriteOptions write;
  write.sync = true;
  return db.db->Write(write, &batch);
}

rocksdb::Status ingest(const StateStore::Database& db, const std::string& dir, Records& records) {
  namespace fs = std::filesystem;
  records.sort();
  const fs::path folder = ingest_folder(dir);
  std::error_code ec;
  fs::remove_all(folder, ec);
  fs::create_directories(folder, ec);
  if (ec) return rocksdb::Status::IOError(fmt::format("cannot make `{}`: {}", folder.string(), ec.message()));
  // A table file is written with the bottommost level's compression (the
  // level an ingested file usually lands in): ZSTD, which took most of
  // the writing time at 1M profiles. LZ4 writes it several times faster;
  // the files are rewritten with ZSTD when compaction next merges them.
  rocksdb::Options options = database_options();
  options.bottommost_compression = rocksdb::kLZ4Compression;
  std::vector<rocksdb::IngestExternalFileArg> args;
  rocksdb::Status status;
  for (size_t f = 0; f < kFamilies.size() && status.ok(); ++f) {
    const Family family = static_cast<Family>(f);
    const std::string_view delete_below = family == kSends ? records.sends_dropped_before() : std::string_view();
    if (records.of(family).empty() && delete_below.empty()) continue;
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = db.family(family);
    arg.options.move_files = true;           // hard links: the files are written once
    arg.options.write_global_seqno = false;  // RocksDB's advice for new databases
    status = write_table_files(options, arg.column_family, records.of(family), delete_below, folder, kFamilies[f],
                               arg.external_files);
    args.push_back(std::move(arg));
  }
  if (status.ok()) status = db.db->IngestExternalFiles(args);
  fs::remove_all(folder, ec);  // the database holds its own links to the files
  return status;
}

}  // namespace

}  // namespace flowc::state
