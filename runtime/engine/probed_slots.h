// The two operations shared by the engine's linear-probing tables whose
// keys live elsewhere (profile_ids.h: ids in an arena; phone_owners.h:
// numbers in the profiles): placing a slot and doubling the table. A slot
// is empty when its `index` is UINT32_MAX; a slot's place is the low bits
// of its key's hash, which the table hashes again when it doubles.
#pragma once

#include <cstdint>
#include <vector>

namespace flowc::engine::probed_slots {

template <class Slot>
void place(std::vector<Slot>& slots, const Slot& slot, uint64_t hash) {
  const size_t mask = slots.size() - 1;
  size_t i = hash & mask;
  while (slots[i].index != UINT32_MAX) i = (i + 1) & mask;
  slots[i] = slot;
}

// Doubles `slots` (1,024 when empty); `hash_of(slot)` is its key's hash.
template <class Slot, class HashOf>
void grow(std::vector<Slot>& slots, HashOf hash_of) {
  std::vector<Slot> old;
  old.swap(slots);
  slots.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  for (const Slot& s : old)
    if (s.index != UINT32_MAX) place(slots, s, hash_of(s));
}

}  // namespace flowc::engine::probed_slots
