#include "state/program_shape.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace flowc::state {

namespace {

// "3d", "36h", "90m", "45s": the largest unit that divides exactly, so a
// detail reads as the program wrote it.
std::string span_text(int64_t seconds) {
  if (seconds != 0 && seconds % 86400 == 0) return fmt::format("{}d", seconds / 86400);
  if (seconds != 0 && seconds % 3600 == 0) return fmt::format("{}h", seconds / 3600);
  if (seconds != 0 && seconds % 60 == 0) return fmt::format("{}m", seconds / 60);
  return fmt::format("{}s", seconds);
}

std::string minute_text(int32_t minute) { return fmt::format("{:02}:{:02}", minute / 60, minute % 60); }

std::string step_name(const ir::FlowDef& flow, ir::Index step) {
  if (step >= flow.steps.size()) return "end";
  const ir::StepDef& s = flow.steps[step];
  return s.name.empty() ? fmt::format("{}@{}", ir::step_kind_name(s.kind), s.line) : s.name;
}

std::string wait_text(const ir::StepDef& s) {
  std::string text;
  switch (s.wait) {
    case ir::WaitKind::For: text = "for " + span_text(s.seconds); break;
    case ir::WaitKind::ForCalendarDays: text = fmt::format("for {} calendar days", s.seconds / 86400); break;
    case ir::WaitKind::Until: text = "until"; break;
  }
  if (s.at_minute >= 0) text += " at " + minute_text(s.at_minute);
  if (s.days != 0) text += fmt::format(" on days {:07b}", s.days);
  return text + ", ";
}

// Wait parameters and where the step goes: what a waiting run depends on.
std::string step_detail(const ir::FlowDef& flow, const ir::StepDef& s) {
  std::string detail = s.kind == ir::StepKind::Wait ? wait_text(s) : "";
  if (s.kind == ir::StepKind::Branch) {
    detail += "to";
    for (ir::Index target : s.targets) {
      detail += ' ';
      detail += step_name(flow, target);
    }
    return detail + ", else " + step_name(flow, s.else_target);
  }
  return detail + "then " + step_name(flow, s.next);
}

std::string name_at(const std::vector<std::string>& names, ir::Index i) { return i < names.size() ? names[i] : ""; }

std::string trigger_detail(const ir::Module& m, const ir::FlowDef& f) {
  switch (f.trigger) {
    case ir::TriggerKind::List: return "list " + name_at(m.lists, f.trigger_target);
    case ir::TriggerKind::Segment:
      return "segment " + (f.trigger_target < m.segments.size() ? m.segments[f.trigger_target].name : "");
    case ir::TriggerKind::Metric:
      return "metric " + (f.trigger_target < m.metrics.size() ? m.metrics[f.trigger_target].name : "");
    case ir::TriggerKind::PriceDrop:
      return "price drop " + (f.trigger_target < m.metrics.size() ? m.metrics[f.trigger_target].name : "");
    case ir::TriggerKind::Date: break;
  }
  const std::string field = f.date_property < m.profile_properties.size() ? m.profile_properties[f.date_property].name
                                                                          : "created";
  std::string text = fmt::format("date {}{} offset {}", field, f.yearly ? " yearly" : "", span_text(f.offset_seconds));
  if (f.at_minute >= 0) text += " at " + minute_text(f.at_minute);
  return text + (f.profile_timezone ? " in the profile's time zone" : "");
}

ShapeFlow flow_shape(const ir::Module& m, const ir::FlowDef& f) {
  ShapeFlow flow{f.name, trigger_detail(m, f), f.event_metric < m.metrics.size() ? m.metrics[f.event_metric].name : "", {}};
  for (ir::Index s = 0; s < f.steps.size(); ++s) {
    const ir::StepDef& step = f.steps[s];
    const std::string next = step.kind == ir::StepKind::Branch || step.next == ir::kNone ? "" : step_name(f, step.next);
    flow.steps.push_back({step_name(f, s), ir::step_kind_name(step.kind), step_detail(f, step), next});
  }
  return flow;
}


void add_campaigns(const ir::Module& m, std::vector<ShapeItem>& out) {
  for (const ir::CampaignDef& c : m.campaigns)
    for (const ir::PathDef& p : c.paths)
      for (const ir::CampaignSendDef& s : p.sends)
        out.push_back({c.name + "/" + p.name + "/" + s.name,
                       fmt::format("{} at minute {}, stagger {}%", ir::channel_name(s.channel), s.local_minutes,
                                   s.stagger_percent)});
}

void add_automations(const ir::Module& m, std::vector<ShapeItem>& automations, std::vector<ShapeItem>& questions) {
  for (const ir::AutomationDef& a : m.automations) {
    automations.push_back({a.name, ""});
    for (const ir::QuestionDef& q : a.questions) {
      std::string choices;
      for (const std::string& c : q.choices) choices += (choices.empty() ? "" : ", ") + c;
      questions.push_back({a.name + "/" + q.name, choices});
    }
  }
}

// --- the saved text: tab-separated fields, with \t, \n and \\ escaped

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

bool unescape(const std::string& s, std::string& out) {
  out.clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (++i == s.size()) return false;
    if (s[i] == '\\') out += '\\';
    else if (s[i] == 't') out += '\t';
    else if (s[i] == 'n') out += '\n';
    else return false;
  }
  return true;
}

