// Consent, suppression and reachability (RUNTIME.md section 4, the consent seed).
#include <fmt/format.h>

#include <optional>

#include "engine/engine.h"
#include "events/reader.h"
#include "engine/send_id.h"

namespace flowc::engine {

namespace {

ir::ConsentChannel consent_channel(events::RecordChannel c) {
  switch (c) {
    case events::RecordChannel::Email: return ir::ConsentChannel::Email;
    case events::RecordChannel::Sms: return ir::ConsentChannel::Sms;
    case events::RecordChannel::SmsTransactional: return ir::ConsentChannel::SmsTransactional;
    case events::RecordChannel::Push: return ir::ConsentChannel::Push;
    case events::RecordChannel::Whatsapp: return ir::ConsentChannel::Whatsapp;
  }
  return ir::ConsentChannel::Email;
}

SendChannel send_channel(events::RecordChannel c) {
  switch (c) {
    case events::RecordChannel::Email: return SendChannel::Email;
    case events::RecordChannel::Sms:
    case events::RecordChannel::SmsTransactional: return SendChannel::Sms;
    case events::RecordChannel::Push: return SendChannel::Push;
    case events::RecordChannel::Whatsapp: return SendChannel::Whatsapp;
  }
  return SendChannel::Email;
}

size_t at(ir::ConsentChannel c) { return static_cast<size_t>(c); }

}  // namespace

void Engine::set_consent(Profile& p, ir::ConsentChannel channel, ir::Consent status, int64_t time) {
  p.consent[at(channel)] = status;
  const int64_t since = std::max(time, kConsentEpoch) - kConsentEpoch + 1;
  p.consent_since[at(channel)] = static_cast<uint32_t>(std::min<int64_t>(since, UINT32_MAX));
}

namespace {
std::optional<int64_t> consent_since(const Profile& p, ir::ConsentChannel channel) {
  const uint32_t since = p.consent_since[at(channel)];
  if (since == 0) return std::nullopt;
  return kConsentEpoch + static_cast<int64_t>(since) - 1;
}
}  // namespace

void add_consent(JsonLine& line, const Profile& p, ir::ConsentChannel channel) {
  line.str("consent", ir::consent_name(p.consent[at(channel)]));
  if (std::optional<int64_t> since = consent_since(p, channel)) line.str("consent_since", events::format_rfc3339(*since));
}

ir::Index Engine::record_builtin_metric(uint32_t index, const char* metric, BuiltinProps props, bool historical) {
  const ir::Index m = metric_by_name_.find(metric);
  if (m == ir::kNone) return ir::kNone;
  const ir::MetricDef& def = module_.metrics[m];
  std::vector<ir::Value> event(def.properties.size());
  for (const auto& [name, value] : props)
    for (size_t s = 0; s < def.properties.size(); ++s)
      if (def.properties[s].name == name) event[s] = ir::Value::string(std::string(value));
  count_event(index, m, event, clock_);
  if (!historical) trigger_metric_flows(index, m, event);
  return m;
}

void Engine::apply_subscribe(uint32_t index, const events::Record& record) {
  Profile& p = profiles_[index];
  ir::ConsentChannel channel = consent_channel(record.channel);
  bool was_subscribed = p.consent[at(channel)] == ir::Consent::Subscribed;
  int64_t consent_time = std::max(record.time, kConsentEpoch);
  bool historical = record.historical;
  if (channel == ir::ConsentChannel::Email && module_.account.double_opt_in_email && !was_subscribed &&
      !historical) {
    // Double opt-in: the profile is asked to confirm and is subscribed only
    // on a "Confirmed Subscription" event.
    p.email_pending_confirmation = true;
    if (!p.email.empty()) {
      Origin origin{"account", "double_opt_in", "confirmation", "email"};
      JsonLine line = activity_.start(clock_, "send", p.id(), origin);
      std::string id = send_id_for("account", "double_opt_in", "confirmation", p.id(), 0, clock_);
      line.str("send_id", id).str("to", p.email);
      line.str("subject", "Please confirm your subscription");
      line.str("body", module_.account.name.empty()
                           ? std::string("Please confirm your subscription.")
                           : fmt::format("Please confirm your subscription to {}.", module_.account.name));
      add_consent(line, p, channel);
      activity_.emit(line);
      count_send(p, ir::Channel::Email, "");
      log_send(index, id, account_send_origin(ir::Channel::Email, "double_opt_in", "confirmation"));
    }
  } else {
    set_consent(p, channel, ir::Consent::Subscribed, consent_time);
    if (!was_subscribed) {
      const char* metric = channel == ir::ConsentChannel::Email              ? "Subscribed to Email Marketing"
                           : channel == ir::ConsentChannel::Sms              ? "Subscribed to SMS Marketing"
                           : channel == ir::ConsentChannel::SmsTransactional ? "Subscribed to SMS Transactional"
                                                                             : nullptr;
      if (metric) record_builtin_metric(index, metric, {}, historical);
    }
  }
  if (!record.list.empty()) {
    ir::Index list = module_.find_list(record.list);
    if (list == ir::kNone) return;
    if (historical) add_to_list(index, list, true, /*historical=*/true);  // stored, triggers nothing
    // Under double opt-in the profile joins the list when it confirms.
    else if (profiles_[index].email_pending_confirmation && channel == ir::ConsentChannel::Email)
      lists_pending_confirmation_[index].push_back(list);
    else add_to_list(index, list, true);
  }
}

void Engine::apply_unsubscribe(uint32_t index, const events::Record& record) {
  Profile& p = profiles_[index];
  ir::ConsentChannel channel = consent_channel(record.channel);
  set_consent(p, channel, ir::Consent::Unsubscribed, record.time);
  // SMS marketing and transactional consents fall together.
  if (channel == ir::ConsentChannel::Sms) set_consent(p, ir::ConsentChannel::SmsTransactional, ir::Consent::Unsubscribed, record.time);
  if (channel == ir::ConsentChannel::SmsTransactional) set_consent(p, ir::ConsentChannel::Sms, ir::Consent::Unsubscribed, record.time);
  if (channel == ir::ConsentChannel::Email) {
    p.email_pending_confirmation = false;  // an unconfirmed sign-up is withdrawn
    lists_pending_confirmation_.erase(index);
    if (record.via == "spam_report") p.suppressed[static_cast<size_t>(SendChannel::Email)] = true;
    record_builtin_metric(index, "Unsubscribed from Email Marketing", {});
    if (record.via == "link") record_builtin_metric(index, "Clicked and Unsubscribed from Email", {});
  } else if (channel == ir::ConsentChannel::Sms || channel == ir::ConsentChannel::SmsTransactional) {
    record_builtin_metric(index, "Unsubscribed from SMS", {});
  }
  attribute_unsubscribe(index, channel == ir::ConsentChannel::Email  ? ir::Channel::Email
                               : channel == ir::ConsentChannel::Push ? ir::Channel::Push
                               : channel == ir::ConsentChannel::Whatsapp ? ir::Channel::Whatsapp
                                                                          : ir::Channel::Sms);
}

void Engine::apply_suppression(uint32_t index, const events::Record& record, bool suppressed) {
  profiles_[index].suppressed[static_cast<size_t>(send_channel(record.channel))] = suppressed;
}

std::string Engine::unreachable_reason(const Profile& p, ir::Channel channel, bool transactional) const {
  auto consent = [&](ir::ConsentChannel c) { return p.consent[at(c)]; };
  switch (channel) {
    case ir::Channel::Email:
      if (p.email.empty()) return "no_address";
      if (p.suppressed[static_cast<size_t>(SendChannel::Email)]) return "suppressed";
      if (!transactional && consent(ir::ConsentChannel::Email) == ir::Consent::Unsubscribed) return "no_consent";
      return "";
    case ir::Channel::Sms:
      if (p.phone.empty()) return "no_address";
      if (p.suppressed[static_cast<size_t>(SendChannel::Sms)]) return "suppressed";
      if (transactional) {
        if (consent(ir::ConsentChannel::SmsTransactional) != ir::Consent::Subscribed &&
            consent(ir::ConsentChannel::Sms) != ir::Consent::Subscribed)
          return "no_consent";
      } else if (consent(ir::ConsentChannel::Sms) != ir::Consent::Subscribed) {
        return "no_consent";
      }
      return "";
    case ir::Channel::Push:
      if (p.suppressed[static_cast<size_t>(SendChannel::Push)]) return "suppressed";
      return consent(ir::ConsentChannel::Push) == ir::Consent::Subscribed ? "" : "no_consent";
    case ir::Channel::Whatsapp:
      if (p.suppressed[static_cast<size_t>(SendChannel::Whatsapp)]) return "suppressed";
      return consent(ir::ConsentChannel::Whatsapp) == ir::Consent::Subscribed ? "" : "no_consent";
  }
  return "";
}

}  // namespace flowc::engine
