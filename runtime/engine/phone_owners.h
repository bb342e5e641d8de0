// Which profile owns each phone number: an inbound text names only its
// number, and the engine finds the profile it came from here.
//
// A flat table of (profile index, hash tag) slots with linear probing; the
// numbers themselves are read from the profiles (Profile::phone), so the
// table copies no text: 8 bytes a slot where a
// std::unordered_map<std::string, uint32_t> took a 64-byte node and a
// bucket per number (about 40 MB for the 600,000 numbers of the 1M-profile
// workload). The invariant that makes this safe: a slot's profile has the
// slot's number. The engine releases a profile's number before changing it
// (set_contact) and claims the new one after.
#pragma once

#include <xxhash.h>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/probed_slots.h"
#include "engine/profile_store.h"

namespace flowc::engine {

class PhoneOwners {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  explicit PhoneOwners(const ProfileStore& profiles) : profiles_(profiles) {}
  PhoneOwners(const PhoneOwners&) = delete;
  PhoneOwners& operator=(const PhoneOwners&) = delete;

  // The profile owning `phone`, kNone when none does.
  uint32_t find(std::string_view phone) const {
    if (slots_.empty() || phone.empty()) return kNone;
    const uint64_t hash = hash_of(phone);
    for (size_t i = hash & mask();; i = (i + 1) & mask()) {
      const Slot& s = slots_[i];
      if (s.index == kNone) return kNone;
      if (s.tag == tag_of(hash) && number(s) == phone) return s.index;
    }
  }
  // Makes profile `index` the owner of its number (which must be set);
  // returns the profile that owned it before (kNone: none).
  uint32_t claim(uint32_t index) {
    const std::string_view phone = profiles_[index].phone;
    const uint64_t hash = hash_of(phone);
    if ((count_ + 1) * 4 > slots_.size() * 3) grow();  // at most 3/4 full, a claimed number counted
    size_t i = hash & mask();
    for (; slots_[i].index != kNone; i = (i + 1) & mask())
      if (slots_[i].tag == tag_of(hash) && number(slots_[i]) == phone) {
        const uint32_t before = slots_[i].index;
        slots_[i].index = index;  // the same number, read from the new owner from now on
        return before;
      }
    slots_[i] = Slot{index, tag_of(hash)};  // the empty slot that ended the search
    ++count_;
    return kNone;
  }
  // Forgets profile `index`'s number if it owns it; call before the number
  // changes.
  void release(uint32_t index) {
    const std::string_view phone = profiles_[index].phone;
    if (slots_.empty() || phone.empty()) return;
    const uint64_t hash = hash_of(phone);
    for (size_t i = hash & mask(); slots_[i].index != kNone; i = (i + 1) & mask())
      if (slots_[i].index == index) {
        erase_at(i);
        --count_;
        return;
      }
  }
  size_t size() const { return count_; }

 private:
  struct Slot {
    uint32_t index = kNone;
    uint32_t tag = 0;  // the high half of the number's hash
  };

  static uint64_t hash_of(std::string_view phone) { return XXH3_64bits(phone.data(), phone.size()); }
  static uint32_t tag_of(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }
  size_t mask() const { return slots_.size() - 1; }
  std::string_view number(const Slot& s) const { return profiles_[s.index].phone; }

  // Doubles the table, hashing each number again (the place comes from the
  // low bits, which the tag does not hold).
  void grow() {
    probed_slots::grow(slots_, [this](const Slot& s) { return hash_of(number(s)); });
  }
  // Empties slot `hole`, moving back each later slot of the run that may no
  // longer be reached past the hole (backward-shift deletion: no
  // tombstones, so lookups stay as short as the load allows).
  void erase_at(size_t hole) {
    for (size_t j = (hole + 1) & mask(); slots_[j].index != kNone; j = (j + 1) & mask()) {
      const size_t home = hash_of(number(slots_[j])) & mask();
      // Slot j may move to the hole when its home is not in (hole, j], cyclically.
      const bool home_after_hole = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
      if (home_after_hole) continue;
      slots_[hole] = slots_[j];
      hole = j;
    }
    slots_[hole] = Slot{};
  }

  const ProfileStore& profiles_;
  std::vector<Slot> slots_;  // a power of two in size
  size_t count_ = 0;
};

}  // namespace flowc::engine
