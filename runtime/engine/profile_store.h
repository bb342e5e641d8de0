// Every profile, by index, in fixed-size chunks. A std::vector<Profile>
// doubles and copies as it grows, so at its peak it holds the old and the new
// array at once (and up to half of the new one unused); chunks never move,
// which also keeps a Profile& valid while other profiles are created.
//
// Non-const access marks the profile changed (dirty_set.h): code that only
// reads a profile goes through the const overload (std::as_const), or every
// read would turn into a checkpoint write.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/dirty_set.h"
#include "engine/profile.h"

namespace flowc::engine {

class ProfileStore {
 public:
  // Where non-const accesses are marked (null: nowhere).
  void track_changes(DirtySet* changed) { changed_ = changed; }
  uint32_t size() const { return size_; }
  Profile& operator[](uint32_t i) {
    if (changed_) changed_->mark(i);
    return chunks_[i >> kShift][i & kMask];
  }
  const Profile& operator[](uint32_t i) const { return chunks_[i >> kShift][i & kMask]; }
  // Changed memberships written in place by a pass that usually changes
  // nothing (the daily segment sweep): not marked; the caller marks the
  // profile (operator[]) when a word did change.
  uint64_t* segment_words_unmarked(uint32_t i) { return chunks_[i >> kShift][i & kMask].segments.mutable_words(); }
  // A new, default profile at index size().
  Profile& add() {
    if ((size_ & kMask) == 0) chunks_.emplace_back(new Profile[kChunk]);
    return (*this)[size_++];
  }

 private:
  static constexpr uint32_t kShift = 12;  // 4,096 profiles a chunk
  static constexpr uint32_t kChunk = 1u << kShift;
  static constexpr uint32_t kMask = kChunk - 1;
  std::vector<std::unique_ptr<Profile[]>> chunks_;
  uint32_t size_ = 0;
  DirtySet* changed_ = nullptr;
};

}  // namespace flowc::engine
