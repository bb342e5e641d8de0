// Keyword automations (RUNTIME.md section 7): an inbound message is, in this
// order, a compliance keyword, an answer in the open session of its thread,
// or a trigger that starts a session. Sessions live in automation_sessions.cpp,
// what they write in automation_replies.cpp.
#include "engine/automation_match.h"
#include "engine/engine.h"

namespace flowc::engine {

namespace {

// The step a trigger leads to, which names a skip when nothing may be sent.
std::string first_step(const ir::AutomationDef& def) {
  return def.questions.empty() ? "reply" : def.questions.front().name;
}

}  // namespace

void Engine::apply_inbound(const events::Record& record) {
  // Unknown numbers are ignored: there is no profile to answer or record on.
  if (!record.phone) return;
  const uint32_t profile = phone_owners_.find(*record.phone);
  if (profile == PhoneOwners::kNone) return;
  bool whatsapp = record.channel == events::RecordChannel::Whatsapp;
  profiles_[profile].last_activity = clock_;

  if (apply_compliance(profile, whatsapp, record.text)) return;
  // A message on another channel does not count for a session (the seed:
  // the subscriber must answer in the thread the automation is in).
  auto open = automations_.open.find({profile, whatsapp});
  if (open != automations_.open.end()) {
    answer_session(open->second, record.text);
  } else {
    std::string keyword;
    ir::Index automation = find_trigger(profile, whatsapp, record.text, keyword);
    if (automation != ir::kNone) {
      ir::Channel channel = whatsapp ? ir::Channel::Whatsapp : ir::Channel::Sms;
      std::string reason = unreachable_reason(profiles_[profile], channel, false);
      if (reason.empty()) start_session(automation, profile, whatsapp, keyword);
      else skip_automation(automation, profile, whatsapp, first_step(module_.automations[automation]), reason);
    }
  }
  update_segments(profile);
}

ir::Index Engine::find_trigger(uint32_t profile, bool whatsapp, const std::string& text, std::string& keyword) const {
  const Profile& p = profiles_[profile];
  bool preview = automations_.only != ir::kNone;
  for (ir::Index a = 0; a < module_.automations.size(); ++a) {
    const ir::AutomationDef& def = module_.automations[a];
    if (preview && a != automations_.only) continue;
    if (whatsapp ? !def.whatsapp : !def.sms) continue;
    for (const std::string& k : def.keywords) {
      if (!keyword_exact(text, k)) continue;
      keyword = k;
      return a;
    }
    for (const ir::AutomationDef::Reply& reply : def.reply_triggers) {
      // In a preview there is no campaign or flow message to reply to.
      bool replying = preview || (p.last_outbound != Profile::kNoOutbound &&
                                  outbound_origins_[p.last_outbound].first == (reply.campaign ? "campaign" : "flow") &&
                                  outbound_origins_[p.last_outbound].second == reply.source);
      if (!replying) continue;
      for (const std::string& k : reply.keywords) {
        if (!keyword_within(text, k)) continue;
        keyword = k;
        return a;
      }
    }
  }
  return ir::kNone;
}

void Engine::start_session(uint32_t automation, uint32_t profile, bool whatsapp, const std::string& keyword) {
  const ir::AutomationDef& def = module_.automations[automation];
  Session session;
  session.automation = automation;
  session.profile = profile;
  session.whatsapp = whatsapp;
  session.answers.resize(def.questions.size());
  session.open = true;
  uint32_t index;
  if (automations_.free_sessions.empty()) {
    index = static_cast<uint32_t>(automations_.sessions.size());
    automations_.sessions.push_back(std::move(session));
  } else {
    index = automations_.free_sessions.back();
    automations_.free_sessions.pop_back();
    // Timeouts of the slot's earlier session may still be pending: its
    // generation goes on, so none of them matches this session.
    session.timeout_generation = automations_.sessions[index].timeout_generation;
    automations_.sessions[index] = std::move(session);
  }
  automations_.open[{profile, whatsapp}] = index;
  changed_profiles_.mark(profile);
  ++report_.automations[automation].sessions;

  if (def.save_keyword_to != ir::kNone) save_automation_property(automation, profile, def.save_keyword_to, "keyword", keyword);
  if (def.questions.empty()) finish_session(index);  // a one-step automation: its reply
  else ask_question(index, false);
}

}  // namespace flowc::engine
