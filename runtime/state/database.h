// The state's RocksDB database as the store's files see it (store.cpp:
// open, load, close; commit.cpp: commits): its column families, the keys of
// the `meta` family, the options, and the open database. Internal to
// runtime/state: nothing outside it includes RocksDB.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include "state/logical.h"
#include "state/state_dir.h"
#include "state/store.h"

namespace flowc::state {

constexpr std::array<const char*, 6> kFamilies = {kMetaFamily,   kProfilesFamily, kSendsFamily,
                                                  kOriginsFamily, kPricesFamily,   kInputErrorsFamily};
enum Family : size_t { kMeta, kProfiles, kSends, kOrigins, kPrices, kInputErrors };

// Keys of the `meta` family.
constexpr const char* kFormatKey = "format";
constexpr const char* kCheckpointKey = "checkpoint";
constexpr const char* kGlobalsKey = "globals";
constexpr const char* kReportKey = "report";
constexpr const char* kProgramKey = "program";
constexpr const char* kFinalReportKey = "final_report";

// Numbers as keys: big-endian, so the database's byte order is their order.
inline std::string big_endian(uint64_t x, size_t bytes) {
  std::string key(bytes, '\0');
  for (size_t i = 0; i < bytes; ++i) key[bytes - 1 - i] = static_cast<char>(x >> (8 * i));
  return key;
}

// The key each stored record is filed under (it is also inside the record).
inline std::string key_of(const ProfileState& p) { return p.id; }
inline std::string key_of(const SendState& s) { return big_endian(s.seq, 8); }
inline std::string key_of(const OriginState& o) { return big_endian(o.id, 4); }
inline std::string key_of(const PriceState& p) { return p.product; }
inline std::string key_of(const InputErrorState& i) { return big_endian(i.index, 8); }

rocksdb::Options database_options();
std::vector<rocksdb::ColumnFamilyDescriptor> family_descriptors(const rocksdb::Options& options);

// An open database and its family handles (index 0 is `default`, then
// kFamilies in order).
struct StateStore::Database {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;

  rocksdb::ColumnFamilyHandle* family(Family f) const { return handles[1 + f]; }

  ~Database() { close(); }

  rocksdb::Status close() {
    if (!db) return rocksdb::Status::OK();
    for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle);
    handles.clear();
    rocksdb::Status status = db->Close();
    db.reset();
    return status;
  }
};

}  // namespace flowc::state
