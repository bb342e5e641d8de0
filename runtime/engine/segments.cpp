// Lists, aggregates (count/sum/last), segment membership and date triggers.
#include <algorithm>
#include <utility>

#include "engine/context.h"
#include "engine/engine.h"
#include "time/calendar.h"
#include "vm/vm.h"

namespace flowc::engine {

namespace {

constexpr int64_t kDay = 86400;
// How long after a profile's latest record the daily sweep evaluates its
// segments on the passing of time (days_since, now): long enough for "no
// order in 365 days" segments, finite so a sweep costs the recent profiles.
constexpr int64_t kSweepHorizon = 400 * kDay;
constexpr uint8_t kEveryDay = 0;  // wait_until's weekday set: any day

}  // namespace

void Engine::add_to_list(uint32_t index, ir::Index list, bool by_subscription, bool historical) {
  Profile& p = profiles_[index];
  if (list >= p.lists.size() || p.lists[list]) return;
  p.lists.set(list, true);
  (void)by_subscription;
  record_builtin_metric(index, "Subscribed to List", {{"list", module_.lists[list]}}, historical);
  if (historical) return;
  for (uint32_t f = 0; f < module_.flows.size(); ++f) {
    const ir::FlowDef& flow = module_.flows[f];
    if (flow.trigger == ir::TriggerKind::List && flow.trigger_target == list) request_entry(f, index, {}, false);
  }
}

void Engine::remove_from_list(uint32_t index, ir::Index list) {
  Profile& p = profiles_[index];
  if (list >= p.lists.size() || !p.lists[list]) return;
  p.lists.set(list, false);
  record_builtin_metric(index, "Unsubscribed from List", {{"list", module_.lists[list]}});
}

void Engine::count_event(uint32_t index, ir::Index metric, const std::vector<ir::Value>& event, int64_t time) {
  if (metric >= aggregates_by_metric_.size()) return;
  for (ir::Index a : aggregates_by_metric_[metric]) {
    const ir::AggregateDef& def = module_.aggregates[a];
    if (def.where != ir::kNone) {
      ProfileContext ctx(*this, index, time);
      ctx.with_event(&event);
      if (!eval_.holds(def.where, ctx)) continue;
    }
    double value = 0;
    if (def.kind == ir::AggregateKind::Sum && def.property < event.size() && event[def.property].is_set())
      value = event[def.property].as_number();
    AggregateState& st = profiles_[index].aggregates.get(a, def.kind == ir::AggregateKind::Last);
    if (def.kind == ir::AggregateKind::Last) st.last = std::max(st.last, time);
    if (def.window == ir::WindowKind::All) {
      if (def.kind == ir::AggregateKind::Count) ++st.count;
      if (def.kind == ir::AggregateKind::Sum) st.sum += value;
      continue;
    }
    st.entries.push_back(WindowEntry{time, value});
    if (def.window == ir::WindowKind::Within) {
      const WindowEntry* first_inside = std::find_if(st.entries.begin(), st.entries.end(), [&](const WindowEntry& e) {
        return e.time > time - def.window_seconds;
      });
      st.entries.erase_front(static_cast<uint32_t>(first_inside - st.entries.begin()));
    }
  }
}

ir::Value Engine::aggregate_value(const Profile& p, ir::Index aggregate, int64_t run_started, int64_t now) const {
  if (aggregate >= module_.aggregates.size()) return ir::Value::unset();
  const ir::AggregateDef& def = module_.aggregates[aggregate];
  const AggregateState* counted = p.aggregates.find(aggregate);
  if (!counted) {  // no event counted yet
    if (def.kind == ir::AggregateKind::Last) return ir::Value::unset();
    return def.kind == ir::AggregateKind::Count ? ir::Value::integer(0) : ir::Value::number(0);
  }
  const AggregateState& st = *counted;
  if (def.kind == ir::AggregateKind::Last) return st.last < 0 ? ir::Value::unset() : ir::Value::datetime(st.last);
  int64_t count = def.kind == ir::AggregateKind::Count ? st.count : 0;
  double sum = def.kind == ir::AggregateKind::Sum ? st.sum : 0;
  if (def.window != ir::WindowKind::All) {
    int64_t from = def.window == ir::WindowKind::Within ? now - def.window_seconds : run_started;
    count = 0;
    sum = 0;
    for (const auto& [time, value] : st.entries) {
      bool inside = def.window == ir::WindowKind::Within ? time > from : time >= from;
      if (inside && time <= now) {
        ++count;
        sum += value;
      }
    }
  }
  return def.kind == ir::AggregateKind::Count ? ir::Value::integer(count) : ir::Value::number(sum);
}

// The segments that read what changed (all of them for a new profile) in
// one pass of the evaluator, each seeing the memberships set before it;
// then the flows of every segment the profile joined, in segment order.
void Engine::update_segments(uint32_t index, bool trigger_flows, const SegmentChange* change) {
  Profile& p = profiles_[index];
  if (p.recheck_at >= 0 && p.recheck_at <= clock_) p.recheck_at = -1;
  if (!p.segments_evaluated) change = nullptr;  // a new profile: evaluate everything once
  p.segments_evaluated = true;
  const size_t words = segment_dependencies_.words();
  if (words > 0) {
    constexpr size_t kInline = 4;  // 256 segments without a heap block
    uint64_t inline_words[2 * kInline];
    std::vector<uint64_t> more(words > kInline ? 2 * words : 0);
    uint64_t* which = words > kInline ? more.data() : inline_words;
    uint64_t* before = which + words;
    if (change) segment_dependencies_.select(change->metric, change->slots, which);
    else segment_dependencies_.select_all(which);
    // An event of a metric no segment reads selects nothing: no pass.
    if (std::any_of(which, which + words, [](uint64_t w) { return w != 0; })) {
      uint64_t* members = p.segments.mutable_words();
      std::copy(members, members + words, before);
      ProfileContext ctx(*this, index, clock_);  // reads the memberships set so far
      eval_.segment_pass(which, members, ctx);
      if (trigger_flows) enter_joined_segments(index, before, members, words);
    }
  }
  schedule_segment_recheck(index);
}

// The flows of every segment set in `after` and not in `before` (bit
// words), in segment order.
void Engine::enter_joined_segments(uint32_t index, const uint64_t* before, const uint64_t* after, size_t words) {
  for (size_t w = 0; w < words; ++w)
    for (uint64_t joined = after[w] & ~before[w]; joined; joined &= joined - 1)
      enter_segment_flows(index, static_cast<ir::Index>(w * 64 + static_cast<size_t>(__builtin_ctzll(joined))));
}

// A profile joined segment `s`: the flows it triggers are asked for.
void Engine::enter_segment_flows(uint32_t index, ir::Index s) {
  for (uint32_t f = 0; f < module_.flows.size(); ++f) {
    const ir::FlowDef& flow = module_.flows[f];
    if (flow.trigger == ir::TriggerKind::Segment && flow.trigger_target == s) request_entry(f, index, {}, false);
  }
}

// Segment membership can change with time alone: when an event leaves a
// `within` window (exactly then, a wake-up of the profile's), and for
// definitions on days_since/now (the daily sweep, sweep_segments).
void Engine::schedule_segment_recheck(uint32_t index) {
  if (!time_dependent_segments_) return;
  Profile& p = profiles_[index];
  int64_t next = -1;
  for (ir::Index a = 0; a < module_.aggregates.size(); ++a) {
    const ir::AggregateDef& def = module_.aggregates[a];
    if (def.window != ir::WindowKind::Within) continue;
    const AggregateState* st = p.aggregates.find(a);
    if (!st) continue;
    for (const WindowEntry& entry : st->entries) {
      int64_t expiry = entry.time + def.window_seconds;
      if (expiry > clock_) {
        if (next < 0 || expiry < next) next = expiry;
        break;  // entries are in time order
      }
    }
  }
  if (next < 0 || (p.recheck_at >= 0 && p.recheck_at <= next)) return;
  p.recheck_at = next;
  scheduler_.schedule(next, WakeKind::SegmentRecheck, index, 0);
}

// The next local midnight strictly after the clock. At the end of the
// calendar (9999-12-31, where local times clamp) there is none later:
// then no sweep is scheduled, rather than one at the same instant for ever.
void Engine::schedule_segment_sweep() {
  if (!now_dependent_segments_) return;
  const int64_t next = rt::wait_until(clock_, 0, kEveryDay, account_zone_);
  if (next > clock_) scheduler_.schedule(next, WakeKind::SegmentSweep, 0, 0);
}

// Each profile active in the last kSweepHorizon, in index order (the order
// profiles were first seen): its segments on the clock evaluated, in
// dependency order, through the const store, so a profile whose membership
// stays the same is not marked changed. A change is applied as a record's
// would be: the bit set, and joining starts the segment's flows.
void Engine::sweep_segments() {
  const std::vector<uint64_t>& own_clock = segment_dependencies_.own_clock_segments();
  const size_t words = own_clock.size();
  std::vector<uint64_t> before(words), changed(words), readers(words);
  const ProfileStore& store = profiles_;
  for (uint32_t index = 0; index < store.size() && words > 0; ++index) {
    if (store[index].last_activity + kSweepHorizon < clock_ || !store[index].segments_evaluated) continue;
    // A segment pass over the segments reading the clock themselves; then,
    // if one changed, over the segments using it. A segment that reads the
    // clock only through another cannot change unless that one did (its
    // `within` windows have their own rechecks), so most profiles cost one
    // short pass. The profile is marked changed only if a membership did.
    uint64_t* members = profiles_.segment_words_unmarked(index);
    std::copy(members, members + words, before.begin());
    ProfileContext ctx(*this, index, clock_);
    eval_.segment_pass(own_clock.data(), members, ctx);
    bool any = false;
    for (size_t w = 0; w < words; ++w) any |= (changed[w] = members[w] ^ before[w]) != 0;
    if (!any) continue;
    if (segment_dependencies_.select_readers(changed.data(), readers.data()))
      eval_.segment_pass(readers.data(), members, ctx);
    if (std::equal(members, members + words, before.begin())) continue;
    changed_profiles_.mark(index);  // the pass wrote past ProfileStore's marking
    enter_joined_segments(index, before.data(), members, words);
  }
  schedule_segment_sweep();  // the entries requested run when this wake-up returns
}

// The value a date trigger watches: a profile property, or `created`.
ir::Value Engine::date_trigger_value(const Profile& p, const ir::FlowDef& flow) const {
  if (flow.date_builtin == static_cast<int32_t>(ir::BuiltinField::Created)) return ir::Value::datetime(p.created);
  return flow.date_property < p.properties.size() ? p.properties[flow.date_property] : ir::Value{};
}

// The local calendar day of a date or datetime value (-1 when it is neither).
static int64_t local_day(const ir::Value& v, rt::Zone zone) {
  if (v.kind == ir::ValueKind::Date) return v.i;
  if (v.kind == ir::ValueKind::DateTime) return rt::instant_to_local_minutes(v.i, zone) / 1440;
  return -1;
}

void Engine::schedule_date_triggers(uint32_t index, ir::Index slot) {
  for (uint32_t f = 0; f < module_.flows.size(); ++f) {
    const ir::FlowDef& flow = module_.flows[f];
    if (flow.trigger != ir::TriggerKind::Date) continue;
    // A changed time zone moves the trigger time of `timezone profile` flows.
    bool zone_changed = slot != ir::kNone && slot == timezone_slot_ && flow.profile_timezone;
    bool watches = slot == ir::kNone ? flow.date_builtin >= 0 : flow.date_property == slot || zone_changed;
    if (watches) schedule_date_trigger(index, f);
  }
}

// The flow's next occurrence for the profile strictly after the clock, if
// its date is set and one is left.
void Engine::schedule_date_trigger(uint32_t index, uint32_t f) {
  const Profile& p = std::as_const(profiles_)[index];
  const ir::FlowDef& flow = module_.flows[f];
  ir::Value v = date_trigger_value(p, flow);
  rt::Zone zone = zone_for(p, flow.profile_timezone);
  int64_t days = local_day(v, zone);
  if (!v.is_set() || (days < 0 && v.kind != ir::ValueKind::Date)) return;
  int64_t next = rt::next_date_trigger(clock_, days, flow.yearly, flow.offset_seconds, flow.at_minute, zone);
  if (next >= 0) scheduler_.schedule(next, WakeKind::DateTrigger, index, f);
}

void Engine::fire_date_trigger(uint32_t index, uint32_t flow_index, int64_t occurrence) {
  const ir::FlowDef& flow = module_.flows[flow_index];
  const Profile& p = profiles_[index];
  ir::Value v = date_trigger_value(p, flow);
  if (!v.is_set()) return;
  rt::Zone zone = zone_for(p, flow.profile_timezone);
  int64_t days = local_day(v, zone);
  // The property may have changed since this wake-up was scheduled.
  if (rt::next_date_trigger(occurrence - 1, days, flow.yearly, flow.offset_seconds, flow.at_minute, zone) != occurrence)
    return;
  if (occurrence < date_stale_before_) {
    // Stale: the clock is moving far past it in one go. Fire nothing; a
    // yearly trigger goes straight on to its first occurrence that is not.
    if (flow.yearly) {
      int64_t next =
          rt::next_date_trigger(date_stale_before_ - 1, days, true, flow.offset_seconds, flow.at_minute, zone);
      if (next >= 0) scheduler_.schedule(next, WakeKind::DateTrigger, index, flow_index);
    }
    return;
  }
  if (fired_dates_.emplace(std::make_tuple(flow_index, index, occurrence), true).second)
    request_entry(flow_index, index, {}, false);
  if (flow.yearly) {
    int64_t next = rt::next_date_trigger(occurrence, days, true, flow.offset_seconds, flow.at_minute, zone);
    if (next >= 0) scheduler_.schedule(next, WakeKind::DateTrigger, index, flow_index);
  }
}

}  // namespace flowc::engine
