// What typed code (typed_lowering.h) calls for the cases it does not run
// inline, and the kind it returns when it cannot give the result itself.
// No LLVM here.
//
// Values travel as a kind byte and an 8-byte payload (ir::Value::payload()).
// Each helper is one of the VM's kind-and-payload operations
// (vm/typed_ops.h), which the VM's register code runs too, so typed code
// agrees with the VM by construction. A helper whose result would own a new
// string or list returns kDeoptimise: typed code then gives up, and the
// caller runs the chunk the general way.
#pragma once

#include <cstdint>

#include "vm/typed_ops.h"
#include "vm/typed_view.h"

namespace flowc::jit {

// A typed function's return kind meaning "run this chunk the general way".
constexpr uint8_t kDeoptimise = vm::typed_ops::kDeoptimise;

}  // namespace flowc::jit

extern "C" {
// The aggregate's value, asked of view->context; returns its kind.
uint8_t flowc_typed_aggregate(const flowc::vm::TypedView* view, uint32_t aggregate, uint64_t* out);
// Add Sub Mul Div Mod (opcode) of two values; returns the result's kind.
uint8_t flowc_typed_arithmetic(uint32_t opcode, uint8_t left_kind, uint64_t left, uint8_t right_kind, uint64_t right,
                               uint64_t* out);
uint8_t flowc_typed_neg(uint8_t kind, uint64_t payload, uint64_t* out);
// Eq Ne Lt Le Gt Ge (opcode): 1 when it holds.
int32_t flowc_typed_compare(uint32_t opcode, uint8_t left_kind, uint64_t left, uint8_t right_kind, uint64_t right);
// `item in list`: 1 when it holds.
int32_t flowc_typed_in(uint8_t item_kind, uint64_t item, uint8_t list_kind, uint64_t list);
// Whether condition `chunk` holds, run by view->evaluator (a chunk without
// typed code, or one whose typed code deoptimised): 1 when it holds.
int32_t flowc_typed_holds(const flowc::vm::TypedView* view, uint32_t chunk);
// A built-in function over `argc` values; returns the result's kind.
uint8_t flowc_typed_call(const flowc::vm::TypedView* view, uint32_t builtin, uint32_t argc, const uint8_t* kinds,
                         const uint64_t* payloads, uint64_t* out);
}
