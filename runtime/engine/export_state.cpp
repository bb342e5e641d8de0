// Exporting the engine's state between two records as logical state
// (docs/state.md, docs/state-design.md sections 1 and 2): whole, or as the
// changes since the last checkpoint.
//
// A profile's record holds everything that belongs to it: its runs, the
// wake-ups it owns, its open reviews, sessions, campaign copies and latest
// price views. Those live in engine-wide structures (the run store, the
// scheduler's heap...), so exporting some profiles takes one pass over each
// structure, keeping what belongs to the profiles asked for. Lists inside a
// record are put in an order of their own (runs by flow and occurrence,
// wake-ups by sequence...), never in the order of a slot or a hash table.
#include <algorithm>
#include <span>
#include <tuple>

#include "engine/engine.h"
#include "engine/module_names.h"
#include "engine/report_state.h"
#include "state/encoding.h"
#include "state/in_parallel.h"

namespace flowc::engine {

namespace {

const char* origin_kind_name(SendOrigin::Kind kind) {
  switch (kind) {
    case SendOrigin::Kind::Flow: return "flow";
    case SendOrigin::Kind::Campaign: return "campaign";
    case SendOrigin::Kind::Automation: return "automation";
    case SendOrigin::Kind::Account: return "account";
  }
  return "?";
}

const char* session_channel(bool whatsapp) { return whatsapp ? "whatsapp" : "sms"; }

// Where each exported profile's record is in the output: a slot per
// profile index (the passes below look one up for every run and wake-up).
class ProfileSlots {
 public:
  // Every profile (`all`), or only those listed.
  ProfileSlots(const std::vector<uint32_t>& which, bool all, size_t profiles) : all_(all) {
    if (all) return;
    slot_.assign(profiles, -1);
    for (size_t i = 0; i < which.size(); ++i) slot_[which[i]] = static_cast<ptrdiff_t>(i);
  }
  // The record's place, or -1 when the profile is not exported.
  ptrdiff_t operator()(uint32_t profile) const {
    if (all_) return profile;
    return profile < slot_.size() ? slot_[profile] : -1;
  }

 private:
  bool all_;
  std::vector<ptrdiff_t> slot_;
};

// The items of one engine-wide structure (the runs, the scheduler's heap...)
// that belong to exported profiles, grouped by the profile's slot: collected
// in one pass over the structure, then put in slot order by a stable
// counting sort. A profile's record is then built from its own items alone,
// so it can be encoded and dropped at once: a checkpoint never holds the
// structs of every changed profile at the same time.
template <class Item> class ItemsBySlot {
 public:
  void add(ptrdiff_t slot, Item item) { collected_.push_back({static_cast<uint32_t>(slot), std::move(item)}); }
  // Call once, after the last add().
  void group(size_t slots) {
    start_.assign(slots + 1, 0);
    for (const Collected& c : collected_) ++start_[c.slot + 1];
    for (size_t s = 0; s < slots; ++s) start_[s + 1] += start_[s];
    std::vector<uint32_t> next(start_.begin(), start_.end() - 1);
    items_.resize(collected_.size());
    for (Collected& c : collected_) items_[next[c.slot]++] = std::move(c.item);
    std::vector<Collected>().swap(collected_);
  }
  std::span<const Item> of(size_t slot) const {
    return {items_.data() + start_[slot], items_.data() + start_[slot + 1]};
  }

 private:
  struct Collected {
    uint32_t slot;
    Item item;
  };
  std::vector<Collected> collected_;
  std::vector<uint32_t> start_;
  std::vector<Item> items_;
};

// A product view kept by a price-drop flow, as found in its ProductViews.
struct ViewRef {
  uint32_t flow = 0;
  const std::string* product = nullptr;
  int64_t time = 0;
  const std::vector<ir::Value>* event = nullptr;  // null: the flow reads no slot of it
};

// A per-profile counter of an engine-wide map: a reply count by automation
// (ir::kNone: compliance replies) or same-instant entries by flow.
struct CounterRef {
  uint32_t owner = 0;
  uint32_t count = 0;
};

// Profiles exported on one thread each part (state/in_parallel.h): below
// this many, one thread does them all.
constexpr size_t kProfilesPerPart = 2000;

}  // namespace

class StateExport {
 public:
  explicit StateExport(const Engine& engine) : e_(engine), m_(engine.module_) {
    for (ir::Index a = 0; a < m_.aggregates.size(); ++a) signatures_.push_back(aggregate_signature(m_, a));
    name_recipient_groups();
  }

