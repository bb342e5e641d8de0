// Profile ids to profile indexes, and the ids' text.
//
// The table is open-addressing, probed linearly, of 16-byte slots: the
// profile's index, a 32-bit tag of its id's hash, and where the id's text
// is. The texts live here, one after another in large blocks that never
// move (a state::ByteArena; Profile::id views them). A lookup compares tags
// and reads an id's text only when they match, so it touches one slot and,
// almost always, only the text it finds: two cache misses, where comparing
// against the id each profile kept cost a miss into a profile record at
// every probe and another into its id (Engine::profile_index was 13 % of
// the CPU of reading 410,000 records into 40,000 profiles). A
// std::unordered_map<std::string, uint32_t> costs a 64-byte node and a
// bucket per profile, and a copy of the id.
#pragma once

#include <xxhash.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "engine/probed_slots.h"
#include "state/byte_arena.h"

namespace flowc::engine {

class ProfileIds {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  ProfileIds() = default;
  // Profiles point into the arena; the table stays where the engine made it.
  ProfileIds(const ProfileIds&) = delete;
  ProfileIds& operator=(const ProfileIds&) = delete;

  // A stored id: its length (4 bytes, unaligned) then its characters.
  static std::string_view text(const char* stored) {
    if (!stored) return {};
    uint32_t n;
    std::memcpy(&n, stored, sizeof n);
    return {stored + sizeof n, n};
  }

  // The index of the profile with this id, kNone when unknown.
  uint32_t find(std::string_view id) const {
    if (slots_.empty()) return kNone;
    const uint64_t hash = hash_of(id);
    const uint32_t tag = tag_of(hash);
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.index == kNone) return kNone;
      if (slot.tag == tag && text(slot.stored) == id) return slot.index;
    }
  }
  // Adds profile `index` with `id`, which is not in the table yet; returns
  // the id's stored text, which lives as long as the table.
  const char* add(std::string_view id, uint32_t index) {
    if ((count_ + 1) * 4 > slots_.size() * 3) grow();  // at most 3/4 full
    const char* stored = store(id);
    place(Slot{stored, tag_of(hash_of(id)), index}, hash_of(id));
    ++count_;
    return stored;
  }
  size_t size() const { return count_; }

 private:
  struct Slot {
    const char* stored = nullptr;
    uint32_t tag = 0;  // the high half of the id's hash
    uint32_t index = kNone;
  };

  static uint64_t hash_of(std::string_view id) { return XXH3_64bits(id.data(), id.size()); }
  static uint32_t tag_of(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }

  void place(const Slot& slot, uint64_t hash) { probed_slots::place(slots_, slot, hash); }
  // Doubles the table. A slot's place comes from the low bits of the hash,
  // which the tag (the high half) does not hold, so each id is hashed
  // again: once per doubling, which the growth amortizes.
  void grow() {
    probed_slots::grow(slots_, [](const Slot& s) { return hash_of(text(s.stored)); });
  }
  // Copies `id`, after its length, into the arena.
  const char* store(std::string_view id) {
    const auto n = static_cast<uint32_t>(id.size());
    record_.assign(reinterpret_cast<const char*>(&n), sizeof n);
    record_ += id;
    return ids_.copy(record_).data();
  }

  std::vector<Slot> slots_;  // a power of two in size
  size_t count_ = 0;
  state::ByteArena ids_;  // the stored ids, in blocks that never move
  std::string record_;    // the one being stored
};

}  // namespace flowc::engine
