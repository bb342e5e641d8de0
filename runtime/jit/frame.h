// The calling convention between JIT-compiled chunks and the runtime, and the
// static plan of a chunk (no LLVM here).
//
// A compiled chunk is `void flowc_chunk_<N>(Frame*)`. The caller (the
// JitEvaluator trampoline) owns the frame: `slots` are ir::Value objects, one
// per stack depth the chunk reaches, constructed unset before the call and
// destroyed after it. Without fast paths the generated code never touches a
// Value itself (with them it reads kinds and writes scalars inline, see
// jit_evaluator.cpp's Lowering): it calls the `flowc_jit_*` helpers below with the frame and slot numbers that
// the compiler worked out statically (the stack depth before every
// instruction is fixed, because jumps only go forward). The helpers call the
// VM's own operations (vm/ops.h), so both engines compute the same values by
// construction; the JIT only removes the dispatch loop and operand decoding.
//
// A chunk's result is `Frame::result`, written by flowc_jit_return; every
// path that the VM would abandon (a malformed instruction, falling off the
// end) simply returns, which leaves the result unset, as the VM gives.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/module.h"
#include "vm/chunk_plan.h"
#include "vm/vm.h"

namespace flowc::jit {

struct Frame {
  ir::Value* slots;           // the value stack: slots[d] is the value at depth d
  const ir::Module* module;   // for constants
  vm::EvalContext* context;   // the world
  const vm::TypedView* view;  // the world in the typed layout, for typed code the dispatch calls (null: none)
  ir::Value result;           // unset until a Return runs
};

// What the compiler knows about one chunk before emitting any code: the
// VM's plan (vm/chunk_plan.h), which its register code is built from too.
using vm::ChunkPlan;
using vm::plan_chunk;
using vm::vm_gives_up;

}  // namespace flowc::jit

// The helpers the generated code calls. `dst` is a slot number; operands of
// an n-ary operation are slots dst..dst+n-1 and the result goes to dst.
extern "C" {
void flowc_jit_const(flowc::jit::Frame* f, uint32_t dst, uint32_t constant);
void flowc_jit_load_profile(flowc::jit::Frame* f, uint32_t dst, uint32_t slot);
void flowc_jit_load_builtin(flowc::jit::Frame* f, uint32_t dst, uint32_t field);
void flowc_jit_load_consent(flowc::jit::Frame* f, uint32_t dst, uint32_t channel);
void flowc_jit_load_event(flowc::jit::Frame* f, uint32_t dst, uint32_t slot);
void flowc_jit_load_special(flowc::jit::Frame* f, uint32_t dst, uint32_t name);
void flowc_jit_now(flowc::jit::Frame* f, uint32_t dst);
void flowc_jit_in_list(flowc::jit::Frame* f, uint32_t dst, uint32_t list);
void flowc_jit_in_segment(flowc::jit::Frame* f, uint32_t dst, uint32_t segment);
void flowc_jit_aggregate(flowc::jit::Frame* f, uint32_t dst, uint32_t aggregate);
void flowc_jit_make_list(flowc::jit::Frame* f, uint32_t dst, uint32_t n);
void flowc_jit_add(flowc::jit::Frame* f, uint32_t dst);
void flowc_jit_sub(flowc::jit::Frame* f, uint32_t dst);
void flowc_jit_mul(flowc::jit::Frame* f, uint32_t dst);
void flowc_jit_div(flowc::jit::Frame* f, uint32_t dst);
void flowc_jit_mod(flowc::jit::Frame* f, uint32_t dst);
void flowc_jit_neg(flowc::jit::Frame* f, uint32_t dst);
void flowc_jit_compare(flowc::jit::Frame* f, uint32_t dst, uint32_t opcode);
void flowc_jit_not(flowc::jit::Frame* f, uint32_t dst);
void flowc_jit_is_set(flowc::jit::Frame* f, uint32_t dst);
void flowc_jit_in(flowc::jit::Frame* f, uint32_t dst);
void flowc_jit_call(flowc::jit::Frame* f, uint32_t dst, uint32_t builtin, uint32_t argc);
int32_t flowc_jit_truthy(flowc::jit::Frame* f, uint32_t slot);
void flowc_jit_set_false(flowc::jit::Frame* f, uint32_t slot);
void flowc_jit_return(flowc::jit::Frame* f, uint32_t slot);
// slots[dst] = a scalar {kind, i, n}, releasing what the slot held (the fast
// paths' store when the slot may own a string or list).
void flowc_jit_store(flowc::jit::Frame* f, uint32_t dst, uint32_t kind, int64_t i, double n);
// Step dispatch: the truth of the chunk just run, resetting the result and
// slots 0..used-1 to unset; a condition run by the VM instead.
int32_t flowc_jit_take_truthy(flowc::jit::Frame* f, uint32_t used);
int32_t flowc_jit_vm_holds(flowc::jit::Frame* f, uint32_t chunk);
// Returns 0 when the VM would give up (an unknown filter).
int32_t flowc_jit_filter(flowc::jit::Frame* f, uint32_t dst, uint32_t filter, uint32_t has_arg);
void flowc_jit_to_text(flowc::jit::Frame* f, uint32_t dst);
void flowc_jit_escape(flowc::jit::Frame* f, uint32_t dst, uint32_t how);
void flowc_jit_concat(flowc::jit::Frame* f, uint32_t dst, uint32_t n);
}
