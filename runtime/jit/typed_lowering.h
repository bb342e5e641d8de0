// Typed lowering: a chunk compiled to code over the typed layout
// (vm/typed_view.h), with its values in registers. Internal to runtime/jit:
// includes LLVM.
//
//   uint8_t flowc_typed_<C>(const TypedView* view, uint64_t* payload)
//
// returns the result's kind and writes its payload (ir::Value::payload()),
// or returns kDeoptimise (typed_helpers.h) when the chunk needs what typed
// code cannot hold; the caller then runs it the general way (lowering.h).
//
// Where the frame lowering keeps every stack value in a 24-byte ir::Value
// in memory and asks the EvalContext for each load, typed code keeps each
// stack value as two SSA registers (a kind byte and a payload), reads
// profile properties, event properties, list and segment bits, consent,
// `created` and `now` in place from the view, folds constants, and runs
// comparisons, + - * on numbers, `not`, `is set` and the jumps inline. The
// rest (strings, aggregates, built-ins, other arithmetic) calls a helper
// that runs the VM's own operation on the values.
#pragma once

#include <llvm/IR/Module.h>

#include <string>

#include "ir/module.h"
#include "jit/frame.h"

namespace flowc::jit {

std::string typed_symbol(size_t chunk);

// Adds flowc_typed_<chunk> to `out`; the chunk must be typed (vm::typed_chunk,
// vm/chunk_plan.h).
void lower_typed_chunk(llvm::Module& out, const ir::Module& module, size_t chunk, const ChunkPlan& plan);

}  // namespace flowc::jit
