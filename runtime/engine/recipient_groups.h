// Unique recipients, counted as the sends happen (docs/state-design.md 2.11).
//
// The report counts distinct profiles sent any message of a group: one step
// or campaign message, a flow, a campaign, one of its paths, an automation.
// Each profile keeps the groups it has been counted in, so a send bumps a
// group's count only the first time the profile gets any of its messages.
// Counting at the end of the run instead would need every send ever made,
// which a long-running state cannot keep.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <span>
#include <unordered_map>
#include <vector>

namespace flowc::engine {

class RecipientGroups {
 public:
  // What a group gathers: the sends of one origin (a step or a campaign
  // message), of one owner (a flow, a campaign, an automation) or of one
  // campaign path.
  enum class Level : uint8_t { Origin, Owner, Path };

  // A group's number, made on first use. Origin: (origin id, 0); Owner:
  // (SendOrigin::Kind, owner index); Path: (path index, campaign index).
  uint32_t group(Level level, uint32_t a, uint32_t b) {
    const uint64_t key = (static_cast<uint64_t>(level) << 62) | (static_cast<uint64_t>(a & 0x3fffffff) << 32) | b;
    auto [it, added] = ids_.try_emplace(key, static_cast<uint32_t>(ids_.size()));
    if (added) keys_.push_back(key);
    return it->second;
  }
  // What a group's number stands for (the arguments group() was given).
  struct Group {
    Level level;
    uint32_t a, b;
  };
  Group group_of(uint32_t group) const {
    const uint64_t key = keys_[group];
    return Group{static_cast<Level>(key >> 62), static_cast<uint32_t>(key >> 32) & 0x3fffffff,
                 static_cast<uint32_t>(key)};
  }
  // How many groups there are (numbers 0 to size() - 1).
  size_t size() const { return keys_.size(); }
  // The groups a profile has been counted in, in ascending order (empty: none).
  std::span<const uint32_t> groups_of(uint32_t profile) const {
    const Block* b = profile < counted_.size() ? counted_[profile].get() : nullptr;
    return b ? std::span<const uint32_t>(b->groups(), b->size) : std::span<const uint32_t>();
  }

  // Counts `profile` in `group`: true the first time, false after.
  bool add(uint32_t profile, uint32_t group) {
    if (profile >= counted_.size()) counted_.resize(profile + 1);
    std::unique_ptr<Block, Free>& block = counted_[profile];
    const uint32_t size = block ? block->size : 0;
    uint32_t* first = block ? block->groups() : nullptr;
    uint32_t* at = std::lower_bound(first, first + size, group);
    if (at != first + size && *at == group) return false;
    const auto offset = static_cast<size_t>(at - first);
    if (!block || size == block->cap) {
      const uint32_t cap = size < 4 ? size + 2 : size + size / 2;  // a profile is in a few groups
      void* grown = std::realloc(block.get(), sizeof(Block) + cap * sizeof(uint32_t));
      if (!grown) throw std::bad_alloc();
      (void)block.release();
      block.reset(static_cast<Block*>(grown));
      block->size = size;
      block->cap = cap;
    }
    uint32_t* groups = block->groups();
    std::copy_backward(groups + offset, groups + size, groups + size + 1);
    groups[offset] = group;
    ++block->size;
    return true;
  }

 private:
  // A profile's groups: one heap block (size, capacity, then the sorted
  // group numbers), 8 bytes per profile where a map entry and a vector took
  // ~80 bytes per profile sent anything, and no hash lookup per send.
  struct Block {
    uint32_t size, cap;
    uint32_t* groups() { return reinterpret_cast<uint32_t*>(this + 1); }
    const uint32_t* groups() const { return reinterpret_cast<const uint32_t*>(this + 1); }
  };
  struct Free {
    void operator()(Block* b) const { std::free(b); }
  };

  std::unordered_map<uint64_t, uint32_t> ids_;
  std::vector<uint64_t> keys_;  // by group number
  std::vector<std::unique_ptr<Block, Free>> counted_;  // by profile (null: counted in nothing)
};

}  // namespace flowc::engine