  // Builds the record of each profile which[i] (ascending indexes; `all`:
  // every profile), in parts on several threads: each part calls
  // new_sink() once on its own thread, then hands each of its records,
  // built and put in order, to that sink as sink(i, record).
  template <class NewSink>
  void profiles(const std::vector<uint32_t>& which, bool all, NewSink&& new_sink) const {
    const ProfileSlots slots(which, all, e_.profiles_.size());
    const Owned owned = collect_owned(slots, which.size());
    state::in_parallel(which.size(), kProfilesPerPart, [&](size_t begin, size_t end) {
      auto sink = new_sink();
      for (size_t i = begin; i < end; ++i) sink(i, record(which[i], i, owned));
    });
  }

  state::GlobalState globals() const {
    state::GlobalState g;
    g.clock = e_.clock_;
    g.started = e_.started_;
    g.next_wake_seq = e_.scheduler_.next_seq();
    g.max_work_time = e_.scheduler_.max_work_time();
    g.next_review_seq = e_.next_review_seq_;
    g.next_send_seq = e_.sends_.size();
    g.first_send_seq = e_.sends_.first();
    g.next_origin = e_.sends_.origins().size();
    g.campaigns_scheduled = e_.campaigns_.scheduled;
    g.entries_instant = e_.entries_instant_;
    for (const WakeUp& w : e_.scheduler_.pending())
      if (owner_of(w) == kGlobal) g.wakes.push_back(describe(w));
    sort_wakes(g.wakes);
    return g;
  }

  state::SendState send(uint32_t entry) const {
    const SentMessage& m = e_.sends_[entry];
    state::SendState s;
    s.send_id = m.id();
    s.seq = entry;
    s.time = e_.sends_.time(entry);
    s.profile = m.profile;
    s.origin = m.origin();
    s.opened = m.bits & SentMessage::kOpened;
    s.clicked = m.bits & SentMessage::kClicked;
    s.unsubscribed = m.bits & SentMessage::kUnsubscribed;
    s.bounced = m.bits & SentMessage::kBounced;
    return s;
  }

  state::OriginState origin(uint32_t id) const {
    const SendOrigin& o = e_.sends_.origins()[id];
    state::OriginState s;
    s.id = id;
    s.kind = origin_kind_name(o.kind);
    s.channel = ir::channel_name(o.channel);
    switch (o.kind) {
      case SendOrigin::Kind::Flow:
        s.owner = m_.flows[o.owner].name;
        s.part = step_label(m_.flows[o.owner].steps[o.part]);
        break;
      case SendOrigin::Kind::Campaign:
        s.owner = m_.campaigns[o.owner].name;
        s.part = m_.campaigns[o.owner].paths[o.part].name;
        s.send = m_.campaigns[o.owner].paths[o.part].sends[o.send].name;
        break;
      case SendOrigin::Kind::Automation: s.owner = m_.automations[o.owner].name; break;
      case SendOrigin::Kind::Account: break;
    }
    s.source = o.source;
    s.name = o.name;
    s.step = o.step;
    s.message = o.message;
    return s;
  }

  state::InputErrorState input_error(size_t index) const {
    const events::InputError& e = e_.report_.input_errors.kept()[index];
    return {index, e.line, events::input_error_code(e.kind), e.reason};
  }

 private:
  static constexpr ptrdiff_t kGlobal = -2;

  std::string step_name(uint32_t flow, ir::Index step) const {
    const std::vector<ir::StepDef>& steps = m_.flows[flow].steps;
    return step < steps.size() ? step_label(steps[step]) : std::string();
  }

  // The set values of an event (or answers), named by `name_of(slot)` ("" : unnamed).
  template <class NameOf>
  static std::vector<state::NamedValue> named(const std::vector<ir::Value>& values, NameOf name_of) {
    std::vector<state::NamedValue> out;
    for (size_t s = 0; s < values.size(); ++s) {
      std::string name = name_of(s);
      if (values[s].is_set() && !name.empty()) out.push_back({std::move(name), values[s]});
    }
    return out;
  }
  std::vector<state::NamedValue> event_of(ir::Index metric, const std::vector<ir::Value>& event) const {
    return named(event, [&](size_t s) {
      return metric < m_.metrics.size() && s < m_.metrics[metric].properties.size() ? m_.metrics[metric].properties[s].name
                                                                                       : std::string();
    });
  }

