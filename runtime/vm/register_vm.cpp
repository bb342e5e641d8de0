// The loop that runs register code (register_code.h).
//
// Registers are two arrays, kinds and payloads, on this frame: nothing to
// construct or destroy, a built-in's arguments are already in place, and
// the translation has checked every operand, so an instruction is its work
// and nothing else. Numbers are combined inline exactly as
// ops::numeric_in_place does (int with int exactly and unset on overflow,
// otherwise as doubles, unset when not finite); everything else goes
// through typed_ops.h, the VM's own operations.
#include <cmath>
#include <cstring>

#include "vm/register_code.h"
#include "vm/typed_ops.h"
#include "vm/typed_reads.h"

namespace flowc::vm {

namespace {

using ir::Opcode;
using ir::ValueKind;

constexpr uint8_t kUnset = static_cast<uint8_t>(ValueKind::Unset);
constexpr uint8_t kBool = static_cast<uint8_t>(ValueKind::Bool);
constexpr uint8_t kInt = static_cast<uint8_t>(ValueKind::Int);
constexpr uint8_t kNumber = static_cast<uint8_t>(ValueKind::Number);
constexpr uint8_t kDateTime = static_cast<uint8_t>(ValueKind::DateTime);
constexpr uint8_t kConsent = static_cast<uint8_t>(ValueKind::Consent);

double as_double(uint8_t kind, uint64_t payload) {
  if (kind == kInt) return static_cast<double>(static_cast<int64_t>(payload));
  double d;
  std::memcpy(&d, &payload, sizeof d);
  return d;
}
uint64_t bits_of(double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return bits;
}

// The registers of one run, left uninitialised: the translation wrote
// each before any instruction reads it (stack discipline).
struct Registers {
  uint8_t kind[RegisterCode::kMostRegisters];
  uint64_t payload[RegisterCode::kMostRegisters];

