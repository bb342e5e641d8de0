// The default step dispatch and segment pass of an Evaluator (evaluator.h):
// one condition at a time through evaluate(). The JIT replaces them with
// compiled code; the interpreter's segment pass runs register code over
// the typed layout.
#include "vm/evaluator.h"

#include "vm/typed_ops.h"

namespace flowc::vm {

ir::Index Evaluator::branch_target(ir::Index flow, ir::Index step, EvalContext& context) {
  const ir::StepDef& s = module().flows[flow].steps[step];
  for (size_t i = 0; i < s.conditions.size() && i < s.targets.size(); ++i)
    if (holds(s.conditions[i], context)) return s.targets[i];
  return s.else_target;
}

bool Evaluator::filters_hold(ir::Index flow, EvalContext& context) {
  for (ir::Index f : module().flows[flow].filters)
    if (!holds(f, context)) return false;
  return true;
}

void Evaluator::segment_pass(const uint64_t* which, uint64_t* members, EvalContext& context) {
  each_selected_segment(which, members, [&](ir::Index condition) { return holds(condition, context); });
}

Interpreter::Interpreter(const ir::Module& module) : module_(module) {
  registers_.reserve(module.chunks.size());
  for (const ir::Chunk& chunk : module.chunks) {
    std::optional<RegisterCode> code = translate_to_registers(module, chunk);
    registers_.push_back(code ? std::make_unique<RegisterCode>(std::move(*code)) : nullptr);
  }
}

Interpreter::~Interpreter() = default;

ir::Value Interpreter::evaluate(ir::Index chunk, EvalContext& context) {
  if (chunk < registers_.size() && registers_[chunk]) {
    TypedView view;
    if (context.typed_view(view))
      if (std::optional<ir::Value> result = evaluate_registers(*registers_[chunk], view, context))
        return std::move(*result);
  }
  return vm::evaluate(module_, chunk, context);
}

bool Interpreter::holds_over(ir::Index chunk, EvalContext& context, const TypedView& view) {
  if (chunk < registers_.size() && registers_[chunk]) {
    const RegisterResult result = run_registers(*registers_[chunk], view, context);
    if (result.kind != typed_ops::kDeoptimise) return result.truthy();
  }
  return vm::evaluate(module_, chunk, context, &view).truthy();
}

void Interpreter::segment_pass(const uint64_t* which, uint64_t* members, EvalContext& context) {
  TypedView view;
  if (!context.typed_view(view)) return Evaluator::segment_pass(which, members, context);
  each_selected_segment(which, members, [&](ir::Index condition) { return holds_over(condition, context, view); });
}

}  // namespace flowc::vm
