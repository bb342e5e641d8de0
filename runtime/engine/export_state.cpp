// Exporting the engine's state between two records as logical state
// (docs/state.md, docs/state-design.md sections 1 and 2): whole, or as the
// changes since the last checkpoint.
//
// A profile's record holds everything that belongs to it: its runs, the
// wake-ups it owns, its open reviews, sessions, campaign copies and latest
// price views. Those live in engine-wide structures (the run store, the
// scheduler's heap...), so exporting some profiles takes two passes over
// each structure (ItemsBySlot), keeping what belongs to the profiles asked
// for. Lists inside a record are put in an order of their own (runs by
// flow and occurrence, wake-ups by sequence...), never in the order of a
// slot or a hash table.
//
// Each record is written encoded, field by field (state/field_writer.h, in
// schema.h's tag order), not built as a state::ProfileState first: a
// checkpoint of a million profiles spent most of its export building and
// freeing their strings. export_state() decodes the bytes, so both ways of
// exporting share this one writer.
#include <algorithm>
#include <map>
#include <stdexcept>
#include <span>
#include <tuple>

#include "engine/engine.h"
#include "engine/module_names.h"
#include "engine/report_state.h"
#include "state/encoding.h"
#include "state/field_writer.h"
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
// that belong to exported profiles, grouped by the profile's slot. A
// profile's record is then written from its own items alone.
//
// Collected in two passes over the structure (a counting sort): the first
// counts each slot's items, the second puts each in its place. A million
// profiles own millions of runs and views: one pass into a growing list
// then a copy in slot order spent most of its time in page faults.
template <class Item> class ItemsBySlot {
 public:
  // `each(emit)` calls emit(slot, item) for every item, the same items in
  // the same order each time it is called (twice).
  template <class Each> void collect(size_t slots, Each&& each) {
    start_.assign(slots + 1, 0);
    each([&](ptrdiff_t slot, const Item&) { ++start_[static_cast<size_t>(slot) + 1]; });
    for (size_t s = 0; s < slots; ++s) start_[s + 1] += start_[s];
    items_.resize(start_[slots]);
    std::vector<uint32_t> next(start_.begin(), start_.end() - 1);
    each([&](ptrdiff_t slot, const Item& item) { items_[next[static_cast<size_t>(slot)]++] = item; });
  }
  std::span<const Item> of(size_t slot) const {
    return {items_.data() + start_[slot], items_.data() + start_[slot + 1]};
  }

 private:
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
    for (const ir::FlowDef& flow : m_.flows) {
      step_labels_.emplace_back();
      for (const ir::StepDef& step : flow.steps) step_labels_.back().push_back(step_label(step));
    }
    name_recipient_groups();
  }

  // Writes the record of each profile which[i] (ascending indexes; `all`:
  // every profile), in parts on several threads: each part calls
  // new_sink() once on its own thread, then hands each of its records,
  // written in order, to that sink as sink(i, id, ordinal, bytes) (`bytes`
  // is reused for the part's next record).
  template <class NewSink>
  void profiles(const std::vector<uint32_t>& which, bool all, NewSink&& new_sink) const {
    const ProfileSlots slots(which, all, e_.profiles_.size());
    const Owned owned = collect_owned(slots, which.size());
    state::in_parallel(which.size(), kProfilesPerPart, [&](size_t begin, size_t end) {
      auto sink = new_sink();
      std::string bytes;
      Scratch scratch;
      for (size_t i = begin; i < end; ++i) {
        const uint32_t index = which[i];
        state::FieldWriter::record(bytes, state::kProfileRecordKind, [&](state::FieldWriter& w) {
          write_profile(w, index, i, owned, scratch);
        });
        sink(i, e_.profiles_[index].id(), index, std::string_view(bytes));
      }
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
      if (owner_of(w) == kGlobal) g.wakes.push_back(wake_state(describe(w)));
    std::sort(g.wakes.begin(), g.wakes.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
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

  // A wake-up as saved (state::WakeState), its names viewed in the module.
  struct WakeNames {
    state::WakeKind kind = state::WakeKind::ResumeRun;
    int64_t time = 0;
    uint64_t seq = 0;
    std::string_view flow, campaign, path, message, channel;
    uint64_t occurrence = 0, generation = 0;
  };
  // What a profile's record lists in an order of its own (by name,
  // sequence...), gathered before they are written: reused from one
  // record to the next, so writing a record allocates nothing once warm.
  struct RunRef {
    std::string_view flow;
    uint64_t occurrence;
    const FlowRun* run;
  };
  struct WakeRef {
    uint64_t seq;
    const WakeUp* wake;
  };
  struct DeliveryRef {
    std::string_view campaign, path, message;
    uint64_t attempt, occurrence;
  };
  struct FiredRef {
    std::string_view flow;
    int64_t occurrence;
  };
  struct ViewOut {
    std::string_view flow, product;
    const ViewRef* view;
  };
  struct CountRef {
    std::string_view name;
    uint32_t count;
  };
  struct Scratch {
    std::vector<RunRef> runs;
    std::vector<WakeRef> wakes;
    std::vector<DeliveryRef> deliveries;
    std::vector<FiredRef> fired;
    std::vector<ViewOut> views;
    std::vector<CountRef> counts;
    std::vector<uint32_t> ranks;
    std::string phone;
  };

  // A step's label ("" past the flow's steps: ir::kNone, the end).
  std::string_view step_name(uint32_t flow, ir::Index step) const {
    const std::vector<std::string>& labels = step_labels_[flow];
    return step < labels.size() ? std::string_view(labels[step]) : std::string_view();
  }

  // The set values of an event (or answers), named by `name_of(slot)`
  // ("": unnamed, left out), as NamedValue elements of field `tag`.
  template <class NameOf>
  static void write_named(state::FieldWriter& w, uint32_t tag, const std::vector<ir::Value>& values, NameOf name_of) {
    for (size_t s = 0; s < values.size(); ++s) {
      const std::string_view name = name_of(s);
      if (!values[s].is_set() || name.empty()) continue;
      w.element(tag, [&](state::FieldWriter& f) {
        f.text(1, name);
        f.value(2, values[s]);
      });
    }
  }
  void write_event(state::FieldWriter& w, uint32_t tag, ir::Index metric, const std::vector<ir::Value>& event) const {
    write_named(w, tag, event, [&](size_t s) {
      return metric < m_.metrics.size() && s < m_.metrics[metric].properties.size()
                 ? std::string_view(m_.metrics[metric].properties[s].name)
                 : std::string_view();
    });
  }

  // Profile `index`'s whole record (state::ProfileState, schema.h's tags
  // 1-35 in order); `slot` is its place in `owned`.
  void write_profile(state::FieldWriter& w, uint32_t index, size_t slot, const Owned& owned, Scratch& scratch) const {
    const Profile& p = e_.profiles_[index];
    w.text(1, p.id());
    w.unsigned_int(2, index);
    w.text(3, p.email.view());
    w.text(4, p.phone.view());
    if (!p.phone.empty()) {
      scratch.phone.assign(p.phone.view());  // the map is keyed by std::string: no allocation once warm
      w.flag(5, e_.phone_owners_.find(scratch.phone) == index);
    }
    w.signed_int(6, p.created);
    for (size_t s = 0; s < p.properties.size(); ++s)
      if (p.properties.kind(s) != ir::ValueKind::Unset)
        w.element(7, [&](state::FieldWriter& f) {
          f.text(1, m_.profile_properties[s].name);
          f.value(2, p.properties[s]);
        });
    for (int c = 0; c < kSendChannels; ++c)
      if (p.last_sent[c] >= 0)
        w.element(8, [&](state::FieldWriter& f) {
          f.text(1, kSendChannelNames[c]);
          f.signed_int(2, p.last_sent[c]);
        });
    for (size_t l = 0; l < p.lists.size(); ++l)
      if (p.lists[l]) w.text_element(9, m_.lists[l]);
    for (size_t g = 0; g < p.segments.size(); ++g)
      if (p.segments[g]) w.text_element(10, m_.segments[g].name);
    w.flag(11, p.segments_evaluated);
    write_aggregates(w, p);
    write_consents(w, p);
    for (int c = 0; c < kSendChannels; ++c)
      if (p.suppressed[c]) w.text_element(14, kSendChannelNames[c]);
    w.flag(15, p.email_pending_confirmation);
    if (auto pending = e_.lists_pending_confirmation_.find(index); pending != e_.lists_pending_confirmation_.end())
      for (ir::Index list : pending->second) w.text_element(16, m_.lists[list]);
    w.signed_int(17, p.messaged_month == 0 ? -1 : p.messaged_month - 1);
    if (p.last_outbound != Profile::kNoOutbound) {
      w.flag(18, true);
      w.text(19, e_.outbound_origins_[p.last_outbound].first);
      w.text(20, e_.outbound_origins_[p.last_outbound].second);
    }
    write_latest_sends(w, p, index);
    w.signed_int(22, p.recheck_at);
    w.signed_int(23, p.last_activity);
    for (const FlowEntries& entries : p.flows_entered)
      w.element(24, [&](state::FieldWriter& f) {
        f.text(1, m_.flows[entries.flow].name);
        f.unsigned_int(2, entries.count);
        f.signed_int(3, entries.last);
      });
    write_recipient_groups(w, index, scratch);
    if (auto found = e_.last_engagements_.find(index); found != e_.last_engagements_.end())
      for (int kind = 0; kind < 4; ++kind)
        if (found->second[kind].origin != SendLog::kNone)
          w.element(26, [&](state::FieldWriter& f) {
            f.text(1, kEngagementKinds[kind]);
            f.signed_int(2, found->second[kind].time);
            f.unsigned_int(3, found->second[kind].origin);
          });
    write_runs(w, owned.runs.of(slot), scratch);
    gather_wakes(owned.wakes.of(slot), scratch);
    write_wakes(w, scratch);
    for (const ReviewItem* item : owned.reviews.of(slot))
      w.element(29, [&](state::FieldWriter& f) {
        f.text(1, m_.flows[item->flow].name);
        f.text(2, step_name(item->flow, item->step));
        f.unsigned_int(3, e_.runs_[item->run].occurrence);
        f.unsigned_int(4, item->seq);
        f.flag(5, item->has_event);
        write_event(f, 6, m_.flows[item->flow].event_metric, item->event);
      });
    for (uint32_t session : owned.sessions.of(slot)) write_session(w, session);
    write_deliveries(w, scratch);
    write_views(w, owned.views.of(slot), scratch);
    write_counts(w, 33, owned.replies.of(slot), scratch, [&](uint32_t owner) {
      return owner == ir::kNone ? std::string_view() : std::string_view(m_.automations[owner].name);
    });
    write_counts(w, 34, owned.entries_at_instant.of(slot), scratch,
                 [&](uint32_t flow) { return std::string_view(m_.flows[flow].name); });
    write_fired_dates(w, scratch);
  }

  void write_aggregates(state::FieldWriter& w, const Profile& p) const {
    for (ir::Index a = 0; a < m_.aggregates.size(); ++a) {
      const AggregateState* st = p.aggregates.find(a);
      if (!st) continue;
      const state::AggregateEntry& signature = signatures_[a];  // names only
      const ir::AggregateKind kind = m_.aggregates[a].kind;
      w.element(12, [&](state::FieldWriter& f) {
        f.text(1, signature.kind);
        f.text(2, signature.metric);
        f.text(3, signature.property);
        f.text(4, signature.where);
        f.signed_int(5, signature.window);
        if (kind == ir::AggregateKind::Count) f.unsigned_int(6, static_cast<uint64_t>(st->count));
        if (kind == ir::AggregateKind::Sum) f.number(7, st->sum);
        if (kind == ir::AggregateKind::Last && st->last >= 0) f.value(8, ir::Value::datetime(st->last));
        for (const WindowEntry& entry : st->entries)
          f.element(9, [&](state::FieldWriter& e) {
            e.signed_int(1, entry.time);
            e.value(2, ir::Value::number(entry.value));
          });
        f.flag(10, signature.since_flow_start);
      });
    }
  }

  void write_consents(state::FieldWriter& w, const Profile& p) const {
    for (int c = 0; c < ir::kConsentChannels; ++c) {
      if (p.consent[c] == ir::Consent::NeverSubscribed && p.consent_since[c] == 0) continue;
      w.element(13, [&](state::FieldWriter& f) {
        f.text(1, ir::consent_channel_name(static_cast<ir::ConsentChannel>(c)));
        f.text(2, ir::consent_name(p.consent[c]));
        f.flag(3, p.consent_since[c] != 0);
        if (p.consent_since[c] != 0) f.signed_int(4, kConsentEpoch + static_cast<int64_t>(p.consent_since[c]) - 1);
      });
    }
  }

  void write_latest_sends(state::FieldWriter& w, const Profile& p, uint32_t index) const {
    auto add = [&](const char* channel, uint32_t entry) {
      if (entry == SendLog::kNone) return;
      w.element(21, [&](state::FieldWriter& f) {
        f.text(1, channel);
        f.unsigned_int(3, entry);  // tag 2 is unused (schema.h)
      });
    };
    add("email", p.latest_send[0]);
    add("sms", p.latest_send[1]);
    if (auto other = e_.sends_.latest_other().find(index); other != e_.sends_.latest_other().end()) {
      add("push", other->second[0]);
      add("whatsapp", other->second[1]);
    }
  }

  // In name order: the groups' ranks sort as their names do.
  void write_recipient_groups(state::FieldWriter& w, uint32_t index, Scratch& scratch) const {
    const std::span<const uint32_t> groups = e_.recipients_.groups_of(index);
    if (groups.empty()) return;
    scratch.ranks.clear();
    for (uint32_t g : groups) scratch.ranks.push_back(group_rank_[g]);
    std::sort(scratch.ranks.begin(), scratch.ranks.end());
    for (uint32_t rank : scratch.ranks) w.text_element(25, group_names_[rank]);
  }

  // By flow name, then occurrence.
  void write_runs(state::FieldWriter& w, std::span<const uint32_t> runs, Scratch& scratch) const {
    scratch.runs.clear();
    for (uint32_t r : runs) {
      const FlowRun& run = e_.runs_[r];
      scratch.runs.push_back({m_.flows[run.flow].name, run.occurrence, &run});
    }
    std::sort(scratch.runs.begin(), scratch.runs.end(),
              [](const RunRef& a, const RunRef& b) { return std::tie(a.flow, a.occurrence) < std::tie(b.flow, b.occurrence); });
    for (const RunRef& ref : scratch.runs) {
      const FlowRun& run = *ref.run;
      const state::RunPosition position = !run.active                     ? state::RunPosition::Ended
                                          : run.waiting_at != ir::kNone ? state::RunPosition::Waiting
                                                                         : state::RunPosition::Deferred;
      w.element(27, [&](state::FieldWriter& f) {
        f.text(1, ref.flow);
        f.unsigned_int(2, run.occurrence);
        f.unsigned_int(3, static_cast<uint64_t>(position));
        f.text(4, step_name(run.flow, run.step));
        f.text(5, step_name(run.flow, run.waiting_at));
        f.signed_int(6, run.waiting_since);
        f.signed_int(7, run.started);
        f.flag(8, run.has_event);
        write_event(f, 9, m_.flows[run.flow].event_metric, run.event);
      });
    }
  }

  // The profile's wake-ups, and the campaign copies (deliveries) and fired
  // dates they stand for, into `scratch` (each list emptied first): the
  // fields 28, 31 and 35 are written from them.
  void gather_wakes(std::span<const WakeUp* const> wakes, Scratch& scratch) const {
    scratch.wakes.clear();
    scratch.deliveries.clear();
    scratch.fired.clear();
    for (const WakeUp* wake : wakes) {
      scratch.wakes.push_back({wake->seq_kind >> 8, wake});
      if (wake->kind() == WakeKind::CampaignDelivery) {
        const CampaignDelivery& d = e_.campaigns_.deliveries[wake->target];
        WakeNames names;
        name_message(e_.campaigns_.messages[d.message], names);
        scratch.deliveries.push_back({names.campaign, names.path, names.message, d.attempt, d.occurrence});
      }
      // A fired date trigger matters while a wake-up of that occurrence is pending (design 2.9).
      if (wake->kind() == WakeKind::DateTrigger && e_.fired_dates_.count({wake->target, wake->profile, wake->time}))
        scratch.fired.push_back({m_.flows[wake->target].name, wake->time});
    }
  }

  // The gathered wake-ups, by sequence.
  void write_wakes(state::FieldWriter& w, Scratch& scratch) const {
    std::sort(scratch.wakes.begin(), scratch.wakes.end(), [](const WakeRef& a, const WakeRef& b) { return a.seq < b.seq; });
    for (const WakeRef& ref : scratch.wakes) {
      const WakeNames names = describe(*ref.wake);
      w.element(28, [&](state::FieldWriter& f) {
        f.unsigned_int(1, static_cast<uint64_t>(names.kind));
        f.signed_int(2, names.time);
        f.unsigned_int(3, names.seq);
        f.text(4, names.flow);
        f.unsigned_int(5, names.occurrence);
        f.text(6, names.campaign);
        f.text(7, names.path);
        f.text(8, names.message);
        f.text(9, names.channel);
        f.unsigned_int(10, names.generation);
      });
    }
  }

  void write_session(state::FieldWriter& w, uint32_t index) const {
    const Session& s = e_.automations_.sessions[index];
    const ir::AutomationDef& def = m_.automations[s.automation];
    w.element(30, [&](state::FieldWriter& f) {
      f.text(1, def.name);
      f.text(2, session_channel(s.whatsapp));
      if (s.question < def.questions.size()) f.text(3, def.questions[s.question].name);
      f.unsigned_int(4, s.reprompts);
      write_named(f, 5, s.answers, [&](size_t q) {
        return q < def.questions.size() ? std::string_view(def.questions[q].name) : std::string_view();
      });
      f.signed_int(6, s.last_message);
      f.unsigned_int(7, s.timeout_generation);
    });
  }

  // By campaign, path, message, then occurrence.
  void write_deliveries(state::FieldWriter& w, Scratch& scratch) const {
    std::sort(scratch.deliveries.begin(), scratch.deliveries.end(), [](const DeliveryRef& a, const DeliveryRef& b) {
      return std::tie(a.campaign, a.path, a.message, a.occurrence) < std::tie(b.campaign, b.path, b.message, b.occurrence);
    });
    for (const DeliveryRef& d : scratch.deliveries)
      w.element(31, [&](state::FieldWriter& f) {
        f.text(1, d.campaign);
        f.text(2, d.path);
        f.text(3, d.message);
        f.unsigned_int(4, d.attempt);
        f.unsigned_int(5, d.occurrence);
      });
  }

  // The profile's latest view of each product, per price-drop flow (the
  // only one a price drop can use, design 2.6), by flow name and product.
  // A product's views come together, oldest first, so the latest is the
  // last of its run.
  void write_views(state::FieldWriter& w, std::span<const ViewRef> views, Scratch& scratch) const {
    scratch.views.clear();
    for (size_t i = 0; i < views.size(); ++i) {
      const ViewRef& v = views[i];
      if (i + 1 < views.size() && views[i + 1].flow == v.flow && views[i + 1].product == v.product) continue;
      scratch.views.push_back({m_.flows[v.flow].name, *v.product, &v});
    }
    std::sort(scratch.views.begin(), scratch.views.end(),
              [](const ViewOut& a, const ViewOut& b) { return std::tie(a.flow, a.product) < std::tie(b.flow, b.product); });
    for (const ViewOut& out : scratch.views)
      w.element(32, [&](state::FieldWriter& f) {
        f.text(1, out.flow);
        f.text(2, out.product);
        f.signed_int(3, out.view->time);
        if (out.view->event) write_event(f, 4, m_.flows[out.view->flow].trigger_target, *out.view->event);
      });
  }

  // Counters by owner name (state::NamedCount elements of field `tag`).
  template <class NameOf>
  static void write_counts(state::FieldWriter& w, uint32_t tag, std::span<const CounterRef> counters, Scratch& scratch,
                           NameOf name_of) {
    scratch.counts.clear();
    for (const CounterRef& c : counters) scratch.counts.push_back({name_of(c.owner), c.count});
    std::sort(scratch.counts.begin(), scratch.counts.end(),
              [](const CountRef& a, const CountRef& b) { return a.name < b.name; });
    for (const CountRef& c : scratch.counts)
      w.element(tag, [&](state::FieldWriter& f) {
        f.text(1, c.name);
        f.unsigned_int(2, c.count);
      });
  }

  // By flow name and occurrence, each once.
  static void write_fired_dates(state::FieldWriter& w, Scratch& scratch) {
    auto key = [](const FiredRef& f) { return std::tie(f.flow, f.occurrence); };
    std::sort(scratch.fired.begin(), scratch.fired.end(), [&](const FiredRef& a, const FiredRef& b) { return key(a) < key(b); });
    scratch.fired.erase(std::unique(scratch.fired.begin(), scratch.fired.end(),
                                    [&](const FiredRef& a, const FiredRef& b) { return key(a) == key(b); }),
                        scratch.fired.end());
    for (const FiredRef& fired : scratch.fired)
      w.element(35, [&](state::FieldWriter& f) {
        f.text(1, fired.flow);
        f.signed_int(2, fired.occurrence);
      });
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

  // What each structure holds for the exported profiles, the structures
  // on up to four threads. in_parallel splits 0..6 into contiguous parts,
  // so the runs (0) and the views (4), the largest by far, fall in
  // different parts from two threads on: keep them apart when reordering.
  Owned collect_owned(const ProfileSlots& slots, size_t exported) const {
    Owned owned;
    state::in_parallel(7, 1, [&](size_t begin, size_t end) {
      for (size_t structure = begin; structure < end; ++structure) collect(structure, slots, exported, owned);
    });
    return owned;
  }

  void collect(size_t structure, const ProfileSlots& slots, size_t exported, Owned& owned) const {
    switch (structure) {
      case 0:
        return owned.runs.collect(exported, [&](auto emit) {
          for (uint32_t r = 0; r < e_.runs_.size(); ++r)
            if (e_.runs_.live(r))
              if (ptrdiff_t at = slots(e_.runs_[r].profile); at >= 0) emit(at, r);
        });
      case 1:
        return owned.wakes.collect(exported, [&](auto emit) {
          for (const WakeUp& w : e_.scheduler_.pending())
            if (ptrdiff_t owner = owner_of(w); owner != kGlobal)
              if (ptrdiff_t at = slots(static_cast<uint32_t>(owner)); at >= 0) emit(at, &w);
        });
      case 2:
        return owned.reviews.collect(exported, [&](auto emit) {
          for (const ReviewItem& item : e_.reviews_)
            if (ptrdiff_t at = slots(item.profile); at >= 0 && item.open) emit(at, &item);
        });
      case 3:
        return owned.sessions.collect(exported, [&](auto emit) {
          for (const auto& [thread, index] : e_.automations_.open)
            if (ptrdiff_t at = slots(thread.first); at >= 0) emit(at, index);
        });
      case 4:
        return owned.views.collect(exported, [&](auto emit) {
          for (uint32_t f = 0; f < e_.views_.size(); ++f)
            for (const auto& [product, views] : e_.views_[f])
              views.for_each([&](uint32_t profile, int64_t time, const std::vector<ir::Value>* event) {
                if (ptrdiff_t at = slots(profile); at >= 0) emit(at, ViewRef{f, &product, time, event});
              });
        });
      case 5:
        return owned.replies.collect(exported, [&](auto emit) {
          for (const auto& [key, count] : e_.automations_.replies)
            if (ptrdiff_t at = slots(key.second); at >= 0) emit(at, CounterRef{key.first, count});
        });
      case 6:
        return owned.entries_at_instant.collect(exported, [&](auto emit) {
          for (const auto& [key, rounds] : e_.entries_at_instant_)
            if (ptrdiff_t at = slots(key.second); at >= 0) emit(at, CounterRef{key.first, rounds});
        });
    }
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
  WakeNames describe(const WakeUp& w) const {
    WakeNames saved;
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

  void name_message(const CampaignMessageRef& ref, WakeNames& saved) const {
    const ir::CampaignDef& campaign = m_.campaigns[ref.campaign];
    saved.campaign = campaign.name;
    saved.path = campaign.paths[ref.path].name;
    saved.message = campaign.paths[ref.path].sends[ref.send].name;
  }

  static state::WakeState wake_state(const WakeNames& names) {
    state::WakeState s;
    s.kind = names.kind;
    s.time = names.time;
    s.seq = names.seq;
    s.flow = names.flow;
    s.occurrence = names.occurrence;
    s.campaign = names.campaign;
    s.path = names.path;
    s.message = names.message;
    s.channel = names.channel;
    s.generation = names.generation;
    return s;
  }

  const Engine& e_;
  const ir::Module& m_;
  std::vector<state::AggregateEntry> signatures_;  // by aggregate: the names, no data
  std::vector<std::vector<std::string>> step_labels_;  // by flow and step
  std::vector<std::string> group_names_;           // recipient groups in name order
  std::vector<uint32_t> group_rank_;               // by group number: its place in group_names_
};

void Engine::export_state(state::LoadedState& out) const {
  StateExport x(*this);
  std::vector<uint32_t> all(profiles_.size());
  for (uint32_t i = 0; i < all.size(); ++i) all[i] = i;
  // Records are written encoded (the checkpoint's way) and decoded here: one
  // way to export a profile.
  out.profiles.assign(all.size(), {});
  x.profiles(all, true, [&] {
    return [&](size_t i, std::string_view, uint32_t, std::string_view bytes) {
      std::string error;
      if (!state::decode(bytes, out.profiles[i], error))
        throw std::logic_error("a profile's exported record does not decode: " + error);
    };
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
  // Each record is written encoded, on the exporting threads, into the
  // part's arena: the delta holds bytes (~1.3 KB a profile), never structs.
  out.profiles.assign(changed.size());
  x.profiles(changed, false, [&] {
    return [&out, &arena = out.profiles.new_arena()](size_t i, std::string_view id, uint32_t ordinal,
                                                      std::string_view bytes) {
      out.profiles.set(i, arena, id, ordinal, bytes);
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
