// The JIT engine: runs a module's chunks, and each flow's step dispatch, as
// native code compiled by LLVM ORC (`flowc run --engine jit`). No LLVM types
// in this header.
//
// Design: at creation every chunk is planned (frame.h: the stack depth before
// each instruction is static) and the module is split into compile units
// (units.h: the program's segments, each flow, message, campaign and
// automation). A unit is lowered to one LLVM module, optimised at O1 by
// default and compiled the first time one of its chunks runs, so flows that
// never fire cost nothing (JitOptions::lazy; FLOWC_JIT_LAZY=0 compiles every
// unit up front). A generated chunk calls the flowc_jit_* helpers with slot
// numbers fixed at compile time, and the helpers call the VM's own
// operations: the JIT removes the dispatch loop, operand decoding and bounds
// checks, and cannot disagree with the VM on what an operation means. A flow's
// unit also holds its step dispatch (lowering.h): the choice of a Branch
// step's target and the profile-filter conjunction, calling the condition
// chunks directly. A chunk that cannot be given a fixed frame (never one from
// the lowering), and a unit LLVM failed to compile, run in the VM.
//
// With a cache directory (object_cache.h), each unit's object is stored under
// a hash of the module and a later run loads it without generating IR.
//
// Thread-safety: evaluate() may be called re-entrantly (a segment condition
// evaluated from inside another chunk) and from several threads (compiling a
// unit is serialised); the evaluator must outlive every call and the module
// must outlive it.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ir/module.h"
#include "vm/evaluator.h"

namespace flowc::jit {

struct Frame;  // frame.h

struct JitOptions {
  unsigned opt_level = 1;  // 0-3: LLVM's O0..O3 for the IR pipeline and the code generator
  std::string cache_dir;   // empty: no object cache
  // Compile each unit on first use (true), or every unit in create().
  // FLOWC_JIT_LAZY=0 / =1 overrides this.
  bool lazy = true;
  // Inline IR for scalar operations (lowering.cpp, docs/jit.md,
  // Performance). Off by default: equivalent (fuzzed) and ~2x faster on
  // micro-benchmarks, but no faster end to end on bench/filter_heavy.flow,
  // where the cost is around the chunk, and slower at O1's fast instruction
  // selector. FLOWC_JIT_FAST=1 / =0 overrides this.
  bool fast_paths = false;
  // Typed code (typed_lowering.h) for every chunk that makes no string or
  // list, run whenever the context offers the typed layout
  // (EvalContext::typed_view); the frame code stays for the rest and for
  // contexts without it. FLOWC_JIT_TYPED=0 / =1 overrides this.
  bool typed = true;
  // With typed code: the segment pass as one generated function
  // (segment_kernel.h) rather than one evaluate() per segment.
  // FLOWC_JIT_KERNEL=0 / =1 overrides this.
  bool segment_kernel = true;
};

struct JitStats {
  double compile_ms = 0;          // planning, and for each unit compiled so far: IR generation + optimisation + machine code (or cache load)
  size_t chunks_compiled = 0;     // in the units compiled so far
  size_t chunks_interpreted = 0;  // could not be compiled; run in the VM
  size_t chunks_typed = 0;        // of those compiled, as typed code (the rest: frame code)
  bool segment_kernel = false;    // the segment pass is one native function
  size_t units = 0;               // compile units with code in the module
  size_t units_compiled = 0;      // compiled (or loaded) so far
  size_t units_from_cache = 0;    // of those, loaded from the object cache
  size_t units_failed = 0;        // LLVM failed: their chunks run in the VM
  std::string first_failure;      // why, for the run summary
};

class JitEvaluator : public vm::Evaluator {
 public:
  // Plans `module` and, unless lazy, compiles every unit. Returns null and
  // sets `error` when LLVM cannot start (no native target) or, when not lazy,
  // cannot compile; the caller may fall back to the VM.
  static std::unique_ptr<JitEvaluator> create(const ir::Module& module, const JitOptions& options,
                                              std::string* error);
  ~JitEvaluator() override;

  ir::Value evaluate(ir::Index chunk, vm::EvalContext& context) override;
  ir::Index branch_target(ir::Index flow, ir::Index step, vm::EvalContext& context) override;
  bool filters_hold(ir::Index flow, vm::EvalContext& context) override;
  void segment_pass(const uint64_t* which, uint64_t* members, vm::EvalContext& context) override;
  const ir::Module& module() const override { return module_; }
  const char* name() const override { return "jit"; }
  const JitStats& stats() const { return stats_; }

 private:
  struct Session;
  using ChunkFn = void (*)(void* frame);
  using BranchFn = uint32_t (*)(void* frame, uint32_t step);
  using FiltersFn = int32_t (*)(void* frame);
  using TypedFn = uint8_t (*)(const vm::TypedView* view, uint64_t* payload);
  using SegmentKernelFn = void (*)(const vm::TypedView* view, const uint64_t* which, uint64_t* members);
  explicit JitEvaluator(const ir::Module& module);

  // Compiles (or loads) a unit the first time it is needed; false when LLVM
  // failed, and then the unit's chunks run in the VM.
  bool ensure_unit(uint32_t unit) {
    return ready_[unit].load(std::memory_order_acquire) ? unit_ok_[unit] : compile_unit(unit);
  }
  bool compile_unit(uint32_t unit);
  void offer_view(Frame& frame, vm::TypedView& view);
  bool fill_view(vm::EvalContext& context, vm::TypedView& view);
  std::string compile_unit_or_error(uint32_t unit);
  bool compilable(size_t chunk) const;
  bool has_code(uint32_t unit) const;

  const ir::Module& module_;
  std::unique_ptr<Session> session_;  // owns the code the pointers below point into
  // By chunk: its code once its unit is compiled (null until then, and for
  // a chunk the VM runs). Atomic, so that a call reads it first and skips
  // the unit's readiness (a compiled unit's chunks go straight to code).
  std::unique_ptr<std::atomic<ChunkFn>[]> functions_;
  // By chunk: its typed code once compiled (null: none, or not yet).
  std::unique_ptr<std::atomic<TypedFn>[]> typed_fns_;
  std::vector<uint64_t> constant_payloads_;  // the module's constants, as typed code reads them
  std::atomic<SegmentKernelFn> segment_kernel_{nullptr};  // segment_kernel.h, once its unit is compiled
  std::vector<uint32_t> slots_;       // frame size by chunk
  std::vector<BranchFn> branch_fns_;  // by flow
  std::vector<FiltersFn> filters_fns_;
  std::vector<uint32_t> dispatch_slots_;  // frame size of a flow's dispatch
  std::unique_ptr<std::atomic<bool>[]> ready_;  // by unit: compiled, or failed
  std::vector<uint8_t> unit_ok_;                // by unit, once ready (bytes, not bits: read while another unit compiles)
  std::mutex compiling_;
  JitStats stats_;
};

}  // namespace flowc::jit