  state::ProfileState profile(uint32_t index) const {
    const Profile& p = e_.profiles_[index];
    state::ProfileState s;
    s.id = std::string(p.id());
    s.ordinal = index;
    s.email = p.email.str();
    s.phone = p.phone.str();
    if (!p.phone.empty()) {
      auto owner = e_.profile_phones_.find(s.phone);
      s.owns_phone = owner != e_.profile_phones_.end() && owner->second == index;
    }
    s.created = p.created;
    for (size_t slot = 0; slot < p.properties.size(); ++slot)
      if (p.properties.kind(slot) != ir::ValueKind::Unset)
        s.properties.push_back({m_.profile_properties[slot].name, p.properties[slot]});
    for (int c = 0; c < kSendChannels; ++c) {
      if (p.last_sent[c] >= 0) s.last_sent.push_back({kSendChannelNames[c], p.last_sent[c]});
      if (p.suppressed[c]) s.suppressed.push_back(kSendChannelNames[c]);
    }
    for (size_t l = 0; l < p.lists.size(); ++l)
      if (p.lists[l]) s.lists.push_back(m_.lists[l]);
    for (size_t g = 0; g < p.segments.size(); ++g)
      if (p.segments[g]) s.segments.push_back(m_.segments[g].name);
    s.segments_evaluated = p.segments_evaluated;
    add_aggregates(p, s);
    for (int c = 0; c < ir::kConsentChannels; ++c) {
      if (p.consent[c] == ir::Consent::NeverSubscribed && p.consent_since[c] == 0) continue;
      state::ConsentEntry consent{ir::consent_channel_name(static_cast<ir::ConsentChannel>(c)),
                                  ir::consent_name(p.consent[c]), p.consent_since[c] != 0, 0};
      if (consent.has_since) consent.since = kConsentEpoch + static_cast<int64_t>(p.consent_since[c]) - 1;
      s.consents.push_back(std::move(consent));
    }
    s.email_pending_confirmation = p.email_pending_confirmation;
    if (auto pending = e_.lists_pending_confirmation_.find(index); pending != e_.lists_pending_confirmation_.end())
      for (ir::Index list : pending->second) s.lists_pending_confirmation.push_back(m_.lists[list]);
    s.messaged_month = p.messaged_month == 0 ? -1 : p.messaged_month - 1;
    if (p.last_outbound != Profile::kNoOutbound) {
      s.has_last_outbound = true;
      s.last_outbound_source = e_.outbound_origins_[p.last_outbound].first;
      s.last_outbound_name = e_.outbound_origins_[p.last_outbound].second;
    }
    add_latest_sends(p, index, s);
    s.recheck_at = p.recheck_at;
    s.last_activity = p.last_activity;
    for (const FlowEntries& entries : p.flows_entered)
      s.flows_entered.push_back({m_.flows[entries.flow].name, entries.count, entries.last});
    add_recipient_groups(index, s);
    if (auto found = e_.last_engagements_.find(index); found != e_.last_engagements_.end())
      for (int kind = 0; kind < 4; ++kind)
        if (found->second[kind].origin != SendLog::kNone)
          s.engagements.push_back({kEngagementKinds[kind], found->second[kind].time, found->second[kind].origin});
    return s;
  }

  void add_aggregates(const Profile& p, state::ProfileState& s) const {
    for (ir::Index a = 0; a < m_.aggregates.size(); ++a) {
      const AggregateState* st = p.aggregates.find(a);
      if (!st) continue;
      state::AggregateEntry e = signatures_[a];
      switch (m_.aggregates[a].kind) {
        case ir::AggregateKind::Count: e.count = static_cast<uint64_t>(st->count); break;
        case ir::AggregateKind::Sum: e.sum = st->sum; break;
        case ir::AggregateKind::Last: if (st->last >= 0) e.last = ir::Value::datetime(st->last); break;
      }
      for (const WindowEntry& w : st->entries) e.entries.push_back({w.time, ir::Value::number(w.value)});
      s.aggregates.push_back(std::move(e));
    }
  }

