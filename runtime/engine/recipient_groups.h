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
  // The groups a profile has been counted in (null: none).
  const std::vector<uint32_t>* groups_of(uint32_t profile) const {
    auto found = counted_.find(profile);
    return found == counted_.end() ? nullptr : &found->second;
  }

  // Counts `profile` in `group`: true the first time, false after.
  bool add(uint32_t profile, uint32_t group) {
    std::vector<uint32_t>& groups = counted_[profile];
    auto at = std::lower_bound(groups.begin(), groups.end(), group);
    if (at != groups.end() && *at == group) return false;
    groups.insert(at, group);
    return true;
  }

 private:
  std::unordered_map<uint64_t, uint32_t> ids_;
  std::vector<uint64_t> keys_;  // by group number
  // Only profiles that were sent something pay for an entry.
  std::unordered_map<uint32_t, std::vector<uint32_t>> counted_;
};

}  // namespace flowc::engine
