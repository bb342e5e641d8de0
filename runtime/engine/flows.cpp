// Entering flows and running their steps (RUNTIME.md section 5).
#include <fmt/format.h>

#include <algorithm>

#include "engine/context.h"
#include "engine/engine.h"
#include "vm/vm.h"

namespace flowc::engine {

rt::Zone Engine::zone_for(const Profile& p, bool profile_zone) const {
  if (profile_zone && timezone_slot_ != ir::kNone && timezone_slot_ < p.properties.size()) {
    ir::Value v = p.properties[timezone_slot_];
    if (v.kind == ir::ValueKind::String)
      if (rt::Zone z = rt::find_zone(v.str())) return z;
  }
  return account_zone_;
}

void Engine::trigger_metric_flows(uint32_t index, ir::Index metric, const std::vector<ir::Value>& event) {
  if (metric >= flows_by_metric_.size()) return;
  for (uint32_t f : flows_by_metric_[metric]) {
    const ir::FlowDef& flow = module_.flows[f];
    // The trigger filter is checked once, on the trigger event.
    if (flow.trigger_where != ir::kNone) {
      ProfileContext ctx(*this, index, clock_);
      ctx.with_event(&event);
      if (!eval_.holds(flow.trigger_where, ctx)) continue;
    }
    request_entry(f, index, event, true);
  }
  // Price-drop flows remember who viewed which product.
  for (uint32_t f = 0; f < module_.flows.size(); ++f) {
    const ir::FlowDef& flow = module_.flows[f];
    if (flow.trigger != ir::TriggerKind::PriceDrop || flow.trigger_target != metric || flow.drop_key == ir::kNone)
      continue;
    ProfileContext ctx(*this, index, clock_);
    ctx.with_event(&event);
    ir::Value key = eval_.evaluate(flow.drop_key, ctx);
    if (!key.is_set()) continue;
    ProductViews& views = views_[f][ir::display(key)];
    // Views older than `within` can start nothing any more.
    auto forgotten = [this](uint32_t profile) { changed_profiles_.mark(profile); };
    if (flow.drop_within_seconds > 0) views.expire(clock_ - flow.drop_within_seconds, forgotten);
    std::vector<ir::Value> kept = event;
    keep_read_slots(f, kept);
    views.add(index, clock_, std::move(kept));
    changed_profiles_.mark(index);
  }
}

void Engine::trigger_price_drop(const events::Record& record) {
  auto [it, first] = prices_.emplace(record.product, record.price);
  changed_prices_.insert(record.product);
  double old_price = it->second;
  it->second = record.price;
  if (first || old_price <= 0 || record.price >= old_price) return;
  double percent = (old_price - record.price) / old_price * 100.0;
  for (uint32_t f = 0; f < module_.flows.size(); ++f) {
    const ir::FlowDef& flow = module_.flows[f];
    if (flow.trigger != ir::TriggerKind::PriceDrop || percent + 1e-9 < flow.drop_percent) continue;
    auto views = views_[f].find(record.product);
    if (views == views_[f].end()) continue;
    // The latest view of each profile carries the event; views older than
    // `within` are forgotten.
    if (flow.drop_within_seconds > 0)
      views->second.expire(clock_ - flow.drop_within_seconds,
                           [this](uint32_t profile) { changed_profiles_.mark(profile); });
    views->second.for_latest([&](uint32_t profile, const std::vector<ir::Value>* seen) {
      const ir::MetricDef& def = module_.metrics[flow.event_metric];
      std::vector<ir::Value> event(def.properties.size());
      if (seen) std::copy_n(seen->begin(), std::min(seen->size(), event.size()), event.begin());
      for (size_t s = 0; s < def.properties.size(); ++s) {
        const std::string& name = def.properties[s].name;
        if (name == "old_price") event[s] = ir::Value::number(old_price);
        if (name == "new_price") event[s] = ir::Value::number(record.price);
        if (name == "percent") event[s] = ir::Value::number(percent);
      }
      request_entry(f, profile, std::move(event), true);
    });
  }
}

void Engine::request_entry(uint32_t flow, uint32_t profile, std::vector<ir::Value> event, bool has_event) {
  pending_entries_.push_back(PendingEntry{flow, profile, std::move(event), has_event});
}

bool Engine::filters_hold(const ir::FlowDef& flow, uint32_t profile, const FlowRun* run) {
  if (flow.filters.empty()) return true;
  ProfileContext ctx(*this, profile, clock_);
  if (run) ctx.with_run_start(run->started);
  return eval_.filters_hold(static_cast<ir::Index>(&flow - module_.flows.data()), ctx);
}

void Engine::try_enter(uint32_t flow_index, uint32_t profile, std::vector<ir::Value> event, bool has_event) {
  const ir::FlowDef& flow = module_.flows[flow_index];
  Profile& p = profiles_[profile];
  if (!flow_enrolls_[flow_index]) return;
  // A flow that re-triggers itself (say on "Received Email" while sending
  // email) would loop for ever at one instant: stop it after a few rounds.
  if (entries_instant_ != clock_) {
    entries_instant_ = clock_;
    // Each profile's record holds its counts: they all change.
    for (const auto& [key, rounds] : entries_at_instant_) changed_profiles_.mark(key.second);
    entries_at_instant_.clear();
  }
  uint32_t& rounds = entries_at_instant_[{flow_index, profile}];
  if (++rounds > kMaxEntriesPerInstant) {
    if (rounds == kMaxEntriesPerInstant + 1) {
      ++report_.flows[flow_index].exited["reentry_loop"];
      JsonLine line = activity_.start(clock_, "exit", p.id(), Origin{"flow", flow.name, "", nullptr});
      line.str("reason", "reentry_loop");
      activity_.emit(line);
    }
    return;
  }
  // Re-entry. A date trigger's default is once per date: each occurrence
  // fires once (fire_date_trigger deduplicates), so no check is needed here.
  switch (flow.reentry) {
    case ir::Reentry::Once:
      if (p.entry_count(flow_index) > 0) return;
      break;
    case ir::Reentry::Always:
    case ir::Reentry::PerOccurrence: break;
    case ir::Reentry::After:
      if (p.last_entry(flow_index) >= 0 && clock_ - p.last_entry(flow_index) < flow.reentry_after_seconds)
        return;
      break;
  }
  FlowRun probe;
  probe.started = clock_;
  if (!filters_hold(flow, profile, &probe)) return;
  uint32_t run_id = runs_.add(profile);
  FlowRun& run = runs_[run_id];
  run.flow = flow_index;
  run.step = flow.entry;
  run.started = clock_;
  keep_read_slots(flow_index, event);
  run.event = std::move(event);
  run.has_event = has_event;
  run.active = true;
  run.occurrence = p.record_entry(flow_index, clock_);
  ++report_.flows[flow_index].entered;
  activity_.emit(activity_.start(clock_, "enter", p.id(), Origin{"flow", flow.name, "", nullptr}));
  run_from(run_id);
}

void Engine::end_run(uint32_t run_id, const char* reason) {
  FlowRun& run = runs_[run_id];
  run.active = false;
  // A finished run needs its trigger event no more (a queued review keeps
  // its own copy).
  std::vector<ir::Value>().swap(run.event);
  if (!reason) return;
  const ir::FlowDef& flow = module_.flows[run.flow];
  ++report_.flows[run.flow].exited[reason];
  JsonLine line = activity_.start(clock_, "exit", profiles_[run.profile].id(), Origin{"flow", flow.name, "", nullptr});
  line.str("reason", reason);
  activity_.emit(line);
}

void Engine::release_run_if_done(uint32_t run_id) {
  const FlowRun& run = runs_[run_id];
  if (!run.active && run.wakeups == 0 && run.open_reviews == 0) runs_.release(run_id);
}

void Engine::keep_read_slots(uint32_t flow, std::vector<ir::Value>& event) const {
  const std::vector<bool>& reads = flow_event_reads_[flow];
  size_t keep = 0;
  for (size_t s = 0; s < event.size() && s < reads.size(); ++s)
    if (reads[s]) keep = s + 1;
  if (keep == 0) {
    std::vector<ir::Value>().swap(event);
    return;
  }
  for (size_t s = 0; s < keep; ++s)
    if (!reads[s]) event[s] = ir::Value();
  if (keep < event.size()) {
    event.resize(keep);
    event.shrink_to_fit();
  }
}

void Engine::run_from(uint32_t run_id) {
  // Steps with no wait between them run at the same instant, in order.
  for (int guard = 0; guard < 100000 && runs_[run_id].active; ++guard) {
    if (runs_[run_id].step == ir::kNone) {
      end_run(run_id, nullptr);  // the flow is done
      break;
    }
    if (!run_step(run_id)) break;
  }
  release_run_if_done(run_id);
}

bool Engine::run_step(uint32_t run_id) {
  FlowRun& run = runs_[run_id];
  const ir::FlowDef& flow = module_.flows[run.flow];
  if (run.step >= flow.steps.size()) {
    end_run(run_id, nullptr);
    return false;
  }
  const ir::StepDef& step = flow.steps[run.step];
  // Profile filters are checked again before every step.
  if (!filters_hold(flow, run.profile, &run)) {
    end_run(run_id, "profile_filter");
    return false;
  }
  Profile& p = profiles_[run.profile];
  auto context = [&]() {
    ProfileContext ctx(*this, run.profile, clock_);
    ctx.with_event(run.has_event ? &run.event : nullptr).with_run_start(run.started);
    return ctx;
  };
  bool active = step.status != ir::Status::Draft;
  const std::string label = step_label(step);  // the origin views it
  Origin origin{"flow", flow.name, label, nullptr};
  switch (step.kind) {
    case ir::StepKind::Send: {
      SendOutcome outcome = send_flow_step(run_id, step, false);
      if (outcome == SendOutcome::Deferred) return false;  // resumes at this step
      break;
    }
    case ir::StepKind::Wait: {
      rt::Zone zone = zone_for(p, flow.profile_timezone);
      int64_t wake = step.wait == ir::WaitKind::For
                         ? rt::wait_for(clock_, step.seconds, step.days, zone)
                     : step.wait == ir::WaitKind::ForCalendarDays
                         ? rt::wait_calendar_days(clock_, step.seconds / 86400, step.at_minute, step.days, zone)
                         : rt::wait_until(clock_, step.at_minute, step.days, zone);
      run.waiting_at = run.step;
      run.waiting_since = clock_;
      run.step = step.next;
      ++run.wakeups;
      // The calendar clamps its arithmetic at the end of 9999, so a wait
      // that would end later (`wait 100000w`) is told here: it never ends,
      // and the run stays pending.
      bool beyond_time = step.wait != ir::WaitKind::Until && step.seconds > events::kLatestTime - clock_;
      if (!beyond_time) scheduler_.schedule(std::max(wake, clock_), WakeKind::ResumeRun, run.profile, run_id);
      return false;
    }
    case ir::StepKind::Branch: {
      ProfileContext ctx = context();
      run.step = eval_.branch_target(run.flow, run.step, ctx);
      return true;
    }
    case ir::StepKind::Set:
    case ir::StepKind::Unset: {
      if (active && step.property < p.properties.size()) {
        ir::Value value;
        if (step.kind == ir::StepKind::Set) {
          ProfileContext ctx = context();
          value = eval_.evaluate(step.value, ctx);
        }
        p.properties.set(step.property, value);
        JsonLine line = activity_.start(clock_, "profile_update", p.id(), origin);
        line.str("property", module_.profile_properties[step.property].name).value("value", value);
        activity_.emit(line);
        schedule_date_triggers(run.profile, step.property);
        update_segments(run.profile);
      }
      break;
    }
    case ir::StepKind::ListAdd:
    case ir::StepKind::ListRemove: {
      if (active && step.list < module_.lists.size()) {
        bool add = step.kind == ir::StepKind::ListAdd;
        JsonLine line = activity_.start(clock_, "list_change", p.id(), origin);
        line.str("list", module_.lists[step.list]).str("action", add ? "add" : "remove");
        activity_.emit(line);
        if (add) add_to_list(run.profile, step.list, false);
        else remove_from_list(run.profile, step.list);
        update_segments(run.profile);
      }
      break;
    }
    case ir::StepKind::Notify: {
      if (active) {
        ProfileContext ctx = context();
        std::string to = step.notify_to != ir::kNone ? eval_.render(step.notify_to, ctx) : "";
        std::string text = step.notify_text != ir::kNone ? eval_.render(step.notify_text, ctx) : "";
        JsonLine line = activity_.start(clock_, "alert", p.id(), origin);
        line.str("to", to).str("text", text);
        activity_.emit(line);
      }
      break;
    }
    case ir::StepKind::Exit:
      end_run(run_id, "exit_step");
      return false;
  }
  runs_[run_id].step = step.next;
  return true;
}

}  // namespace flowc::engine
