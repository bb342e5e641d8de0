// Compliance keywords in inbound messages (RUNTIME.md sections 4 and 7):
// they come before any automation, whatever session is open.
//
// STOP and START act exactly as an `unsubscribe` / `subscribe` record from
// the API would, on the channel the message came in on (SMS: both SMS
// consents fall together, "Unsubscribed from SMS" is recorded). HELP is
// answered even to a profile that is not subscribed — carriers require it —
// but never to one suppressed on that channel.
#include "engine/automation_match.h"
#include "engine/engine.h"

namespace flowc::engine {

namespace {

events::Record consent_record(events::RecordType type, const std::string& profile, bool whatsapp, int64_t time) {
  events::Record r;
  r.type = type;
  r.time = time;
  r.profile = profile;
  r.channel = whatsapp ? events::RecordChannel::Whatsapp : events::RecordChannel::Sms;
  r.via = "api";
  return r;
}

}  // namespace

bool Engine::apply_compliance(uint32_t profile, bool whatsapp, const std::string& text) {
  const std::string id(profiles_[profile].id());
  switch (compliance_keyword(text)) {
    case ComplianceKeyword::None: return false;
    case ComplianceKeyword::Stop:
      apply_unsubscribe(profile, consent_record(events::RecordType::Unsubscribe, id, whatsapp, clock_));
      end_sessions_of(profile, "stopped");
      break;
    case ComplianceKeyword::Start:
      apply_subscribe(profile, consent_record(events::RecordType::Subscribe, id, whatsapp, clock_));
      break;
    case ComplianceKeyword::Help: {
      SendChannel channel = whatsapp ? SendChannel::Whatsapp : SendChannel::Sms;
      if (profiles_[profile].suppressed[static_cast<size_t>(channel)]) break;
      const std::string& help = module_.account.sms_help;
      send_compliance_text(profile, whatsapp, "help", help.empty() ? "Reply STOP to opt out." : help);
      break;
    }
  }
  update_segments(profile);
  return true;
}

}  // namespace flowc::engine
