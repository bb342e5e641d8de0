#include "state/migrate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace flowc::state {

namespace {

// Where a run stands, by step label: the wait it waits at, or the send it
// is held at ("": an ended run, kept for its reviews).
std::string place_of(const RunState& run) {
  if (run.position == RunPosition::Ended) return "";
  return run.position == RunPosition::Waiting && !run.waiting_at.empty() ? run.waiting_at : run.resume_at;
}

const StepMapping* mapping_for(const std::vector<StepMapping>& mappings, const std::string& flow,
                               const std::string& step) {
  for (const StepMapping& m : mappings)
    if (m.flow == flow && m.from == step) return &m;
  return nullptr;
}

// The one rule for runs and reviews at a saved step.
struct Fate {
  RunFate fate = RunFate::Stays;
  std::string to;  // Moves: the new label
};

Fate fate_of(const ProgramShape& saved, const ProgramShape& now, const std::vector<StepMapping>& mappings,
             const std::string& flow_name, const std::string& label) {
  const ShapeFlow* flow = now.flow(flow_name);
  if (!flow) return {RunFate::ExitsFlowRemoved, ""};
  if (label.empty()) return {};
  if (const StepMapping* m = mapping_for(mappings, flow_name, label)) return {RunFate::Moves, m->to};
  const ShapeFlow* old_flow = saved.flow(flow_name);
  const ShapeStep* old_step = old_flow ? old_flow->step(label) : nullptr;
  const ShapeStep* step = flow->step(label);
  if (!step || (old_step && old_step->kind != step->kind)) return {RunFate::ExitsStepRemoved, ""};
  return {};
}

const char* exit_reason(RunFate fate) { return fate == RunFate::ExitsFlowRemoved ? "flow_removed" : "step_removed"; }

bool wait_changed(const ProgramShape& saved, const ProgramShape& now, const std::string& flow, const std::string& label) {
  const ShapeFlow* a = saved.flow(flow);
  const ShapeFlow* b = now.flow(flow);
  const ShapeStep* old_step = a ? a->step(label) : nullptr;
  const ShapeStep* step = b ? b->step(label) : nullptr;
  return old_step && step && old_step->kind == "wait" && !(*old_step == *step);
}

bool has(const ProgramShape& shape, ShapeSection section, const std::string& name) {
  return shape.item(section, name) != nullptr;
}

std::string split_name(const std::string& a, const std::string& b) { return a + "/" + b; }

std::string message_name(const std::string& campaign, const std::string& path, const std::string& message) {
  return campaign + "/" + path + "/" + message;
}

// --- property types

bool integral_in_double_range(double x) { return std::isfinite(x) && std::trunc(x) == x && std::fabs(x) <= 9007199254740992.0; }

// The saved value under the property's new type; false: it cannot be
// converted without losing information, and is cleared.
bool convert_value(const ir::Value& v, const std::string& type, ir::Value& out) {
  using K = ir::ValueKind;
  out = v;
  if (type == "number" && v.kind == K::Int) return out = ir::Value::number(static_cast<double>(v.i)), true;
  if (type == "int" && v.kind == K::Number && integral_in_double_range(v.n))
    return out = ir::Value::integer(static_cast<int64_t>(v.n)), true;
  if (type == "datetime" && v.kind == K::Date) {
    out.kind = K::DateTime;
    out.i = v.i * 86400;
    return true;
  }
  if (type == "date" && v.kind == K::DateTime && v.i % 86400 == 0) {
    out.kind = K::Date;
    out.i = v.i / 86400;
    return true;
  }
  if (type == "string" && v.kind == K::Bool) return out = ir::Value::string(v.i ? "true" : "false"), true;
  if (type == "string" && v.kind == K::Int) return out = ir::Value::string(std::to_string(v.i)), true;
  return false;
}

// Does the stored value already have the property's type?
bool fits_type(const ir::Value& v, const std::string& type) {
  using K = ir::ValueKind;
  switch (v.kind) {
    case K::Bool: return type == "bool";
    case K::Int: return type == "int";
    case K::Number: return type == "number";
    case K::String: return type == "string";
    case K::Date: return type == "date";
    case K::DateTime: return type == "datetime";
    case K::Duration: return type == "duration";
    case K::Consent: return type == "consent";
    case K::List: return type.rfind("list", 0) == 0;
    case K::Unset: return true;
  }
  return false;
}

// The program's default for a property; unset when it has none.
ir::Value default_of(const ProgramShape& shape, const std::string& property) {
  for (const NamedValue& d : shape.defaults)
    if (d.name == property) return d.value;
  return {};
}

// --- removing what names a gone part

template <class T, class Gone>
void drop_if(std::vector<T>& items, Gone gone) {
  items.erase(std::remove_if(items.begin(), items.end(), gone), items.end());
}

std::vector<std::string> split_unit(const std::string& name) {  // recipient groups: U+001F separated
  std::vector<std::string> parts;
  for (size_t at = 0;;) {
    const size_t end = name.find('\x1f', at);
    parts.push_back(name.substr(at, end == std::string::npos ? std::string::npos : end - at));
    if (end == std::string::npos) return parts;
    at = end + 1;
  }
}

class Migration {
 public:
  Migration(const ProgramShape& saved, const ProgramShape& now, const std::vector<StepMapping>& mappings,
            LoadedState& state)
      : saved_(saved), now_(now), mappings_(mappings), state_(state) {}

