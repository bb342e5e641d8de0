// Send steps, shared by flows and campaigns: a declared message (the variant
// for the sending place's event) or an inline body.
#include "lower/lowerer.h"

namespace flowc::lower {

Lowerer::SendTarget Lowerer::send_target(const ast::Step& step, const ExprContext& cx) {
  SendTarget target;
  // The checker cleared inline_body when the string names a message of
  // this channel: that is then a send of the message.
  if (step.inline_body) {
    target.inline_body = text_chunk(*step.inline_body, cx);
    return target;
  }
  auto it = symbols_.messages.find(step.message.text);
  if (it == symbols_.messages.end()) return target;
  target.message = message_for(it->second, cx.event_metric);
  if (target.message != kNone) target.transactional = module.messages[target.message].transactional;
  return target;
}

}  // namespace flowc::lower
