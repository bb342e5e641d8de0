// The runtime half of the JIT: the helpers compiled chunks call (frame.h).
// No LLVM here. (The static plan of a chunk is the VM's: vm/chunk_plan.h.)
//
// Each helper is the body of one case of the VM's dispatch loop (vm/vm.cpp)
// with the stack replaced by frame slots, calling the same vm::ops
// functions; keep the two in step.
#include <iterator>
#include <string>
#include <utility>

#include "jit/frame.h"
#include "vm/ops.h"


using flowc::ir::Value;
using flowc::jit::Frame;
namespace ops = flowc::vm::ops;

extern "C" {

void flowc_jit_const(Frame* f, uint32_t dst, uint32_t constant) { f->slots[dst] = f->module->constants[constant]; }
void flowc_jit_load_profile(Frame* f, uint32_t dst, uint32_t slot) {
  f->slots[dst] = f->context->profile_property(slot);
}
void flowc_jit_load_builtin(Frame* f, uint32_t dst, uint32_t field) {
  f->slots[dst] = f->context->builtin_field(static_cast<flowc::ir::BuiltinField>(field));
}
void flowc_jit_load_consent(Frame* f, uint32_t dst, uint32_t channel) {
  f->slots[dst] = Value::consent(f->context->consent(static_cast<flowc::ir::ConsentChannel>(channel)));
}
void flowc_jit_load_event(Frame* f, uint32_t dst, uint32_t slot) { f->slots[dst] = f->context->event_property(slot); }
void flowc_jit_load_special(Frame* f, uint32_t dst, uint32_t name) {
  f->slots[dst] = f->context->special(static_cast<flowc::ir::SpecialName>(name));
}
void flowc_jit_now(Frame* f, uint32_t dst) { f->slots[dst] = Value::datetime(f->context->now()); }
void flowc_jit_in_list(Frame* f, uint32_t dst, uint32_t list) {
  f->slots[dst] = Value::boolean(f->context->in_list(list));
}
void flowc_jit_in_segment(Frame* f, uint32_t dst, uint32_t segment) {
  f->slots[dst] = Value::boolean(f->context->in_segment(segment));
}
void flowc_jit_aggregate(Frame* f, uint32_t dst, uint32_t aggregate) {
  f->slots[dst] = f->context->aggregate(aggregate);
}
void flowc_jit_make_list(Frame* f, uint32_t dst, uint32_t n) {
  Value* first = f->slots + dst;
  std::vector<Value> items(std::make_move_iterator(first), std::make_move_iterator(first + n));
  f->slots[dst] = Value::list_of(std::move(items));
}

// + - * and the comparisons try two numbers in place first, as the VM does.
void flowc_jit_add(Frame* f, uint32_t dst) {
  if (!ops::numeric_in_place(flowc::ir::Opcode::Add, f->slots[dst], f->slots[dst + 1]))
    f->slots[dst] = ops::add(f->slots[dst], f->slots[dst + 1]);
}
void flowc_jit_sub(Frame* f, uint32_t dst) {
  if (!ops::numeric_in_place(flowc::ir::Opcode::Sub, f->slots[dst], f->slots[dst + 1]))
    f->slots[dst] = ops::sub(f->slots[dst], f->slots[dst + 1]);
}
void flowc_jit_mul(Frame* f, uint32_t dst) {
  if (!ops::numeric_in_place(flowc::ir::Opcode::Mul, f->slots[dst], f->slots[dst + 1]))
    f->slots[dst] = ops::mul(f->slots[dst], f->slots[dst + 1]);
}
void flowc_jit_div(Frame* f, uint32_t dst) { f->slots[dst] = ops::div(f->slots[dst], f->slots[dst + 1]); }
void flowc_jit_mod(Frame* f, uint32_t dst) { f->slots[dst] = ops::mod(f->slots[dst], f->slots[dst + 1]); }
void flowc_jit_neg(Frame* f, uint32_t dst) { f->slots[dst] = ops::neg(f->slots[dst]); }
void flowc_jit_compare(Frame* f, uint32_t dst, uint32_t opcode) {
  const auto op = static_cast<flowc::ir::Opcode>(opcode);
  if (ops::numeric_in_place(op, f->slots[dst], f->slots[dst + 1])) return;
  f->slots[dst] = Value::boolean(ops::compare(op, f->slots[dst], f->slots[dst + 1]));
}
void flowc_jit_not(Frame* f, uint32_t dst) { f->slots[dst] = Value::boolean(!f->slots[dst].truthy()); }
void flowc_jit_is_set(Frame* f, uint32_t dst) { f->slots[dst] = Value::boolean(f->slots[dst].is_set()); }
void flowc_jit_in(Frame* f, uint32_t dst) {
  f->slots[dst] = Value::boolean(ops::list_contains(f->slots[dst + 1], f->slots[dst]));
}
void flowc_jit_call(Frame* f, uint32_t dst, uint32_t builtin, uint32_t argc) {
  Value result = ops::call_builtin(static_cast<flowc::ir::Builtin>(builtin), f->slots + dst, static_cast<int>(argc),
                                   *f->context);
  f->slots[dst] = std::move(result);
}

int32_t flowc_jit_truthy(Frame* f, uint32_t slot) { return f->slots[slot].truthy() ? 1 : 0; }
void flowc_jit_set_false(Frame* f, uint32_t slot) { f->slots[slot] = Value::boolean(false); }
void flowc_jit_return(Frame* f, uint32_t slot) { f->result = std::move(f->slots[slot]); }
// Step dispatch (dispatch.cpp): the result of the chunk just run, with the
// frame made ready for the next one (result and used slots unset).
int32_t flowc_jit_take_truthy(Frame* f, uint32_t used) {
  const bool holds = f->result.truthy();
  f->result = Value{};
  for (uint32_t s = 0; s < used; ++s) f->slots[s] = Value{};
  return holds ? 1 : 0;
}
// A condition the JIT could not compile, run by the VM.
int32_t flowc_jit_vm_holds(Frame* f, uint32_t chunk) {
  return flowc::vm::holds(*f->module, chunk, *f->context) ? 1 : 0;
}
void flowc_jit_store(Frame* f, uint32_t dst, uint32_t kind, int64_t i, double n) {
  Value v;
  v.kind = static_cast<flowc::ir::ValueKind>(kind);
  v.i = i;
  v.n = n;
  f->slots[dst] = std::move(v);
}

int32_t flowc_jit_filter(Frame* f, uint32_t dst, uint32_t filter, uint32_t has_arg) {
  Value arg = has_arg ? std::move(f->slots[dst + 1]) : Value();
  return ops::apply_filter(static_cast<flowc::ir::TemplateFilter>(filter), f->slots[dst], arg) ? 1 : 0;
}
void flowc_jit_escape(Frame* f, uint32_t dst, uint32_t how) {
  ops::escape_value(static_cast<flowc::ir::HtmlEscape>(how), f->slots[dst]);
}
void flowc_jit_to_text(Frame* f, uint32_t dst) {
  if (f->slots[dst].kind != flowc::ir::ValueKind::String) f->slots[dst] = Value::string(flowc::ir::display(f->slots[dst]));
}
void flowc_jit_concat(Frame* f, uint32_t dst, uint32_t n) {
  // As vm.cpp's concat(): parts are strings after ToText; anything else is displayed.
  Value* first = f->slots + dst;
  size_t total = 0;
  for (size_t k = 0; k < n; ++k) total += first[k].str().size();
  std::string out;
  out.reserve(total);
  for (size_t k = 0; k < n; ++k)
    out += first[k].kind == flowc::ir::ValueKind::String ? first[k].str() : flowc::ir::display(first[k]);
  f->slots[dst] = Value::string(std::move(out));
}

}  // extern "C"
