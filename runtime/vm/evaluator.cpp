// The default step dispatch of an Evaluator (evaluator.h): one condition at
// a time through evaluate(). The JIT replaces both with compiled code.
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

}  // namespace flowc::vm