  std::vector<MigrationExit> run() {
    for (ProfileState& p : state_.profiles) profile(p);
    drop_if(state_.globals.wakes, [&](const WakeState& w) { return gone_message(w.campaign, w.path, w.message); });
    origins();
    report();
    state_.program = encode_shape(now_);
    return std::move(exits_);
  }

 private:
  bool flow_gone(const std::string& flow) const { return !now_.flow(flow); }
  // What a flow's trigger started (date wake-ups and fired dates, price-drop
  // views) belongs to that trigger: gone with the flow, or with a trigger
  // that changed (a date flow then starts afresh, finish_migration).
  bool trigger_gone(const std::string& flow) const {
    const ShapeFlow* before = saved_.flow(flow);
    const ShapeFlow* after = now_.flow(flow);
    return !after || (before && before->trigger != after->trigger);
  }
  bool gone_message(const std::string& c, const std::string& p, const std::string& m) const {
    return !has(now_, ShapeSection::CampaignMessage, message_name(c, p, m));
  }
  bool gone_step(const std::string& flow, const std::string& label) const {
    const ShapeFlow* f = now_.flow(flow);
    return !f || !f->step(label);
  }

  void profile(ProfileState& p) {
    runs(p);
    drop_if(p.wakes, [&](const WakeState& w) {
      if (w.kind == WakeKind::DateTrigger) return trigger_gone(w.flow);
      if (w.kind == WakeKind::CampaignDelivery) return gone_message(w.campaign, w.path, w.message);
      return false;
    });
    drop_if(p.deliveries, [&](const DeliveryState& d) { return gone_message(d.campaign, d.path, d.message); });
    sessions(p);
    drop_if(p.views, [&](const ViewState& v) { return trigger_gone(v.flow); });
    for (ViewState& v : p.views) event_values(v.flow, v.event);
    drop_if(p.flows_entered, [&](const FlowEntryCount& f) { return flow_gone(f.flow); });
    drop_if(p.entries_at_instant, [&](const NamedCount& c) { return flow_gone(c.name); });
    drop_if(p.fired_dates, [&](const FlowOccurrence& f) { return trigger_gone(f.flow); });
    drop_if(p.replies, [&](const NamedCount& r) { return !r.name.empty() && !has(now_, ShapeSection::Automation, r.name); });
    auto list_gone = [&](const std::string& l) { return !has(now_, ShapeSection::List, l); };
    drop_if(p.lists, list_gone);
    drop_if(p.lists_pending_confirmation, list_gone);
    drop_if(p.segments, [&](const std::string& s) { return !has(now_, ShapeSection::Segment, s); });
    drop_if(p.aggregates, [&](const AggregateEntry& a) { return !has(now_, ShapeSection::Aggregate, aggregate_text(a)); });
    properties(p);
    drop_if(p.recipient_groups, [&](const std::string& g) { return recipient_group_gone(g); });
  }

