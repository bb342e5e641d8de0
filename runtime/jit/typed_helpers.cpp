// The helpers of typed code (typed_helpers.h): the VM's kind-and-payload
// operations (vm/typed_ops.h) behind a C interface generated code can call.
#include "jit/typed_helpers.h"

#include "vm/evaluator.h"
#include "vm/typed_ops.h"

namespace typed_ops = flowc::vm::typed_ops;
using flowc::ir::Opcode;

extern "C" {

uint8_t flowc_typed_aggregate(const flowc::vm::TypedView* view, uint32_t aggregate, uint64_t* out) {
  return typed_ops::aggregate(*view->context, aggregate, out);
}

uint8_t flowc_typed_arithmetic(uint32_t opcode, uint8_t left_kind, uint64_t left, uint8_t right_kind, uint64_t right,
                               uint64_t* out) {
  return typed_ops::arithmetic(static_cast<Opcode>(opcode), left_kind, left, right_kind, right, out);
}

uint8_t flowc_typed_neg(uint8_t kind, uint64_t payload, uint64_t* out) { return typed_ops::neg(kind, payload, out); }

int32_t flowc_typed_compare(uint32_t opcode, uint8_t left_kind, uint64_t left, uint8_t right_kind, uint64_t right) {
  return typed_ops::compare(static_cast<Opcode>(opcode), left_kind, left, right_kind, right) ? 1 : 0;
}

int32_t flowc_typed_in(uint8_t item_kind, uint64_t item, uint8_t list_kind, uint64_t list) {
  return typed_ops::in(item_kind, item, list_kind, list) ? 1 : 0;
}

int32_t flowc_typed_holds(const flowc::vm::TypedView* view, uint32_t chunk) {
  return view->evaluator->holds(chunk, *view->context) ? 1 : 0;
}

uint8_t flowc_typed_call(const flowc::vm::TypedView* view, uint32_t builtin, uint32_t argc, const uint8_t* kinds,
                         const uint64_t* payloads, uint64_t* out) {
  return typed_ops::call(*view->context, static_cast<flowc::ir::Builtin>(builtin), argc, kinds, payloads, out);
}

}  // extern "C"
