// The event-time scheduler: wake-ups ordered by time, then by the order they
// were scheduled, so equal times run in a deterministic order. A 4-ary heap
// of small entries stays cheap with millions pending.
//
// Each wake-up is saved with its owner (a profile, or the globals for
// campaign messages), so scheduling or running one marks its owner changed
// (dirty_set.h). A SegmentSweep, like a campaign message, belongs to the
// globals: it marks only the profiles whose membership it changes. A SessionTimeout keeps its generation where the profile
// goes: it is marked when scheduled, and the engine marks the session's
// profile when it runs.
#pragma once

#include <algorithm>
#include <climits>
#include <cstdint>
#include <vector>

#include "engine/dirty_set.h"
#include "events/record.h"

namespace flowc::engine {

enum class WakeKind : uint8_t {
  ResumeRun,      // a flow run waiting at a step (wait, quiet hours)
  DateTrigger,    // a date-triggered flow's next occurrence for a profile
  SegmentRecheck,   // a time-dependent segment may have changed for a profile
  CampaignMessage,  // a campaign message's time: pick its recipients (target: message)
  CampaignDelivery, // one recipient's campaign message (target: delivery)
  SessionTimeout,   // an automation session may have timed out (target: session; profile: generation)
  SegmentSweep      // local midnight: segments on the passing of days (days_since, now) for every profile
};

// 24 bytes: the heap holds one for every waiting run, birthday and recheck.
struct WakeUp {
  int64_t time;
  uint64_t seq_kind;  // the order it was scheduled in (high 56 bits) and its WakeKind (low 8)
  uint32_t profile;   // SessionTimeout: the session's generation when scheduled
  uint32_t target;    // run id, flow index, campaign message, delivery or session
  WakeKind kind() const { return static_cast<WakeKind>(seq_kind & 0xff); }
  uint32_t generation() const { return profile; }
  bool operator>(const WakeUp& o) const { return time != o.time ? time > o.time : seq_kind > o.seq_kind; }
};
static_assert(sizeof(WakeUp) == 24);

class Scheduler {
 public:
  // Where the owners of wake-ups scheduled or run are marked (null: nowhere).
  void track_owners(DirtySet* changed) { changed_ = changed; }
  // Whether the wake-up's `profile` field names the profile that owns it.
  static bool owned_by_profile(WakeKind kind) {
    return kind != WakeKind::CampaignMessage && kind != WakeKind::SessionTimeout && kind != WakeKind::SegmentSweep;
  }
  // Owned by the globals: scheduling or running one marks no profile.
  static bool global(WakeKind kind) { return kind == WakeKind::CampaignMessage || kind == WakeKind::SegmentSweep; }
  // `generation`: SessionTimeout's, kept in the profile's place (which it does not use).
  // A wake-up after the last time flowc handles (9999-12-31T23:59:59Z) is
  // never: it is not scheduled, so no such time reaches the output, and a
  // run waiting for it stays pending.
  void schedule(int64_t time, WakeKind kind, uint32_t profile, uint32_t target, uint32_t generation = 0) {
    if (time > events::kLatestTime) return;
    if (changed_ && !global(kind)) changed_->mark(profile);
    if (kind == WakeKind::SessionTimeout) profile = generation;
    push(WakeUp{time, (next_seq_++ << 8) | static_cast<uint8_t>(kind), profile, target});
    if (counts_as_work(kind)) {
      ++pending_runs_;
      if (time > max_work_time_) max_work_time_ = time;
    }
  }
  // The latest time any work was ever scheduled for.
  int64_t max_work_time() const { return max_work_time_; }
  // Work in progress that `--drain` waits for: flow runs, campaign messages
  // and their deliveries, open automation sessions.
  static bool counts_as_work(WakeKind kind) {
    return kind == WakeKind::ResumeRun || kind == WakeKind::CampaignMessage || kind == WakeKind::CampaignDelivery ||
           kind == WakeKind::SessionTimeout;
  }
  // Wake-ups of flow runs still in progress. Date triggers and segment
  // rechecks recur for ever (a birthday comes every year), so `--drain`
  // stops when no run is left waiting rather than when the heap is empty.
  size_t pending_runs() const { return pending_runs_; }
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  const WakeUp& top() const { return heap_.front(); }
  WakeUp pop() {
    WakeUp w = heap_.front();
    WakeUp last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
    if (counts_as_work(w.kind())) --pending_runs_;
    if (changed_ && owned_by_profile(w.kind())) changed_->mark(w.profile);
    return w;
  }

  // --- what a saved state needs (docs/state-design.md section 2): every
  // pending wake-up with its sequence number, in no particular order, and
  // the numbers that go on from them.
  const std::vector<WakeUp>& pending() const { return heap_; }
  uint64_t next_seq() const { return next_seq_; }
  // Replaces everything with saved wake-ups (their own sequence numbers, so
  // ties pop in the order they had), the next number to give and the
  // `--drain` horizon. Dead wake-ups must be among them: they count as work.
  void restore(const std::vector<WakeUp>& wakeups, uint64_t next_seq, int64_t max_work_time) {
    heap_.clear();
    pending_runs_ = 0;
    for (const WakeUp& w : wakeups) {
      push(w);
      if (counts_as_work(w.kind())) ++pending_runs_;
    }
    next_seq_ = next_seq;
    max_work_time_ = max_work_time;
  }

 private:
  // A 4-ary min-heap in a vector: half the levels of a binary heap, and the
  // four children of a node share a cache line or two, which is what popping
  // from millions of pending wake-ups spends its time on. (time, sequence)
  // is a total order, so the order of pops is the same in any heap.
  static constexpr size_t kArity = 4;
  static bool before(const WakeUp& a, const WakeUp& b) {
    return a.time != b.time ? a.time < b.time : a.seq_kind < b.seq_kind;
  }
  void push(const WakeUp& w) {
    size_t i = heap_.size();
    heap_.push_back(w);
    while (i > 0) {
      size_t parent = (i - 1) / kArity;
      if (!before(w, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = w;
  }
  // Puts `w` in the root's place and moves it down to where it belongs.
  void sift_down(const WakeUp& w) {
    size_t n = heap_.size(), i = 0;
    for (;;) {
      size_t first = i * kArity + 1;
      if (first >= n) break;
      size_t best = first, end = std::min(first + kArity, n);
      for (size_t c = first + 1; c < end; ++c)
        if (before(heap_[c], heap_[best])) best = c;
      if (!before(heap_[best], w)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = w;
  }

  std::vector<WakeUp> heap_;
  uint64_t next_seq_ = 0;
  size_t pending_runs_ = 0;
  int64_t max_work_time_ = INT64_MIN;
  DirtySet* changed_ = nullptr;
};

}  // namespace flowc::engine