  void add_latest_sends(const Profile& p, uint32_t index, state::ProfileState& s) const {
    auto add = [&](const char* channel, uint32_t entry) {
      if (entry != SendLog::kNone) s.latest_sends.push_back({channel, entry});
    };
    add("email", p.latest_send[0]);
    add("sms", p.latest_send[1]);
    if (auto other = e_.sends_.latest_other().find(index); other != e_.sends_.latest_other().end()) {
      add("push", other->second[0]);
      add("whatsapp", other->second[1]);
    }
  }

  // In name order: the groups' ranks sort as their names do.
  void add_recipient_groups(uint32_t index, state::ProfileState& s) const {
    const std::vector<uint32_t>* groups = e_.recipients_.groups_of(index);
    if (!groups) return;
    std::vector<uint32_t> ranks;
    ranks.reserve(groups->size());
    for (uint32_t g : *groups) ranks.push_back(group_rank_[g]);
    std::sort(ranks.begin(), ranks.end());
    for (uint32_t rank : ranks) s.recipient_groups.push_back(group_names_[rank]);
  }

  // Every group's name once, in name order, and each group's rank in it:
  // a few hundred groups, named for a million profiles.
  void name_recipient_groups() {
    const size_t groups = e_.recipients_.size();
    std::vector<std::pair<std::string, uint32_t>> named;
    named.reserve(groups);
    for (uint32_t g = 0; g < groups; ++g) named.emplace_back(recipient_group_name(e_.recipients_.group_of(g)), g);
    std::sort(named.begin(), named.end());
    group_rank_.resize(groups);
    for (uint32_t rank = 0; rank < named.size(); ++rank) {
      group_rank_[named[rank].second] = rank;
      group_names_.push_back(std::move(named[rank].first));
    }
  }

  // recipient_groups' names (logical.h): a level, then names, joined by U+001F.
  std::string recipient_group_name(const RecipientGroups::Group& g) const {
    const std::string sep = "\x1f";
    switch (g.level) {
      case RecipientGroups::Level::Origin: {
        state::OriginState o = origin(g.a);
        std::string name = "origin" + sep + o.kind + sep + o.owner + sep + o.part;
        return o.kind == "campaign" ? name + sep + o.send : name;
      }
      case RecipientGroups::Level::Owner: {
        const auto kind = static_cast<SendOrigin::Kind>(g.a);
        const std::string& owner = kind == SendOrigin::Kind::Flow       ? m_.flows[g.b].name
                                   : kind == SendOrigin::Kind::Campaign ? m_.campaigns[g.b].name
                                                                        : m_.automations[g.b].name;
        return "owner" + sep + origin_kind_name(kind) + sep + owner;
      }
      case RecipientGroups::Level::Path:
        return "path" + sep + m_.campaigns[g.b].name + sep + m_.campaigns[g.b].paths[g.a].name;
    }
    return {};
  }

  // What belongs to the exported profiles in the engine-wide structures,
  // by slot.
  struct Owned {
    ItemsBySlot<uint32_t> runs;           // run indexes
    ItemsBySlot<const WakeUp*> wakes;
    ItemsBySlot<const ReviewItem*> reviews;
    ItemsBySlot<uint32_t> sessions;       // session indexes
    ItemsBySlot<ViewRef> views;           // in ProductViews order: the latest of a product last
    ItemsBySlot<CounterRef> replies, entries_at_instant;
  };

  // One pass over each structure.
  Owned collect_owned(const ProfileSlots& slots, size_t exported) const {
    Owned owned;
    for (uint32_t r = 0; r < e_.runs_.size(); ++r)
      if (e_.runs_.live(r))
        if (ptrdiff_t at = slots(e_.runs_[r].profile); at >= 0) owned.runs.add(at, r);
    for (const WakeUp& w : e_.scheduler_.pending())
      if (ptrdiff_t owner = owner_of(w); owner != kGlobal)
        if (ptrdiff_t at = slots(static_cast<uint32_t>(owner)); at >= 0) owned.wakes.add(at, &w);
    for (const ReviewItem& item : e_.reviews_)
      if (ptrdiff_t at = slots(item.profile); at >= 0 && item.open) owned.reviews.add(at, &item);
    for (const auto& [thread, index] : e_.automations_.open)
      if (ptrdiff_t at = slots(thread.first); at >= 0) owned.sessions.add(at, index);
    for (uint32_t f = 0; f < e_.views_.size(); ++f)
      for (const auto& [product, views] : e_.views_[f])
        views.for_each([&](uint32_t profile, int64_t time, const std::vector<ir::Value>* event) {
          if (ptrdiff_t at = slots(profile); at >= 0) owned.views.add(at, ViewRef{f, &product, time, event});
        });
    for (const auto& [key, count] : e_.automations_.replies)
      if (ptrdiff_t at = slots(key.second); at >= 0) owned.replies.add(at, CounterRef{key.first, count});
    for (const auto& [key, rounds] : e_.entries_at_instant_)
      if (ptrdiff_t at = slots(key.second); at >= 0) owned.entries_at_instant.add(at, CounterRef{key.first, rounds});
    owned.runs.group(exported);
    owned.wakes.group(exported);
    owned.reviews.group(exported);
    owned.sessions.group(exported);
    owned.views.group(exported);
    owned.replies.group(exported);
    owned.entries_at_instant.group(exported);
    return owned;
  }

