// Arithmetic operators: + - * / % and unary -.
//
// int op int stays int and overflow gives unset (never wraps); int with
// number widens to number, and a number result that is not finite (1e308 *
// 10) is unset too. Times: datetime ± duration moves by seconds; date ±
// duration moves by the duration's whole days (floor(seconds / 86400), so
// `date - 36h` is the day before); time - time of the same kind is a duration.
// `%` truncates as C does: the result takes the sign of the left operand.
#include <cmath>

#include "vm/ops.h"

namespace flowc::vm::ops {

using ir::ValueKind;

namespace {

bool is_numeric(const Value& v) { return v.kind == ValueKind::Int || v.kind == ValueKind::Number; }
bool both(const Value& l, const Value& r, ValueKind k) { return l.kind == k && r.kind == k; }
bool is_time(const Value& v) { return v.kind == ValueKind::Date || v.kind == ValueKind::DateTime; }

Value finite(double x) { return std::isfinite(x) ? Value::number(x) : Value::unset(); }

// A value of the same kind as `like` (Int, Date, DateTime or Duration)
// holding `x`, or unset when the computation overflowed.
Value same_kind(const Value& like, int64_t x, bool overflowed) {
  if (overflowed) return Value::unset();
  Value v;
  v.kind = like.kind;
  v.i = x;
  return v;
}

// a + b, a - b and a * b as a value of `like`'s kind, unset on overflow.
// The overflow check runs in its own statement before the result is read:
// as arguments of one call, `out` and the builtin that writes it have no
// order, and clang reads `out` first (gcc happened to write it first).
Value add_as(const Value& like, int64_t a, int64_t b) {
  int64_t out = 0;
  const bool overflowed = __builtin_add_overflow(a, b, &out);
  return same_kind(like, out, overflowed);
}
Value sub_as(const Value& like, int64_t a, int64_t b) {
  int64_t out = 0;
  const bool overflowed = __builtin_sub_overflow(a, b, &out);
  return same_kind(like, out, overflowed);
}
Value mul_as(const Value& like, int64_t a, int64_t b) {
  int64_t out = 0;
  const bool overflowed = __builtin_mul_overflow(a, b, &out);
  return same_kind(like, out, overflowed);
}

// A time moved by `seconds` (negated first for subtraction).
Value shift(const Value& time, int64_t seconds) {
  if (time.kind == ValueKind::Date)
    return add_as(time, time.i, floor_div(seconds, 86400));
  return add_as(time, time.i, seconds);
}

}  // namespace

Value add(const Value& l, const Value& r) {
  if (both(l, r, ValueKind::Int)) return add_as(l, l.i, r.i);
  if (is_numeric(l) && is_numeric(r)) return finite(l.as_number() + r.as_number());
  if (both(l, r, ValueKind::String)) return Value::string(l.str() + r.str());
  if (both(l, r, ValueKind::Duration)) return add_as(l, l.i, r.i);
  if (is_time(l) && r.kind == ValueKind::Duration) return shift(l, r.i);
  if (l.kind == ValueKind::Duration && is_time(r)) return shift(r, l.i);
  return Value::unset();
}

Value sub(const Value& l, const Value& r) {
  if (both(l, r, ValueKind::Int)) return sub_as(l, l.i, r.i);
  if (is_numeric(l) && is_numeric(r)) return finite(l.as_number() - r.as_number());
  if (both(l, r, ValueKind::Duration) || both(l, r, ValueKind::DateTime))
    return sub_as(Value::duration(0), l.i, r.i);
  if (both(l, r, ValueKind::Date)) {
    int64_t out = 0;
    bool overflowed = __builtin_sub_overflow(l.i, r.i, &out) || __builtin_mul_overflow(out, int64_t{86400}, &out);
    return same_kind(Value::duration(0), out, overflowed);
  }
  if (is_time(l) && r.kind == ValueKind::Duration) {
    // Subtracting moves back by the duration's whole days for a date, so
    // negate the day count rather than the seconds.
    if (l.kind == ValueKind::Date) return sub_as(l, l.i, floor_div(r.i, 86400));
    return sub_as(l, l.i, r.i);
  }
  return Value::unset();
}

Value mul(const Value& l, const Value& r) {
  if (both(l, r, ValueKind::Int)) return mul_as(l, l.i, r.i);
  if (is_numeric(l) && is_numeric(r)) return finite(l.as_number() * r.as_number());
  if (l.kind == ValueKind::Duration && r.kind == ValueKind::Int)
    return mul_as(l, l.i, r.i);
  if (l.kind == ValueKind::Int && r.kind == ValueKind::Duration)
    return mul_as(r, l.i, r.i);
  return Value::unset();
}

Value div(const Value& l, const Value& r) {
  if (!is_numeric(l) || !is_numeric(r)) return Value::unset();
  double d = r.as_number();
  if (d == 0) return Value::unset();
  return finite(l.as_number() / d);
}

Value mod(const Value& l, const Value& r) {
  if (both(l, r, ValueKind::Int)) {
    if (r.i == 0) return Value::unset();
    // INT64_MIN % -1 traps on x86; the answer is 0 for any x % -1.
    return Value::integer(r.i == -1 ? 0 : l.i % r.i);
  }
  if (!is_numeric(l) || !is_numeric(r)) return Value::unset();
  double d = r.as_number();
  if (d == 0) return Value::unset();
  return finite(std::fmod(l.as_number(), d));
}

Value neg(const Value& x) {
  switch (x.kind) {
    case ValueKind::Int:
    case ValueKind::Duration:
      return sub_as(x, int64_t{0}, x.i);
    case ValueKind::Number:
      return Value::number(-x.n);
    default:
      return Value::unset();
  }
}

}  // namespace flowc::vm::ops