  void set(uint32_t r, uint8_t k, uint64_t p) {
    kind[r] = k;
    payload[r] = p;
  }
  void set_bool(uint32_t r, bool b) { set(r, kBool, b ? 1 : 0); }
  bool truthy(uint32_t r) const { return kind[r] == kBool && payload[r] != 0; }
};

bool numeric(uint8_t kind) { return kind == kInt || kind == kNumber; }

// `l op r` for two numbers (both numeric), into register `r` of `regs`.
// Arithmetic: Add Sub Mul inline; Div and Mod (which have their own rules
// for zero) through typed_ops. Returns false when it deoptimised.
[[gnu::always_inline]] inline bool arithmetic(Registers& regs, uint32_t out, Opcode op, uint8_t lk, uint64_t l,
                                              uint8_t rk, uint64_t r) {
  if (numeric(lk) && numeric(rk) && op != Opcode::Div && op != Opcode::Mod) {
    if (lk == kInt && rk == kInt) {
      const auto a = static_cast<int64_t>(l), b = static_cast<int64_t>(r);
      int64_t x = 0;
      const bool overflowed = op == Opcode::Add   ? __builtin_add_overflow(a, b, &x)
                              : op == Opcode::Sub ? __builtin_sub_overflow(a, b, &x)
                                                  : __builtin_mul_overflow(a, b, &x);
      regs.set(out, overflowed ? kUnset : kInt, overflowed ? 0 : static_cast<uint64_t>(x));
      return true;
    }
    const double a = as_double(lk, l), b = as_double(rk, r);
    const double x = op == Opcode::Add ? a + b : op == Opcode::Sub ? a - b : a * b;
    regs.set(out, std::isfinite(x) ? kNumber : kUnset, std::isfinite(x) ? bits_of(x) : 0);
    return true;
  }
  uint64_t result = 0;
  const uint8_t kind = typed_ops::arithmetic(op, lk, l, rk, r, &result);
  if (kind == typed_ops::kDeoptimise) return false;
  regs.set(out, kind, result);
  return true;
}

[[gnu::always_inline]] inline bool compare(Opcode op, uint8_t lk, uint64_t l, uint8_t rk, uint64_t r) {
  if (!numeric(lk) || !numeric(rk)) return typed_ops::compare(op, lk, l, rk, r);
  if (lk == kInt && rk == kInt) {
    const auto a = static_cast<int64_t>(l), b = static_cast<int64_t>(r);
    switch (op) {
      case Opcode::Eq: return a == b;
      case Opcode::Ne: return a != b;
      case Opcode::Lt: return a < b;
      case Opcode::Le: return a <= b;
      case Opcode::Gt: return a > b;
      default: return a >= b;
    }
  }
  const double a = as_double(lk, l), b = as_double(rk, r);
  switch (op) {
    case Opcode::Eq: return a == b;
    case Opcode::Ne: return !(a == b);  // NaN != NaN holds
    case Opcode::Lt: return a < b;
    case Opcode::Le: return a <= b;
    case Opcode::Gt: return a > b;
    default: return a >= b;
  }
}

}  // namespace

// Never inlined: bench/bench.py counts the VM's evaluations by its calls.
[[gnu::noinline]] RegisterResult run_registers(const RegisterCode& code, const TypedView& view, EvalContext& context) {
  constexpr RegisterResult kDeoptimised{typed_ops::kDeoptimise, 0};
  Registers regs;  // NOLINT: written before read
  const RegisterInstr* program = code.code.data();
  size_t pc = 0;
  for (;;) {
    const RegisterInstr& in = program[pc++];
    const uint32_t r = in.r;
    switch (in.op) {
      case RegisterOp::Constant: regs.set(r, in.kind, in.k); break;
      case RegisterOp::LoadProperty: {
        uint64_t payload;
        const ValueKind kind = typed_reads::property_payload(view, in.a, payload);
        regs.set(r, static_cast<uint8_t>(kind), payload);
        break;
      }
      case RegisterOp::LoadEvent:
        if (in.a < view.event_count) regs.set(r, static_cast<uint8_t>(view.event[in.a].kind), view.event[in.a].payload());
        else regs.set(r, kUnset, 0);
        break;
      case RegisterOp::LoadCreated: regs.set(r, kDateTime, static_cast<uint64_t>(view.created)); break;
      case RegisterOp::LoadConsent:
        regs.set(r, kConsent, static_cast<uint64_t>(typed_reads::consent(view, static_cast<ir::ConsentChannel>(in.a))));
        break;
      case RegisterOp::Now: regs.set(r, kDateTime, static_cast<uint64_t>(view.now)); break;
      case RegisterOp::InList: regs.set_bool(r, typed_reads::in_list(view, in.a)); break;
      case RegisterOp::InSegment: regs.set_bool(r, typed_reads::in_segment(view, in.a)); break;
      case RegisterOp::CountAll: regs.set(r, kInt, static_cast<uint64_t>(typed_reads::all_time_figure(view, in.a, 0))); break;
      case RegisterOp::SumAll:  // the figure is the sum's bits; none is +0.0
        regs.set(r, kNumber, static_cast<uint64_t>(typed_reads::all_time_figure(view, in.a, 0)));
        break;
      case RegisterOp::LastAll: {
        const int64_t last = typed_reads::all_time_figure(view, in.a, -1);
        regs.set(r, last < 0 ? kUnset : kDateTime, last < 0 ? 0 : static_cast<uint64_t>(last));
        break;
      }
      case RegisterOp::Aggregate: {
        uint64_t payload = 0;
        const uint8_t kind = typed_ops::aggregate(context, in.a, &payload);
        if (kind == typed_ops::kDeoptimise) return kDeoptimised;
        regs.set(r, kind, payload);
        break;
      }
      case RegisterOp::Arithmetic:
        if (!arithmetic(regs, r, in.sub, regs.kind[r], regs.payload[r], regs.kind[r + 1], regs.payload[r + 1]))
          return kDeoptimised;
        break;
      case RegisterOp::ArithmeticK:
        if (!arithmetic(regs, r, in.sub, regs.kind[r], regs.payload[r], in.kind, in.k)) return kDeoptimised;
        break;
      case RegisterOp::Compare:
        regs.set_bool(r, compare(in.sub, regs.kind[r], regs.payload[r], regs.kind[r + 1], regs.payload[r + 1]));
        break;
      case RegisterOp::CompareK: regs.set_bool(r, compare(in.sub, regs.kind[r], regs.payload[r], in.kind, in.k)); break;
      case RegisterOp::CompareKJumpIfFalse:
        if (!compare(in.sub, regs.kind[r], regs.payload[r], in.kind, in.k)) {
          regs.set_bool(r, false);
          pc = in.a;
        }
        break;
      case RegisterOp::Neg: {
        uint64_t payload = 0;
        const uint8_t kind = typed_ops::neg(regs.kind[r], regs.payload[r], &payload);
        if (kind == typed_ops::kDeoptimise) return kDeoptimised;
        regs.set(r, kind, payload);
        break;
      }
      case RegisterOp::Not: regs.set_bool(r, !regs.truthy(r)); break;
      case RegisterOp::IsSet: regs.set_bool(r, regs.kind[r] != kUnset); break;
      case RegisterOp::In:
        regs.set_bool(r, typed_ops::in(regs.kind[r], regs.payload[r], regs.kind[r + 1], regs.payload[r + 1]));
        break;
      case RegisterOp::InK: regs.set_bool(r, typed_ops::in(regs.kind[r], regs.payload[r], in.kind, in.k)); break;
      case RegisterOp::Call: {
        uint64_t payload = 0;
        const uint8_t kind = typed_ops::call(context, static_cast<ir::Builtin>(in.a), in.b, regs.kind + r,
                                             regs.payload + r, &payload);
        if (kind == typed_ops::kDeoptimise) return kDeoptimised;
        regs.set(r, kind, payload);
        break;
      }
      case RegisterOp::Jump: pc = in.a; break;
      case RegisterOp::JumpIfFalse:
        if (!regs.truthy(r)) {
          regs.set_bool(r, false);  // unset counts as false
          pc = in.a;
        }
        break;
      case RegisterOp::JumpIfTrue:
        if (regs.truthy(r)) pc = in.a;
        break;
      case RegisterOp::Return: return RegisterResult{regs.kind[r], regs.payload[r]};
      case RegisterOp::GiveUp: return RegisterResult{kUnset, 0};
    }
  }
}

std::optional<ir::Value> evaluate_registers(const RegisterCode& code, const TypedView& view, EvalContext& context) {
  const RegisterResult result = run_registers(code, view, context);
  if (result.kind == typed_ops::kDeoptimise) return std::nullopt;
  return ir::Value::from_payload(static_cast<ValueKind>(result.kind), result.payload);  // shares a string it returns
}

}  // namespace flowc::vm
