// Automation sessions: asking, matching answers, reprompts, the fallback,
// recommendations and the end of a session (RUNTIME.md section 7).
#include "engine/automation_match.h"
#include "engine/context.h"
#include "engine/engine.h"

namespace flowc::engine {

void Engine::ask_question(uint32_t index, bool reprompt) {
  Session& s = automations_.sessions[index];
  const ir::AutomationDef& def = module_.automations[s.automation];
  const ir::QuestionDef& q = def.questions[s.question];
  // Without a reprompt text, reprompting asks the question again.
  if (reprompt && def.reprompt != ir::kNone) send_automation_text(s.automation, s.profile, s.whatsapp, "reprompt", def.reprompt);
  else send_automation_text(s.automation, s.profile, s.whatsapp, reprompt ? "reprompt" : q.name, q.text, &q.choices);
  // The timeout counts from the latest question or reprompt sent; a newer
  // generation makes the timeouts scheduled before it stale.
  Session& now = automations_.sessions[index];
  changed_profiles_.mark(now.profile);  // a session is saved with its profile
  now.last_message = clock_;
  uint32_t generation = ++now.timeout_generation;
  if (def.timeout_seconds > 0)
    scheduler_.schedule(clock_ + def.timeout_seconds, WakeKind::SessionTimeout, now.profile, index, generation);
}

void Engine::answer_session(uint32_t index, const std::string& text) {
  Session& s = automations_.sessions[index];
  changed_profiles_.mark(s.profile);
  const ir::AutomationDef& def = module_.automations[s.automation];
  const ir::QuestionDef& q = def.questions[s.question];
  // Consent may have gone (an API unsubscribe, a suppression) since the
  // question: nothing more is sent and the conversation is over.
  ir::Channel channel = s.whatsapp ? ir::Channel::Whatsapp : ir::Channel::Sms;
  std::string reason = unreachable_reason(profiles_[s.profile], channel, false);
  if (!reason.empty()) {
    skip_automation(s.automation, s.profile, s.whatsapp, q.name, reason);
    end_session(index, "stopped");
    return;
  }
  int choice = match_choice(text, q.choices);
  if (choice < 0) {
    if (static_cast<int64_t>(s.reprompts) < def.max_reprompts) {
      ++s.reprompts;
      ask_question(index, true);
      return;
    }
    if (def.fallback != ir::kNone) send_automation_text(s.automation, s.profile, s.whatsapp, "fallback", def.fallback);
    end_session(index, "fallback");
    return;
  }
  const std::string& answer = q.choices[static_cast<size_t>(choice)];
  s.answers[s.question] = ir::Value::string(answer);
  s.reprompts = 0;
  uint32_t asked = s.question++;
  uint32_t automation = s.automation, profile = s.profile;
  if (q.save_to != ir::kNone) save_automation_property(automation, profile, q.save_to, def.questions[asked].name, answer);
  if (automations_.sessions[index].question < def.questions.size()) ask_question(index, false);
  else finish_session(index);
}

void Engine::finish_session(uint32_t index) {
  const Session s = automations_.sessions[index];
  const ir::AutomationDef& def = module_.automations[s.automation];
  if (!def.recommendations.empty()) {
    // The first recommendation whose condition holds, in file order; the
    // default (wherever it is written) only when none does.
    const ir::RecommendationDef* chosen = nullptr;
    for (const ir::RecommendationDef& r : def.recommendations) {
      if (r.when == ir::kNone) continue;
      ProfileContext ctx(*this, s.profile, clock_);
      ctx.with_event(&s.answers);  // `when` reads the answers as event slots
      if (eval_.holds(r.when, ctx)) {
        chosen = &r;
        break;
      }
    }
    for (const ir::RecommendationDef& r : def.recommendations)
      if (!chosen && r.when == ir::kNone) chosen = &r;
    if (chosen) {
      ++report_.automations[s.automation].recommended[chosen->name];
      send_automation_text(s.automation, s.profile, s.whatsapp, chosen->name, chosen->text);
    }
  } else if (def.reply != ir::kNone) {
    send_automation_text(s.automation, s.profile, s.whatsapp, "reply", def.reply);
  }
  end_session(index, "completed");
}

void Engine::end_session(uint32_t index, const char* reason) {
  Session& s = automations_.sessions[index];
  if (!s.open) return;
  changed_profiles_.mark(s.profile);
  s.open = false;
  ++s.timeout_generation;
  auto open = automations_.open.find({s.profile, s.whatsapp});
  if (open != automations_.open.end() && open->second == index) automations_.open.erase(open);
  ++report_.automations[s.automation].ended[reason];
  JsonLine line = activity_.start(clock_, "session_end", profiles_[s.profile].id(),
                                  Origin{"automation", module_.automations[s.automation].name, "",
                                         s.whatsapp ? "whatsapp" : "sms"});
  line.str("reason", reason);
  activity_.emit(line);
  automations_.free_sessions.push_back(index);
}

void Engine::end_sessions_of(uint32_t profile, const char* reason) {
  // Both threads, SMS first, so the output order does not depend on the map.
  for (bool whatsapp : {false, true}) {
    auto open = automations_.open.find({profile, whatsapp});
    if (open != automations_.open.end()) end_session(open->second, reason);
  }
}

void Engine::session_timeout(uint32_t index, uint32_t generation) {
  if (index >= automations_.sessions.size()) return;
  const Session& s = automations_.sessions[index];
  if (s.open && s.timeout_generation == generation) end_session(index, "timed_out");
}

}  // namespace flowc::engine