  // Runs first: which exit, which move; then their wake-ups and reviews.
  void runs(ProfileState& p) {
    std::set<std::pair<std::string, uint64_t>> ended;  // (flow, occurrence) of runs that exit
    for (RunState& run : p.runs) {
      const Fate fate = fate_of(saved_, now_, mappings_, run.flow, place_of(run));
      if (fate.fate == RunFate::ExitsStepRemoved || fate.fate == RunFate::ExitsFlowRemoved) {
        if (run.position != RunPosition::Ended) {
          exits_.push_back({p.id, run.flow, exit_reason(fate.fate)});
          if (fate.fate == RunFate::ExitsStepRemoved) ++step_removed_exits_[run.flow];
        }
        ended.insert({run.flow, run.occurrence});
        continue;
      }
      place(run, fate);
      event_values(run.flow, run.event);
    }
    drop_if(p.runs, [&](const RunState& r) { return ended.count({r.flow, r.occurrence}) > 0; });
    drop_if(p.wakes, [&](const WakeState& w) {
      return w.kind == WakeKind::ResumeRun && ended.count({w.flow, w.occurrence}) > 0;
    });
    reviews(p, ended);
    // An ended run is kept only for its open reviews and pending wake-ups.
    drop_if(p.runs, [&](const RunState& r) {
      if (r.position != RunPosition::Ended) return false;
      for (const ReviewState& rv : p.reviews)
        if (rv.flow == r.flow && rv.occurrence == r.occurrence) return false;
      for (const WakeState& w : p.wakes)
        if (w.kind == WakeKind::ResumeRun && w.flow == r.flow && w.occurrence == r.occurrence) return false;
      return true;
    });
  }

  // A run that stays or moves: where it resumes under the new program.
  void place(RunState& run, const Fate& fate) {
    const ShapeFlow* flow = now_.flow(run.flow);
    const bool waiting = run.position == RunPosition::Waiting && !run.waiting_at.empty();
    if (fate.fate == RunFate::Moves) {
      if (waiting) run.waiting_at = fate.to;
      else run.resume_at = fate.to;
    }
    if (waiting) run.resume_at = flow->step(run.waiting_at)->next;  // the wait's new next step
  }

  void reviews(ProfileState& p, const std::set<std::pair<std::string, uint64_t>>& ended) {
    drop_if(p.reviews, [&](ReviewState& r) {
      if (ended.count({r.flow, r.occurrence})) return true;
      const Fate fate = fate_of(saved_, now_, mappings_, r.flow, r.step);
      if (fate.fate == RunFate::Moves) r.step = fate.to;
      return fate.fate == RunFate::ExitsStepRemoved || fate.fate == RunFate::ExitsFlowRemoved;
    });
    for (ReviewState& r : p.reviews) event_values(r.flow, r.event);
  }

  // A session of an automation gone, or at a question gone, is dropped with
  // its timeout (a profile holds only the timeouts of its open sessions).
  void sessions(ProfileState& p) {
    std::set<std::string> dropped;  // their channels: one open session per channel
    drop_if(p.sessions, [&](const SessionState& s) {
      const bool gone = !has(now_, ShapeSection::Automation, s.automation) ||
                        (!s.question.empty() && !has(now_, ShapeSection::Question, split_name(s.automation, s.question)));
      if (gone) dropped.insert(s.channel);
      return gone;
    });
    drop_if(p.wakes, [&](const WakeState& w) { return w.kind == WakeKind::SessionTimeout && dropped.count(w.channel) > 0; });
    for (SessionState& s : p.sessions)
      drop_if(s.answers, [&](const NamedValue& a) { return !has(now_, ShapeSection::Question, split_name(s.automation, a.name)); });
  }

  // Event values the flow's metric no longer has read as unset.
  void event_values(const std::string& flow_name, std::vector<NamedValue>& event) {
    const ShapeFlow* flow = now_.flow(flow_name);
    const std::string metric = flow ? flow->event_metric : "";
    drop_if(event, [&](const NamedValue& v) { return !has(now_, ShapeSection::EventProperty, metric + "." + v.name); });
  }

