// The segment kernel: a program's whole segment pass as one native
// function (vm::Evaluator::segment_pass). Internal to runtime/jit: includes
// LLVM.
//
//   void flowc_segment_pass(const TypedView* view, const uint64_t* which, uint64_t* members)
//
// For each segment in order whose bit is set in `which`, it runs the
// condition's typed code (typed_lowering.h) directly, or asks
// view->evaluator (flowc_typed_holds) for a condition without typed code or
// whose typed code deoptimised, and writes the result to the segment's bit
// in `members`, which is the memory the view's segment words point at: a
// later segment's `in segment` reads the new membership. No context
// object, frame, virtual call or ir::Value per segment.
#pragma once

#include <llvm/IR/Module.h>

#include <functional>
#include <string>

#include "ir/module.h"
#include "jit/lowering.h"

namespace flowc::jit {

inline const char* segment_kernel_symbol() { return "flowc_segment_pass"; }

// Adds flowc_segment_pass to `out`; `code(chunk)` says which conditions
// have typed code in this module (ChunkCode::Typed), the rest go through
// the helper.
void lower_segment_kernel(llvm::Module& out, const ir::Module& module, const std::function<ChunkCode(size_t)>& code);

}  // namespace flowc::jit
