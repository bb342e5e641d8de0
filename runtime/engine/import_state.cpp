// Rebuilding an engine from logical state (docs/state.md), the reverse of
// export_state.cpp, so that the engine goes on exactly as the one that
// exported it would have (docs/state-design.md section 2):
//
// - profiles are made in ordinal order (price-drop entries come in
//   profile order), the send log in its original order (a repeated send id
//   names the latest send; the time segments assume time order);
// - wake-ups keep their sequence numbers (ties pop in the order they had),
//   dead ones included (they count as work for --drain): a session timeout
//   no open session matches gets a session index past the end;
// - reviews are queued in their saved order; runs, sessions and campaign
//   copies get new slots (their numbers are never seen), and the counts
//   that free a run's slot (pending wake-ups, open reviews) are recounted.
//
// Every name is looked up in the module; one it lacks fails the import
// with a message naming it.
#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/engine.h"
#include "engine/module_names.h"
#include "engine/report_state.h"
#include "state/state_json.h"

namespace flowc::engine {

namespace {

constexpr uint32_t kNoSession = UINT32_MAX;    // a dead timeout's session: past the end, ignored
constexpr uint32_t kGlobalOwner = UINT32_MAX;  // wake(): a wake-up of the globals, not of a profile

template <size_t N>
int index_of(const char* const (&names)[N], const std::string& name) {  // -1: none
  for (size_t i = 0; i < N; ++i)
    if (name == names[i]) return static_cast<int>(i);
  return -1;
}

}  // namespace

class StateImport {
 public:
  StateImport(Engine& engine, const state::LoadedState& in) : e_(engine), m_(engine.module_), names_(m_), in_(in) {}

  bool run(std::string& error) {
    bool ok = fresh() && globals() && origins() && all_profiles() && sends() && profile_links() && runs() &&
              reviews() && sessions() && deliveries() && wakes() && views() && counters() && report();
    if (!ok) {
      error = error_;
      return false;
    }
    for (const state::PriceState& p : in_.prices) e_.prices_[p.product] = p.price;
    // What was imported is the baseline of the next take_changes().
    e_.changed_profiles_.clear();
    e_.changed_prices_.clear();
    e_.sends_.take_changed();
    e_.sends_taken_ = e_.sends_.size();
    e_.sends_dropped_taken_ = e_.sends_.first();
    e_.origins_taken_ = static_cast<uint32_t>(e_.sends_.origins().size());
    e_.input_errors_taken_ = e_.report_.input_errors.kept().size();
    return true;
  }

 private:
  bool fail(std::string why) {
    error_ = std::move(why);
    return false;
  }
  bool missing(const char* what, const std::string& name) { return fail(missing_name(what, name)); }

  bool fresh() {
    if (e_.started_ || e_.profiles_.size() > 0 || e_.report_.records > 0 || !e_.scheduler_.empty())
      return fail("a state can only be imported into an engine that has not run yet");
    return true;
  }

  bool globals() {
    const state::GlobalState& g = in_.globals;
    e_.clock_ = g.clock;
    e_.started_ = g.started;
    e_.next_review_seq_ = g.next_review_seq;
    e_.entries_instant_ = g.entries_instant;
    e_.campaigns_.scheduled = g.campaigns_scheduled;
    if (g.campaigns_scheduled) e_.campaigns_.messages = campaign_messages(m_);
    return true;
  }

  // The message index of a campaign message named by a wake-up or a copy.
  bool campaign_message(const std::string& campaign, const std::string& path, const std::string& message,
                        uint32_t& index) {
    const ir::Index c = names_.campaign(campaign);
    if (c == ir::kNone) return missing("campaign", campaign);
    const ir::Index p = names_.path(c, path);
    if (p == ir::kNone) return missing("campaign path", campaign + "/" + path);
    const ir::Index s = names_.message(c, p, message);
    if (s == ir::kNone) return missing("campaign message", campaign + "/" + path + "/" + message);
    const std::vector<CampaignMessageRef>& messages = e_.campaigns_.messages;
    for (uint32_t i = 0; i < messages.size(); ++i)
      if (messages[i].campaign == c && messages[i].path == p && messages[i].send == s) return index = i, true;
    return fail("the state has campaign copies or wake-ups, but says campaigns were not scheduled");
  }

