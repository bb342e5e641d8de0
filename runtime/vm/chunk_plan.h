// What can be known about a chunk before running it: the stack depth before
// each instruction, and whether every value it handles is a scalar or a
// borrowed string or list (a "typed" chunk). The VM's register code
// (register_code.h) and the JIT's lowerings (runtime/jit) are built from
// this plan, so the two back ends agree on which chunks they take.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/module.h"

namespace flowc::vm {

struct ChunkPlan {
  // False when two paths reach one instruction with different stack depths
  // (only a hand-made chunk does that): such a chunk runs on the stack VM.
  bool compilable = true;
  uint32_t slots = 1;           // the deepest the stack gets
  std::vector<int32_t> depth;   // stack depth before each instruction; -1: unreachable
};

ChunkPlan plan_chunk(const ir::Module& module, const ir::Chunk& chunk);

// Whether instruction `in` (at index pc, stack depth `depth` before it) is
// one the VM abandons with unset as soon as it reaches it.
bool vm_gives_up(const ir::Module& module, const ir::Chunk& chunk, size_t pc, int32_t depth);

// The most arguments a typed chunk passes to a built-in (built-ins take at
// most three; a hand-made chunk passing thousands stays on the stack VM).
inline constexpr uint16_t kMostTypedArguments = 8;

// Whether a chunk is typed: a plan with fixed depths and no reachable
// instruction that makes a string or list (templates, lower(), upper(),
// list literals, the built-in texts and template names). Such a chunk
// could never give a result without a new heap value, which typed code
// (the JIT's and the VM's register code) has nowhere to keep.
bool typed_chunk(const ir::Module& module, const ir::Chunk& chunk, const ChunkPlan& plan);

}  // namespace flowc::vm