  // Profile `index`'s whole record; `slot` is its place in `owned`.
  state::ProfileState record(uint32_t index, size_t slot, const Owned& owned) const {
    state::ProfileState s = profile(index);
    for (uint32_t r : owned.runs.of(slot)) s.runs.push_back(run_state(e_.runs_[r]));
    for (const WakeUp* w : owned.wakes.of(slot)) add_wake(*w, s);
    for (const ReviewItem* item : owned.reviews.of(slot))
      s.reviews.push_back({m_.flows[item->flow].name, step_name(item->flow, item->step),
                           e_.runs_[item->run].occurrence, item->seq, item->has_event,
                           event_of(m_.flows[item->flow].event_metric, item->event)});
    for (uint32_t session : owned.sessions.of(slot)) s.sessions.push_back(session_state(session));
    add_views(owned.views.of(slot), s);
    for (const CounterRef& c : owned.replies.of(slot))
      s.replies.push_back({c.owner == ir::kNone ? std::string() : m_.automations[c.owner].name, c.count});
    for (const CounterRef& c : owned.entries_at_instant.of(slot))
      s.entries_at_instant.push_back({m_.flows[c.owner].name, c.count});
    put_in_order(s);
    return s;
  }

  state::RunState run_state(const FlowRun& run) const {
    state::RunState s;
    s.flow = m_.flows[run.flow].name;
    s.occurrence = run.occurrence;
    s.position = !run.active                     ? state::RunPosition::Ended
                 : run.waiting_at != ir::kNone ? state::RunPosition::Waiting
                                                : state::RunPosition::Deferred;
    s.resume_at = step_name(run.flow, run.step);
    s.waiting_at = step_name(run.flow, run.waiting_at);
    s.waiting_since = run.waiting_since;
    s.started = run.started;
    s.has_event = run.has_event;
    s.event = event_of(m_.flows[run.flow].event_metric, run.event);
    return s;
  }

  // The profile whose record holds `w` (kGlobal: the globals, for campaign
  // messages, the segment sweep and dead session timeouts). Cheap: the
  // passes ask it of every pending wake-up and name only the ones they keep.
  ptrdiff_t owner_of(const WakeUp& w) const {
    switch (w.kind()) {
      case WakeKind::ResumeRun: return e_.runs_[w.target].profile;
      case WakeKind::DateTrigger:
      case WakeKind::SegmentRecheck: return w.profile;
      case WakeKind::SegmentSweep:
      case WakeKind::CampaignMessage: return kGlobal;
      case WakeKind::CampaignDelivery: return e_.campaigns_.deliveries[w.target].profile;
      case WakeKind::SessionTimeout: {
        // Live while its session is open at that generation; a dead one
        // still runs (and counts as work for --drain), owned by nobody.
        const std::vector<Session>& sessions = e_.automations_.sessions;
        if (w.target >= sessions.size()) return kGlobal;
        const Session& s = sessions[w.target];
        return s.open && s.timeout_generation == w.generation() ? static_cast<ptrdiff_t>(s.profile) : kGlobal;
      }
    }
    return kGlobal;
  }

