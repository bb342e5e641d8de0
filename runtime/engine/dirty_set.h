// Which profiles changed since the last checkpoint (docs/state-design.md
// 3.2): a bitmap by profile index, so marking is one bit test on the hot
// path, plus the list of the indexes marked, so that taking the changes
// costs what changed, not what exists.
//
// Whatever can change what a profile's saved record holds marks it: every
// non-const access to a profile (ProfileStore), to a flow run (RunStore, the
// run's profile), the scheduling or running of a wake-up (its owner), and the
// engine's writes to reviews, sessions, campaign copies and price views.
// Marking too much only costs checkpoint bytes; marking too little loses a
// change, which the [state] tests catch by comparing, after every record,
// the last checkpoint plus the changes with a full export.
#pragma once

#include <cstdint>
#include <vector>

namespace flowc::engine {

class DirtySet {
 public:
  void mark(uint32_t index) {
    const size_t word = index / 64;
    if (word >= bits_.size()) bits_.resize(word + 1 + bits_.size() / 2, 0);
    const uint64_t bit = uint64_t{1} << (index % 64);
    if (bits_[word] & bit) return;
    bits_[word] |= bit;
    marked_.push_back(index);
  }
  bool contains(uint32_t index) const {
    const size_t word = index / 64;
    return word < bits_.size() && (bits_[word] >> (index % 64)) & 1;
  }
  // The indexes marked since the last clear(), in the order first marked.
  const std::vector<uint32_t>& marked() const { return marked_; }
  void clear() {
    for (uint32_t index : marked_) bits_[index / 64] = 0;
    marked_.clear();
  }

 private:
  std::vector<uint64_t> bits_;
  std::vector<uint32_t> marked_;
};

}  // namespace flowc::engine
