// Records, profiles and the event-time clock.
#include "engine/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

#include "engine/context.h"
#include "vm/vm.h"

namespace flowc::engine {

Engine::Engine(const ir::Module& module, vm::Evaluator& evaluator, ActivityWriter& activity)
    : module_(module), eval_(evaluator), activity_(activity), report_(module), segment_dependencies_(module) {
  profiles_.track_changes(&changed_profiles_);
  runs_.track_changes(&changed_profiles_);
  scheduler_.track_owners(&changed_profiles_);
  // An engagement can only be attributed, or an unsubscribe credited,
  // within the longest of these windows after its send: the send log keeps
  // no longer (send_log.h, "Retention").
  const ir::AccountDef& account = module.account;
  sends_.set_retention(std::max({account.attribution_email_click, account.attribution_email_open,
                                 account.attribution_sms_click, account.attribution_push_open}));
  metric_by_name_ = events::NameTable::of(module.metrics);
  aggregates_by_metric_.resize(module.metrics.size());
  for (ir::Index a = 0; a < module.aggregates.size(); ++a)
    if (module.aggregates[a].metric < module.metrics.size()) aggregates_by_metric_[module.aggregates[a].metric].push_back(a);
  flows_by_metric_.resize(module.metrics.size());
  for (uint32_t f = 0; f < module.flows.size(); ++f) {
    const ir::FlowDef& flow = module.flows[f];
    if (flow.trigger == ir::TriggerKind::Metric && flow.trigger_target < module.metrics.size())
      flows_by_metric_[flow.trigger_target].push_back(f);
  }
  views_.resize(module.flows.size());
  // A flow whose every action is draft enrolls nobody (LANGUAGE.md section 6).
  flow_enrolls_.assign(module.flows.size(), false);
  for (uint32_t f = 0; f < module.flows.size(); ++f)
    for (const ir::StepDef& step : module.flows[f].steps) {
      bool action = step.kind != ir::StepKind::Wait && step.kind != ir::StepKind::Branch && step.kind != ir::StepKind::Exit;
      if (action && step.status != ir::Status::Draft) flow_enrolls_[f] = true;
    }
  // The event slots each flow reads: a run (and a price-drop view) keeps
  // only those. Every chunk evaluated with a run's event is a step's, a
  // message's or a filter's.
  flow_event_reads_.resize(module.flows.size());
  for (uint32_t f = 0; f < module.flows.size(); ++f) {
    const ir::FlowDef& flow = module.flows[f];
    std::vector<bool>& reads = flow_event_reads_[f];
    auto scan = [&](ir::Index chunk) {
      if (chunk == ir::kNone || chunk >= module.chunks.size()) return;
      for (const ir::Instr& in : module.chunks[chunk].code)
        if (in.op == ir::Opcode::LoadEvent && in.a >= 0) {
          size_t slot = static_cast<size_t>(in.a);
          if (slot >= reads.size()) reads.resize(slot + 1, false);
          reads[slot] = true;
        }
    };
    for (ir::Index c : flow.filters) scan(c);
    for (const ir::StepDef& step : flow.steps) {
      for (ir::Index c : step.conditions) scan(c);
      scan(step.value);
      scan(step.notify_to);
      scan(step.notify_text);
      scan(step.inline_body);
      if (step.message != ir::kNone && step.message < module.messages.size()) {
        const ir::MessageDef& m = module.messages[step.message];
        scan(m.subject);
        scan(m.preview);
        scan(m.title);
        scan(m.body);
      }
    }
  }
  timezone_slot_ = module.find_profile_property("timezone");
  account_zone_ = rt::find_zone(module.account.timezone);
  if (!account_zone_) account_zone_ = rt::utc_zone();
  for (const ir::SegmentDef& s : module.segments) {
    time_dependent_segments_ = time_dependent_segments_ || s.time_dependent;
    if (s.condition >= module.chunks.size()) continue;
    for (const ir::Instr& in : module.chunks[s.condition].code) {
      bool clock_call = in.op == ir::Opcode::Call && (in.a == static_cast<int32_t>(ir::Builtin::DaysSince) ||
                                                      in.a == static_cast<int32_t>(ir::Builtin::HoursSince));
      if (in.op == ir::Opcode::Now || clock_call) now_dependent_segments_ = true;
    }
  }
}

uint32_t Engine::profile_index(const std::string& id, int64_t time) {
  uint32_t index = profile_ids_.find(id);
  if (index != ProfileIds::kNone) return index;
  index = profiles_.size();
  Profile& p = profiles_.add();
  p.set_id(profile_ids_.add(id, index));
  p.created = time;
  p.properties.reset(module_.profile_properties.size());
  for (size_t s = 0; s < module_.profile_properties.size(); ++s) {
    ir::Index d = module_.profile_properties[s].default_constant;
    if (d != ir::kNone && d < module_.constants.size()) p.properties.set(s, module_.constants[d]);
  }
  p.lists.reset(module_.lists.size());
  p.segments.reset(module_.segments.size());
  // Aggregate states are made as events are counted (AggregateStates).
  schedule_date_triggers(index, ir::kNone);  // `trigger date profile.created` anniversaries
  return index;
}

bool Engine::input_error(const events::InputError& error) { return report_.input_errors.add(error); }

void Engine::process(const events::Record& record) {
  ++report_.records;
  if (!started_) {
    started_ = true;
    clock_ = record.time;
    schedule_segment_sweep();
  }
  advance_to(record.time);
  if (record.time < clock_) ++report_.late_records;
  apply(record);
  process_pending_entries();
}

void Engine::set_max_clock_jump(int64_t seconds) { max_clock_jump_ = std::max<int64_t>(seconds, 0); }

void Engine::catch_up_to(int64_t time) {
  date_stale_before_ = time < INT64_MIN + max_clock_jump_ ? INT64_MIN : time - max_clock_jump_;
}

void Engine::advance_to(int64_t time) {
  catch_up_to(time);
  // Campaigns are scheduled once every record of the first instant is in, so
  // a message due before the stream began goes out to the profiles that the
  // stream starts with.
  if (started_ && time > clock_) schedule_campaigns();
  while (!scheduler_.empty() && scheduler_.top().time <= time) {
    WakeUp wake = scheduler_.pop();
    if (wake.time > clock_) clock_ = wake.time;
    run_wake_up(wake);
    process_pending_entries();
  }
  if (time > clock_) clock_ = time;
  if (fired_dates_.size() >= prune_fired_dates_at_) prune_fired_dates();
}

void Engine::prune_fired_dates() {
  std::set<std::tuple<uint32_t, uint32_t, int64_t>> pending;
  for (const WakeUp& w : scheduler_.pending())
    if (w.kind() == WakeKind::DateTrigger) pending.emplace(w.target, w.profile, w.time);
  for (auto it = fired_dates_.begin(); it != fired_dates_.end();)
    it = pending.count(it->first) ? std::next(it) : fired_dates_.erase(it);
  // Each pass scans the whole heap; the next waits until the map has grown
  // to the heap's size, so a pass is paid for by as many firings.
  prune_fired_dates_at_ = std::max({size_t{64}, 2 * fired_dates_.size(), scheduler_.size()});
}

void Engine::settle() {
  if (started_) schedule_campaigns();
  advance_to(clock_);
}

void Engine::drain() {
  settle();
  // Recurring wake-ups (yearly date triggers, segment rechecks and sweeps) would keep a
  // drain going for ever: past the latest work that was scheduled when the
  // drain began, they no longer run; the runs already under way finish.
  int64_t horizon = scheduler_.max_work_time();
  catch_up_to(horizon);
  while (scheduler_.pending_runs() > 0) {
    WakeUp wake = scheduler_.pop();
    bool recurring = wake.kind() == WakeKind::DateTrigger || wake.kind() == WakeKind::SegmentRecheck ||
                     wake.kind() == WakeKind::SegmentSweep;
    if (recurring && wake.time > horizon) continue;
    if (wake.time > clock_) clock_ = wake.time;
    run_wake_up(wake);
    process_pending_entries();
  }
}

void Engine::run_wake_up(const WakeUp& wake) {
  switch (wake.kind()) {
    case WakeKind::ResumeRun:
      if (wake.target < runs_.size()) {
        FlowRun& run = runs_[wake.target];
        if (run.wakeups > 0) --run.wakeups;
        run.waiting_at = ir::kNone;
        if (run.active) run_from(wake.target);
        else release_run_if_done(wake.target);
      }
      break;
    case WakeKind::DateTrigger: fire_date_trigger(wake.profile, wake.target, wake.time); break;
    case WakeKind::SegmentRecheck: update_segments(wake.profile, true); break;
    case WakeKind::CampaignMessage: fan_out_campaign_message(wake.target); break;
    case WakeKind::CampaignDelivery: deliver_campaign_message(wake.target); break;
    case WakeKind::SessionTimeout: session_timeout(wake.target, wake.generation()); break;
    case WakeKind::SegmentSweep: sweep_segments(); break;
  }
}

bool Engine::set_contact(uint32_t index, const events::Record& record) {
  Profile& p = profiles_[index];
  bool changed = false;
  if (record.email && !record.email->empty() && p.email != *record.email) {
    p.email = *record.email;
    changed = true;
  }
  if (record.phone && !record.phone->empty() && p.phone != *record.phone) {
    // A changed phone number resets both SMS consents (RUNTIME.md section 4).
    if (!p.phone.empty()) {
      p.consent[static_cast<size_t>(ir::ConsentChannel::Sms)] = ir::Consent::NeverSubscribed;
      p.consent[static_cast<size_t>(ir::ConsentChannel::SmsTransactional)] = ir::Consent::NeverSubscribed;
      phone_owners_.release(index);  // while p.phone is still the old number
    }
    p.phone = *record.phone;
    // The number's previous owner, another profile, no longer owns it.
    const uint32_t previous = phone_owners_.claim(index);
    if (previous != PhoneOwners::kNone) changed_profiles_.mark(previous);
    changed = true;
  }
  return changed;
}

void Engine::apply_profile(Profile& p, uint32_t index, const events::Record& record) {
  // Apply every property first: a date trigger's time may depend on the
  // profile's time zone given in the same record.
  std::vector<ir::Index>& changed = changed_slots_;
  changed.clear();
  for (const auto& [slot, value] : record.properties) {
    if (slot >= p.properties.size()) continue;
    if (p.properties.kind(slot) != value.kind || !ir::values_equal(p.properties[slot], value)) changed.push_back(slot);
    p.properties.set(slot, value);
  }
  for (ir::Index slot : changed) schedule_date_triggers(index, slot);
}

void Engine::apply(const events::Record& record) {
  int64_t now = clock_;
  if (record.type == events::RecordType::Price) {
    trigger_price_drop(record);
    return;
  }
  if (record.type == events::RecordType::Review && record.profile.empty()) {
    apply_review(record);
    return;
  }
  if (record.type == events::RecordType::Inbound) {
    apply_inbound(record);
    return;
  }
  if (record.type == events::RecordType::Engagement) {
    apply_engagement(record);  // names a send, not a profile
    return;
  }
  if (record.profile.empty()) return;
  uint32_t index = profile_index(record.profile, now);
  profiles_[index].last_activity = now;
  bool contact_changed = set_contact(index, record);
  switch (record.type) {
    case events::RecordType::Profile: apply_profile(profiles_[index], index, record); break;
    case events::RecordType::Event: {
      std::vector<ir::Value> event;
      if (record.metric != ir::kNone && record.metric < module_.metrics.size()) {
        event.resize(module_.metrics[record.metric].properties.size());
        for (const auto& [slot, value] : record.properties)
          if (slot < event.size()) event[slot] = value;
        count_event(index, record.metric, event, now);
        if (!record.historical) {
          if (module_.metrics[record.metric].name == "Confirmed Subscription" &&
              profiles_[index].email_pending_confirmation) {
            profiles_[index].email_pending_confirmation = false;
            set_consent(profiles_[index], ir::ConsentChannel::Email, ir::Consent::Subscribed, now);
            record_builtin_metric(index, "Subscribed to Email Marketing", {});
            std::vector<ir::Index> lists;
            if (auto pending = lists_pending_confirmation_.find(index); pending != lists_pending_confirmation_.end()) {
              lists = std::move(pending->second);
              lists_pending_confirmation_.erase(pending);
            }
            for (ir::Index list : lists) add_to_list(index, list, true);
          }
          if (record.metric == module_.account.conversion_metric) attribute_conversion(index, event);
          trigger_metric_flows(index, record.metric, event);
        }
      }
      break;
    }
    case events::RecordType::Subscribe: apply_subscribe(index, record); break;
    case events::RecordType::Unsubscribe: apply_unsubscribe(index, record); break;
    case events::RecordType::Suppress: apply_suppression(index, record, true); break;
    case events::RecordType::Unsuppress: apply_suppression(index, record, false); break;
    case events::RecordType::ListAdd: {
      ir::Index list = module_.find_list(record.list);
      if (list != ir::kNone) add_to_list(index, list, false);
      break;
    }
    case events::RecordType::ListRemove: {
      ir::Index list = module_.find_list(record.list);
      if (list != ir::kNone) remove_from_list(index, list);
      break;
    }
    case events::RecordType::Review: apply_review(record); break;
    default: break;
  }
  // Historical records are stored but start no flow, not even by moving the
  // profile into a segment. An event or a profile record changes only what
  // it names, so only the segments reading that are evaluated again.
  SegmentChange change;
  bool narrow = !contact_changed && (record.type == events::RecordType::Profile ||
                                     (record.type == events::RecordType::Event && record.metric != ir::kNone &&
                                      module_.metrics[record.metric].name != "Confirmed Subscription"));
  if (record.type == events::RecordType::Profile) change.slots = &changed_slots_;
  else change.metric = record.metric;
  update_segments(index, !record.historical, narrow ? &change : nullptr);
}

void Engine::process_pending_entries() {
  if (processing_entries_) return;
  processing_entries_ = true;
  while (!pending_entries_.empty()) {
    PendingEntry e = std::move(pending_entries_.front());
    pending_entries_.pop_front();
    try_enter(e.flow, e.profile, std::move(e.event), e.has_event);
  }
  processing_entries_ = false;
}

Report Engine::final_report() const {
  Report report = report_;
  for (uint32_t r = 0; r < runs_.size(); ++r) {
    const FlowRun& run = runs_[r];
    if (run.active && run.step != ir::kNone) ++report.flows[run.flow].steps[run.step].pending;
  }
  for (const ReviewItem& r : reviews_)
    if (r.open) ++report.flows[r.flow].steps[r.step].needs_review;
  uint64_t active = 0;
  for (uint32_t i = 0; i < profiles_.size(); ++i) active += profiles_[i].messaged_month != 0;
  report.usage.active_profiles = active;
  return report;
}

}  // namespace flowc::engine
