// A flow's steps -> a graph of StepDefs.
//
// Steps are numbered first, in source order (each step, then the steps of
// its branches), so the graph reads like the source; then each step is
// filled in knowing where execution goes after it: the next step of its
// block, or, at the end of a block, the step after the enclosing if/split.
#include <map>

#include "lower/lowerer.h"
#include "lower/step_names.h"

namespace flowc::lower {

namespace {

class StepGraph {
 public:
  StepGraph(Lowerer& lowerer, ir::FlowDef& def, ir::Status flow_status)
      : l_(lowerer), def_(def), cx_{def.event_metric, nullptr}, flow_status_(flow_status) {}

  void number(const ast::Block& block) {
    for (const ast::Step& s : block) {
      ids_[&s] = static_cast<Index>(def_.steps.size());
      def_.steps.emplace_back();
      for (const ast::Block& b : s.branches) number(b);
      number(s.else_block);
    }
  }

  // Fills the steps of `block`; returns its first step (`after` when empty).
  Index fill(const ast::Block& block, Index after) {
    for (size_t i = 0; i < block.size(); ++i) {
      Index next = i + 1 < block.size() ? ids_.at(&block[i + 1]) : after;
      // Built aside and stored after: lowering a branch fills other steps.
      ir::StepDef step = lower_step(block[i], next);
      def_.steps[ids_.at(&block[i])] = std::move(step);
    }
    return block.empty() ? after : ids_.at(&block.front());
  }

 private:
  ir::StepDef lower_step(const ast::Step& s, Index next) {
    ir::StepDef st;
    st.next = next;
    st.line = l_.line_of(s.span);
    st.status = flow_status_;  // what actions do; sends may override it
    st.name = l_.step_name(s);  // empty: name_steps() numbers it
    switch (s.kind) {
      case ast::StepKind::Send: lower_send(st, s); break;
      case ast::StepKind::WaitFor:
      case ast::StepKind::WaitUntil: lower_wait(st, s); break;
      case ast::StepKind::If:
      case ast::StepKind::Split: lower_branch(st, s, next); break;
      case ast::StepKind::Set:
        st.kind = ir::StepKind::Set;
        st.property = l_.profile_slot(s.property.text);
        st.value = l_.expr_chunk(s.value.get(), cx_);
        break;
      case ast::StepKind::Unset:
        st.kind = ir::StepKind::Unset;
        st.property = l_.profile_slot(s.property.text);
        break;
      case ast::StepKind::AddToList:
      case ast::StepKind::RemoveFromList:
        st.kind = s.kind == ast::StepKind::AddToList ? ir::StepKind::ListAdd : ir::StepKind::ListRemove;
        st.list = l_.list_index(s.list.text);
        break;
      case ast::StepKind::Notify:
        st.kind = ir::StepKind::Notify;
        if (s.notify_to) st.notify_to = l_.text_chunk(*s.notify_to, cx_);
        if (s.notify_text) st.notify_text = l_.text_chunk(*s.notify_text, cx_);
        break;
      case ast::StepKind::Exit:
        st.kind = ir::StepKind::Exit;
        st.next = kNone;  // the run ends here
        break;
    }
    return st;
  }

  // Smart sending is on unless the message is transactional; UTM is on;
  // either may be switched by the step's options.
  void lower_send(ir::StepDef& st, const ast::Step& s) {
    st.kind = ir::StepKind::Send;
    st.channel = ir_channel(s.channel);
    Lowerer::SendTarget target = l_.send_target(s, cx_);
    st.message = target.message;
    st.inline_body = target.inline_body;
    if (s.options.status) st.status = ir_status(*s.options.status);
    st.smart_sending = s.options.smart_sending.value_or(!target.transactional);
    st.utm = s.options.utm.value_or(true);
  }

  void lower_wait(ir::StepDef& st, const ast::Step& s) {
    st.kind = ir::StepKind::Wait;
    st.days = s.days;
    if (s.kind == ast::StepKind::WaitUntil) {
      st.wait = ir::WaitKind::Until;
      st.at_minute = s.at_minute.value_or(0);
    } else if (s.at_minute) {
      // `wait 2d at 10:00` counts calendar days (the checker requires whole days).
      st.wait = ir::WaitKind::ForCalendarDays;
      st.seconds = s.duration_minutes / 1440 * 86400;
      st.at_minute = *s.at_minute;
    } else {
      st.wait = ir::WaitKind::For;
      st.seconds = s.duration_minutes * 60;
    }
  }

  // An if / else if / else chain is one Branch; so is a split (one
  // condition). A branch ends by going on after the if.
  void lower_branch(ir::StepDef& st, const ast::Step& s, Index next) {
    st.kind = ir::StepKind::Branch;
    st.is_split = s.kind == ast::StepKind::Split;
    for (size_t i = 0; i < s.conditions.size(); ++i) {
      st.conditions.push_back(l_.expr_chunk(s.conditions[i].get(), cx_));
      st.targets.push_back(i < s.branches.size() ? fill(s.branches[i], next) : next);
    }
    st.else_target = fill(s.else_block, next);
  }

  Lowerer& l_;
  ir::FlowDef& def_;
  ExprContext cx_;
  ir::Status flow_status_;
  std::map<const ast::Step*, Index> ids_;
};

}  // namespace

// A flow without `status` is a draft.
void Lowerer::lower_steps(ir::FlowDef& def, const ast::Flow& flow) {
  StepGraph graph(*this, def, ir_status(flow.status.value_or(ast::Status::Draft)));
  graph.number(flow.steps);
  def.entry = graph.fill(flow.steps, kNone);
  name_steps(def);
}

}  // namespace flowc::lower
