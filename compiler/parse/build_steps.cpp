// Flows: settings, triggers and steps, parse tree -> AST.
#include <fmt/format.h>

#include "parse/builder.h"

namespace flowc::parse {

ast::Flow Builder::flow(P::FlowDeclContext* ctx) {
  ast::Flow f;
  f.name = decl_name(ctx->declName());
  f.span = span(ctx);
  for (P::FlowItemContext* item : ctx->flowItem())
    if (item) flow_item(item, f);
  return f;
}

namespace {

std::optional<ast::Status> parse_status(const std::string& word) {
  if (word == "draft") return ast::Status::Draft;
  if (word == "manual") return ast::Status::Manual;
  if (word == "live") return ast::Status::Live;
  return std::nullopt;
}

}  // namespace

void Builder::flow_item(P::FlowItemContext* ctx, ast::Flow& f) {
  Span s = span(ctx);
  if (auto* c = dynamic_cast<P::FlowTriggerContext*>(ctx)) {
    if (c->trigger()) f.triggers.push_back(trigger(c->trigger()));
  } else if (auto* c = dynamic_cast<P::FlowFilterContext*>(ctx)) {
    if (auto e = expr(c->expr())) f.filters.push_back(std::move(e));
  } else if (auto* c = dynamic_cast<P::FlowReentryContext*>(ctx)) {
    if (f.reentry != ast::Reentry::Default) f.repeated.push_back(s);
    f.reentry_span = s;
    P::ReentryRuleContext* rule = c->reentryRule();
    std::string word = rule && rule->getStart() ? rule->getStart()->getText() : "";
    if (word == "once") f.reentry = ast::Reentry::Once;
    else if (word == "always") f.reentry = ast::Reentry::Always;
    else if (word == "after") {
      f.reentry = ast::Reentry::After;
      f.reentry_after_minutes = duration(rule->DURATION());
    }
  } else if (auto* c = dynamic_cast<P::FlowStatusContext*>(ctx)) {
    if (f.status) f.repeated.push_back(s);
    f.status_span = span(c->name());
    f.status = parse_status(c->name() ? c->name()->getText() : "");
    if (!f.status) {
      sink_.report(DiagnosticKind::InvalidFlowSetting, f.status_span,
                   fmt::format("unknown status `{}`", c->name() ? c->name()->getText() : ""))
          .hint = "a status is `draft`, `manual` or `live`";
      f.status = ast::Status::Live;
    }
  } else if (auto* c = dynamic_cast<P::FlowTimezoneContext*>(ctx)) {
    if (f.timezone_span.valid()) f.repeated.push_back(s);
    f.timezone_span = span(c->name());
    std::string word = c->name() ? c->name()->getText() : "";
    if (word == "profile") f.profile_timezone = true;
    else if (word != "account")
      sink_.report(DiagnosticKind::InvalidFlowSetting, f.timezone_span,
                   fmt::format("unknown flow time zone `{}`", word))
          .hint = "a flow's time zone is `account` (the default) or `profile`";
  } else if (auto* c = dynamic_cast<P::FlowStepContext*>(ctx)) {
    if (auto st = step(c->step())) f.steps.push_back(std::move(*st));
  }
}

ast::Trigger Builder::trigger(P::TriggerContext* ctx) {
  ast::Trigger t;
  t.span = span(ctx);
  if (auto* c = dynamic_cast<P::ListTriggerContext*>(ctx)) {
    t.kind = ast::TriggerKind::List;
    t.target = decl_name(c->declName());
  } else if (auto* c = dynamic_cast<P::SegmentTriggerContext*>(ctx)) {
    t.kind = ast::TriggerKind::Segment;
    t.target = decl_name(c->declName());
  } else if (auto* c = dynamic_cast<P::MetricTriggerContext*>(ctx)) {
    t.kind = ast::TriggerKind::Metric;
    t.target = metric_name(c->metricRef());
    t.where = expr(c->expr());
  } else if (auto* c = dynamic_cast<P::DateTriggerContext*>(ctx)) {
    t.kind = ast::TriggerKind::Date;
    t.date_property = name(c->name());
    for (antlr4::tree::ParseTree* child : c->children)
      if (child->getText() == "yearly") t.yearly = true;
    if (c->DURATION()) t.offset_minutes = duration(c->DURATION()) * (c->minus ? -1 : 1);
    if (c->TIME()) t.at_minute = time_of_day(c->TIME());
  } else if (auto* c = dynamic_cast<P::PriceDropTriggerContext*>(ctx)) {
    t.kind = ast::TriggerKind::PriceDrop;
    t.percent = percent(c->PERCENT());
    t.percent_span = span(c->PERCENT());
    t.target = metric_name(c->metricRef());
    t.by = expr(c->expr());
    if (c->DURATION()) t.within_minutes = duration(c->DURATION());
  }
  return t;
}

ast::Block Builder::block(P::BlockContext* ctx) {
  ast::Block steps;
  if (!ctx || is_left_out(ctx)) return steps;
  for (P::StepContext* s : ctx->step())
    if (auto st = step(s)) steps.push_back(std::move(*st));
  return steps;
}

ast::DaySet Builder::days(P::DaysContext* ctx) {
  if (!ctx) return 0;
  static const char* names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  auto day_index = [&](P::NameContext* n) -> int {
    if (!n) return -1;
    std::string word = n->getText();
    for (int i = 0; i < 7; ++i)
      if (word == names[i]) return i;
    sink_.report(DiagnosticKind::InvalidLiteral, span(n), fmt::format("`{}` is not a weekday", word)).hint =
        "weekdays are mon tue wed thu fri sat sun; ranges are written `mon..fri`";
    return -1;
  };
  ast::DaySet set = 0;
  for (P::DayRangeContext* range : ctx->dayRange()) {
    if (!range) continue;
    std::vector<P::NameContext*> ends = range->name();
    int from = ends.empty() ? -1 : day_index(ends[0]);
    int to = ends.size() > 1 ? day_index(ends[1]) : from;
    if (from < 0 || to < 0) continue;
    // A range may wrap around the week: `fri..mon`.
    for (int d = from;; d = (d + 1) % 7) {
      set |= static_cast<ast::DaySet>(1u << d);
      if (d == to) break;
    }
  }
  return set;
}

ast::SendOptions Builder::send_options(P::SendOptionsContext* ctx) {
  ast::SendOptions o;
  if (!ctx) return o;
  for (P::SendOptionContext* opt : ctx->sendOption()) {
    if (auto* c = dynamic_cast<P::StatusOptionContext*>(opt)) {
      ast::Name value = name(c->name());
      if (o.status) o.invalid.push_back({"status", span(c)});
      o.status_span = span(c);
      o.status = parse_status(value.text);
      if (!o.status) {
        sink_.report(DiagnosticKind::InvalidSendOption, value.span, fmt::format("unknown status `{}`", value.text))
            .hint = "a status is `draft`, `manual` or `live`";
        o.status = ast::Status::Live;
      }
    } else if (auto* c = dynamic_cast<P::ToggleOptionContext*>(opt)) {
      ast::Name key = name(c->key);
      bool on = on_off(c->onOff());
      std::optional<bool>* slot = key.text == "smart_sending" ? &o.smart_sending : key.text == "utm" ? &o.utm : nullptr;
      if (!slot || slot->has_value()) o.invalid.push_back(key);
      else *slot = on;
    } else if (auto* c = dynamic_cast<P::PercentOptionContext*>(opt)) {
      ast::Name key = name(c->key);
      if (key.text != "stagger" || o.stagger_percent) {
        o.invalid.push_back(key);
        continue;
      }
      o.stagger_percent = percent(c->PERCENT());
      o.stagger_span = span(c->PERCENT());
    }
  }
  return o;
}

std::optional<ast::Step> Builder::step(P::StepContext* ctx) {
  if (!ctx) return std::nullopt;
  ast::Step st;
  st.span = span(ctx);
  if (auto* c = dynamic_cast<P::SendStepContext*>(ctx)) {
    st.kind = ast::StepKind::Send;
    st.channel_name = name(c->channel);
    st.channel = ast::parse_channel(st.channel_name.text);
    if (c->target && c->target->str()) {
      // A string target is resolved by the checker: a message name when one
      // of that channel has this name, otherwise an inline body.
      st.inline_body = text(c->target->str());
      st.message = {st.inline_body->value, span(c->target)};
    } else {
      st.message = decl_name(c->target);
    }
    if (c->dateTime()) st.at = date_time(c->dateTime());
    st.options = send_options(c->sendOptions());
  } else if (auto* c = dynamic_cast<P::WaitForStepContext*>(ctx)) {
    st.kind = ast::StepKind::WaitFor;
    st.duration_minutes = duration(c->DURATION());
    if (c->TIME()) st.at_minute = time_of_day(c->TIME());
    st.days = days(c->days());
  } else if (auto* c = dynamic_cast<P::WaitUntilStepContext*>(ctx)) {
    st.kind = ast::StepKind::WaitUntil;
    st.at_minute = time_of_day(c->TIME());
    st.days = days(c->days());
  } else if (auto* c = dynamic_cast<P::IfStepContext*>(ctx)) {
    st.kind = ast::StepKind::If;
    std::vector<P::ExprContext*> conds = c->expr();
    std::vector<P::BlockContext*> blocks = c->block();
    for (size_t i = 0; i < conds.size() && i < blocks.size(); ++i) {
      st.conditions.push_back(expr(conds[i]));
      st.branches.push_back(block(blocks[i]));
    }
    if (blocks.size() > conds.size()) {
      st.has_else = true;
      st.else_block = block(blocks.back());
    }
  } else if (auto* c = dynamic_cast<P::SplitStepContext*>(ctx)) {
    st.kind = ast::StepKind::Split;
    std::vector<P::BlockContext*> blocks = c->block();
    st.conditions.push_back(expr(c->expr()));
    st.branches.push_back(blocks.empty() ? ast::Block{} : block(blocks[0]));
    if (blocks.size() > 1) {
      st.has_else = true;
      st.else_block = block(blocks[1]);
    }
  } else if (auto* c = dynamic_cast<P::SetStepContext*>(ctx)) {
    st.kind = ast::StepKind::Set;
    st.property = name(c->name());
    st.value = expr(c->expr());
  } else if (auto* c = dynamic_cast<P::UnsetStepContext*>(ctx)) {
    st.kind = ast::StepKind::Unset;
    st.property = name(c->name());
  } else if (auto* c = dynamic_cast<P::AddToListStepContext*>(ctx)) {
    st.kind = ast::StepKind::AddToList;
    st.list = decl_name(c->declName());
  } else if (auto* c = dynamic_cast<P::RemoveFromListStepContext*>(ctx)) {
    st.kind = ast::StepKind::RemoveFromList;
    st.list = decl_name(c->declName());
  } else if (auto* c = dynamic_cast<P::NotifyStepContext*>(ctx)) {
    st.kind = ast::StepKind::Notify;
    std::vector<P::StrContext*> strings = c->str();
    if (!strings.empty()) st.notify_to = text(strings[0]);
    if (strings.size() > 1) st.notify_text = text(strings[1]);
  } else if (dynamic_cast<P::ExitStepContext*>(ctx)) {
    st.kind = ast::StepKind::Exit;
  } else {
    return std::nullopt;
  }
  st.label = step_label(ctx);
  return st;
}

// `as LABEL`, wherever the step kind writes it. A label glued to a comment
// (`as wait#2`) would silently read as `wait`: generated names cannot be
// written as labels, so that is reported rather than guessed at. The step is
// whole, so the checker still checks the flow.
std::optional<ast::Name> Builder::step_label(P::StepContext* ctx) {
  P::StepLabelContext* label = nullptr;
  for (antlr4::tree::ParseTree* child : ctx->children)
    if (auto* l = dynamic_cast<P::StepLabelContext*>(child)) label = l;
  if (!label || !label->name()) return std::nullopt;
  ast::Name result = name(label->name());
  antlr4::Token* last = label->name()->getStop();
  antlr4::CharStream* input = last ? last->getInputStream() : nullptr;
  size_t after = last ? last->getStopIndex() + 1 : 0;
  if (input && after < input->size() && input->getText(antlr4::misc::Interval(after, after)) == "#") {
    sink_.report(DiagnosticKind::SyntaxError, result.span,
                 fmt::format("a label is a plain name, so `{}#...` reads as the label `{}` and a comment", result.text,
                             result.text))
        .hint = fmt::format("a label cannot hold `#` (generated names such as `wait#2` cannot be labels); "
                            "write `as {}_2`, or put a space before the comment",
                            result.text);
  }
  return result;
}

}  // namespace flowc::parse
