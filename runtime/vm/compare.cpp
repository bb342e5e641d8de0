// Comparison operators and list membership.
//
// Any comparison with an unset operand is false, `!=` included, so
// `profile.vip != true` does not hold for a profile without `vip`. Values of
// kinds the checker would never let meet compare as "not comparable": equal
// is false, not-equal true, orderings false.
#include <compare>
#include <optional>

#include "vm/ops.h"

namespace flowc::vm::ops {

using ir::ValueKind;

namespace {

bool is_numeric(const Value& v) { return v.kind == ValueKind::Int || v.kind == ValueKind::Number; }

// Three-way order of two set values, or nothing when they have none (NaN,
// lists, mismatched kinds).
std::optional<std::partial_ordering> order(const Value& l, const Value& r) {
  if (is_numeric(l) && is_numeric(r)) {
    // int with int compares exactly; converting to double would merge
    // neighbours above 2^53.
    if (l.kind == ValueKind::Int && r.kind == ValueKind::Int) return l.i <=> r.i;
    std::partial_ordering o = l.as_number() <=> r.as_number();
    if (o == std::partial_ordering::unordered) return std::nullopt;
    return o;
  }
  if (l.kind != r.kind) return std::nullopt;
  switch (l.kind) {
    case ValueKind::String:
      return l.str().compare(r.str()) <=> 0;  // bytes, as unsigned chars
    case ValueKind::Bool:
    case ValueKind::Date:
    case ValueKind::DateTime:
    case ValueKind::Duration:
    case ValueKind::Consent:
      return l.i <=> r.i;
    default:
      return std::nullopt;
  }
}

}  // namespace

bool compare(ir::Opcode op, const Value& l, const Value& r) {
  if (!l.is_set() || !r.is_set()) return false;
  if (op == ir::Opcode::Eq) return ir::values_equal(l, r);
  if (op == ir::Opcode::Ne) return !ir::values_equal(l, r);
  std::optional<std::partial_ordering> o = order(l, r);
  if (!o) return false;
  switch (op) {
    case ir::Opcode::Lt:
      return *o < 0;
    case ir::Opcode::Le:
      return *o <= 0;
    case ir::Opcode::Gt:
      return *o > 0;
    case ir::Opcode::Ge:
      return *o >= 0;
    default:
      return false;
  }
}

bool list_contains(const Value& list, const Value& item) {
  if (list.kind != ValueKind::List || !item.is_set()) return false;
  if (item.kind == ValueKind::String) {
    // The common case, `profile.timezone in ["...", "..."]`: two strings are
    // equal when they share one copy or their texts are (lengths first);
    // values_equal's kind tests, per item, cost more than that.
    const std::string& text = item.str();
    for (const Value& v : list.items()) {
      if (v.kind == ValueKind::String ? v.shared == item.shared || v.str() == text : ir::values_equal(v, item))
        return true;
    }
    return false;
  }
  for (const Value& v : list.items())
    if (ir::values_equal(v, item)) return true;
  return false;
}

}  // namespace flowc::vm::ops
