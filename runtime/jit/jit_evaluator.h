// The JIT engine: runs a module's chunks as native code compiled by LLVM ORC
// (`flowc run --engine jit`). No LLVM types in this header.
//
// Design: at creation every chunk is planned (frame.h: the stack depth before
// each instruction is static) and lowered to one LLVM function; all of them
// go into one LLVM module per program, optimised at O1 by default and
// compiled at once. A generated function calls the flowc_jit_* helpers with
// slot numbers fixed at compile time, and the helpers call the VM's own
// operations: the JIT removes the dispatch loop, operand decoding and bounds
// checks, and cannot disagree with the VM on what an operation means. A chunk
// that cannot be given a fixed frame (never one from the lowering) runs in
// the VM.
//
// With a cache directory, the compiled object is stored under a hash of the
// module's bytes (plus LLVM version, host and optimisation level) and a later
// run of the same module loads it without generating or optimising any IR.
//
// Thread-safety: evaluate() may be called re-entrantly (a segment condition
// evaluated from inside another chunk) and from several threads; the
// evaluator must outlive every call and the module must outlive it.
#pragma once

#include <memory>
#include <string>

#include "ir/module.h"
#include "vm/evaluator.h"

namespace flowc::jit {

struct JitOptions {
  unsigned opt_level = 1;  // 0-3: LLVM's O0..O3 for the IR pipeline and the code generator
  std::string cache_dir;   // empty: no object cache
  // Inline IR for scalar operations (jit_evaluator.cpp, docs/jit.md,
  // Performance). Off by default: equivalent (fuzzed) and ~2x faster on
  // micro-benchmarks, but no faster end to end on bench/filter_heavy.flow,
  // where the cost is around the chunk, and slower at O1's fast instruction
  // selector. FLOWC_JIT_FAST=1 / =0 overrides this.
  bool fast_paths = false;
};

struct JitStats {
  double compile_ms = 0;        // planning + IR generation + optimisation + machine code (or cache load)
  size_t chunks_compiled = 0;
  size_t chunks_interpreted = 0;  // could not be compiled; run in the VM
  bool cache_hit = false;
};

class JitEvaluator : public vm::Evaluator {
 public:
  // Compiles every chunk of `module`. Returns null and sets `error` when LLVM
  // cannot (no native target, out of memory); the caller may fall back to the VM.
  static std::unique_ptr<JitEvaluator> create(const ir::Module& module, const JitOptions& options,
                                              std::string* error);
  ~JitEvaluator() override;

  ir::Value evaluate(ir::Index chunk, vm::EvalContext& context) override;
  const char* name() const override { return "jit"; }
  const JitStats& stats() const { return stats_; }

 private:
  struct Session;
  using ChunkFn = void (*)(void* frame);
  explicit JitEvaluator(const ir::Module& module);

  const ir::Module& module_;
  std::unique_ptr<Session> session_;  // owns the code the pointers below point into
  std::vector<ChunkFn> functions_;    // by chunk; null: run in the VM
  std::vector<uint32_t> slots_;       // frame size by chunk
  JitStats stats_;
};

}  // namespace flowc::jit
