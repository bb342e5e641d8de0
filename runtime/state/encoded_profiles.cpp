#include "state/encoded_profiles.h"

namespace flowc::state {

void EncodedProfiles::assign(size_t n) { items_.assign(n, {}); }

ByteArena& EncodedProfiles::new_arena() {
  std::lock_guard<std::mutex> hold(*arenas_lock_);
  return *arenas_.emplace_back(std::make_unique<ByteArena>());
}

void EncodedProfiles::set(size_t i, ByteArena& arena, std::string_view id, uint32_t ordinal, std::string_view record) {
  items_[i] = {arena.copy(id), ordinal, arena.copy(record)};
}

void EncodedProfiles::add(std::string_view id, uint32_t ordinal, std::string_view record) {
  ByteArena& arena = arenas_.empty() ? new_arena() : *arenas_.front();
  items_.push_back({arena.copy(id), ordinal, arena.copy(record)});
}

}  // namespace flowc::state
