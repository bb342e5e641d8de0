// Flows: the trigger, profile filters and re-entry rule. The steps are in
// lower_steps.cpp.
#include "lower/lowerer.h"

namespace flowc::lower {

namespace {

// Defaults (RUNTIME.md section 5): list and segment flows run once per
// profile, metric and price-drop flows once per event. A date flow runs
// once per occurrence of the date; Once stands for that, and the runtime
// counts occurrences (each year of a yearly trigger is a new one).
ir::Reentry default_reentry(ast::TriggerKind kind) {
  switch (kind) {
    case ast::TriggerKind::Metric:
    case ast::TriggerKind::PriceDrop: return ir::Reentry::Always;
    case ast::TriggerKind::Date: return ir::Reentry::PerOccurrence;
    default: return ir::Reentry::Once;
  }
}

}  // namespace

void Lowerer::lower_trigger(ir::FlowDef& def, const ast::Trigger& t) {
  switch (t.kind) {
    case ast::TriggerKind::List:
      def.trigger = ir::TriggerKind::List;
      def.trigger_target = list_index(t.target.text);
      break;
    case ast::TriggerKind::Segment:
      def.trigger = ir::TriggerKind::Segment;
      def.trigger_target = segment_index(t.target.text);
      break;
    case ast::TriggerKind::Metric:
      def.trigger = ir::TriggerKind::Metric;
      def.trigger_target = metric_index(t.target.text);
      def.event_metric = def.trigger_target;
      def.trigger_where = expr_chunk(t.where.get(), ExprContext{def.event_metric, nullptr});
      break;
    case ast::TriggerKind::Date:
      def.trigger = ir::TriggerKind::Date;
      if (t.date_property.text == "created") def.date_builtin = static_cast<int32_t>(ir::BuiltinField::Created);
      else def.date_property = profile_slot(t.date_property.text);
      def.yearly = t.yearly;
      def.offset_seconds = t.offset_minutes * 60;
      def.at_minute = t.at_minute.value_or(-1);
      break;
    case ast::TriggerKind::PriceDrop:
      def.trigger = ir::TriggerKind::PriceDrop;
      def.trigger_target = metric_index(t.target.text);
      def.drop_percent = t.percent;
      // The key is read from the viewed event; the flow's own event is the
      // drop (the viewed event's properties plus old/new price, percent).
      def.drop_key = expr_chunk(t.by.get(), ExprContext{def.trigger_target, nullptr});
      def.drop_within_seconds = t.within_minutes.value_or(0) * 60;
      def.event_metric = price_drop_metric(def.trigger_target);
      break;
  }
}

void Lowerer::lower_flow(const ast::Flow& flow) {
  ir::FlowDef def;
  def.name = flow.name.text;
  const ast::Trigger* trigger = flow.trigger();
  if (trigger) lower_trigger(def, *trigger);
  // Profile filters cannot read the event (the checker made sure).
  for (const auto& f : flow.filters)
    if (f) def.filters.push_back(expr_chunk(f.get(), ExprContext{}));
  switch (flow.reentry) {
    case ast::Reentry::Default: def.reentry = default_reentry(trigger ? trigger->kind : ast::TriggerKind::List); break;
    case ast::Reentry::Once: def.reentry = ir::Reentry::Once; break;
    case ast::Reentry::Always: def.reentry = ir::Reentry::Always; break;
    case ast::Reentry::After:
      def.reentry = ir::Reentry::After;
      def.reentry_after_seconds = flow.reentry_after_minutes * 60;
      break;
  }
  def.profile_timezone = flow.profile_timezone;
  lower_steps(def, flow);
  module.flows.push_back(std::move(def));
}

}  // namespace flowc::lower