  // `w` as saved: its kind, time and sequence, and the names of what it is for.
  state::WakeState describe(const WakeUp& w) const {
    state::WakeState saved;
    saved.kind = static_cast<state::WakeKind>(static_cast<uint8_t>(w.kind()));
    saved.time = w.time;
    saved.seq = w.seq_kind >> 8;
    switch (w.kind()) {
      case WakeKind::ResumeRun: {
        const FlowRun& run = e_.runs_[w.target];
        saved.flow = m_.flows[run.flow].name;
        saved.occurrence = run.occurrence;
        break;
      }
      case WakeKind::DateTrigger: saved.flow = m_.flows[w.target].name; break;
      case WakeKind::SegmentRecheck:
      case WakeKind::SegmentSweep: break;
      case WakeKind::CampaignMessage: name_message(e_.campaigns_.messages[w.target], saved); break;
      case WakeKind::CampaignDelivery: {
        const CampaignDelivery& d = e_.campaigns_.deliveries[w.target];
        name_message(e_.campaigns_.messages[d.message], saved);
        saved.occurrence = d.occurrence;
        break;
      }
      case WakeKind::SessionTimeout:
        saved.generation = w.generation();
        if (owner_of(w) != kGlobal) saved.channel = session_channel(e_.automations_.sessions[w.target].whatsapp);
        break;
    }
    return saved;
  }

  void name_message(const CampaignMessageRef& ref, state::WakeState& saved) const {
    const ir::CampaignDef& campaign = m_.campaigns[ref.campaign];
    saved.campaign = campaign.name;
    saved.path = campaign.paths[ref.path].name;
    saved.message = campaign.paths[ref.path].sends[ref.send].name;
  }

  // A wake-up the profile owns, with the campaign copy or fired date it stands for.
  void add_wake(const WakeUp& w, state::ProfileState& p) const {
    state::WakeState saved = describe(w);
    if (w.kind() == WakeKind::CampaignDelivery) {
      const CampaignDelivery& d = e_.campaigns_.deliveries[w.target];
      p.deliveries.push_back({saved.campaign, saved.path, saved.message, d.attempt, d.occurrence});
    }
    // A fired date trigger matters while a wake-up of that occurrence is pending (design 2.9).
    if (w.kind() == WakeKind::DateTrigger && e_.fired_dates_.count({w.target, w.profile, w.time}))
      p.fired_dates.push_back({saved.flow, w.time});
    p.wakes.push_back(std::move(saved));
  }

  state::SessionState session_state(uint32_t index) const {
    const Session& s = e_.automations_.sessions[index];
    const ir::AutomationDef& def = m_.automations[s.automation];
    state::SessionState saved;
    saved.automation = def.name;
    saved.channel = session_channel(s.whatsapp);
    if (s.question < def.questions.size()) saved.question = def.questions[s.question].name;
    saved.reprompts = s.reprompts;
    saved.answers = named(s.answers, [&](size_t q) {
      return q < def.questions.size() ? def.questions[q].name : std::string();
    });
    saved.last_message = s.last_message;
    saved.timeout_generation = s.timeout_generation;
    return saved;
  }

  // The profile's latest view of each product, per price-drop flow: the
  // only one a price drop can use (design 2.6). A product's views come
  // together, oldest first, so the latest is the last of its run.
  void add_views(std::span<const ViewRef> views, state::ProfileState& p) const {
    for (size_t i = 0; i < views.size(); ++i) {
      const ViewRef& v = views[i];
      if (i + 1 < views.size() && views[i + 1].flow == v.flow && views[i + 1].product == v.product) continue;
      const ir::Index metric = m_.flows[v.flow].trigger_target;
      p.views.push_back({m_.flows[v.flow].name, *v.product, v.time,
                         v.event ? event_of(metric, *v.event) : std::vector<state::NamedValue>{}});
    }
  }

