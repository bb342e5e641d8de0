// The VM's operations over kind-and-payload values (typed_ops.h).
#include "vm/typed_ops.h"

#include <vector>

#include "vm/ops.h"

namespace flowc::vm::typed_ops {

namespace {

using ir::Opcode;
using ir::Value;
using ir::ValueKind;

Value value_of(uint8_t kind, uint64_t payload) { return Value::from_payload(static_cast<ValueKind>(kind), payload); }

// The text or items a String or List payload points at, read in place:
// rebuilding a Value would count a reference up and down again, which
// costs two atomic operations on a string every profile shares.
constexpr uint8_t kString = static_cast<uint8_t>(ValueKind::String);
constexpr uint8_t kList = static_cast<uint8_t>(ValueKind::List);
const std::string& text_of(uint64_t payload) {
  return static_cast<const ir::detail::SharedString*>(reinterpret_cast<const ir::detail::Shared*>(payload))->text;
}
const std::vector<Value>& items_of(uint64_t payload) {
  return static_cast<const ir::detail::SharedList*>(reinterpret_cast<const ir::detail::Shared*>(payload))->items;
}

// A result payload code can hold: a scalar, or kDeoptimise for a new string
// or list (nothing would own it once the caller returns).
uint8_t give(const Value& result, uint64_t* out) {
  if (result.owns()) return kDeoptimise;
  *out = result.payload();
  return static_cast<uint8_t>(result.kind);
}

}  // namespace

uint8_t aggregate(EvalContext& context, uint32_t aggregate, uint64_t* out) {
  return give(context.aggregate(aggregate), out);
}

uint8_t arithmetic(Opcode op, uint8_t left_kind, uint64_t left, uint8_t right_kind, uint64_t right, uint64_t* out) {
  const Value l = value_of(left_kind, left), r = value_of(right_kind, right);
  switch (op) {
    case Opcode::Add: return give(ops::add(l, r), out);
    case Opcode::Sub: return give(ops::sub(l, r), out);
    case Opcode::Mul: return give(ops::mul(l, r), out);
    case Opcode::Div: return give(ops::div(l, r), out);
    case Opcode::Mod: return give(ops::mod(l, r), out);
    default: return kDeoptimise;
  }
}

uint8_t neg(uint8_t kind, uint64_t payload, uint64_t* out) { return give(ops::neg(value_of(kind, payload)), out); }

bool compare(Opcode op, uint8_t left_kind, uint64_t left, uint8_t right_kind, uint64_t right) {
  if (left_kind == kString && right_kind == kString && (op == Opcode::Eq || op == Opcode::Ne))
    return (text_of(left) == text_of(right)) == (op == Opcode::Eq);
  return ops::compare(op, value_of(left_kind, left), value_of(right_kind, right));
}

bool in(uint8_t item_kind, uint64_t item, uint8_t list_kind, uint64_t list) {
  // A string in a list (`profile.city in ["Paris", "Lyon"]`): only a string
  // item, or a consent one by its name (ir::values_equal), can be equal.
  if (item_kind == kString && list_kind == kList) {
    const std::string& text = text_of(item);
    for (const Value& v : items_of(list)) {
      if (v.kind == ValueKind::String ? v.str() == text
                                      : v.kind == ValueKind::Consent && ir::values_equal(v, value_of(item_kind, item)))
        return true;
    }
    return false;
  }
  return ops::list_contains(value_of(list_kind, list), value_of(item_kind, item));
}

uint8_t call(EvalContext& context, ir::Builtin builtin, uint32_t argc, const uint8_t* kinds, const uint64_t* payloads,
             uint64_t* out) {
  // Built-ins take at most three arguments; a hand-made chunk may pass more.
  constexpr uint32_t kInline = 4;
  Value inline_args[kInline];
  std::vector<Value> more(argc > kInline ? argc : 0);
  Value* args = argc > kInline ? more.data() : inline_args;
  for (uint32_t k = 0; k < argc; ++k) args[k] = value_of(kinds[k], payloads[k]);
  return give(ops::call_builtin(builtin, args, static_cast<int>(argc), context), out);
}

}  // namespace flowc::vm::typed_ops