bool split_fields(const std::string& line, std::vector<std::string>& fields) {
  fields.clear();
  size_t at = 0;
  for (;;) {
    const size_t end = line.find('\t', at);
    std::string field;
    if (!unescape(line.substr(at, end == std::string::npos ? std::string::npos : end - at), field)) return false;
    fields.push_back(std::move(field));
    if (end == std::string::npos) return true;
    at = end + 1;
  }
}

bool section_named(const std::string& name, ShapeSection& section) {
  for (size_t s = 0; s < kShapeSections; ++s)
    if (name == shape_section_name(static_cast<ShapeSection>(s))) return section = static_cast<ShapeSection>(s), true;
  return false;
}

bool decode_line(const std::vector<std::string>& f, ProgramShape& shape) {
  if (f[0] == "flow" && f.size() == 4) {
    shape.flows.push_back({f[1], f[2], f[3], {}});
    return true;
  }
  if (f[0] == "step" && f.size() == 5 && !shape.flows.empty()) {
    shape.flows.back().steps.push_back({f[1], f[2], f[3], f[4]});
    return true;
  }
  ShapeSection section;
  if (f.size() != 3 || !section_named(f[0], section)) return false;
  shape.sections[static_cast<size_t>(section)].push_back({f[1], f[2]});
  return true;
}

// --- the diff

ShapeChange change(ShapeChange::Kind kind, std::string part, std::string flow, std::string name, std::string before,
                   std::string after) {
  return ShapeChange{kind, std::move(part), std::move(flow), std::move(name), std::move(before), std::move(after)};
}

void diff_steps(const ShapeFlow& saved, const ShapeFlow& now, std::vector<ShapeChange>& out) {
  using K = ShapeChange::Kind;
  for (const ShapeStep& old : saved.steps) {
    const ShapeStep* step = now.step(old.label);
    if (!step) out.push_back(change(K::Removed, "step", saved.name, old.label, old.kind + ", " + old.detail, ""));
    else if (!(*step == old))
      out.push_back(change(K::Changed, "step", saved.name, old.label, old.kind + ", " + old.detail,
                           step->kind + ", " + step->detail));
  }
  for (const ShapeStep& step : now.steps)
    if (!saved.step(step.label)) out.push_back(change(K::Added, "step", now.name, step.label, "", step.kind + ", " + step.detail));
}

void diff_items(const ProgramShape& saved_shape, const ProgramShape& now_shape, ShapeSection section,
                std::vector<ShapeChange>& out) {
  using K = ShapeChange::Kind;
  const char* part = shape_section_name(section);
  const std::vector<ShapeItem>& saved = saved_shape.items(section);
  const std::vector<ShapeItem>& now = now_shape.items(section);
  for (const ShapeItem& old : saved) {
    const ShapeItem* item = now_shape.item(section, old.name);
    if (!item) out.push_back(change(K::Removed, part, "", old.name, old.detail, ""));
    else if (!(item->detail == old.detail)) out.push_back(change(K::Changed, part, "", old.name, old.detail, item->detail));
  }
  for (const ShapeItem& item : now)
    if (!saved_shape.item(section, item.name)) out.push_back(change(K::Added, part, "", item.name, "", item.detail));
}

}  // namespace