  // A value whose type changed is converted, or cleared to the property's
  // new default (unset when it has none); a property the old program did
  // not have gets its default, as a profile created now would.
  void properties(ProfileState& p) {
    for (NamedValue& v : p.properties) {
      const ShapeItem* now = now_.item(ShapeSection::Property, v.name);
      if (!now || fits_type(v.value, now->detail)) continue;
      ir::Value converted;
      v.value = convert_value(v.value, now->detail, converted) ? converted : default_of(now_, v.name);
    }
    drop_if(p.properties, [&](const NamedValue& v) { return !v.value.is_set() || !has(now_, ShapeSection::Property, v.name); });
    for (const NamedValue& d : now_.defaults) {
      const bool held = std::any_of(p.properties.begin(), p.properties.end(), [&](const NamedValue& v) { return v.name == d.name; });
      if (!has(saved_, ShapeSection::Property, d.name) && !held) p.properties.push_back(d);
    }
  }

  bool recipient_group_gone(const std::string& group) const {
    const std::vector<std::string> parts = split_unit(group);
    const std::string level = parts[0];
    if (level == "origin" && parts.size() >= 4) {
      if (parts[1] == "flow") return gone_step(parts[2], parts[3]);
      if (parts[1] == "campaign") return parts.size() < 5 || gone_message(parts[2], parts[3], parts[4]);
      return false;
    }
    if (level == "owner" && parts.size() == 3) return owner_gone(parts[1], parts[2]);
    if (level == "path" && parts.size() == 3) return !campaign_path_kept(parts[1], parts[2]);
    return false;
  }

  bool owner_gone(const std::string& kind, const std::string& name) const {
    if (kind == "flow") return flow_gone(name);
    if (kind == "automation") return !has(now_, ShapeSection::Automation, name);
    if (kind == "campaign") return !campaign_path_kept(name, "");
    return false;
  }

  // Does the program still have campaign `c` (and its path `p`, when given)?
  bool campaign_path_kept(const std::string& c, const std::string& p) const {
    const std::string prefix = p.empty() ? c + "/" : c + "/" + p + "/";
    for (const ShapeItem& m : now_.items(ShapeSection::CampaignMessage))
      if (m.name.rfind(prefix, 0) == 0) return true;
    return false;
  }

  // Sends from a part that is gone stay in the log as account messages.
  void origins() {
    for (OriginState& o : state_.origins) {
      const bool gone = (o.kind == "flow" && gone_step(o.owner, o.part)) ||
                        (o.kind == "campaign" && gone_message(o.owner, o.part, o.send)) ||
                        (o.kind == "automation" && !has(now_, ShapeSection::Automation, o.owner));
      if (!gone) continue;
      o.kind = "account";
      o.owner.clear();
      o.part.clear();
      o.send.clear();
    }
  }

  void report() {
    ReportState& r = state_.report;
    drop_if(r.flows, [&](const FlowReport& f) { return flow_gone(f.flow); });
    for (FlowReport& f : r.flows) {
      drop_if(f.steps, [&](const StepReport& s) { return gone_step(f.flow, s.step); });
      auto exits = step_removed_exits_.find(f.flow);
      if (exits == step_removed_exits_.end()) continue;
      auto counter = std::find_if(f.exited.begin(), f.exited.end(), [](const NamedCount& c) { return c.name == "step_removed"; });
      if (counter == f.exited.end()) counter = f.exited.insert(f.exited.end(), NamedCount{"step_removed", 0});
      counter->count += exits->second;
      std::sort(f.exited.begin(), f.exited.end(), [](const NamedCount& a, const NamedCount& b) { return a.name < b.name; });
    }
    for (CampaignReport& c : r.campaigns) {
      for (CampaignPathReport& p : c.paths)
        drop_if(p.messages, [&](const CampaignMessageReport& m) { return gone_message(c.campaign, p.path, m.message); });
      drop_if(c.paths, [&](const CampaignPathReport& p) { return !campaign_path_kept(c.campaign, p.path); });
    }
    drop_if(r.campaigns, [&](const CampaignReport& c) { return !campaign_path_kept(c.campaign, ""); });
    drop_if(r.automations, [&](const AutomationReport& a) { return !has(now_, ShapeSection::Automation, a.automation); });
  }

