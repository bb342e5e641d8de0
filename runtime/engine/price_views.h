// Who viewed one product, for one price-drop flow: (time, profile, event)
// entries in time order, 16 bytes each, in a deque (fixed blocks: no
// doubling, and expired entries leave from the front). The event is an
// index into a small table of distinct event tuples, which holds only the
// slots the flow reads (none when it reads none): the views of one product
// mostly carry the same product name and id, so they share one tuple.
//
// A profile's later view of the product supersedes its earlier ones. Rather
// than look a profile up on every view, superseded and expired entries are
// dropped when the entries have doubled since they were last compacted.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <utility>
#include <vector>

#include "ir/value.h"

namespace flowc::engine {

class ProductViews {
 public:
  // A view at `time` (never before the latest one) with the event slots the
  // flow reads (empty when it reads none).
  void add(uint32_t profile, int64_t time, std::vector<ir::Value> event) {
    uint32_t e = kNoEvent;
    if (!event.empty()) e = intern(std::move(event));
    entries_.push_back(Entry{time, profile, e});
    if (entries_.size() >= 2 * static_cast<size_t>(compacted_) + 16) compact();
  }
  // Forgets the views at or before `cutoff`; `forgotten(profile)` is told
  // whose (a saved state keeps each profile's latest view with the profile).
  template <class F>
  void expire(int64_t cutoff, F&& forgotten) {
    while (!entries_.empty() && entries_.front().time <= cutoff) {
      forgotten(entries_.front().profile);
      entries_.pop_front();
    }
    if (entries_.size() < compacted_) compacted_ = static_cast<uint32_t>(entries_.size());
  }
  bool empty() const { return entries_.empty(); }
  // Calls f(profile, time, event) for every view kept, oldest first (a
  // profile's later view supersedes its earlier ones); `event` is null when
  // the flow reads no slot of it.
  template <class F>
  void for_each(F&& f) const {
    for (const Entry& v : entries_) f(v.profile, v.time, v.event == kNoEvent ? nullptr : &events_[v.event]);
  }
  // Calls f(profile, event) for the latest view of each profile, in profile
  // order; `event` is null when the flow reads no slot of it.
  template <class F>
  void for_latest(F&& f) const {
    std::vector<std::pair<uint32_t, uint32_t>> order;  // (profile, position)
    order.reserve(entries_.size());
    for (size_t i = 0; i < entries_.size(); ++i) order.emplace_back(entries_[i].profile, static_cast<uint32_t>(i));
    std::sort(order.begin(), order.end());
    for (size_t k = 0; k < order.size(); ++k) {
      if (k + 1 < order.size() && order[k + 1].first == order[k].first) continue;  // a later view follows
      const Entry& v = entries_[order[k].second];
      f(v.profile, v.event == kNoEvent ? nullptr : &events_[v.event]);
    }
  }

 private:
  static constexpr uint32_t kNoEvent = UINT32_MAX;
  struct Entry {
    int64_t time;
    uint32_t profile;
    uint32_t event;  // events_ index, kNoEvent: none kept
  };

  static bool same(const ir::Value& a, const ir::Value& b) {
    if (a.kind != b.kind || a.i != b.i) return false;
    switch (a.kind) {
      case ir::ValueKind::Number: return std::memcmp(&a.n, &b.n, sizeof a.n) == 0;
      case ir::ValueKind::String: return a.shared == b.shared || a.str() == b.str();
      case ir::ValueKind::List: return a.shared == b.shared;
      default: return true;
    }
  }
  static bool same(const std::vector<ir::Value>& a, const std::vector<ir::Value>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!same(a[i], b[i])) return false;
    return true;
  }
  // The index of an equal tuple among the latest few, else of a new one.
  uint32_t intern(std::vector<ir::Value> event) {
    if (last_ < events_.size() && same(events_[last_], event)) return last_;
    size_t stop = events_.size() > kSearch ? events_.size() - kSearch : 0;
    for (size_t i = events_.size(); i-- > stop;)
      if (same(events_[i], event)) return last_ = static_cast<uint32_t>(i);
    events_.push_back(std::move(event));
    return last_ = static_cast<uint32_t>(events_.size() - 1);
  }
  // Drops superseded entries and the tuples no entry uses.
  void compact() {
    std::vector<std::pair<uint32_t, uint32_t>> order;  // (profile, position)
    order.reserve(entries_.size());
    for (size_t i = 0; i < entries_.size(); ++i) order.emplace_back(entries_[i].profile, static_cast<uint32_t>(i));
    std::sort(order.begin(), order.end());
    std::vector<bool> keep(entries_.size(), false);
    for (size_t k = 0; k < order.size(); ++k)
      if (k + 1 == order.size() || order[k + 1].first != order[k].first) keep[order[k].second] = true;
    std::vector<std::pair<uint32_t, uint32_t>>().swap(order);
    std::vector<uint32_t> renumber(events_.size(), kNoEvent);
    std::vector<std::vector<ir::Value>> events;
    std::deque<Entry> entries;
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (!keep[i]) continue;
      Entry e = entries_[i];
      if (e.event != kNoEvent) {
        uint32_t& to = renumber[e.event];
        if (to == kNoEvent) {
          to = static_cast<uint32_t>(events.size());
          events.push_back(std::move(events_[e.event]));
        }
        e.event = to;
      }
      entries.push_back(e);
    }
    entries_ = std::move(entries);
    events_ = std::move(events);
    compacted_ = static_cast<uint32_t>(entries_.size());
    last_ = kNoEvent;
  }

  static constexpr size_t kSearch = 8;
  std::deque<Entry> entries_;
  std::vector<std::vector<ir::Value>> events_;
  uint32_t compacted_ = 0;  // entries after the last compaction
  uint32_t last_ = kNoEvent;  // the tuple the latest view used
};

}  // namespace flowc::engine
