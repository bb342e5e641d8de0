// Flow runs by id, in fixed-size chunks, with the slots of finished runs
// reused. A run id stays valid while a wake-up or an open review may still
// name it: the engine releases a slot only when the run has ended, has no
// wake-up pending and no queued review points at it (engine/flows.cpp), so
// the store holds the runs under way, not every run ever started.
//
// Non-const access marks the run's profile changed (dirty_set.h): a run is
// saved in its profile's record.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/dirty_set.h"
#include "ir/module.h"
#include "ir/value.h"

namespace flowc::engine {

struct FlowRun {
  uint32_t flow = 0;
  uint32_t profile = 0;
  ir::Index step = ir::kNone;     // the step it is at (waiting or about to run)
  // The wait step it is waiting at (kNone: not waiting) and since when:
  // `step` is already the step after the wait, so without this a saved run
  // could not say which wait holds it (an upgrade matches waits by label).
  ir::Index waiting_at = ir::kNone;
  int64_t waiting_since = 0;
  uint32_t occurrence = 0;        // n-th entry of this profile in this flow (send ids)
  int64_t started = 0;            // `since flow_start`
  // The trigger event's properties (event slots), only those the flow's
  // chunks read: the others are unset, and the list ends at the last slot read.
  std::vector<ir::Value> event;
  bool has_event = false;
  bool active = false;
  uint16_t wakeups = 0;           // ResumeRun wake-ups scheduled and not yet run
  uint32_t open_reviews = 0;      // queued reviews that name this run
};

class RunStore {
 public:
  // Slots made so far (the live ones and the free ones).
  // Where the profiles of runs accessed non-const are marked (null: nowhere).
  void track_changes(DirtySet* changed) { changed_ = changed; }
  uint32_t size() const { return size_; }
  FlowRun& operator[](uint32_t i) {
    FlowRun& run = slot(i);
    if (changed_) changed_->mark(run.profile);
    return run;
  }
  const FlowRun& operator[](uint32_t i) const { return chunks_[i >> kShift][i & kMask]; }
  // A default run of `profile`: a released slot if there is one, else a new slot.
  uint32_t add(uint32_t profile) {
    uint32_t id;
    if (free_ != kNoFree) {
      id = free_;
      free_ = slot(id).profile;  // the next free slot
    } else {
      if ((size_ & kMask) == 0) chunks_.emplace_back(new FlowRun[kChunk]);
      id = size_++;
    }
    slot(id).profile = profile;
    if (changed_) changed_->mark(profile);
    return id;
  }
  // The run is over and nothing names it any more: its slot may be reused.
  void release(uint32_t id) {
    FlowRun& run = slot(id);
    if (changed_) changed_->mark(run.profile);
    run = FlowRun{};
    run.profile = free_;  // a free slot keeps the next free one in `profile`
    free_ = id;
  }
  // Whether slot `id` holds a run (rather than being free): a run lives
  // while it is active or something (a wake-up, a review) still names it.
  bool live(uint32_t id) const {
    const FlowRun& run = (*this)[id];
    return run.active || run.wakeups > 0 || run.open_reviews > 0;
  }

 private:
  FlowRun& slot(uint32_t i) { return chunks_[i >> kShift][i & kMask]; }

  static constexpr uint32_t kShift = 10;  // 1,024 runs a chunk
  static constexpr uint32_t kChunk = 1u << kShift;
  static constexpr uint32_t kMask = kChunk - 1;
  static constexpr uint32_t kNoFree = UINT32_MAX;
  std::vector<std::unique_ptr<FlowRun[]>> chunks_;
  uint32_t size_ = 0;
  uint32_t free_ = kNoFree;
  DirtySet* changed_ = nullptr;
};

}  // namespace flowc::engine