  bool origins() {
    for (const state::OriginState& saved : in_.origins) {
      SendOrigin o;
      if (!origin_indexes(saved, o)) return false;
      o.source = saved.source;
      o.name = saved.name;
      o.step = saved.step;
      o.message = saved.message;
      if (saved.id != e_.sends_.origins().size() || e_.sends_.origin(std::move(o)) != saved.id)
        return fail("the state's send origins are not numbered 0, 1, 2... once each (origin " +
                    std::to_string(saved.id) + ")");
    }
    return true;
  }

  bool origin_indexes(const state::OriginState& saved, SendOrigin& o) {
    if (!channel_named(saved.channel, o.channel)) return fail("the state names an unknown channel `" + saved.channel + "`");
    if (saved.kind == "account") return o.kind = SendOrigin::Kind::Account, true;
    if (saved.kind == "flow") {
      o.kind = SendOrigin::Kind::Flow;
      if ((o.owner = names_.flow(saved.owner)) == ir::kNone) return missing("flow", saved.owner);
      if ((o.part = names_.step(o.owner, saved.part)) == ir::kNone) return missing("step", saved.owner + "/" + saved.part);
      return true;
    }
    if (saved.kind == "campaign") {
      o.kind = SendOrigin::Kind::Campaign;
      if ((o.owner = names_.campaign(saved.owner)) == ir::kNone) return missing("campaign", saved.owner);
      if ((o.part = names_.path(o.owner, saved.part)) == ir::kNone)
        return missing("campaign path", saved.owner + "/" + saved.part);
      if ((o.send = names_.message(o.owner, o.part, saved.send)) == ir::kNone)
        return missing("campaign message", saved.owner + "/" + saved.part + "/" + saved.send);
      return true;
    }
    if (saved.kind == "automation") {
      o.kind = SendOrigin::Kind::Automation;
      if ((o.owner = names_.automation(saved.owner)) == ir::kNone) return missing("automation", saved.owner);
      return true;
    }
    return fail("the state names an unknown kind of send origin `" + saved.kind + "`");
  }

  bool all_profiles() {
    for (uint32_t index = 0; index < in_.profiles.size(); ++index) {
      const state::ProfileState& saved = in_.profiles[index];
      if (saved.ordinal != index) return fail("the state's profiles are not numbered 0, 1, 2... (profile `" + saved.id + "`)");
      if (e_.profile_ids_.find(saved.id) != ProfileIds::kNone)
        return fail("the state has profile `" + saved.id + "` twice");
      Profile& p = e_.profiles_.add();
      p.set_id(e_.profile_ids_.add(saved.id, index));
      if (!profile(saved, index, p)) return fail("profile `" + saved.id + "`: " + error_);
    }
    return true;
  }

  bool profile(const state::ProfileState& saved, uint32_t index, Profile& p) {
    p.email = saved.email;
    p.phone = saved.phone;
    if (saved.owns_phone && !saved.phone.empty()) e_.phone_owners_.claim(index);  // p.phone is set
    p.created = saved.created;
    p.properties.reset(m_.profile_properties.size());
    for (const state::NamedValue& v : saved.properties) {
      const ir::Index slot = names_.property(v.name);
      if (slot == ir::kNone) return missing("profile property", v.name);
      p.properties.set(slot, v.value);
    }
    for (const state::NamedTime& t : saved.last_sent) {
      const int c = index_of(kSendChannelNames, t.name);
      if (c < 0) return fail("unknown channel `" + t.name + "`");
      p.last_sent[c] = t.time;
    }
    for (const std::string& channel : saved.suppressed) {
      const int c = index_of(kSendChannelNames, channel);
      if (c < 0) return fail("unknown channel `" + channel + "`");
      p.suppressed[c] = true;
    }
    if (!flags(saved.lists, m_.lists.size(), p.lists, "list", [&](const std::string& n) { return names_.list(n); }) ||
        !flags(saved.segments, m_.segments.size(), p.segments, "segment",
               [&](const std::string& n) { return names_.segment(n); }))
      return false;
    p.segments_evaluated = saved.segments_evaluated;
    if (!aggregates(saved, p) || !consents(saved, p)) return false;
    p.email_pending_confirmation = saved.email_pending_confirmation;
    for (const std::string& name : saved.lists_pending_confirmation) {
      const ir::Index list = names_.list(name);
      if (list == ir::kNone) return missing("list", name);
      e_.lists_pending_confirmation_[index].push_back(list);
    }
    p.messaged_month = saved.messaged_month < 0 ? 0 : static_cast<uint16_t>(saved.messaged_month + 1);
    if (saved.has_last_outbound) e_.set_last_outbound(p, saved.last_outbound_source, saved.last_outbound_name);
    p.recheck_at = saved.recheck_at;
    p.last_activity = saved.last_activity;
    for (const state::FlowEntryCount& entries : saved.flows_entered) {
      const ir::Index flow = names_.flow(entries.flow);
      if (flow == ir::kNone) return missing("flow", entries.flow);
      p.flows_entered.push_back(FlowEntries{flow, static_cast<uint32_t>(entries.count), entries.last});
    }
    return true;
  }

