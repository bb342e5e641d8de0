// Flows (LANGUAGE.md section 6): triggers, filters, steps, and the lints
// about waits, draft actions and unreachable steps. Also segments, whose
// definitions are checked like profile filters.
#include <fmt/format.h>

#include <functional>

#include "check/checker.h"
#include "diag/suggest.h"

namespace flowc::check {

// ---------------------------------------------------------------------------
// Segments

namespace {

void collect_segment_refs(const ast::Expr* e, std::vector<const ast::Expr*>& out) {
  if (!e) return;
  if (e->kind == ast::ExprKind::AudienceTest && e->audience_is_segment) out.push_back(e);
  for (const auto& a : e->args) collect_segment_refs(a.get(), out);
  collect_segment_refs(e->where.get(), out);
}

}  // namespace

void Checker::check_segments() {
  for (ast::File& file : program_.files) {
    for (ast::Segment& s : file.segments) {
      if (is_broken(s.span)) continue;
      Scope scope;
      scope.place = Place::Segment;
      scope.no_event_reason = "a segment is defined on profile data";
      expect_bool(s.condition.get(), scope, "a segment definition");
    }
  }
  // Cycles: `segment A = profile in segment B`, `segment B = profile in segment A`.
  std::map<std::string, int> state;  // 0 unseen, 1 on the stack, 2 done
  std::function<void(const ast::Segment&)> visit = [&](const ast::Segment& s) {
    state[s.name.text] = 1;
    std::vector<const ast::Expr*> refs;
    collect_segment_refs(s.condition.get(), refs);
    for (const ast::Expr* ref : refs) {
      auto target = symbols.segments.find(ref->text);
      if (target == symbols.segments.end()) continue;
      int st = state[ref->text];
      if (st == 1) {
        sink_.report(DiagnosticKind::SegmentCycle, ref->span,
                     fmt::format("segment `{}` depends on itself through `{}`", ref->text, s.name.text))
            .hint = "a segment cannot be defined in terms of itself; break the cycle";
      } else if (st == 0) {
        visit(*target->second);
      }
    }
    state[s.name.text] = 2;
  };
  for (auto& [name, segment] : symbols.segments)
    if (state[name] == 0) visit(*segment);
}

// ---------------------------------------------------------------------------
// Sends (shared by flows and campaigns)

// A step's name as the source gives it: its label, else a send's message
// name. Other steps have no name here: the lowering numbers them (`sms#2`,
// `wait#1`, lower/step_names.cpp), which cannot collide.
std::string Checker::step_name(const ast::Step& step) const {
  if (step.label) return step.label->text;
  if (step.kind != ast::StepKind::Send || step.inline_body) return "";
  return step.message.text;
}

// A step's name must be its own within the flow (E058): saved runs and
// activity records find their step by it. Labels of every kind and the
// message names of sends share one namespace; generated names (`wait#2`)
// hold a `#`, which no label or message identifier can, so they cannot clash
// with these.
void Checker::claim_step_name(const ast::Step& step, std::map<std::string, Span>& taken, const std::string& flow) {
  std::string name = step_name(step);
  if (name.empty()) return;
  Span where = step.label ? step.label->span : step.message.span;
  auto [it, inserted] = taken.emplace(name, where);
  if (inserted) return;
  sink_.report(DiagnosticKind::DuplicateStepName, where,
               fmt::format("flow `{}` already has a step named `{}`", flow, name));
  sink_.note(it->second, "the other step is here");
  if (step.kind == ast::StepKind::Send && !step.label)
    sink_.hint(fmt::format("name this step: `send {} {} as {}_2`", step.channel_name.text, step.message.text, name));
  else
    sink_.hint(fmt::format("give this step a label of its own, such as `as {}_2`", name));
}

void Checker::check_send(ast::Step& step, const Scope& scope, const std::string& place, bool in_campaign) {
  if (step.channel == ast::Channel::Invalid) {
    sink_.report(DiagnosticKind::ChannelMismatch, step.channel_name.span,
                 fmt::format("unknown channel `{}`", step.channel_name.text))
        .hint = "the channels are email, sms, push and whatsapp";
    return;
  }
  // A string target names a message of this channel when one exists;
  // otherwise it is an inline body (not for email, which needs a subject).
  if (step.inline_body) {
    auto it = symbols.messages.find(step.inline_body->value);
    if (it != symbols.messages.end() && it->second->channel == step.channel) step.inline_body.reset();
  }
  if (step.inline_body) {
    if (step.channel == ast::Channel::Email) {
      sink_.report(DiagnosticKind::UnknownName, step.message.span,
                   fmt::format("unknown email message `{}`", step.message.text))
          .hint = "emails need a subject: declare the message with `email NAME { subject ... body ... }` and send "
                  "it by name";
      return;
    }
    if (!symbols.channel_enabled(step.channel))
      sink_.report(DiagnosticKind::ChannelNotEnabled, step.channel_name.span,
                   fmt::format("this sends {}, which the account has not enabled", step.channel_name.text));
    Scope text_scope = scope;
    text_scope.in_message = true;
    text_scope.no_event_reason = fmt::format("{} has no trigger event", place);
    check_text(*step.inline_body, text_scope);
  } else {
    auto it = symbols.messages.find(step.message.text);
    if (it == symbols.messages.end()) {
      std::vector<std::string> candidates;
      for (const auto& [n, m] : symbols.messages)
        if (m->channel == step.channel) candidates.push_back(n);
      auto& d = sink_.report(DiagnosticKind::UnknownName, step.message.span,
                             fmt::format("unknown {} message `{}`", step.channel_name.text, step.message.text));
      std::string suggestion = did_you_mean(step.message.text, candidates);
      d.hint = suggestion.empty() ? fmt::format("declare it: `{} {} {{ ... }}`", step.channel_name.text,
                                                step.message.text)
                                  : suggestion;
    } else if (it->second->channel != step.channel) {
      sink_.report(DiagnosticKind::ChannelMismatch, step.channel_name.span,
                   fmt::format("`{}` is {} message, not {}", step.message.text,
                               it->second->channel == ast::Channel::Email ? "an email" : 
                               fmt::format("a {}", ast::channel_name(it->second->channel)),
                               step.channel_name.text))
          .hint = fmt::format("write `send {} {}`", ast::channel_name(it->second->channel), step.message.text);
    } else {
      symbols.send_sites[it->second].push_back(SendSite{scope.event, place, step.span});
    }
  }
  for (const ast::Name& bad : step.options.invalid)
    sink_.report(DiagnosticKind::InvalidSendOption, bad.span,
                 fmt::format("`{}` is not a send option here, or is written twice", bad.text))
        .hint = in_campaign ? "campaign send options are stagger, smart_sending and utm"
                            : "flow send options are status, smart_sending and utm";
  if (in_campaign && step.options.status)
    sink_.report(DiagnosticKind::InvalidSendOption, step.options.status_span,
                 "a campaign message has no status: it is sent at its `at` time")
        .hint = "remove the `status` option";
  if (!in_campaign && step.options.stagger_percent)
    sink_.report(DiagnosticKind::InvalidSendOption, step.options.stagger_span,
                 "`stagger` applies only to campaign messages");
  if (!in_campaign && step.at)
    sink_.report(DiagnosticKind::InvalidSendOption, step.at->span,
                 "`at` applies only to campaign messages; in a flow, use `wait` before the send");
}

// ---------------------------------------------------------------------------
// Flows

namespace {

bool is_action(ast::StepKind k) {
  return k == ast::StepKind::Send || k == ast::StepKind::Set || k == ast::StepKind::Unset ||
         k == ast::StepKind::AddToList || k == ast::StepKind::RemoveFromList || k == ast::StepKind::Notify;
}

bool is_wait(ast::StepKind k) { return k == ast::StepKind::WaitFor || k == ast::StepKind::WaitUntil; }

struct FlowWalk {
  ast::Flow* flow;
  Scope scope;
  ast::Status default_status;
  std::string place;
  std::map<std::string, Span> step_names;
  int actions = 0;
  int active_actions = 0;  // live or manual
};

ast::Status effective_status(const ast::Step& s, ast::Status flow_status) {
  if (s.kind == ast::StepKind::Send && s.options.status) return *s.options.status;
  return flow_status;
}

// Where execution goes after a position: the rest of the block, then the
// rest of each enclosing block.
using Continuation = std::vector<std::pair<const ast::Block*, size_t>>;

// Whether the next thing that happens from `cont` is a live or manual action
// on every path (a wait must lead straight to one).
bool leads_to_active_action(Continuation cont, ast::Status flow_status) {
  while (!cont.empty()) {
    auto [block, index] = cont.back();
    if (index >= block->size()) {
      cont.pop_back();
      continue;
    }
    const ast::Step& s = (*block)[index];
    if (is_action(s.kind)) return effective_status(s, flow_status) != ast::Status::Draft;
    if (s.kind == ast::StepKind::If || s.kind == ast::StepKind::Split) {
      Continuation after = cont;
      after.back().second = index + 1;
      for (const ast::Block& b : s.branches) {
        Continuation c = after;
        c.push_back({&b, 0});
        if (!leads_to_active_action(c, flow_status)) return false;
      }
      Continuation c = after;
      if (s.has_else) c.push_back({&s.else_block, 0});
      return leads_to_active_action(c, flow_status);
    }
    return false;  // a wait, an exit
  }
  return false;  // the end of the flow
}

}  // namespace

void Checker::check_flow(ast::Flow& flow) {
  FlowWalk walk;
  walk.flow = &flow;
  walk.place = fmt::format("flow `{}`", flow.name.text);
  walk.default_status = flow.status.value_or(ast::Status::Draft);
  walk.scope.in_flow = true;

  for (const Span& s : flow.repeated)
    sink_.report(DiagnosticKind::InvalidFlowSetting, s, "this flow setting is written twice");
  if (flow.triggers.empty()) {
    sink_.report(DiagnosticKind::TriggerCount, flow.name.span, fmt::format("flow `{}` has no trigger", flow.name.text))
        .hint = "add one: `trigger list NAME`, `trigger segment NAME`, `trigger metric NAME`, `trigger date "
                "profile.PROP` or `trigger price_drop PCT on METRIC by EXPR`";
  }
  for (size_t i = 1; i < flow.triggers.size(); ++i) {
    sink_.report(DiagnosticKind::TriggerCount, flow.triggers[i].span,
                 fmt::format("flow `{}` has more than one trigger", flow.name.text));
    sink_.note(flow.triggers[0].span, "the first trigger is here");
    sink_.hint("a flow has exactly one trigger; make a second flow for the other one");
  }
  std::string no_event_reason;
  if (!flow.triggers.empty()) {
    ast::Trigger& t = flow.triggers.front();
    switch (t.kind) {
      case ast::TriggerKind::List:
        resolve_list(t.target);
        no_event_reason = fmt::format("flow `{}` is triggered by a list", flow.name.text);
        break;
      case ast::TriggerKind::Segment:
        resolve_segment(t.target);
        no_event_reason = fmt::format("flow `{}` is triggered by a segment", flow.name.text);
        break;
      case ast::TriggerKind::Metric: {
        const MetricInfo* metric = resolve_metric(t.target.text, t.target.span);
        walk.scope.event = metric;
        walk.scope.event_unknown = metric == nullptr;
        if (t.where) {
          Scope where = walk.scope;
          where.place = Place::TriggerWhere;
          expect_bool(t.where.get(), where, "a trigger filter");
        }
        break;
      }
      case ast::TriggerKind::Date: {
        no_event_reason = fmt::format("flow `{}` is triggered by a date", flow.name.text);
        const Property* p = symbols.profile_property(t.date_property.text);
        if (!p) {
          std::vector<std::string> candidates;
          for (const auto& [n, prop] : symbols.profile) candidates.push_back(n);
          auto& d = sink_.report(DiagnosticKind::UnknownProfileProperty, t.date_property.span,
                                 fmt::format("unknown profile property `{}`", t.date_property.text));
          d.hint = did_you_mean(t.date_property.text, candidates);
        } else if (!p->type.is_error() && p->type.kind != TypeKind::Date && p->type.kind != TypeKind::DateTime) {
          sink_.report(DiagnosticKind::InvalidTrigger, t.date_property.span,
                       fmt::format("a date trigger needs a `date` or `datetime` property, but `{}` is `{}`",
                                   t.date_property.text, p->type.to_string()));
        }
        break;
      }
      case ast::TriggerKind::PriceDrop: {
        if (t.percent <= 0 || t.percent >= 100)
          sink_.report(DiagnosticKind::InvalidTrigger, t.percent_span,
                       fmt::format("a price drop of {}% cannot happen", t.percent))
              .hint = "write a percentage between 0% and 100%, such as 10%";
        if (t.within_minutes && *t.within_minutes <= 0)
          sink_.report(DiagnosticKind::NonPositiveWindow, t.span, "the `within` window must be positive");
        const MetricInfo* metric = resolve_metric(t.target.text, t.target.span);
        Scope key = walk.scope;
        key.place = Place::PriceDropKey;
        key.event = metric;
        key.event_unknown = metric == nullptr;
        Type kt = check_expr(t.by.get(), key);
        if (!kt.is_error() && kt.kind != TypeKind::String && kt.kind != TypeKind::Int)
          sink_.report(DiagnosticKind::InvalidTrigger, t.by->span,
                       fmt::format("products are identified by a `string` or `int`, but this is `{}`", kt.to_string()));
        auto event = std::make_unique<MetricInfo>();
        event->name = metric ? metric->name : t.target.text;
        if (metric) event->properties = metric->properties;
        event->decl = metric ? metric->decl : nullptr;
        for (const char* extra : {"old_price", "new_price", "percent"}) {
          Property p;
          p.name = extra;
          p.type = Type::of(TypeKind::Number);
          p.builtin = true;
          event->properties[extra] = p;
        }
        walk.scope.event = event.get();
        walk.scope.event_unknown = metric == nullptr;
        symbols.price_drop_events[&flow] = std::move(event);
        break;
      }
    }
  }
  walk.scope.no_event_reason = no_event_reason;
  if (flow.reentry == ast::Reentry::After && flow.reentry_after_minutes <= 0)
    sink_.report(DiagnosticKind::NonPositiveWindow, flow.reentry_span, "the re-entry window must be positive");

  for (auto& f : flow.filters) {
    Scope filter = walk.scope;
    filter.place = Place::FlowFilter;
    expect_bool(f.get(), filter, "a profile filter");
  }

  std::function<bool(ast::Block&)> check_block = [&](ast::Block& steps) -> bool {
    bool exited = false;
    bool reported_unreachable = false;
    for (ast::Step& s : steps) {
      if (exited && !reported_unreachable) {
        sink_.report(DiagnosticKind::UnreachableStep, s.span, "this step can never run")
            .hint = "every path before it ends with `exit`";
        reported_unreachable = true;
      }
      claim_step_name(s, walk.step_names, flow.name.text);
      bool step_exits = false;
      Scope scope = walk.scope;
      if (is_action(s.kind)) {
        ++walk.actions;
        if (effective_status(s, walk.default_status) != ast::Status::Draft) ++walk.active_actions;
      }
      switch (s.kind) {
        case ast::StepKind::Send: {
          scope.place = Place::Template;
          check_send(s, scope, walk.place, false);
          break;
        }
        case ast::StepKind::WaitFor:
          if (s.duration_minutes <= 0 && !s.at_minute)
            sink_.report(DiagnosticKind::InvalidWait, s.span, "a wait must last longer than zero")
                .hint = "write a positive duration such as `wait 1d`";
          if (s.at_minute && s.duration_minutes % 1440 != 0)
            sink_.report(DiagnosticKind::InvalidWait, s.span,
                         "`wait DURATION at HH:MM` counts calendar days, so the duration must be whole days")
                .hint = "write `wait 2d at 10:00`, or `wait 36h` for an exact span";
          break;
        case ast::StepKind::WaitUntil: break;
        case ast::StepKind::If: {
          scope.place = Place::IfCondition;
          for (auto& c : s.conditions) expect_bool(c.get(), scope, "an `if` condition");
          bool all_exit = s.has_else;
          for (ast::Block& b : s.branches) all_exit = check_block(b) && all_exit;
          if (s.has_else) all_exit = check_block(s.else_block) && all_exit;
          step_exits = all_exit;
          break;
        }
        case ast::StepKind::Split: {
          const ast::Trigger* t = flow.trigger();
          bool has_event = t && (t->kind == ast::TriggerKind::Metric || t->kind == ast::TriggerKind::PriceDrop);
          if (!has_event && t) {
            sink_.report(DiagnosticKind::SplitWithoutEvent, s.span,
                         fmt::format("`split on` needs a trigger event, but {}", walk.scope.no_event_reason))
                .hint = "use `if` to branch on profile data";
          }
          scope.place = has_event || !t ? Place::SplitCondition : Place::SetValue;  // neutral: E051 said it
          if (!has_event) scope.event_unknown = true;
          for (auto& c : s.conditions) expect_bool(c.get(), scope, "a `split on` condition");
          bool all_exit = s.has_else;
          for (ast::Block& b : s.branches) all_exit = check_block(b) && all_exit;
          if (s.has_else) all_exit = check_block(s.else_block) && all_exit;
          step_exits = all_exit;
          break;
        }
        case ast::StepKind::Set: {
          scope.place = Place::SetValue;
          Type t = check_expr(s.value.get(), scope);
          check_assignable_property(s.property, t, s.value ? s.value->span : s.span);
          break;
        }
        case ast::StepKind::Unset:
          check_assignable_property(s.property, Type::error(), s.span);
          break;
        case ast::StepKind::AddToList:
        case ast::StepKind::RemoveFromList: resolve_list(s.list); break;
        case ast::StepKind::Notify:
          scope.place = Place::Template;
          if (s.notify_to) {
            check_text(*s.notify_to, scope);
            if (s.notify_to->value.find('@') == std::string::npos && !s.notify_to->has_holes())
              sink_.report(DiagnosticKind::InvalidField, s.notify_to->span,
                           fmt::format("`{}` is not an e-mail address", s.notify_to->value));
          }
          if (s.notify_text) check_text(*s.notify_text, scope);
          break;
        case ast::StepKind::Exit: step_exits = true; break;
      }
      exited = exited || step_exits;
    }
    return exited;
  };
  check_block(flow.steps);

  if (walk.actions > 0 && walk.active_actions == 0)
    sink_.report(DiagnosticKind::AllActionsDraft, flow.name.span,
                 fmt::format("every action of flow `{}` is draft, so it never does anything", flow.name.text))
        .hint = flow.status ? "set the flow or its steps to `status live` (or `manual` to review first)"
                            : "a flow's actions are draft unless it says `status live` or `status manual`";

  // A wait must be followed by a live or manual action (the flows seed).
  std::function<void(const ast::Block&, Continuation)> check_waits = [&](const ast::Block& steps, Continuation outer) {
    for (size_t i = 0; i < steps.size(); ++i) {
      const ast::Step& s = steps[i];
      Continuation here = outer;
      here.push_back({&steps, i + 1});
      if (is_wait(s.kind) && !leads_to_active_action(here, walk.default_status)) {
        sink_.report(DiagnosticKind::WaitNotFollowedByAction, s.span,
                     "this wait is not followed by a live or manual action")
            .hint = "a delay must lead straight to a live or manual action; remove it or make the next action live";
      }
      for (const ast::Block& b : s.branches) check_waits(b, here);
      if (s.has_else) check_waits(s.else_block, here);
    }
  };
  check_waits(flow.steps, {});
}

void Checker::check_assignable_property(const ast::Name& property, Type value_type, Span value_span) {
  for (const Property& b : builtin_profile_fields()) {
    if (b.name == property.text) {
      sink_.report(DiagnosticKind::ReadOnlyProperty, property.span,
                   fmt::format("`profile.{}` is a built-in field and cannot be assigned", property.text))
          .hint = property.text == "email" || property.text == "phone"
                      ? "addresses come from the event stream's profile records"
                      : "store the value in a property of your own";
      return;
    }
  }
  const Property* p = symbols.profile_property(property.text);
  if (!p) {
    sink_.report(DiagnosticKind::UnknownProfileProperty, property.span,
                 fmt::format("unknown profile property `{}`", property.text));
    return;
  }
  if (value_type.is_error() || p->type.is_error()) return;
  bool fits = p->type.same_shape(value_type) || (p->type.kind == TypeKind::Number && value_type.kind == TypeKind::Int);
  if (!fits)
    sink_.report(DiagnosticKind::AssignmentType, value_span,
                 fmt::format("`profile.{}` is `{}`, but this value is `{}`", property.text, p->type.to_string(),
                             value_type.to_string()));
}

}  // namespace flowc::check
