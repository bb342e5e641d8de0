// Built-in functions: lower upper len contains starts_with ends_with
// days_since hours_since default.
//
// An unset argument gives an unset result (default excepted: that is its
// job). A call with the wrong number of arguments cannot come from the
// lowering; it gives unset rather than reading past the arguments.
#include "vm/ops.h"

namespace flowc::vm::ops {

using ir::Builtin;
using ir::ValueKind;

namespace {

int arity(Builtin fn) {
  switch (fn) {
    case Builtin::Lower:
    case Builtin::Upper:
    case Builtin::Len:
    case Builtin::DaysSince:
    case Builtin::HoursSince:
      return 1;
    case Builtin::Contains:
    case Builtin::StartsWith:
    case Builtin::EndsWith:
    case Builtin::Default:
      return 2;
  }
  return -1;
}

Value length(const Value& x) {
  if (x.kind == ValueKind::String) return Value::integer(code_points(x.str()));
  if (x.kind == ValueKind::List) return Value::integer(static_cast<int64_t>(x.items().size()));
  return Value::unset();
}

Value contains(const Value& hay, const Value& needle) {
  if (!hay.is_set() || !needle.is_set()) return Value::unset();
  if (hay.kind == ValueKind::List) return Value::boolean(list_contains(hay, needle));
  if (hay.kind != ValueKind::String || needle.kind != ValueKind::String) return Value::unset();
  return Value::boolean(hay.str().find(needle.str()) != std::string::npos);
}

Value affix(const Value& s, const Value& part, bool at_start) {
  if (s.kind != ValueKind::String || part.kind != ValueKind::String) return Value::unset();
  const std::string &a = s.str(), &b = part.str();
  if (b.size() > a.size()) return Value::boolean(false);
  return Value::boolean(a.compare(at_start ? 0 : a.size() - b.size(), b.size(), b) == 0);
}

// Whole units of `unit` seconds from t to now, floored (so a time in the
// future gives a negative count). A date counts from its midnight UTC.
Value units_since(const Value& t, int64_t unit, EvalContext& context) {
  int64_t start = t.i;
  if (t.kind == ValueKind::Date) {
    if (__builtin_mul_overflow(t.i, int64_t{86400}, &start)) return Value::unset();
  } else if (t.kind != ValueKind::DateTime) {
    return Value::unset();
  }
  int64_t elapsed = 0;
  if (__builtin_sub_overflow(context.now(), start, &elapsed)) return Value::unset();
  return Value::integer(floor_div(elapsed, unit));
}

Value text(const Value& x, std::string (*map)(const std::string&)) {
  return x.kind == ValueKind::String ? Value::string(map(x.str())) : Value::unset();
}

}  // namespace

Value call_builtin(Builtin fn, const Value* args, int argc, EvalContext& context) {
  if (argc != arity(fn)) return Value::unset();
  switch (fn) {
    case Builtin::Lower:
      return text(args[0], to_lower);
    case Builtin::Upper:
      return text(args[0], to_upper);
    case Builtin::Len:
      return length(args[0]);
    case Builtin::Contains:
      return contains(args[0], args[1]);
    case Builtin::StartsWith:
      return affix(args[0], args[1], true);
    case Builtin::EndsWith:
      return affix(args[0], args[1], false);
    case Builtin::DaysSince:
      return units_since(args[0], 86400, context);
    case Builtin::HoursSince:
      return units_since(args[0], 3600, context);
    case Builtin::Default:
      return args[0].is_set() ? args[0] : args[1];
  }
  return Value::unset();
}

}  // namespace flowc::vm::ops