  static void sort_wakes(std::vector<state::WakeState>& wakes) {
    std::sort(wakes.begin(), wakes.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  }

  // The lists of a record in an order of their own (by name, sequence...).
  static void put_in_order(state::ProfileState& p) {
    std::sort(p.runs.begin(), p.runs.end(),
              [](const auto& a, const auto& b) { return std::tie(a.flow, a.occurrence) < std::tie(b.flow, b.occurrence); });
    sort_wakes(p.wakes);
    std::sort(p.deliveries.begin(), p.deliveries.end(), [](const auto& a, const auto& b) {
      return std::tie(a.campaign, a.path, a.message, a.occurrence) < std::tie(b.campaign, b.path, b.message, b.occurrence);
    });
    std::sort(p.views.begin(), p.views.end(),
              [](const auto& a, const auto& b) { return std::tie(a.flow, a.product) < std::tie(b.flow, b.product); });
    std::sort(p.replies.begin(), p.replies.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    std::sort(p.entries_at_instant.begin(), p.entries_at_instant.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    std::sort(p.fired_dates.begin(), p.fired_dates.end(), [](const auto& a, const auto& b) {
      return std::tie(a.flow, a.occurrence) < std::tie(b.flow, b.occurrence);
    });
    p.fired_dates.erase(std::unique(p.fired_dates.begin(), p.fired_dates.end(),
                                    [](const auto& a, const auto& b) { return a.flow == b.flow && a.occurrence == b.occurrence; }),
                        p.fired_dates.end());
  }

  const Engine& e_;
  const ir::Module& m_;
  std::vector<state::AggregateEntry> signatures_;  // by aggregate: the names, no data
  std::vector<std::string> group_names_;           // recipient groups in name order
  std::vector<uint32_t> group_rank_;               // by group number: its place in group_names_
};

void Engine::export_state(state::LoadedState& out) const {
  StateExport x(*this);
  std::vector<uint32_t> all(profiles_.size());
  for (uint32_t i = 0; i < all.size(); ++i) all[i] = i;
  out.profiles.assign(all.size(), {});
  x.profiles(all, true, [&] {
    return [&](size_t i, state::ProfileState record) { out.profiles[i] = std::move(record); };
  });
  out.globals = x.globals();
  out.report = report_state(report_, module_);
  out.sends.clear();
  for (uint32_t entry = sends_.first(); entry < sends_.size(); ++entry) out.sends.push_back(x.send(entry));
  out.origins.clear();
  for (uint32_t id = 0; id < sends_.origins().size(); ++id) out.origins.push_back(x.origin(id));
  std::map<std::string, double> prices(prices_.begin(), prices_.end());
  out.prices.clear();
  for (const auto& [product, price] : prices) out.prices.push_back({product, price});
  out.input_errors.clear();
  for (size_t i = 0; i < report_.input_errors.kept().size(); ++i) out.input_errors.push_back(x.input_error(i));
}

void Engine::take_changes(state::Delta& out) {
  StateExport x(*this);
  std::vector<uint32_t> changed;
  for (uint32_t index : changed_profiles_.marked())
    if (index < profiles_.size()) changed.push_back(index);
  std::sort(changed.begin(), changed.end());
  // Each record is encoded as soon as it is built, on the exporting
  // threads: the delta holds bytes (~1.3 KB a profile), not the structs,
  // each part's in an arena of its own.
  out.profiles.assign(changed.size());
  x.profiles(changed, false, [&] {
    return [&out, &arena = out.profiles.new_arena(), bytes = std::string()](
               size_t i, const state::ProfileState& record) mutable {
      state::encode_into(record, bytes);  // one buffer a part, reused
      out.profiles.set(i, arena, record.id, record.ordinal, bytes);
    };
  });
  out.globals = x.globals();
  out.report = report_state(report_, module_);
  // Sends: the ones logged since the last take, and older ones whose flags changed.
  std::vector<uint32_t> sends = sends_.take_changed();
  sends.erase(std::remove_if(sends.begin(), sends.end(), [&](uint32_t e) { return e >= sends_taken_; }), sends.end());
  std::sort(sends.begin(), sends.end());
  sends.erase(std::unique(sends.begin(), sends.end()), sends.end());
  for (uint32_t entry = std::max(sends_taken_, sends_.first()); entry < sends_.size(); ++entry) sends.push_back(entry);
  out.sends.clear();
  for (uint32_t entry : sends) out.sends.push_back(x.send(entry));
  // Blocks dropped by retention since the last take (send_log.h).
  out.sends_dropped_before = sends_.first() > sends_dropped_taken_ ? sends_.first() : 0;
  sends_dropped_taken_ = sends_.first();
  out.origins.clear();
  for (uint32_t id = origins_taken_; id < sends_.origins().size(); ++id) out.origins.push_back(x.origin(id));
  out.prices.clear();
  for (const std::string& product : changed_prices_) out.prices.push_back({product, prices_.at(product)});
  out.input_errors.clear();
  for (size_t i = input_errors_taken_; i < report_.input_errors.kept().size(); ++i)
    out.input_errors.push_back(x.input_error(i));
  changed_profiles_.clear();
  changed_prices_.clear();
  sends_taken_ = sends_.size();
  origins_taken_ = static_cast<uint32_t>(sends_.origins().size());
  input_errors_taken_ = report_.input_errors.kept().size();
}

}  // namespace flowc::engine
