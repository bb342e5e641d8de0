// Running chunks behind one interface, so the engine does not know whether
// the bytecode interpreter or the JIT's native code runs them
// (`flowc run --engine vm|jit`). Both must give identical results.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ir/module.h"
#include "vm/register_code.h"
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
    // Only the set bits of `which`, lowest first (a change selects few).
    const std::vector<ir::SegmentDef>& segments = module().segments;
    for (size_t w = 0; w * 64 < segments.size(); ++w)
      for (uint64_t left = which[w]; left != 0; left &= left - 1) {
        const size_t s = w * 64 + static_cast<size_t>(__builtin_ctzll(left));
        if (s >= segments.size()) return;
        const uint64_t bit = uint64_t{1} << (s % 64);
        members[w] = member(segments[s].condition) ? (members[w] | bit) : (members[w] & ~bit);
      }
  }
};

// The bytecode interpreter (vm.h), with register code (register_code.h)
// for the typed chunks it runs over the typed layout.
class Interpreter : public Evaluator {
 public:
  explicit Interpreter(const ir::Module& module);
  ~Interpreter() override;
  // A typed chunk runs as register code over a view of the typed layout
  // (when the context offers one), any other on the stack VM.
  ir::Value evaluate(ir::Index chunk, EvalContext& context) override;
  // One view of the typed layout for the whole pass; each typed condition
  // runs as register code over it, any other on the stack VM.
  void segment_pass(const uint64_t* which, uint64_t* members, EvalContext& context) override;
  const ir::Module& module() const override { return module_; }
  const char* name() const override { return "vm"; }

 private:
  // Condition `chunk` over `view`: register code when the chunk has some
  // and it does not deoptimise, else the stack VM.
  bool holds_over(ir::Index chunk, EvalContext& context, const TypedView& view);

  const ir::Module& module_;
  std::vector<std::unique_ptr<RegisterCode>> registers_;  // by chunk; null: not a typed chunk
};

}  // namespace flowc::vm
