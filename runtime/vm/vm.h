// The expression VM: runs bytecode chunks (compiler/ir/opcodes.def).
//
// A chunk reads the world only through an EvalContext, which the runtime
// implements over its profile store, so the VM knows nothing of profiles,
// schedules or output. Given the context's typed layout (typed_view.h), the
// VM reads profile properties, aggregates over all time, list and segment
// bits and consent there in place, as the JIT's typed code does
// (typed_reads.h), and asks the context the rest. Evaluation never fails: ill-typed operations cannot
// reach it (the checker rejected them) and unset values propagate as the
// language says.
#pragma once

#include <string>

#include "ir/module.h"
#include "vm/typed_view.h"

namespace flowc::vm {

class EvalContext {
 public:
  virtual ~EvalContext() = default;
  virtual ir::Value profile_property(ir::Index slot) = 0;
  virtual ir::Value builtin_field(ir::BuiltinField field) = 0;
  virtual ir::Consent consent(ir::ConsentChannel channel) = 0;
  // The current event: the trigger event, or the counted event inside a
  // `where` chunk, or the answers of an automation (slot = question index).
  virtual ir::Value event_property(ir::Index slot) = 0;
  virtual bool in_list(ir::Index list) = 0;
  virtual bool in_segment(ir::Index segment) = 0;
  virtual ir::Value aggregate(ir::Index aggregate) = 0;
  virtual ir::Value special(ir::SpecialName name) = 0;
  virtual int64_t now() = 0;  // seconds since 1970 UTC
  // The same world in the typed layout (typed_view.h), for compiled code
  // that reads it in place; false when this context has no such layout
  // (the code then asks the methods above).
  virtual bool typed_view(TypedView& view) {
    (void)view;
    return false;
  }
};

// `view`, when given, is the context's typed layout (EvalContext::typed_view),
// filled once by a caller that runs several chunks over one profile (a
// segment pass): the loads read it in place instead of asking the context.
// Filling a view costs more than the few loads of one short chunk, so a
// single evaluation passes none.
ir::Value evaluate(const ir::Module& module, ir::Index chunk, EvalContext& context, const TypedView* view = nullptr);

// A condition holds when it evaluates to true (unset and false do not).
inline bool holds(const ir::Module& module, ir::Index chunk, EvalContext& context) {
  return evaluate(module, chunk, context).truthy();
}

// A template's text (its chunk ends in Concat, so the result is a string).
std::string render(const ir::Module& module, ir::Index chunk, EvalContext& context);

}  // namespace flowc::vm