  template <class Find>
  bool flags(const std::vector<std::string>& saved, size_t size, FlagSet& set, const char* what, Find find) {
    set.reset(size);
    for (const std::string& name : saved) {
      const ir::Index i = find(name);
      if (i == ir::kNone) return missing(what, name);
      set.set(i, true);
    }
    return true;
  }

  bool aggregates(const state::ProfileState& saved, Profile& p) {
    for (const state::AggregateEntry& entry : saved.aggregates) {
      const ir::Index a = names_.aggregate(entry);
      if (a == ir::kNone) return missing("aggregate", entry.kind + "(" + entry.metric + ")");
      const ir::AggregateKind kind = m_.aggregates[a].kind;
      AggregateState& st = p.aggregates.get(a, kind == ir::AggregateKind::Last);
      if (kind == ir::AggregateKind::Count) st.count = static_cast<int64_t>(entry.count);
      if (kind == ir::AggregateKind::Sum) st.sum = entry.sum;
      if (kind == ir::AggregateKind::Last) st.last = entry.last.is_set() ? entry.last.i : -1;
      for (const state::WindowEntry& w : entry.entries) st.entries.push_back({w.time, w.value.as_number()});
    }
    return true;
  }

  bool consents(const state::ProfileState& saved, Profile& p) {
    for (const state::ConsentEntry& c : saved.consents) {
      int channel = -1, status = -1;
      for (int i = 0; i < ir::kConsentChannels; ++i)
        if (c.channel == ir::consent_channel_name(static_cast<ir::ConsentChannel>(i))) channel = i;
      for (int i = 0; i < 3; ++i)
        if (c.status == ir::consent_name(static_cast<ir::Consent>(i))) status = i;
      if (channel < 0 || status < 0) return fail("unknown consent `" + c.channel + "`: `" + c.status + "`");
      p.consent[channel] = static_cast<ir::Consent>(status);
      p.consent_since[channel] = c.has_since ? static_cast<uint32_t>(c.since - kConsentEpoch + 1) : 0;
    }
    return true;
  }

  bool sends() {
    const uint64_t first = in_.globals.first_send_seq, next = in_.globals.next_send_seq;
    if (first > next || next > UINT32_MAX || next - first != in_.sends.size())
      return fail("the state's send log does not hold every send from its first kept one (" + std::to_string(first) +
                  ") to its next (" + std::to_string(next) + ")");
    e_.sends_.start_at(static_cast<uint32_t>(first));
    for (size_t i = 0; i < in_.sends.size(); ++i) {
      const state::SendState& s = in_.sends[i];
      if (s.seq != first + i) return fail("the state's send log is not numbered in order (send " + std::to_string(s.seq) + ")");
      if (s.profile >= e_.profiles_.size() || s.origin >= e_.sends_.origins().size())
        return fail("send " + std::to_string(s.seq) + " names a profile or an origin the state does not have");
      const uint32_t entry = e_.sends_.add(s.send_id, s.time, s.profile, s.origin);
      SentMessage& m = e_.sends_[entry];
      if (s.opened) m.mark(SentMessage::kOpened);
      if (s.clicked) m.mark(SentMessage::kClicked);
      if (s.unsubscribed) m.mark(SentMessage::kUnsubscribed);
      if (s.bounced) m.mark(SentMessage::kBounced);
    }
    return true;
  }