  const ProgramShape& saved_;
  const ProgramShape& now_;
  const std::vector<StepMapping>& mappings_;
  LoadedState& state_;
  std::vector<MigrationExit> exits_;
  std::map<std::string, uint64_t> step_removed_exits_;  // by flow
};

// --- the plan

void count_runs(const LoadedState& state, const ProgramShape& saved, const ProgramShape& now,
                const std::vector<StepMapping>& mappings, MigrationPlan& plan) {
  std::map<std::pair<std::string, std::string>, StepGroup> groups;
  auto group = [&](const std::string& flow, const std::string& step) -> StepGroup& {
    StepGroup& g = groups[{flow, step}];
    if (g.flow.empty()) {
      const Fate fate = fate_of(saved, now, mappings, flow, step);
      g = StepGroup{flow, step, 0, 0, 0, fate.fate, fate.to, fate.fate == RunFate::Stays && wait_changed(saved, now, flow, step)};
    }
    return g;
  };
  for (const ProfileState& p : state.profiles) {
    for (const RunState& run : p.runs) {
      if (run.position == RunPosition::Ended) continue;
      StepGroup& g = group(run.flow, place_of(run));
      ++(run.position == RunPosition::Waiting ? g.waiting : g.deferred);
    }
    for (const ReviewState& r : p.reviews) ++group(r.flow, r.step).reviews;
  }
  for (auto& [key, g] : groups) plan.groups.push_back(std::move(g));
}

uint64_t profiles_where(const LoadedState& state, const std::function<bool(const ProfileState&)>& holds) {
  return static_cast<uint64_t>(std::count_if(state.profiles.begin(), state.profiles.end(), holds));
}

bool holds_property(const ProfileState& p, const std::string& name) {
  return std::any_of(p.properties.begin(), p.properties.end(), [&](const NamedValue& v) { return v.name == name; });
}

// A date trigger a flow gains (a flow added, or whose trigger became a date
// or another date): nobody enters at the migration, and no occurrence
// before it fires (nothing retroactive); each saved profile that holds the
// date is scheduled for its next occurrence after the migration
// (Engine::finish_migration). The plan counts the saved profiles holding
// the date before the migration (a property the same migration adds with a
// default is not counted, though its holders are scheduled).
void count_date_trigger_gained(const LoadedState& state, const ShapeChange& c, MigrationPlan& plan) {
  if (c.after.rfind("date ", 0) != 0) return;
  plan.scheduled_date_flows.push_back(c.name);
  const std::string field = c.after.substr(5, c.after.find(' ', 5) - 5);
  const bool created = field == "created";
  plan.parts.push_back(
      {c.part, c.name,
       fmt::format("a date trigger: saved profiles {} enter at its next occurrence after the migration (none before it)",
                   created ? "(all: every profile has `created`)" : fmt::format("holding `{}`", field)),
       created ? state.profiles.size()
               : profiles_where(state, [&](const ProfileState& p) { return holds_property(p, field); })});
}

// A trigger changed: what the old one started and had not run yet (date
// wake-ups, price-drop views) is dropped; runs already in the flow stay.
void count_trigger_changed(const LoadedState& state, const ShapeChange& c, MigrationPlan& plan) {
  if (c.before.rfind("date ", 0) == 0)
    plan.parts.push_back({c.part, c.name, "the old trigger's pending dates are dropped, never fired",
                          profiles_where(state, [&](const ProfileState& p) {
                            return std::any_of(p.wakes.begin(), p.wakes.end(), [&](const WakeState& w) {
                              return w.kind == WakeKind::DateTrigger && w.flow == c.name;
                            });
                          })});
  if (c.before.rfind("price drop ", 0) == 0)
    plan.parts.push_back({c.part, c.name, "the product views the old trigger kept are dropped",
                          profiles_where(state, [&](const ProfileState& p) {
                            return std::any_of(p.views.begin(), p.views.end(),
                                               [&](const ViewState& v) { return v.flow == c.name; });
                          })});
  count_date_trigger_gained(state, c, plan);
}

void count_property_changed(const LoadedState& state, const ProgramShape& now, const ShapeChange& c, MigrationPlan& plan) {
  uint64_t converted = 0, cleared = 0;
  for (const ProfileState& p : state.profiles)
    for (const NamedValue& v : p.properties) {
      if (v.name != c.name || fits_type(v.value, c.after)) continue;
      ir::Value out;
      ++(convert_value(v.value, c.after, out) ? converted : cleared);
    }
  const ir::Value reset = default_of(now, c.name);
  plan.parts.push_back({c.part, c.name, fmt::format("{} -> {}: converted", c.before, c.after), converted});
  plan.parts.push_back({c.part, c.name,
                        fmt::format("{} -> {}: cleared (no lossless conversion){}", c.before, c.after,
                                    reset.is_set() ? ", to its default " + ir::to_json(reset) : ""),
                        cleared});
}

// What a removed part took with it: the profiles that named it.
void count_removed(const LoadedState& state, const ProgramShape& now, const ShapeChange& c, MigrationPlan& plan) {
  std::string what = "dropped from the state";
  std::function<bool(const ProfileState&)> named;
  if (c.part == "segment") {
    named = [&](const ProfileState& p) { return std::count(p.segments.begin(), p.segments.end(), c.name) > 0; };
  } else if (c.part == "list") {
    named = [&](const ProfileState& p) { return std::count(p.lists.begin(), p.lists.end(), c.name) > 0; };
  } else if (c.part == "property") {
    named = [&](const ProfileState& p) { return holds_property(p, c.name); };
  } else if (c.part == "aggregate") {
    named = [&](const ProfileState& p) {
      return std::any_of(p.aggregates.begin(), p.aggregates.end(), [&](const AggregateEntry& a) { return aggregate_text(a) == c.name; });
    };
  } else if (c.part == "automation") {
    what = "its open sessions are dropped, ending with no message";
    named = [&](const ProfileState& p) {
      return std::any_of(p.sessions.begin(), p.sessions.end(), [&](const SessionState& s) { return s.automation == c.name; });
    };
  } else if (c.part == "question") {
    const std::string automation = c.name.substr(0, c.name.find('/'));
    if (!has(now, ShapeSection::Automation, automation)) return;  // the automation's own line counts them
    what = "open sessions at it are dropped, ending with no message";
    named = [&](const ProfileState& p) {
      return std::any_of(p.sessions.begin(), p.sessions.end(), [&](const SessionState& s) {
        return !s.question.empty() && split_name(s.automation, s.question) == c.name;
      });
    };
  } else if (c.part == "campaign message") {
    what = "its copies not sent yet are dropped, never sent";
    named = [&](const ProfileState& p) {
      return std::any_of(p.deliveries.begin(), p.deliveries.end(),
                         [&](const DeliveryState& d) { return message_name(d.campaign, d.path, d.message) == c.name; });
    };
  } else {
    return;
  }
  plan.parts.push_back({c.part, c.name, what, profiles_where(state, named)});
}

// How many profiles each changed segment, aggregate, property, list,
// campaign message, automation and date flow touches, and what becomes of
// them.
void count_parts(const LoadedState& state, const ProgramShape& now, MigrationPlan& plan) {
  const uint64_t profiles = state.profiles.size();
  using K = ShapeChange::Kind;
  for (const ShapeChange& c : plan.changes) {
    if (c.part == "segment" && c.kind != K::Removed) {
      plan.needs_segment_recompute = true;
      plan.parts.push_back({c.part, c.name, "membership computed from stored data, starting no flow", profiles});
    } else if (c.part == "aggregate" && c.kind == K::Added) {
      plan.parts.push_back({c.part, c.name, "starts empty: it counts events from now on", profiles});
    } else if (c.part == "property" && c.kind == K::Added) {
      const ir::Value d = default_of(now, c.name);
      plan.parts.push_back({c.part, c.name,
                            d.is_set() ? "added: saved profiles get its default " + ir::to_json(d)
                                       : "added: unset on saved profiles",
                            profiles});
    } else if (c.part == "property" && c.kind == K::Changed) {
      count_property_changed(state, now, c, plan);
    } else if (c.part == "flow" && c.kind == K::Added) {
      count_date_trigger_gained(state, c, plan);
    } else if (c.part == "flow" && c.kind == K::Changed) {
      count_trigger_changed(state, c, plan);
    } else if (c.kind == K::Removed) {
      count_removed(state, now, c, plan);
    }
  }
}

bool check_mappings(const ProgramShape& saved, const ProgramShape& now, const std::vector<StepMapping>& mappings,
                    const MigrationPlan& plan, std::string& error) {
  for (const StepMapping& m : mappings) {
    const ShapeFlow* old_flow = saved.flow(m.flow);
    const ShapeFlow* flow = now.flow(m.flow);
    if (!old_flow || !flow) {
      error = fmt::format("`--map {}:{}={}`: flow \"{}\" is not in both programs", m.flow, m.from, m.to, m.flow);
      return false;
    }
    const ShapeStep* to = flow->step(m.to);
    if (!old_flow->step(m.from) || !to) {
      error = fmt::format("`--map {}:{}={}`: the old program's flow has no step `{}`, or the new one's no step `{}`",
                          m.flow, m.from, m.to, m.from, m.to);
      return false;
    }
    for (const StepGroup& g : plan.groups) {
      if (g.flow != m.flow || g.step != m.from) continue;
      if (g.waiting > 0 && to->kind != "wait") {
        error = fmt::format("`--map {}:{}={}`: {} runs wait at `{}`, and `{}` is a {}, not a wait", m.flow, m.from,
                            m.to, g.waiting, m.from, m.to, to->kind);
        return false;
      }
      if (g.deferred + g.reviews > 0 && to->kind != "send") {
        error = fmt::format("`--map {}:{}={}`: runs or reviews are held at the send `{}`, and `{}` is a {}, not a send",
                            m.flow, m.from, m.to, m.from, m.to, to->kind);
        return false;
      }
    }
  }
  return true;
}

std::string fate_text(const StepGroup& g) {
  const bool runs = g.waiting + g.deferred > 0;
  const std::string reviews = g.reviews > 0 ? "; their reviews are dropped" : "";
  switch (g.fate) {
    case RunFate::Stays:
      return g.wait_changed ? "stay; the wait changed, their scheduled wake-ups are kept" : "stay";
    case RunFate::Moves: return fmt::format("move to `{}` (--map)", g.moves_to);
    case RunFate::ExitsStepRemoved:
      if (!runs) return "dropped, nothing sent (the step is gone)";
      return "exit with reason step_removed (the step is gone)" + reviews;
    case RunFate::ExitsFlowRemoved:
      if (!runs) return "dropped, nothing sent (the flow is gone)";
      return "exit with reason flow_removed (the flow is gone)" + reviews;
  }
  return "";
}

const char* fate_name(RunFate fate) {
  switch (fate) {
    case RunFate::Stays: return "stays";
    case RunFate::Moves: return "moves";
    case RunFate::ExitsStepRemoved: return "step_removed";
    case RunFate::ExitsFlowRemoved: return "flow_removed";
  }
  return "";
}

std::string group_counts(const StepGroup& g) {
  std::vector<std::string> counts;
  if (g.waiting) counts.push_back(fmt::format("{} waiting", g.waiting));
  if (g.deferred) counts.push_back(fmt::format("{} held for quiet hours", g.deferred));
  if (g.reviews) counts.push_back(fmt::format("{} in review", g.reviews));
  std::string text;
  for (const std::string& c : counts) text += (text.empty() ? "" : ", ") + c;
  return text;
}

const char* change_kind_name(ShapeChange::Kind kind) {
  switch (kind) {
    case ShapeChange::Kind::Added: return "added";
    case ShapeChange::Kind::Removed: return "removed";
    case ShapeChange::Kind::Changed: return "changed";
  }
  return "";
}

}  // namespace

