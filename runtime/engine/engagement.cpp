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

#include <charconv>
#include <iostream>

#include "engine/context.h"
#include "engine/engine.h"
#include "ir/value.h"
#include "stdlib/printable.h"

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

// The report counters of a send's origin.
Engagement* engagement_of(Report& report, const SendOrigin& o) {
  switch (o.kind) {
    case SendOrigin::Kind::Flow: return &report.flows[o.owner].steps[o.part].engagement;
    case SendOrigin::Kind::Campaign: return &report.campaigns[o.owner].paths[o.part].messages[o.send].engagement;
    case SendOrigin::Kind::Automation: return &report.automations[o.owner].engagement;
    case SendOrigin::Kind::Account: return nullptr;  // confirmations and HELP answers are not marketing
  }
  return nullptr;
}

}  // namespace

void Engine::log_send(uint32_t index, const std::string& send_id, uint32_t send_origin) {
  uint64_t id = 0;
  if (!parse_send_id(send_id, id)) return;
  const uint32_t entry = sends_.add(id, clock_, index, send_origin);
  count_recipient(index, send_origin);
  const SendOrigin& o = sends_.origins()[send_origin];
  if (o.kind == SendOrigin::Kind::Account) return;  // confirmations and HELP answers are not unsubscribed from
  switch (o.channel) {
    case ir::Channel::Email: profiles_[index].latest_send[0] = entry; break;
    case ir::Channel::Sms: profiles_[index].latest_send[1] = entry; break;
    case ir::Channel::Push:
    case ir::Channel::Whatsapp: {
      auto [it, added] = sends_.latest_other().try_emplace(index, std::array<uint32_t, 2>{SendLog::kNone, SendLog::kNone});
      it->second[o.channel == ir::Channel::Push ? 0 : 1] = entry;
      break;
    }
  }
}

uint32_t Engine::account_send_origin(ir::Channel channel, const std::string& name, const std::string& step) {
  return sends_.origin(SendOrigin{SendOrigin::Kind::Account, channel, 0, 0, 0, "account", name, step, step});
}


void Engine::apply_engagement(const events::Record& record) {
  uint64_t id = 0;
  uint32_t entry = parse_send_id(record.send_id, id) ? sends_.find_recent(id, clock_) : SendLog::kNone;
  if (entry == SendLog::kNone) {
    // Like any bad record: reported with its line and skipped. The log
    // keeps sends for the retention only, so the message says both.
    events::InputError error{record.line,
                             fmt::format("unknown send_id {}: no message was sent with it in the last {} "
                                         "(the longest attribution window)",
                                         quoted(record.send_id), ir::duration_text(sends_.retention())),
                             events::InputErrorKind::UnknownSendId};
    if (input_error(error)) std::cerr << fmt::format("{}:{}: bad record: {}\n", input_name_, error.line, error.reason);
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
  Engagement* counters = engagement_of(report_, origin);
  if (!click && !open) {
    // A bounce: the address does not take mail; nothing more goes to it on
    // that channel until an `unsuppress`.
    if (sends_.mark(entry, SentMessage::kBounced) && counters) ++counters->bounces;
    p.suppressed[static_cast<size_t>(origin.channel)] = true;
    update_segments(index);
    return;
  }
  if (sends_.mark(entry, click ? SentMessage::kClicked : SentMessage::kOpened) && counters)
    ++(click ? counters->clicks : counters->opens);
  AttributionKind kind = attribution_kind(origin.channel, click);
  if (kind == kNotAttributed) return;
  last_engagements_[index][kind] = LastEngagement{static_cast<uint32_t>(clock_), sent.origin()};
  SegmentChange change;  // of what segments read, an open or a click changes only its metric's count
  change.metric = record_builtin_metric(index, kBuiltinMetric[kind],
                                        {{"send_id", record.send_id}, {"message", origin.message},
                                         {"source", origin.source}, {"name", origin.name}});
  update_segments(index, true, &change);
}

void Engine::attribute_conversion(uint32_t index, const std::vector<ir::Value>& event) {
  auto found = last_engagements_.find(index);
  if (found == last_engagements_.end()) return;
  // The most recent engagement still inside its own window.
  int best = -1;
  for (int kind = 0; kind < kNotAttributed; ++kind) {
    const LastEngagement& e = found->second[kind];
    if (e.origin == SendLog::kNone || clock_ - static_cast<int64_t>(e.time) >= window(module_.account, kind)) continue;
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
  if (Engagement* counters = engagement_of(report_, sends_.origins()[found->second[best].origin])) {
    ++counters->conversions;
    counters->revenue += value;
  }
}

void Engine::attribute_unsubscribe(uint32_t index, ir::Channel channel) {
  // The profile's latest marketing send on the channel, if it is recent
  // enough: sends are logged in time order, so no older one can be.
  uint32_t entry = SendLog::kNone;
  if (channel == ir::Channel::Email || channel == ir::Channel::Sms) {
    entry = profiles_[index].latest_send[channel == ir::Channel::Email ? 0 : 1];
  } else {
    auto found = sends_.latest_other().find(index);
    if (found != sends_.latest_other().end()) entry = found->second[channel == ir::Channel::Push ? 0 : 1];
  }
  if (entry == SendLog::kNone || !sends_.live(entry)) return;  // none, or past every window
  if (clock_ - static_cast<int64_t>(sends_.time(entry)) >= unsubscribe_window(module_.account, channel)) return;
  SentMessage& sent = sends_[entry];
  Engagement* counters = engagement_of(report_, sends_.origin_of(sent));
  if (sends_.mark(entry, SentMessage::kUnsubscribed) && counters) ++counters->unsubscribes;
}

void Engine::count_recipient(uint32_t index, uint32_t send_origin) {
  using Kind = SendOrigin::Kind;
  using Level = RecipientGroups::Level;
  const SendOrigin& o = sends_.origins()[send_origin];
  if (o.kind == Kind::Account) return;
  if (o.kind != Kind::Automation && recipients_.add(index, recipients_.group(Level::Origin, send_origin, 0)))
    ++engagement_of(report_, o)->recipients;
  if (recipients_.add(index, recipients_.group(Level::Owner, static_cast<uint32_t>(o.kind), o.owner))) {
    uint64_t& owner = o.kind == Kind::Flow       ? report_.flows[o.owner].recipients
                      : o.kind == Kind::Campaign ? report_.campaigns[o.owner].reached
                                                 : report_.automations[o.owner].engagement.recipients;
    ++owner;
  }
  if (o.kind == Kind::Campaign && recipients_.add(index, recipients_.group(Level::Path, o.part, o.owner)))
    ++report_.campaigns[o.owner].paths[o.part].reached;
}

}  // namespace flowc::engine