  // What a profile's record points at in the send log and its origins.
  bool profile_links() {
    for (uint32_t index = 0; index < in_.profiles.size(); ++index) {
      const state::ProfileState& saved = in_.profiles[index];
      if (!latest_sends(saved, index) || !recipient_groups(saved, index) || !engagements(saved, index))
        return fail("profile `" + saved.id + "`: " + error_);
    }
    return true;
  }

  bool latest_sends(const state::ProfileState& saved, uint32_t index) {
    for (const state::ChannelSend& latest : saved.latest_sends) {
      const int c = index_of(kSendChannelNames, latest.channel);
      if (latest.seq >= e_.sends_.size() || c < 0) return fail("its latest " + latest.channel + " send is not in the send log");
      const uint32_t entry = static_cast<uint32_t>(latest.seq);
      if (c < 2) {
        e_.profiles_[index].latest_send[c] = entry;
      } else {
        auto [it, added] = e_.sends_.latest_other().try_emplace(index, std::array<uint32_t, 2>{SendLog::kNone, SendLog::kNone});
        it->second[c - 2] = entry;
      }
    }
    return true;
  }

  bool recipient_groups(const state::ProfileState& saved, uint32_t index) {
    for (const std::string& name : saved.recipient_groups) {
      uint32_t group;
      if (!recipient_group(name, group)) return false;
      e_.recipients_.add(index, group);
    }
    return true;
  }

  // A recipient group's number from its name (logical.h, recipient_groups).
  bool recipient_group(const std::string& name, uint32_t& group) {
    std::vector<std::string> parts;
    for (size_t at = 0;;) {
      size_t end = name.find('\x1f', at);
      parts.push_back(name.substr(at, end == std::string::npos ? std::string::npos : end - at));
      if (end == std::string::npos) break;
      at = end + 1;
    }
    using Level = RecipientGroups::Level;
    if (parts[0] == "origin" && parts.size() >= 4) {
      state::OriginState named;
      named.kind = parts[1];
      named.owner = parts[2];
      named.part = parts[3];
      if (parts.size() > 4) named.send = parts[4];
      named.channel = "email";
      SendOrigin o;
      if (!origin_indexes(named, o)) return false;
      const std::vector<SendOrigin>& origins = e_.sends_.origins();
      for (uint32_t id = 0; id < origins.size(); ++id)
        if (origins[id].kind == o.kind && origins[id].owner == o.owner && origins[id].part == o.part &&
            origins[id].send == o.send)
          return group = e_.recipients_.group(Level::Origin, id, 0), true;
      return fail("it was counted a recipient of a message the send log has no origin for");
    }
    if (parts[0] == "owner" && parts.size() == 3) {
      const ir::Index owner = parts[1] == "flow"       ? names_.flow(parts[2])
                              : parts[1] == "campaign" ? names_.campaign(parts[2])
                                                       : names_.automation(parts[2]);
      if (owner == ir::kNone) return missing(parts[1] == "flow" || parts[1] == "campaign" ? parts[1].c_str() : "automation", parts[2]);
      const SendOrigin::Kind kind = parts[1] == "flow"       ? SendOrigin::Kind::Flow
                                    : parts[1] == "campaign" ? SendOrigin::Kind::Campaign
                                                             : SendOrigin::Kind::Automation;
      return group = e_.recipients_.group(Level::Owner, static_cast<uint32_t>(kind), owner), true;
    }
    if (parts[0] == "path" && parts.size() == 3) {
      const ir::Index campaign = names_.campaign(parts[1]);
      if (campaign == ir::kNone) return missing("campaign", parts[1]);
      const ir::Index path = names_.path(campaign, parts[2]);
      if (path == ir::kNone) return missing("campaign path", parts[1] + "/" + parts[2]);
      return group = e_.recipients_.group(Level::Path, path, campaign), true;
    }
    return fail("unknown recipient group `" + name + "`");
  }

  bool engagements(const state::ProfileState& saved, uint32_t index) {
    for (const state::EngagementState& en : saved.engagements) {
      const int kind = index_of(kEngagementKinds, en.kind);
      if (kind < 0 || en.origin >= e_.sends_.origins().size()) return fail("unknown engagement `" + en.kind + "`");
      auto [it, added] = e_.last_engagements_.try_emplace(index);
      it->second[kind] = Engine::LastEngagement{static_cast<uint32_t>(en.time), en.origin};
    }
    return true;
  }

