// Register code: a typed chunk (chunk_plan.h) translated for the VM's
// second loop, which runs it over the typed layout (typed_view.h).
//
// The stack VM keeps every value in a 24-byte ir::Value that it constructs,
// moves and destroys, decodes each instruction's operands as it runs, and
// checks the stack before each one. Register code does that work once,
// when the chunk is translated: the stack depth before each instruction is
// fixed (jumps only go forward), so the value at depth d lives in register
// d; a value is a kind byte and an 8-byte payload (ir::Value::payload())
// that borrows any string or list from the profile, the event or the
// module; a constant feeding an operator becomes that instruction's
// immediate operand; a comparison followed by a conditional jump becomes
// one instruction. Loads read the typed layout in place (typed_reads.h).
//
// This is the JIT's typed code (runtime/jit/typed_lowering.h) as an
// interpreter: the same chunks (vm::typed_chunk), the same operations on
// the same values (typed_ops.h), and the same escape hatch: an operation
// whose result would own a new string or list deoptimises, and the caller
// runs the chunk on the stack VM, which gives the same result (every
// instruction only reads, so running it again is safe).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ir/module.h"
#include "vm/typed_view.h"
#include "vm/vm.h"

namespace flowc::vm {

enum class RegisterOp : uint8_t {
  Constant,         // r = (kind, k)
  LoadProperty,     // r = profile property a
  LoadEvent,        // r = event property a
  LoadCreated,      // r = profile.created
  LoadConsent,      // r = consent of channel a
  Now,              // r = now
  InList,           // r = in list a
  InSegment,        // r = in segment a
  CountAll,         // r = count a over all time, read in place
  SumAll,           // r = sum a over all time, read in place
  LastAll,          // r = time of the latest event of aggregate a, read in place
  Aggregate,        // r = aggregate a over its window, asked of the context
  Arithmetic,       // r = r <sub> r+1 (Add Sub Mul Div Mod)
  ArithmeticK,      // r = r <sub> (kind, k)
  Compare,          // r = r <sub> r+1 (Eq Ne Lt Le Gt Ge)
  CompareK,         // r = r <sub> (kind, k)
  CompareKJumpIfFalse,  // CompareK, then: if false, r = false and go to a
  Neg,              // r = -r
  Not,              // r = not r
  IsSet,            // r = r is set
  In,               // r = r in r+1
  InK,              // r = r in (kind, k)
  Call,             // r = built-in a over registers r .. r+b-1
  Jump,             // go to a
  JumpIfFalse,      // if r is not true: r = false, go to a
  JumpIfTrue,       // if r is true: go to a
  Return,           // the result is r
  GiveUp,           // the result is unset (where the stack VM gives up or falls off the end)
};

struct RegisterInstr {
  RegisterOp op;
  ir::Opcode sub;  // the operator of Arithmetic*, Compare*
  uint8_t kind;    // the immediate's ir::ValueKind
  uint16_t b;      // Call: the argument count
  uint32_t r;      // the register written (and read)
  uint32_t a;      // an index (slot, list, aggregate, built-in) or a jump target
  uint64_t k;      // the immediate's payload
};

struct RegisterCode {
  // The most registers a chunk may use: they live in fixed arrays on the
  // loop's frame. A deeper chunk (only a hand-made one) stays on the stack VM.
  static constexpr uint32_t kMostRegisters = 64;
  std::vector<RegisterInstr> code;
};

// The chunk as register code; nullopt when it is not a typed chunk.
std::optional<RegisterCode> translate_to_registers(const ir::Module& module, const ir::Chunk& chunk);

// What register code gives: a kind and a payload that may borrow (as
// ir::Value::payload()), or the kind typed_ops::kDeoptimise: run the chunk
// on the stack VM instead.
struct RegisterResult {
  uint8_t kind;
  uint64_t payload;
  bool truthy() const { return kind == static_cast<uint8_t>(ir::ValueKind::Bool) && payload != 0; }
};

// Runs register code over `view` (which `context` filled).
RegisterResult run_registers(const RegisterCode& code, const TypedView& view, EvalContext& context);
// The same as a value of its own; nullopt when it deoptimised.
std::optional<ir::Value> evaluate_registers(const RegisterCode& code, const TypedView& view, EvalContext& context);

}  // namespace flowc::vm
