// Engagement and attribution (RUNTIME.md sections 2 and 8; the rules and the
// choices made where the spec is silent are in docs/runtime.md, "Engagement
// and attribution").
//
// An `engagement` record names a send by its id; the SendLog gives its
// profile and origin. Opens and clicks are counted once per send on the
// origin's report counters, recorded as the built-in metrics ("Opened
// Email"...) and remembered per profile and kind, the latest only: a
// conversion is credited to the most recent of those still inside its own
// window, which only ever needs the latest of each kind.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <iostream>
#include <tuple>

#include "engine/context.h"
#include "engine/engine.h"

namespace flowc::engine {

namespace {

// The kinds of engagement that can win a conversion, each with its window;
// on a tie in time the earlier kind wins (a click says more than an open).
enum AttributionKind { kEmailClick, kSmsClick, kEmailOpen, kPushOpen, kNotAttributed };

AttributionKind attribution_kind(ir::Channel channel, bool click) {
  if (channel == ir::Channel::Email) return click ? kEmailClick : kEmailOpen;
  if (channel == ir::Channel::Sms && click) return kSmsClick;
  if (channel == ir::Channel::Push && !click) return kPushOpen;
  return kNotAttributed;  // SMS opens, push clicks, WhatsApp: counted, not attributed
}

const char* const kBuiltinMetric[] = {"Clicked Email", "Clicked SMS", "Opened Email", "Opened Push"};

int64_t window(const ir::AccountDef& account, int kind) {
  switch (kind) {
    case kEmailClick: return account.attribution_email_click;
    case kSmsClick: return account.attribution_sms_click;
    case kEmailOpen: return account.attribution_email_open;
    default: return account.attribution_push_open;
  }
}

// How long after a send an unsubscribe on its channel is still its doing:
// the channel's click window (push: its open window).
int64_t unsubscribe_window(const ir::AccountDef& account, ir::Channel channel) {
  switch (channel) {
    case ir::Channel::Email: return account.attribution_email_click;
    case ir::Channel::Push: return account.attribution_push_open;
    default: return account.attribution_sms_click;
  }
}

// A send id as written in the activity (16 hex digits) to its number;
// false when it is not one.
bool parse_send_id(const std::string& text, uint64_t& id) {
  if (text.size() != 16) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id, 16);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

void Engine::log_send(uint32_t index, const std::string& send_id, uint32_t send_origin) {
  uint64_t id = 0;
  if (!parse_send_id(send_id, id)) return;
  Profile& p = profiles_[index];
  p.last_send = sends_.add(id, clock_, index, p.last_send, send_origin);
}

uint32_t Engine::account_send_origin(ir::Channel channel, const std::string& name, const std::string& step) {
  return sends_.origin(SendOrigin{SendOrigin::Kind::Account, channel, 0, 0, 0, "account", name, step, step});
}

Engagement* Engine::engagement_of(const SendOrigin& o) {
  switch (o.kind) {
    case SendOrigin::Kind::Flow: return &report_.flows[o.owner].steps[o.part].engagement;
    case SendOrigin::Kind::Campaign: return &report_.campaigns[o.owner].paths[o.part].messages[o.send].engagement;
    case SendOrigin::Kind::Automation: return &report_.automations[o.owner].engagement;
    case SendOrigin::Kind::Account: return nullptr;  // confirmations and HELP answers are not marketing
  }
  return nullptr;
}

void Engine::apply_engagement(const events::Record& record) {
  uint64_t id = 0;
  uint32_t entry = parse_send_id(record.send_id, id) ? sends_.find(id) : SendLog::kNone;
  if (entry == SendLog::kNone) {
    // Like any bad record: reported with its line and skipped.
    events::InputError error{record.line, fmt::format("unknown send_id \"{}\": no message was sent with it",
                                                      record.send_id)};
    std::cerr << fmt::format("{}:{}: bad record: {}\n", input_name_, error.line, error.reason);
    input_error(error);
    return;
  }
  const bool click = record.kind == "click", open = record.kind == "open";
  // Excluded machine engagement is ignored altogether: not counted, not
  // recorded on the profile, not attributed (the account's reporting is
  // what the exclusion is for).
  if (click && record.bot && module_.account.exclude_bot_clicks) return;
  if (open && record.privacy && module_.account.exclude_privacy_opens) return;

  SentMessage& sent = sends_[entry];
  const SendOrigin& origin = sends_.origin_of(sent);
  const uint32_t index = sent.profile;
  Profile& p = profiles_[index];
  p.last_activity = clock_;
  Engagement* counters = engagement_of(origin);
  if (!click && !open) {
    // A bounce: the address does not take mail; nothing more goes to it on
    // that channel until an `unsuppress`.
    if (sent.mark(SentMessage::kBounced) && counters) ++counters->bounces;
    p.suppressed[static_cast<size_t>(origin.channel)] = true;
    update_segments(index);
    return;
  }
  if (sent.mark(click ? SentMessage::kClicked : SentMessage::kOpened) && counters)
    ++(click ? counters->clicks : counters->opens);
  AttributionKind kind = attribution_kind(origin.channel, click);
  if (kind == kNotAttributed) return;
  last_engagements_[index][kind] = LastEngagement{static_cast<uint32_t>(clock_), entry};
  record_builtin_metric(index, kBuiltinMetric[kind],
                        {{"send_id", record.send_id}, {"message", origin.message}, {"source", origin.source},
                         {"name", origin.name}});
  update_segments(index);
}

void Engine::attribute_conversion(uint32_t index, const std::vector<ir::Value>& event) {
  auto found = last_engagements_.find(index);
  if (found == last_engagements_.end()) return;
  // The most recent engagement still inside its own window.
  int best = -1;
  for (int kind = 0; kind < kNotAttributed; ++kind) {
    const LastEngagement& e = found->second[kind];
    if (e.send == SendLog::kNone || clock_ - static_cast<int64_t>(e.time) >= window(module_.account, kind)) continue;
    if (best < 0 || e.time > found->second[best].time) best = kind;
  }
  if (best < 0) return;
  double value = 0;
  if (module_.account.conversion_value != ir::kNone) {
    ProfileContext ctx(*this, index, clock_);
    ctx.with_event(&event);
    ir::Value v = eval_.evaluate(module_.account.conversion_value, ctx);
    if (v.kind == ir::ValueKind::Number || v.kind == ir::ValueKind::Int) value = v.as_number();
  }
  if (Engagement* counters = engagement_of(sends_.origin_of(sends_[found->second[best].send]))) {
    ++counters->conversions;
    counters->revenue += value;
  }
}

void Engine::attribute_unsubscribe(uint32_t index, ir::Channel channel) {
  const int64_t within = unsubscribe_window(module_.account, channel);
  for (uint32_t entry = profiles_[index].last_send; entry != SendLog::kNone; entry = sends_[entry].prev) {
    SentMessage& sent = sends_[entry];
    if (clock_ - static_cast<int64_t>(sent.time) >= within) return;  // older sends are older still
    const SendOrigin& origin = sends_.origin_of(sent);
    if (origin.channel != channel || origin.kind == SendOrigin::Kind::Account) continue;
    Engagement* counters = engagement_of(origin);
    if (sent.mark(SentMessage::kUnsubscribed) && counters) ++counters->unsubscribes;
    return;
  }
}

void Engine::count_recipients() {
  // Each profile's sends, newest first through the chain: the distinct
  // steps, messages, flows, paths, campaigns and automations among them
  // count the profile once each. A profile has few sends, so small vectors.
  using Kind = SendOrigin::Kind;
  const std::vector<SendOrigin>& origins = sends_.origins();
  std::vector<uint32_t> seen_origins;
  std::vector<std::tuple<int, uint32_t, uint32_t>> seen_groups;  // (kind, owner, path + 1 or 0)
  auto first_time = [](auto& seen, const auto& item) {
    if (std::find(seen.begin(), seen.end(), item) != seen.end()) return false;
    seen.push_back(item);
    return true;
  };
  for (uint32_t i = 0; i < profiles_.size(); ++i) {
    seen_origins.clear();
    seen_groups.clear();
    for (uint32_t entry = profiles_[i].last_send; entry != SendLog::kNone; entry = sends_[entry].prev) {
      const uint32_t id = sends_[entry].origin();
      if (!first_time(seen_origins, id)) continue;
      const SendOrigin& o = origins[id];
      if (o.kind == Kind::Flow || o.kind == Kind::Campaign) ++engagement_of(o)->recipients;
      if (o.kind == Kind::Account) continue;
      if (first_time(seen_groups, std::make_tuple(static_cast<int>(o.kind), o.owner, 0u))) {
        if (o.kind == Kind::Flow) ++report_.flows[o.owner].recipients;
        if (o.kind == Kind::Campaign) ++report_.campaigns[o.owner].reached;
        if (o.kind == Kind::Automation) ++report_.automations[o.owner].engagement.recipients;
      }
      if (o.kind == Kind::Campaign && first_time(seen_groups, std::make_tuple(static_cast<int>(o.kind), o.owner, o.part + 1)))
        ++report_.campaigns[o.owner].paths[o.part].reached;
    }
  }
}

}  // namespace flowc::engine
