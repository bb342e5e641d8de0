// Lowering of planned chunks (frame.h) and of each flow's step dispatch to
// LLVM IR. Internal to runtime/jit: includes LLVM.
//
// Symbols, all in one JITDylib so a unit's code may call another unit's:
//   void     flowc_chunk_<C>(ptr frame)              a chunk (frame.h)
//   uint32_t flowc_branch_<F>(ptr frame, i32 step)   flow F's step dispatch
//   int32_t  flowc_filters_<F>(ptr frame)            flow F's profile filters
#pragma once

#include <llvm/IR/Module.h>

#include <functional>
#include <string>
#include <vector>

#include "ir/module.h"
#include "jit/frame.h"

namespace flowc::jit {

// A function attribute: the function's IR is emitted folded (typed code,
// the segment kernel), and at O1 the IR passes skip it (jit.cpp).
inline constexpr const char* kPreFolded = "flowc-prefolded";

std::string chunk_symbol(size_t chunk);
std::string branch_symbol(size_t flow);
std::string filters_symbol(size_t flow);

// What flowc_branch_<F> returns for a step that is not a Branch.
constexpr uint32_t kNotABranch = 0xFFFFFFFE;

// Adds `void flowc_chunk_<chunk>(ptr frame)` to `out`.
void lower_chunk(llvm::Module& out, const ir::Module& module, size_t chunk, const ChunkPlan& plan, bool fast);

// What code a chunk has in the unit being lowered.
enum class ChunkCode { None, Frame, Typed };

// Adds flowc_branch_<flow> and flowc_filters_<flow> to `out`: a switch over
// the flow's Branch steps that calls each condition's chunk in order
// (directly when `code(chunk)` says it has code in this unit, else through
// the VM; typed code reads Frame::view, and runs in the VM without one or
// when it deoptimises) and returns the
// first target whose condition holds, else the else target; and the
// conjunction of the profile filters with early exit. Between two chunks the
// frame is reset (flowc_jit_take_truthy), so its slots must number at least
// `dispatch_frame_slots`.
void lower_flow_dispatch(llvm::Module& out, const ir::Module& module, size_t flow,
                         const std::vector<ChunkPlan>& plans, const std::function<ChunkCode(size_t)>& code);
uint32_t dispatch_frame_slots(const ir::Module& module, size_t flow, const std::vector<ChunkPlan>& plans);

}  // namespace flowc::jit
