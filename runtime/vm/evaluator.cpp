// The default step dispatch and segment pass of an Evaluator (evaluator.h):
// one condition at a time through evaluate(). The JIT replaces them with
// compiled code; the interpreter's segment pass reads the typed layout.
#include "vm/evaluator.h"

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

void Interpreter::segment_pass(const uint64_t* which, uint64_t* members, EvalContext& context) {
  TypedView view;
  const TypedView* layout = context.typed_view(view) ? &view : nullptr;
  each_selected_segment(which, members, [&](ir::Index condition) {
    return vm::evaluate(module_, condition, context, layout).truthy();
  });
}

}  // namespace flowc::vm
