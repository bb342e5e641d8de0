// A flow: trigger, profile filters, then its steps, each branch drawn from
// its condition with yes/no arrows and joining again after the if or split.
#include <fmt/format.h>

#include "graph/builder.h"

namespace flowc::graph {

namespace {

class FlowDrawing {
 public:
  FlowDrawing(const ast::Flow& flow, const SourceManager& sources)
      : flow_(flow), b_(sources), status_(flow.status.value_or(ast::Status::Draft)) {}

  Graph run() {
    b_.graph.title = title();
    std::string start = b_.node(Shape::Trigger, trigger_lines());
    Ends ends{{start, ""}};
    if (!flow_.filters.empty()) {
      std::vector<std::string> lines{"profile filter"};
      for (const ast::ExprPtr& filter : flow_.filters) lines.push_back(b_.text(*filter));
      std::string id = b_.node(Shape::Filter, lines);
      b_.join(ends, id);
      ends = {{id, ""}};
    }
    ends = steps(flow_.steps, ends);
    if (!ends.empty()) b_.join(ends, b_.node(Shape::End, {"end"}));
    return std::move(b_.graph);
  }

 private:
  const ast::Flow& flow_;
  Builder b_;
  ast::Status status_;  // a flow without `status` is a draft

  std::string title() const {
    std::string reentry;
    switch (flow_.reentry) {
      case ast::Reentry::Once: reentry = ", enters once"; break;
      case ast::Reentry::Always: reentry = ", re-enters every time"; break;
      case ast::Reentry::After: reentry = ", re-enters after " + duration_words(flow_.reentry_after_minutes); break;
      case ast::Reentry::Default: break;
    }
    std::string zone = flow_.profile_timezone ? ", profile's time zone" : "";
    return fmt::format("flow {} ({}{}{})", quoted(flow_.name.text), status_words(status_), reentry, zone);
  }

  std::vector<std::string> trigger_lines() const {
    const ast::Trigger* t = flow_.trigger();
    if (!t) return {"no trigger"};
    switch (t->kind) {
      case ast::TriggerKind::List: return {"trigger: added to list " + quoted(t->target.text)};
      case ast::TriggerKind::Segment: return {"trigger: enters segment " + quoted(t->target.text)};
      case ast::TriggerKind::Metric: {
        std::vector<std::string> lines{"trigger: metric " + quoted(t->target.text)};
        if (t->where) lines.push_back("where " + b_.text(*t->where));
        return lines;
      }
      case ast::TriggerKind::Date: {
        std::string when = t->yearly ? "every year on" : "on";
        std::string offset;
        if (t->offset_minutes < 0) offset = ", " + duration_words(-t->offset_minutes) + " before";
        if (t->offset_minutes > 0) offset = ", " + duration_words(t->offset_minutes) + " after";
        std::string at = t->at_minute ? ", at " + time_of_day(*t->at_minute) : "";
        return {fmt::format("trigger: {} profile.{}{}{}", when, t->date_property.text, offset, at)};
      }
      case ast::TriggerKind::PriceDrop: {
        std::vector<std::string> lines{fmt::format("trigger: price drop of {}% or more", t->percent),
                                       "on viewed " + quoted(t->target.text)};
        if (t->by) lines.push_back("by " + b_.text(*t->by));
        if (t->within_minutes) lines.push_back("viewed within " + duration_words(*t->within_minutes));
        return lines;
      }
    }
    return {};
  }

  // A step's label, as written, ends its node's first line: `wait 3 days as second_wait`.
  static std::vector<std::string> labelled(const ast::Step& s, std::vector<std::string> lines) {
    if (s.label && !lines.empty()) lines.front() += " as " + s.label->text;
    return lines;
  }

  Ends steps(const ast::Block& block, Ends ends) {
    for (const ast::Step& s : block) ends = step(s, ends);
    return ends;
  }

  // Draws one step after `ends`; returns where the next step attaches.
  Ends step(const ast::Step& s, const Ends& ends) {
    switch (s.kind) {
      case ast::StepKind::If:
      case ast::StepKind::Split: return branch(s, ends);
      case ast::StepKind::Exit: {
        b_.join(ends, b_.node(Shape::Exit, labelled(s, {"exit"})));
        return {};
      }
      default: break;
    }
    std::string id = simple_node(s);
    b_.join(ends, id);
    return {{id, ""}};
  }

  std::string simple_node(const ast::Step& s) {
    Look look = look_of(status_);
    switch (s.kind) {
      case ast::StepKind::Send: return send_node(s);
      case ast::StepKind::WaitFor:
      case ast::StepKind::WaitUntil: return b_.node(Shape::Wait, labelled(s, {wait_words(s)}));
      case ast::StepKind::Set:
        return b_.node(Shape::Action,
                       labelled(s, {fmt::format("set profile.{} = {}", s.property.text, b_.text(*s.value))}), look);
      case ast::StepKind::Unset: return b_.node(Shape::Action, labelled(s, {"unset profile." + s.property.text}), look);
      case ast::StepKind::AddToList:
        return b_.node(Shape::Action, labelled(s, {"add to list " + quoted(s.list.text)}), look);
      case ast::StepKind::RemoveFromList:
        return b_.node(Shape::Action, labelled(s, {"remove from list " + quoted(s.list.text)}), look);
      case ast::StepKind::Notify:
        return b_.node(Shape::Action,
                       labelled(s, {"notify " + (s.notify_to ? shortened(s.notify_to->value) : ""),
                                    "\"" + (s.notify_text ? shortened(s.notify_text->value, 40) : "") + "\""}),
                       look);
      default: break;
    }
    return b_.node(Shape::Action, {ast::step_kind_name(s.kind)}, look);
  }

  std::string send_node(const ast::Step& s) {
    ast::Status status = s.options.status.value_or(status_);
    std::string what = s.inline_body ? "send " + s.channel_name.text : "send " + s.channel_name.text + " " +
                                                                           quoted(s.message.text);
    std::vector<std::string> lines = labelled(s, {what});
    if (s.inline_body) lines.push_back(fmt::format("\"{}\"", shortened(s.inline_body->value, 40)));
    lines.push_back(status_words(status));
    if (s.options.smart_sending == false) lines.push_back("smart sending off");
    if (s.options.utm == false) lines.push_back("no UTM tags");
    return b_.node(Shape::Send, lines, look_of(status));
  }

  // if / else if / else and split: one decision per condition, "yes" into
  // its branch and "no" on to the next; every branch's end joins after it.
  Ends branch(const ast::Step& s, const Ends& ends) {
    Ends out, pending = ends;
    for (size_t i = 0; i < s.conditions.size(); ++i) {
      std::string word = s.kind == ast::StepKind::Split ? "split on " : (i == 0 ? "if " : "else if ");
      std::vector<std::string> lines{word + b_.text(*s.conditions[i])};
      std::string decision = b_.node(Shape::Decision, i == 0 ? labelled(s, lines) : lines);
      b_.join(pending, decision);
      Ends yes = steps(s.branches[i], {{decision, "yes"}});
      out.insert(out.end(), yes.begin(), yes.end());
      pending = {{decision, "no"}};
    }
    Ends no = s.has_else ? steps(s.else_block, pending) : pending;
    out.insert(out.end(), no.begin(), no.end());
    return out;
  }
};

}  // namespace

Graph flow_graph(const ast::Flow& flow, const SourceManager& sources) { return FlowDrawing(flow, sources).run(); }

}  // namespace flowc::graph