bool parse_step_mapping(const std::string& text, StepMapping& mapping) {
  const size_t colon = text.rfind(':');
  const size_t equals = text.find('=', colon == std::string::npos ? 0 : colon);
  if (colon == std::string::npos || equals == std::string::npos || colon == 0 || equals == colon + 1 ||
      equals + 1 == text.size())
    return false;
  mapping = {text.substr(0, colon), text.substr(colon + 1, equals - colon - 1), text.substr(equals + 1)};
  return true;
}

bool plan_migration(const LoadedState& state, const ProgramShape& saved, const ProgramShape& now,
                    const std::vector<StepMapping>& mappings, MigrationPlan& plan, std::string& error) {
  plan = MigrationPlan{};
  plan.changes = diff_shapes(saved, now);
  if (plan.changes.empty()) return true;
  count_runs(state, saved, now, mappings, plan);
  count_parts(state, now, plan);
  return check_mappings(saved, now, mappings, plan, error);
}

std::vector<MigrationExit> apply_migration(const ProgramShape& saved, const ProgramShape& now,
                                           const std::vector<StepMapping>& mappings, LoadedState& state) {
  return Migration(saved, now, mappings, state).run();
}

std::string plan_text(const MigrationPlan& plan) {
  if (!plan.needs_migration()) return "The program keeps the shape of the one that wrote the state: nothing to migrate.\n";
  std::string text = fmt::format("The program differs from the one that wrote the state ({} change{}):\n",
                                 plan.changes.size(), plan.changes.size() == 1 ? "" : "s");
  for (const ShapeChange& c : plan.changes) text += "  " + c.text() + "\n";
  text += "Runs:\n";
  if (plan.groups.empty()) text += "  none waiting\n";
  for (const StepGroup& g : plan.groups)
    text += fmt::format("  flow \"{}\", step `{}`: {}: {}\n", g.flow, g.step.empty() ? "(ended)" : g.step,
                        group_counts(g), fate_text(g));
  if (!plan.parts.empty()) text += "Profiles:\n";
  for (const PartCount& p : plan.parts)
    text += fmt::format("  {} \"{}\": {}: {} profile{}\n", p.part, p.name, p.what, p.profiles, p.profiles == 1 ? "" : "s");
  return text;
}

