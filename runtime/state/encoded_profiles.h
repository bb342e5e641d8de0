// The profiles a checkpoint writes, each as its encoded record
// (encode(ProfileState), encoding.h) under the profile's id. The engine
// encodes each changed profile as it exports it, on several threads, so a
// checkpoint of a million profiles holds their bytes, not a million
// structs; the bytes go into arenas (byte_arena.h), one per exporting
// thread, not into a string each.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "state/byte_arena.h"

namespace flowc::state {

// One profile's record: views into its EncodedProfiles' arenas.
struct EncodedProfile {
  std::string_view id{};
  uint32_t ordinal = 0;
  std::string_view record{};
};

class EncodedProfiles {
 public:
  EncodedProfiles() = default;
  EncodedProfiles(EncodedProfiles&&) = default;
  EncodedProfiles& operator=(EncodedProfiles&&) = default;

  // `n` empty slots, to be filled by set(), each once, from any thread.
  void assign(size_t n);
  // An arena for one thread's records (safe to call from several threads).
  ByteArena& new_arena();
  // Slot i: `id` and `record` copied into `arena` (the caller's own).
  void set(size_t i, ByteArena& arena, std::string_view id, uint32_t ordinal, std::string_view record);
  // One more profile at the end (one thread at a time: tests, small deltas).
  void add(std::string_view id, uint32_t ordinal, std::string_view record);

  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  const EncodedProfile& operator[](size_t i) const { return items_[i]; }
  std::vector<EncodedProfile>::const_iterator begin() const { return items_.begin(); }
  std::vector<EncodedProfile>::const_iterator end() const { return items_.end(); }

 private:
  std::vector<EncodedProfile> items_;
  std::vector<std::unique_ptr<ByteArena>> arenas_;
  std::unique_ptr<std::mutex> arenas_lock_ = std::make_unique<std::mutex>();
};

}  // namespace flowc::state
