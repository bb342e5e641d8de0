// The typed layout: one profile at one moment as compiled code reads it in
// place, without a virtual call per value.
//
// Every value is a kind byte and an 8-byte payload (ir::Value::payload():
// the number's bits, the integer, or the address of a string's or list's
// heap part, which the view borrows). A profile's schema properties are
// two arrays of those by slot in one block (engine/property_slots.h keeps
// them so; the block's layout is `typed_layout` below);
// list and segment membership are bit sets (engine/flag_set.h words);
// consent is one byte per channel; an aggregate over all time is one
// figure in the profile's aggregate states. What has no place here
// (aggregates over a window, which are computed from the events kept, and
// the built-in texts) is asked of `context`, the same EvalContext the VM
// uses.
//
// The engine fills a view for each evaluation (EvalContext::typed_view);
// the JIT's typed code (runtime/jit/typed_lowering.h) reads it. The view
// only borrows: it is valid while the profile is not changed.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ir/module.h"

namespace flowc::vm {

class EvalContext;
class Evaluator;

// Where things are in the blocks the view points at. The engine's
// PropertySlots and AggregateStates are built from these, so compiled code
// and the engine cannot disagree.
namespace typed_layout {
// Properties: a uint32_t slot count n, n kind bytes, then n payloads.
inline constexpr size_t kPropertyKinds = 4;
inline constexpr size_t property_payloads(size_t n) { return (kPropertyKinds + n + 7) / 8 * 8; }
// Aggregates: a uint32_t count n and capacity c, c states of
// kAggregateStateBytes (the figure of an All window in their first 8
// bytes; n of them used), then c uint32_t aggregate indexes.
inline constexpr size_t kAggregateCapacity = 4;
inline constexpr size_t kAggregateStates = 8;
inline constexpr size_t kAggregateStateBytes = 16;
}  // namespace typed_layout

struct TypedView {
  // Where the profile keeps the address of its property block (null: no
  // slots) and of its aggregate block (null: nothing counted). Compiled code
  // follows them only when it reads a property or an aggregate, so a view
  // costs no cache miss on blocks the code does not read.
  const void* const* properties = nullptr;
  const void* const* aggregates = nullptr;
  uint32_t event_count = 0;                    // `event.` slots (0: no event)
  const ir::Value* event = nullptr;
  const uint64_t* list_words = nullptr;        // membership bit sets
  const uint64_t* segment_words = nullptr;
  uint32_t list_count = 0;
  uint32_t segment_count = 0;
  const ir::Consent* consent = nullptr;        // ir::kConsentChannels bytes
  int64_t created = 0;                         // profile.created, seconds
  int64_t now = 0;                             // seconds since 1970 UTC
  EvalContext* context = nullptr;              // aggregates and anything else
  const uint64_t* constant_payloads = nullptr; // by constant; filled by the evaluator
  Evaluator* evaluator = nullptr;              // filled by the evaluator: what runs a chunk typed code does not
};

static_assert(sizeof(ir::Consent) == 1, "compiled code reads consent as bytes");

}  // namespace flowc::vm