const char* shape_section_name(ShapeSection section) {
  static const char* const names[kShapeSections] = {
      "property", "list", "metric", "event property", "segment", "aggregate", "campaign message", "automation", "question"};
  return names[static_cast<size_t>(section)];
}

const ShapeStep* ShapeFlow::step(const std::string& label) const {
  for (const ShapeStep& s : steps)
    if (s.label == label) return &s;
  return nullptr;
}

bool ProgramShape::operator==(const ProgramShape& other) const {
  if (flows != other.flows) return false;
  for (size_t s = 0; s < kShapeSections; ++s)
    if (sections[s] != other.sections[s]) return false;
  return true;
}

const ShapeFlow* ProgramShape::flow(const std::string& name) const {
  for (const ShapeFlow& f : flows)
    if (f.name == name) return &f;
  return nullptr;
}

const ShapeItem* ProgramShape::item(ShapeSection section, const std::string& name) const {
  for (const ShapeItem& i : items(section))
    if (i.name == name) return &i;
  return nullptr;
}

const char* aggregate_kind_name(ir::AggregateKind kind) {
  switch (kind) {
    case ir::AggregateKind::Count: return "count";
    case ir::AggregateKind::Sum: return "sum";
    case ir::AggregateKind::Last: return "last";
  }
  return "?";
}

AggregateEntry aggregate_signature(const ir::Module& module, ir::Index aggregate) {
  const ir::AggregateDef& def = module.aggregates[aggregate];
  AggregateEntry e;
  e.kind = aggregate_kind_name(def.kind);
  if (def.metric < module.metrics.size()) {
    const ir::MetricDef& metric = module.metrics[def.metric];
    e.metric = metric.name;
    if (def.property < metric.properties.size()) e.property = metric.properties[def.property].name;
  }
  if (def.where < module.chunks.size()) e.where = module.chunks[def.where].source;
  if (def.window == ir::WindowKind::Within) e.window = def.window_seconds;
  e.since_flow_start = def.window == ir::WindowKind::SinceFlowStart;
  return e;
}

std::string aggregate_text(const AggregateEntry& a) {
  std::string text = a.kind + "(" + a.metric;
  if (!a.property.empty()) text += "." + a.property;
  if (!a.where.empty()) text += " where " + a.where;
  if (a.window > 0) text += " within " + span_text(a.window);
  if (a.since_flow_start) text += " since flow_start";
  return text + ")";
}

ProgramShape shape_of(const ir::Module& m) {
  ProgramShape shape;
  for (const ir::FlowDef& f : m.flows) shape.flows.push_back(flow_shape(m, f));
  auto& sections = shape.sections;
  for (const ir::PropertyDef& p : m.profile_properties) {
    sections[size_t(ShapeSection::Property)].push_back({p.name, ir::type_name(p.type)});
    if (p.default_constant < m.constants.size()) shape.defaults.push_back({p.name, m.constants[p.default_constant]});
  }
  for (const std::string& l : m.lists) sections[size_t(ShapeSection::List)].push_back({l, ""});
  for (const ir::MetricDef& metric : m.metrics) {
    sections[size_t(ShapeSection::Metric)].push_back({metric.name, ""});
    for (const ir::PropertyDef& p : metric.properties)
      sections[size_t(ShapeSection::EventProperty)].push_back({metric.name + "." + p.name, ir::type_name(p.type)});
  }
  for (const ir::SegmentDef& s : m.segments)
    sections[size_t(ShapeSection::Segment)].push_back({s.name, s.condition < m.chunks.size() ? m.chunks[s.condition].source : ""});
  for (ir::Index a = 0; a < m.aggregates.size(); ++a)
    sections[size_t(ShapeSection::Aggregate)].push_back({aggregate_text(aggregate_signature(m, a)), ""});
  add_campaigns(m, sections[size_t(ShapeSection::CampaignMessage)]);
  add_automations(m, sections[size_t(ShapeSection::Automation)], sections[size_t(ShapeSection::Question)]);
  return shape;
}

