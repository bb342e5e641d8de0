// Names to indexes, for the reader's lookups of a record's property keys
// and metric names: an open-addressing table of (hash, index) probed
// linearly, names compared only on equal hashes, the names themselves
// viewed in the module (which outlives the reader). A std::unordered_map
// <std::string, Index> hashed each key with std::hash and walked a node
// list: 8 % of reading a record.
#pragma once

#include <xxhash.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "ir/module.h"

namespace flowc::events {

class NameTable {
 public:
  NameTable() = default;
  // The names of `defs` (anything with a `name`), by position. Should a
  // name repeat (the checker forbids it), the first wins.
  template <typename Def>
  static NameTable of(const std::vector<Def>& defs) {
    NameTable table;
    size_t size = 8;
    while (size < defs.size() * 2) size *= 2;  // at most half full
    table.slots_.assign(size, Slot{});
    for (size_t i = 0; i < defs.size(); ++i)
      if (table.find(defs[i].name) == ir::kNone) table.place(defs[i].name, static_cast<ir::Index>(i));
    return table;
  }

  // The index of `name`, ir::kNone when it is not there.
  ir::Index find(std::string_view name) const {
    if (slots_.empty()) return ir::kNone;
    const uint64_t hash = XXH3_64bits(name.data(), name.size());
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.index == ir::kNone) return ir::kNone;
      if (slot.hash == hash && slot.name == name) return slot.index;
    }
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    std::string_view name;
    ir::Index index = ir::kNone;
  };
  void place(std::string_view name, ir::Index index) {
    const uint64_t hash = XXH3_64bits(name.data(), name.size());
    const size_t mask = slots_.size() - 1;
    size_t i = hash & mask;
    while (slots_[i].index != ir::kNone) i = (i + 1) & mask;
    slots_[i] = Slot{hash, name, index};
  }

  std::vector<Slot> slots_;  // a power of two in size
};

}  // namespace flowc::events
