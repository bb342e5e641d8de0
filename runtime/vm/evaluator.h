// Running chunks behind one interface, so the engine does not know whether
// the bytecode interpreter or the JIT's native code runs them
// (`flowc run --engine vm|jit`). Both must give identical results.
#pragma once

#include <string>

#include "ir/module.h"
#include "vm/vm.h"

namespace flowc::vm {

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  virtual ir::Value evaluate(ir::Index chunk, EvalContext& context) = 0;
  virtual const ir::Module& module() const = 0;
  virtual const char* name() const = 0;

  // A flow's step dispatch, which the JIT compiles: the step Branch step
  // `step` of `flow` goes to (the target of the first condition that holds,
  // else the else target; ir::kNone ends the run), and whether every
  // profile filter of `flow` holds (in order, stopping at the first that
  // does not). The defaults evaluate the conditions one by one.
  virtual ir::Index branch_target(ir::Index flow, ir::Index step, EvalContext& context);
  virtual bool filters_hold(ir::Index flow, EvalContext& context);

  // A segment pass: the conditions of the segments whose bit is set in
  // `which`, in segment order, each result written to its bit in `members`
  // (words of 64 bits, segment s at bit s % 64 of word s / 64) before the
  // next is evaluated. `members` must be the memberships the context's
  // in_segment (and typed view) reads, so a segment sees the new membership
  // of the segments before it. The default evaluates the conditions one by
  // one; the JIT runs one native function for the whole pass.
  virtual void segment_pass(const uint64_t* which, uint64_t* members, EvalContext& context);

  // A condition holds when it evaluates to true (unset and false do not).
  bool holds(ir::Index chunk, EvalContext& context) { return evaluate(chunk, context).truthy(); }
  // A template's text.
  std::string render(ir::Index chunk, EvalContext& context) { return ir::display(evaluate(chunk, context)); }

 protected:
  // The segment pass's loop: `member(condition)` for each segment selected
  // in `which`, in order, written to its bit before the next.
  template <typename Member>
  void each_selected_segment(const uint64_t* which, uint64_t* members, Member member) {
    const std::vector<ir::SegmentDef>& segments = module().segments;
    for (size_t s = 0; s < segments.size(); ++s) {
      const uint64_t bit = uint64_t{1} << (s % 64);
      if (!(which[s / 64] & bit)) continue;
      members[s / 64] = member(segments[s].condition) ? (members[s / 64] | bit) : (members[s / 64] & ~bit);
    }
  }
};

// The bytecode interpreter (vm.h).
class Interpreter : public Evaluator {
 public:
  explicit Interpreter(const ir::Module& module) : module_(module) {}
  ir::Value evaluate(ir::Index chunk, EvalContext& context) override { return vm::evaluate(module_, chunk, context); }
  // One view of the typed layout for the whole pass (vm::evaluate's `view`).
  void segment_pass(const uint64_t* which, uint64_t* members, EvalContext& context) override;
  const ir::Module& module() const override { return module_; }
  const char* name() const override { return "vm"; }

 private:
  const ir::Module& module_;
};

}  // namespace flowc::vm
