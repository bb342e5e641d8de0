#include "engine/segment_dependencies.h"

#include <algorithm>

namespace flowc::engine {

namespace {

// What one segment reads, its own condition and the segments it uses.
struct Reads {
  std::vector<bool> slots, metrics;
  std::vector<bool> segments;  // the segments it uses, directly or through one it uses
  bool clock = false;          // through a segment it uses too
  bool own_clock = false;      // in its own condition
};

Reads reads_of(const ir::Module& module, ir::Index segment, const std::vector<Reads>& earlier) {
  Reads in;
  in.slots.assign(module.profile_properties.size(), false);
  in.metrics.assign(module.metrics.size(), false);
  in.segments.assign(module.segments.size(), false);
  const ir::SegmentDef& s = module.segments[segment];
  if (s.condition >= module.chunks.size()) return in;
  for (const ir::Instr& instr : module.chunks[s.condition].code) {
    const size_t a = static_cast<size_t>(instr.a);
    switch (instr.op) {
      case ir::Opcode::LoadProfile:
        if (a < in.slots.size()) in.slots[a] = true;
        break;
      case ir::Opcode::Aggregate:
        if (a < module.aggregates.size() && module.aggregates[a].metric < in.metrics.size())
          in.metrics[module.aggregates[a].metric] = true;
        break;
      case ir::Opcode::Now: in.clock = in.own_clock = true; break;
      case ir::Opcode::Call:
        if (instr.a == static_cast<int32_t>(ir::Builtin::DaysSince) ||
            instr.a == static_cast<int32_t>(ir::Builtin::HoursSince))
          in.clock = in.own_clock = true;
        break;
      case ir::Opcode::InSegment:
        // Segments come in dependency order: the one used is already known.
        if (a < segment) {
          const Reads& used = earlier[a];
          for (size_t i = 0; i < in.slots.size(); ++i) in.slots[i] = in.slots[i] || used.slots[i];
          for (size_t i = 0; i < in.metrics.size(); ++i) in.metrics[i] = in.metrics[i] || used.metrics[i];
          for (size_t i = 0; i < in.segments.size(); ++i) in.segments[i] = in.segments[i] || used.segments[i];
          in.segments[a] = true;
          in.clock = in.clock || used.clock;
        } else {
          in.clock = in.own_clock = true;  // not expected; evaluate it every time
        }
        break;
      default: break;
    }
  }
  return in;
}

}  // namespace

SegmentDependencies::SegmentDependencies(const ir::Module& module)
    : segments_(module.segments.size()), words_((module.segments.size() + 63) / 64) {
  clock_.assign(words_, 0);
  own_clock_.assign(words_, 0);
  readers_.assign(segments_, std::vector<uint64_t>(words_, 0));
  by_metric_.assign(module.metrics.size(), std::vector<uint64_t>(words_, 0));
  by_slot_.assign(module.profile_properties.size(), std::vector<uint64_t>(words_, 0));
  std::vector<Reads> reads;
  for (ir::Index s = 0; s < segments_; ++s) {
    reads.push_back(reads_of(module, s, reads));
    const Reads& in = reads.back();
    if (in.clock) add(clock_, s);
    if (in.own_clock) add(own_clock_, s);
    for (ir::Index used = 0; used < s; ++used)
      if (in.segments[used]) add(readers_[used], s);
    for (size_t m = 0; m < in.metrics.size(); ++m)
      if (in.metrics[m]) add(by_metric_[m], s);
    for (size_t slot = 0; slot < in.slots.size(); ++slot)
      if (in.slots[slot]) add(by_slot_[slot], s);
  }
}

void SegmentDependencies::select(ir::Index metric, const std::vector<ir::Index>* slots, uint64_t* which) const {
  std::copy(clock_.begin(), clock_.end(), which);
  auto merge = [&](const std::vector<uint64_t>& from) {
    for (size_t w = 0; w < words_; ++w) which[w] |= from[w];
  };
  if (metric < by_metric_.size()) merge(by_metric_[metric]);
  if (slots)
    for (ir::Index slot : *slots)
      if (slot < by_slot_.size()) merge(by_slot_[slot]);
}

void SegmentDependencies::select_all(uint64_t* which) const {
  for (size_t w = 0; w < words_; ++w) {
    const size_t left = segments_ - w * 64;
    which[w] = left >= 64 ? ~uint64_t{0} : (uint64_t{1} << left) - 1;
  }
}

bool SegmentDependencies::select_readers(const uint64_t* changed, uint64_t* which) const {
  std::fill(which, which + words_, 0);
  uint64_t any = 0;
  for (size_t w = 0; w < words_; ++w)
    for (uint64_t bits = changed[w]; bits; bits &= bits - 1) {
      const size_t s = w * 64 + static_cast<size_t>(__builtin_ctzll(bits));
      for (size_t v = 0; v < words_; ++v) any |= which[v] |= readers_[s][v];
    }
  return any != 0;
}

}  // namespace flowc::engine
