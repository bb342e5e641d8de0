// The default step dispatch and segment pass of an Evaluator (evaluator.h):
// one condition at a time through evaluate(). The JIT replaces them with
// compiled code.
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
  const size_t segments = module().segments.size();
  for (size_t s = 0; s < segments; ++s) {
    const uint64_t bit = uint64_t{1} << (s % 64);
    if (!(which[s / 64] & bit)) continue;
    const bool member = holds(module().segments[s].condition, context);
    members[s / 64] = member ? (members[s / 64] | bit) : (members[s / 64] & ~bit);
  }
}

}  // namespace flowc::vm
