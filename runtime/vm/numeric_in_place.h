// Two numbers combined in place (vm/ops.h, numeric_in_place): the VM's
// dispatch loop and the JIT's helpers try this before the generic
// operations (arithmetic.cpp, compare.cpp), which build a result Value and
// assign it over the left operand. A condition is mostly counts, sums and
// numeric properties compared with constants, so this is the path most of
// its operators take.
//
// It must give exactly what the generic operations give: int with int
// exactly and unset on overflow, otherwise as doubles, unset when not
// finite, comparisons with NaN false (but `!=` true). Private to
// runtime/vm and runtime/jit; tests/vm_test.cpp compares the two over
// every pair of kinds.
#pragma once

#include <cmath>
#include <cstdint>

#include "ir/module.h"

namespace flowc::vm::ops {

namespace detail {
// Numbers own nothing, so a result is written over the left value's fields.
inline void set_bool(ir::Value& l, bool b) {
  l.kind = ir::ValueKind::Bool;
  l.i = b;
  l.n = 0;
}
inline void set_int(ir::Value& l, int64_t x, bool overflowed) {
  l.kind = overflowed ? ir::ValueKind::Unset : ir::ValueKind::Int;
  l.i = overflowed ? 0 : x;
  l.n = 0;
}
inline void set_number(ir::Value& l, double x) {
  const bool finite = std::isfinite(x);
  l.kind = finite ? ir::ValueKind::Number : ir::ValueKind::Unset;
  l.i = 0;
  l.n = finite ? x : 0;
}
}  // namespace detail

inline bool numeric_in_place(ir::Opcode op, ir::Value& l, const ir::Value& r) {
  using ir::Opcode;
  using ir::ValueKind;
  const bool l_int = l.kind == ValueKind::Int, r_int = r.kind == ValueKind::Int;
  if (!(l_int || l.kind == ValueKind::Number) || !(r_int || r.kind == ValueKind::Number)) return false;
  if (l_int && r_int) {
    const int64_t a = l.i, b = r.i;
    int64_t out = 0;
    bool overflowed = false;  // set before `out` is read
    switch (op) {
      case Opcode::Add: overflowed = __builtin_add_overflow(a, b, &out); detail::set_int(l, out, overflowed); return true;
      case Opcode::Sub: overflowed = __builtin_sub_overflow(a, b, &out); detail::set_int(l, out, overflowed); return true;
      case Opcode::Mul: overflowed = __builtin_mul_overflow(a, b, &out); detail::set_int(l, out, overflowed); return true;
      case Opcode::Eq: detail::set_bool(l, a == b); return true;
      case Opcode::Ne: detail::set_bool(l, a != b); return true;
      case Opcode::Lt: detail::set_bool(l, a < b); return true;
      case Opcode::Le: detail::set_bool(l, a <= b); return true;
      case Opcode::Gt: detail::set_bool(l, a > b); return true;
      case Opcode::Ge: detail::set_bool(l, a >= b); return true;
      default: return false;
    }
  }
  const double a = l.as_number(), b = r.as_number();
  switch (op) {
    case Opcode::Add: detail::set_number(l, a + b); return true;
    case Opcode::Sub: detail::set_number(l, a - b); return true;
    case Opcode::Mul: detail::set_number(l, a * b); return true;
    case Opcode::Eq: detail::set_bool(l, a == b); return true;
    case Opcode::Ne: detail::set_bool(l, !(a == b)); return true;  // NaN != NaN holds
    case Opcode::Lt: detail::set_bool(l, a < b); return true;
    case Opcode::Le: detail::set_bool(l, a <= b); return true;
    case Opcode::Gt: detail::set_bool(l, a > b); return true;
    case Opcode::Ge: detail::set_bool(l, a >= b); return true;
    default: return false;
  }
}

}  // namespace flowc::vm::ops