std::string plan_json(const MigrationPlan& plan) {
  nlohmann::ordered_json doc;
  doc["needs_migration"] = plan.needs_migration();
  doc["changes"] = nlohmann::ordered_json::array();
  for (const ShapeChange& c : plan.changes)
    doc["changes"].push_back({{"change", change_kind_name(c.kind)}, {"part", c.part}, {"flow", c.flow},
                              {"name", c.name}, {"before", c.before}, {"after", c.after}, {"text", c.text()}});
  doc["runs"] = nlohmann::ordered_json::array();
  for (const StepGroup& g : plan.groups)
    doc["runs"].push_back({{"flow", g.flow}, {"step", g.step}, {"waiting", g.waiting}, {"deferred", g.deferred},
                           {"reviews", g.reviews}, {"fate", fate_name(g.fate)}, {"moves_to", g.moves_to},
                           {"wait_changed", g.wait_changed}});
  doc["profiles"] = nlohmann::ordered_json::array();
  for (const PartCount& p : plan.parts)
    doc["profiles"].push_back({{"part", p.part}, {"name", p.name}, {"what", p.what}, {"profiles", p.profiles}});
  doc["segments_recomputed"] = plan.needs_segment_recompute;
  return doc.dump(2) + "\n";
}

std::string plan_summary(const MigrationPlan& plan) {
  if (plan.changes.empty()) return "";
  const ShapeChange& first = plan.changes.front();
  std::string text = first.text();
  uint64_t runs = 0;  // the runs the first change reaches
  for (const StepGroup& g : plan.groups)
    if ((first.part == "step" && g.flow == first.flow && g.step == first.name) ||
        (first.part == "flow" && g.flow == first.name))
      runs += g.waiting + g.deferred;
  if (runs > 0) text += fmt::format(" ({} run{} there)", runs, runs == 1 ? "" : "s");
  if (plan.changes.size() > 1)
    text += fmt::format("; and {} more change{}", plan.changes.size() - 1, plan.changes.size() == 2 ? "" : "s");
  return text;
}

}  // namespace flowc::state