  // An event (or a view's) from its saved names, cut to the slots the flow
  // reads as the engine keeps it.
  bool event(uint32_t flow, ir::Index metric, const std::vector<state::NamedValue>& saved, std::vector<ir::Value>& out) {
    out.clear();
    if (saved.empty()) return true;
    out.resize(metric < m_.metrics.size() ? m_.metrics[metric].properties.size() : 0);
    for (const state::NamedValue& v : saved) {
      const ir::Index slot = names_.event_property(metric, v.name);
      if (slot == ir::kNone) return missing("event property", m_.flows[flow].name + ": " + v.name);
      out[slot] = v.value;
    }
    e_.keep_read_slots(flow, out);
    return true;
  }

  bool step(uint32_t flow, const std::string& label, ir::Index& index) {
    index = ir::kNone;
    if (label.empty()) return true;
    index = names_.step(flow, label);
    return index != ir::kNone || missing("step", m_.flows[flow].name + "/" + label);
  }

  using RunKey = std::tuple<uint32_t, uint32_t, uint64_t>;  // profile, flow, occurrence

  bool runs() {
    for (uint32_t index = 0; index < in_.profiles.size(); ++index)
      for (const state::RunState& saved : in_.profiles[index].runs) {
        const ir::Index flow = names_.flow(saved.flow);
        if (flow == ir::kNone) return missing("flow", saved.flow);
        const uint32_t id = e_.runs_.add(index);
        FlowRun& run = e_.runs_[id];
        run.flow = flow;
        if (!step(flow, saved.resume_at, run.step) || !step(flow, saved.waiting_at, run.waiting_at) ||
            !event(flow, m_.flows[flow].event_metric, saved.event, run.event))
          return false;
        run.waiting_since = saved.waiting_since;
        run.occurrence = static_cast<uint32_t>(saved.occurrence);
        run.started = saved.started;
        run.has_event = saved.has_event;
        run.active = saved.position != state::RunPosition::Ended;
        run_ids_[RunKey{index, flow, saved.occurrence}] = id;
      }
    return true;
  }

  bool run_id(uint32_t profile, const std::string& flow_name, uint64_t occurrence, uint32_t& id) {
    const ir::Index flow = names_.flow(flow_name);
    auto found = run_ids_.find(RunKey{profile, flow, occurrence});
    if (found == run_ids_.end())
      return fail("profile `" + in_.profiles[profile].id + "`: a wake-up or review names run " +
                  std::to_string(occurrence) + " of flow `" + flow_name + "`, which is not saved");
    id = found->second;
    return true;
  }

  bool reviews() {
    std::vector<std::pair<const state::ReviewState*, uint32_t>> queue;  // (review, profile)
    for (uint32_t index = 0; index < in_.profiles.size(); ++index)
      for (const state::ReviewState& r : in_.profiles[index].reviews) queue.emplace_back(&r, index);
    std::sort(queue.begin(), queue.end(), [](const auto& a, const auto& b) { return a.first->seq < b.first->seq; });
    for (const auto& [saved, profile] : queue) {
      ReviewItem item{};
      item.profile = profile;
      item.seq = saved->seq;
      item.has_event = saved->has_event;
      item.open = true;
      if (!run_id(profile, saved->flow, saved->occurrence, item.run)) return false;
      item.flow = e_.runs_[item.run].flow;
      if (!step(item.flow, saved->step, item.step) ||
          !event(item.flow, m_.flows[item.flow].event_metric, saved->event, item.event))
        return false;
      ++e_.runs_[item.run].open_reviews;
      e_.reviews_.push_back(std::move(item));
    }
    return true;
  }