std::string encode_shape(const ProgramShape& shape) {
  std::string text = fmt::format("flowc-shape {}\n", kShapeVersion);
  for (const ShapeFlow& f : shape.flows) {
    text += "flow\t" + escape(f.name) + "\t" + escape(f.trigger) + "\t" + escape(f.event_metric) + "\n";
    for (const ShapeStep& s : f.steps)
      text += "step\t" + escape(s.label) + "\t" + escape(s.kind) + "\t" + escape(s.detail) + "\t" + escape(s.next) + "\n";
  }
  for (size_t s = 0; s < kShapeSections; ++s)
    for (const ShapeItem& i : shape.sections[s])
      text += std::string(shape_section_name(static_cast<ShapeSection>(s))) + "\t" + escape(i.name) + "\t" +
              escape(i.detail) + "\n";
  return text;
}

bool decode_shape(const std::string& text, ProgramShape& shape, std::string& error) {
  shape = ProgramShape{};
  size_t at = text.find('\n');
  int version = 0;
  if (at == std::string::npos || std::sscanf(text.substr(0, at).c_str(), "flowc-shape %d", &version) != 1) {
    error = "the saved program shape does not start with `flowc-shape N`";
    return false;
  }
  if (version > kShapeVersion) {
    error = fmt::format("the saved program shape has version {}, newer than this flowc reads ({})", version,
                        kShapeVersion);
    return false;
  }
  std::vector<std::string> fields;
  for (size_t line = 2; ++at < text.size(); ++line) {
    const size_t end = text.find('\n', at);
    if (end == std::string::npos || !split_fields(text.substr(at, end - at), fields) || !decode_line(fields, shape)) {
      error = fmt::format("the saved program shape is damaged at line {}", line);
      return false;
    }
    at = end;
  }
  return true;
}

std::string ShapeChange::text() const {
  const std::string what = part == "step" ? fmt::format("flow \"{}\": step `{}`", flow, name)
                                          : fmt::format("{} \"{}\"", part, name);
  switch (kind) {
    case Kind::Added: return what + " added";
    case Kind::Removed: return what + " removed";
    case Kind::Changed: break;
  }
  return fmt::format("{} changed: {} -> {}", what, before.empty() ? "(none)" : before, after.empty() ? "(none)" : after);
}

std::vector<ShapeChange> diff_shapes(const ProgramShape& saved, const ProgramShape& now) {
  using K = ShapeChange::Kind;
  std::vector<ShapeChange> out;
  for (const ShapeFlow& old : saved.flows) {
    const ShapeFlow* flow = now.flow(old.name);
    if (!flow) {
      out.push_back(change(K::Removed, "flow", "", old.name, old.trigger, ""));
      continue;
    }
    if (flow->trigger != old.trigger) out.push_back(change(K::Changed, "flow", "", old.name, old.trigger, flow->trigger));
    diff_steps(old, *flow, out);
  }
  for (const ShapeFlow& flow : now.flows)
    if (!saved.flow(flow.name)) out.push_back(change(K::Added, "flow", "", flow.name, "", flow.trigger));
  for (size_t s = 0; s < kShapeSections; ++s) diff_items(saved, now, static_cast<ShapeSection>(s), out);
  // What loses state first (a refusal names the first change), then what
  // changes it, then what is new.
  auto rank = [](const ShapeChange& c) {
    return c.kind == ShapeChange::Kind::Removed ? 0 : c.kind == ShapeChange::Kind::Changed ? 1 : 2;
  };
  std::vector<ShapeChange> ranked;
  ranked.reserve(out.size());
  for (int r = 0; r <= 2; ++r)
    for (const ShapeChange& c : out)
      if (rank(c) == r) ranked.push_back(c);
  return ranked;
}

}  // namespace flowc::state
