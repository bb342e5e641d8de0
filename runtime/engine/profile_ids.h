// Profile ids to profile indexes: an open-addressing table of 4-byte profile
// indexes, probed linearly and compared against the id each profile keeps
// (Profile::id). A std::unordered_map<std::string, uint32_t> costs a 64-byte
// node and a bucket per profile, and a copy of the id.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "engine/profile_store.h"

namespace flowc::engine {

class ProfileIds {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // The index of the profile with this id, kNone when unknown.
  uint32_t find(std::string_view id, const ProfileStore& profiles) const {
    if (slots_.empty()) return kNone;
    size_t mask = slots_.size() - 1;
    for (size_t i = std::hash<std::string_view>{}(id) & mask;; i = (i + 1) & mask) {
      uint32_t p = slots_[i];
      if (p == kNone) return kNone;
      if (profiles[p].id() == id) return p;
    }
  }
  // Adds profile `index`, whose id is not in the table yet.
  void add(uint32_t index, const ProfileStore& profiles) {
    if ((count_ + 1) * 4 > slots_.size() * 3) grow(profiles);  // at most 3/4 full
    place(index, profiles[index].id());
    ++count_;
  }

 private:
  void place(uint32_t index, std::string_view id) {
    size_t mask = slots_.size() - 1;
    size_t i = std::hash<std::string_view>{}(id) & mask;
    while (slots_[i] != kNone) i = (i + 1) & mask;
    slots_[i] = index;
  }
  void grow(const ProfileStore& profiles) {
    std::vector<uint32_t> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, kNone);
    for (uint32_t p : old)
      if (p != kNone) place(p, profiles[p].id());
  }

  std::vector<uint32_t> slots_;  // a power of two in size
  size_t count_ = 0;
};

}  // namespace flowc::engine