  bool sessions() {
    for (uint32_t index = 0; index < in_.profiles.size(); ++index)
      for (const state::SessionState& saved : in_.profiles[index].sessions) {
        Session s;
        s.automation = names_.automation(saved.automation);
        if (s.automation == ir::kNone) return missing("automation", saved.automation);
        const ir::AutomationDef& def = m_.automations[s.automation];
        s.profile = index;
        s.whatsapp = saved.channel == "whatsapp";
        s.question = saved.question.empty() ? static_cast<uint32_t>(def.questions.size())
                                            : names_.question(s.automation, saved.question);
        if (s.question == ir::kNone) return missing("question", saved.automation + "/" + saved.question);
        s.reprompts = static_cast<uint32_t>(saved.reprompts);
        s.answers.resize(def.questions.size());
        for (const state::NamedValue& answer : saved.answers) {
          const ir::Index q = names_.question(s.automation, answer.name);
          if (q == ir::kNone) return missing("question", saved.automation + "/" + answer.name);
          s.answers[q] = answer.value;
        }
        s.last_message = saved.last_message;
        s.timeout_generation = static_cast<uint32_t>(saved.timeout_generation);
        s.open = true;
        const uint32_t slot = static_cast<uint32_t>(e_.automations_.sessions.size());
        e_.automations_.sessions.push_back(std::move(s));
        e_.automations_.open[{index, saved.channel == "whatsapp"}] = slot;
      }
    return true;
  }

  using DeliveryKey = std::tuple<uint32_t, uint32_t, uint64_t>;  // profile, message, occurrence

  bool deliveries() {
    for (uint32_t index = 0; index < in_.profiles.size(); ++index)
      for (const state::DeliveryState& saved : in_.profiles[index].deliveries) {
        uint32_t message;
        if (!campaign_message(saved.campaign, saved.path, saved.message, message)) return false;
        const uint32_t slot = e_.campaigns_.add_delivery(CampaignDelivery{
            message, index, static_cast<uint32_t>(saved.attempt), static_cast<uint32_t>(saved.occurrence)});
        delivery_ids_[DeliveryKey{index, message, saved.occurrence}] = slot;
      }
    return true;
  }

  // A saved wake-up as the scheduler holds it; `profile`: its owner (or none).
  bool wake(const state::WakeState& saved, uint32_t profile, WakeUp& w) {
    const auto kind = static_cast<WakeKind>(static_cast<uint8_t>(saved.kind));
    if (profile == kGlobalOwner && Scheduler::owned_by_profile(kind))
      return fail(fmt::format("a `{}` wake-up among the globals (it belongs to a profile)",
                              state::wake_kind_name(saved.kind)));
    w.time = saved.time;
    w.seq_kind = (saved.seq << 8) | static_cast<uint8_t>(saved.kind);
    w.profile = profile;
    w.target = 0;
    switch (saved.kind) {
      case state::WakeKind::ResumeRun:
        if (!run_id(profile, saved.flow, saved.occurrence, w.target)) return false;
        ++e_.runs_[w.target].wakeups;
        return true;
      case state::WakeKind::DateTrigger:
        w.target = names_.flow(saved.flow);
        return w.target != ir::kNone || missing("flow", saved.flow);
      case state::WakeKind::SegmentRecheck: return true;
      case state::WakeKind::SegmentSweep:
        w.profile = 0;
        return profile == kGlobalOwner || fail("a segment sweep in a profile's record (it belongs to the globals)");
      case state::WakeKind::CampaignMessage:
        w.profile = 0;
        return campaign_message(saved.campaign, saved.path, saved.message, w.target);
      case state::WakeKind::CampaignDelivery: {
        uint32_t message;
        if (!campaign_message(saved.campaign, saved.path, saved.message, message)) return false;
        auto found = delivery_ids_.find(DeliveryKey{profile, message, saved.occurrence});
        if (found == delivery_ids_.end()) return fail("a wake-up names a campaign copy that is not saved");
        w.target = found->second;
        return true;
      }
      case state::WakeKind::SessionTimeout: {
        w.profile = static_cast<uint32_t>(saved.generation);
        w.target = kNoSession;
        auto open = saved.channel.empty() ? e_.automations_.open.end()
                                          : e_.automations_.open.find({profile, saved.channel == "whatsapp"});
        if (open != e_.automations_.open.end()) w.target = open->second;
        return true;
      }
    }
    return fail("unknown kind of wake-up");
  }

