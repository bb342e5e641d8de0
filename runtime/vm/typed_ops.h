// The VM's operations over values as a kind byte and an 8-byte payload
// (ir::Value::payload()), for the code that keeps values that way: the
// VM's register code (register_code.h) and the JIT's typed code, whose
// helpers (runtime/jit/typed_helpers.h) call these. Each rebuilds
// ir::Values where it must and calls the VM's own operation (ops.h), so
// every back end computes what the stack VM computes, by construction.
//
// A result that would own a new string or list (a concatenation, a
// `default` that picks a string) is kDeoptimise instead: payload code has
// nowhere to keep it, and gives up so the caller runs the chunk the general
// way. Every operation only reads, so running the chunk again is safe.
// Private to runtime/vm and runtime/jit.
#pragma once

#include <cstdint>

#include "ir/module.h"
#include "vm/vm.h"

namespace flowc::vm::typed_ops {

// A result kind meaning "run this chunk the general way".
inline constexpr uint8_t kDeoptimise = 0xFF;

// The aggregate's value, asked of `context`; returns its kind.
uint8_t aggregate(EvalContext& context, uint32_t aggregate, uint64_t* out);
// Add Sub Mul Div Mod (`op`) of two values; returns the result's kind.
uint8_t arithmetic(ir::Opcode op, uint8_t left_kind, uint64_t left, uint8_t right_kind, uint64_t right, uint64_t* out);
uint8_t neg(uint8_t kind, uint64_t payload, uint64_t* out);
// Eq Ne Lt Le Gt Ge (`op`): whether it holds.
bool compare(ir::Opcode op, uint8_t left_kind, uint64_t left, uint8_t right_kind, uint64_t right);
// `item in list`.
bool in(uint8_t item_kind, uint64_t item, uint8_t list_kind, uint64_t list);
// A built-in function over `argc` values; returns the result's kind.
uint8_t call(EvalContext& context, ir::Builtin builtin, uint32_t argc, const uint8_t* kinds, const uint64_t* payloads,
             uint64_t* out);

}  // namespace flowc::vm::typed_ops
