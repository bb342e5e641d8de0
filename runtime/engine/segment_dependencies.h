// Which segments a change makes the engine evaluate again: the dependency
// index of the program's segment conditions.
//
// A segment reads some profile properties, the metrics of the aggregates it
// uses, and perhaps the clock (now(), days_since, hours_since); through
// `in segment` it also reads what the segments it uses read (segments come
// in dependency order). A record that counts an event of metric M, or
// changes properties P, changes only what reads M or P; the clock's
// segments are always evaluated again. The index keeps, for each metric and
// each property, the set of segments reading it as 64-bit words, so a
// change finds its segments with a few ORs (`select`), and the evaluator
// runs exactly those in one segment pass (vm::Evaluator::segment_pass).
#pragma once

#include <cstdint>
#include <vector>

#include "ir/module.h"

namespace flowc::engine {

class SegmentDependencies {
 public:
  explicit SegmentDependencies(const ir::Module& module);

  // Words needed for a bit set over the segments.
  size_t words() const { return words_; }
  // The segments to evaluate again after an event of `metric` was counted
  // (ir::kNone: none) and the properties `slots` changed (null: none), as
  // words() words in `which`.
  void select(ir::Index metric, const std::vector<ir::Index>* slots, uint64_t* which) const;
  // Every segment.
  void select_all(uint64_t* which) const;
  // The segments reading the clock in their own condition (the daily
  // sweep evaluates those).
  const std::vector<uint64_t>& own_clock_segments() const { return own_clock_; }
  // The segments using (directly or through others) a segment set in
  // `changed`, as words() words in `which`; false when there are none. A
  // segment comes after every segment it uses.
  bool select_readers(const uint64_t* changed, uint64_t* which) const;

 private:
  static void add(std::vector<uint64_t>& set, size_t i) { set[i / 64] |= uint64_t{1} << (i % 64); }

  size_t segments_ = 0;
  size_t words_ = 0;
  std::vector<uint64_t> clock_;                    // segments reading the clock, themselves or through others
  std::vector<uint64_t> own_clock_;                // ... in their own condition
  std::vector<std::vector<uint64_t>> readers_;     // by segment: the segments using it
  std::vector<std::vector<uint64_t>> by_metric_;   // segments reading each metric
  std::vector<std::vector<uint64_t>> by_slot_;     // segments reading each profile property
};

}  // namespace flowc::engine
