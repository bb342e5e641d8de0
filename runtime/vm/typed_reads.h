// Reading one value of the typed layout (typed_view.h) in C++: what the
// VM's load instructions do when the context offers a view, the same reads
// the JIT's typed code makes in generated code (jit/typed_lowering.cpp), so
// both engines read the profile where the engine keeps it and neither
// makes a virtual call per value. Each function is the context method it
// replaces (EvalContext::profile_property, in_list, ...), and answers the
// same for every view a context fills.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>

#include "ir/module.h"
#include "vm/typed_view.h"

namespace flowc::vm::typed_reads {

// Profile property `slot` as a kind and a payload that borrows from the
// block (unset past the block or without one).
inline ir::ValueKind property_payload(const TypedView& view, ir::Index slot, uint64_t& payload) {
  payload = 0;
  const auto* block = static_cast<const unsigned char*>(*view.properties);
  if (!block) return ir::ValueKind::Unset;
  uint32_t count;
  std::memcpy(&count, block, sizeof count);
  if (slot >= count) return ir::ValueKind::Unset;
  std::memcpy(&payload, block + typed_layout::property_payloads(count) + slot * sizeof payload, sizeof payload);
  return static_cast<ir::ValueKind>(block[typed_layout::kPropertyKinds + slot]);
}
// The same as a Value (a string shares the block's).
inline ir::Value property(const TypedView& view, ir::Index slot) {
  uint64_t payload;
  const ir::ValueKind kind = property_payload(view, slot, payload);
  return ir::Value::from_payload(kind, payload);
}

inline bool bit(const uint64_t* words, uint32_t count, ir::Index i) {
  return i < count && ((words[i / 64] >> (i % 64)) & 1);
}
inline bool in_list(const TypedView& view, ir::Index list) { return bit(view.list_words, view.list_count, list); }
inline bool in_segment(const TypedView& view, ir::Index segment) {
  return bit(view.segment_words, view.segment_count, segment);
}
inline ir::Consent consent(const TypedView& view, ir::ConsentChannel channel) {
  return view.consent[static_cast<size_t>(channel)];
}

// The figure of aggregate `a` over all time in the profile's aggregate
// block (the first 8 bytes of its state: a count, a sum's bits or the time
// of the latest event); `none` when the profile has counted no event for it.
inline int64_t all_time_figure(const TypedView& view, ir::Index a, int64_t none) {
  const auto* block = static_cast<const unsigned char*>(*view.aggregates);
  if (!block) return none;
  uint32_t count, capacity;
  std::memcpy(&count, block, sizeof count);
  std::memcpy(&capacity, block + typed_layout::kAggregateCapacity, sizeof capacity);
  const unsigned char* states = block + typed_layout::kAggregateStates;
  const unsigned char* indexes = states + capacity * typed_layout::kAggregateStateBytes;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t index;
    std::memcpy(&index, indexes + i * sizeof index, sizeof index);
    if (index != a) continue;
    int64_t figure;
    std::memcpy(&figure, states + i * typed_layout::kAggregateStateBytes, sizeof figure);
    return figure;
  }
  return none;
}

// Aggregate `a` over all time (nothing counted: count 0, sum 0, no `last`);
// nullopt for an aggregate over a window, which only the context can compute.
inline std::optional<ir::Value> aggregate_over_all_time(const TypedView& view, const ir::Module& module, ir::Index a) {
  if (a >= module.aggregates.size() || module.aggregates[a].window != ir::WindowKind::All) return std::nullopt;
  const ir::AggregateKind kind = module.aggregates[a].kind;
  const int64_t figure = all_time_figure(view, a, kind == ir::AggregateKind::Last ? -1 : 0);
  switch (kind) {
    case ir::AggregateKind::Count: return ir::Value::integer(figure);
    case ir::AggregateKind::Sum: {
      double sum;
      std::memcpy(&sum, &figure, sizeof sum);  // a zero figure is +0.0
      return ir::Value::number(sum);
    }
    case ir::AggregateKind::Last: return figure < 0 ? ir::Value::unset() : ir::Value::datetime(figure);
  }
  return std::nullopt;
}

}  // namespace flowc::vm::typed_reads