  bool wakes() {
    std::vector<WakeUp> pending;
    WakeUp w;
    for (const state::WakeState& saved : in_.globals.wakes) {
      if (!wake(saved, kGlobalOwner, w)) return false;
      pending.push_back(w);
    }
    for (uint32_t index = 0; index < in_.profiles.size(); ++index)
      for (const state::WakeState& saved : in_.profiles[index].wakes) {
        if (!wake(saved, index, w)) return fail("profile `" + in_.profiles[index].id + "`: " + error_);
        pending.push_back(w);
      }
    e_.scheduler_.restore(pending, in_.globals.next_wake_seq, in_.globals.max_work_time);
    return true;
  }

  // Each (flow, product) gets its views back in time order.
  bool views() {
    struct View {
      int64_t time;
      uint32_t profile;
      std::vector<ir::Value> event;
    };
    std::map<std::pair<uint32_t, std::string>, std::vector<View>> by_product;
    for (uint32_t index = 0; index < in_.profiles.size(); ++index)
      for (const state::ViewState& saved : in_.profiles[index].views) {
        const ir::Index flow = names_.flow(saved.flow);
        if (flow == ir::kNone) return missing("flow", saved.flow);
        View v{saved.time, index, {}};
        if (!event(flow, m_.flows[flow].trigger_target, saved.event, v.event)) return false;
        by_product[{flow, saved.product}].push_back(std::move(v));
      }
    for (auto& [key, views] : by_product) {
      std::sort(views.begin(), views.end(),
                [](const View& a, const View& b) { return std::tie(a.time, a.profile) < std::tie(b.time, b.profile); });
      ProductViews& product = e_.views_[key.first][key.second];
      for (View& v : views) product.add(v.profile, v.time, std::move(v.event));
    }
    return true;
  }

  // Reply counters, same-instant entry counts, fired date triggers.
  bool counters() {
    for (uint32_t index = 0; index < in_.profiles.size(); ++index) {
      const state::ProfileState& saved = in_.profiles[index];
      for (const state::NamedCount& r : saved.replies) {
        const ir::Index automation = r.name.empty() ? ir::kNone : names_.automation(r.name);
        if (!r.name.empty() && automation == ir::kNone) return missing("automation", r.name);
        e_.automations_.replies[{automation, index}] = static_cast<uint32_t>(r.count);
      }
      for (const state::NamedCount& c : saved.entries_at_instant) {
        const ir::Index flow = names_.flow(c.name);
        if (flow == ir::kNone) return missing("flow", c.name);
        e_.entries_at_instant_[{flow, index}] = static_cast<uint32_t>(c.count);
      }
      for (const state::FlowOccurrence& fired : saved.fired_dates) {
        const ir::Index flow = names_.flow(fired.flow);
        if (flow == ir::kNone) return missing("flow", fired.flow);
        e_.fired_dates_.emplace(std::make_tuple(flow, index, fired.occurrence), true);
      }
    }
    return true;
  }

  bool report() {
    std::vector<events::InputError> kept;
    for (const state::InputErrorState& saved : in_.input_errors) {
      events::InputError error{saved.line, saved.reason, events::InputErrorKind::NotJson};
      size_t k = 0;
      while (k < events::kInputErrorKinds &&
             saved.kind != events::input_error_code(static_cast<events::InputErrorKind>(k)))
        ++k;
      if (k == events::kInputErrorKinds) return fail("the state names an unknown kind of input error `" + saved.kind + "`");
      error.kind = static_cast<events::InputErrorKind>(k);
      kept.push_back(std::move(error));
    }
    return restore_report(in_.report, std::move(kept), names_, e_.report_, error_);
  }

  Engine& e_;
  const ir::Module& m_;
  ModuleNames names_;
  const state::LoadedState& in_;
  std::string error_;
  std::map<RunKey, uint32_t> run_ids_;
  std::map<DeliveryKey, uint32_t> delivery_ids_;
};

bool Engine::import_state(const state::LoadedState& in, std::string& error) {
  if (!StateImport(*this, in).run(error)) return false;
  // A state saved before segment sweeps existed (format 2 states of an
  // earlier flowc), or under a program without segments on days_since or
  // now, has none pending: the first is scheduled now.
  const auto& pending = scheduler_.pending();
  if (started_ && std::none_of(pending.begin(), pending.end(),
                               [](const WakeUp& w) { return w.kind() == WakeKind::SegmentSweep; }))
    schedule_segment_sweep();
  return true;
}

}  // namespace flowc::engine
