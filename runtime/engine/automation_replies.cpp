// What keyword automations write: replies (`send` records), skips and saved
// answers (RUNTIME.md sections 7 and 8).
//
// Replies answer a message the subscriber just sent, so they skip smart
// sending and quiet hours, and they do not move the smart-sending clock
// either: a quiz must not block the next campaign. They do use SMS credits.
#include "engine/automation_match.h"
#include "engine/context.h"
#include "engine/engine.h"
#include "engine/send_id.h"
#include "stdlib/sms.h"

namespace flowc::engine {

namespace {

const char* kLinkBase = "https://links.flowc.example/";  // as sending.cpp: per-send links

const char* channel_of(bool whatsapp) { return whatsapp ? "whatsapp" : "sms"; }

}  // namespace

std::string Engine::render_automation_text(uint32_t profile, ir::Index chunk, const std::string& send_id) {
  if (chunk == ir::kNone) return {};
  ProfileContext ctx(*this, profile, clock_);
  ctx.with_links(kLinkBase + std::string("unsubscribe/") + send_id, kLinkBase + std::string("preferences/") + send_id);
  return eval_.render(chunk, ctx);
}

void Engine::send_automation_text(uint32_t automation, uint32_t profile, bool whatsapp, const std::string& step,
                                  ir::Index chunk, const std::vector<std::string>* choices) {
  Profile& p = profiles_[profile];
  const ir::AutomationDef& def = module_.automations[automation];
  const char* channel = channel_of(whatsapp);
  uint32_t occurrence = automations_.replies[{automation, profile}]++;
  std::string id = send_id_for("automation", def.name, step, p.id(), occurrence, clock_);
  std::string text = render_automation_text(profile, chunk, id);
  if (choices) text = question_with_choices(text, *choices);
  std::string body = module_.account.utm ? add_utm(text, false, channel, def.name, step) : text;

  JsonLine line = activity_.start(clock_, "send", p.id(), Origin{"automation", def.name, step, channel});
  line.str("send_id", id).str("to", p.phone).str("body", body);
  add_consent(line, p, whatsapp ? ir::ConsentChannel::Whatsapp : ir::ConsentChannel::Sms);
  activity_.emit(line);

  ++report_.automations[automation].sent;
  ir::Channel send_channel = whatsapp ? ir::Channel::Whatsapp : ir::Channel::Sms;
  count_send(p, send_channel, body);
  log_send(profile, id,
           sends_.origin(SendOrigin{SendOrigin::Kind::Automation, send_channel, automation, 0, 0, "automation", def.name,
                                    step, step}));
  // A reply trigger answers the latest outbound message: now this one.
  set_last_outbound(p, "automation", def.name);
  if (!whatsapp)
    record_builtin_metric(profile, "Received SMS",
                          {{"send_id", id}, {"message", step}, {"source", "automation"}, {"name", def.name}});
}

void Engine::send_compliance_text(uint32_t profile, bool whatsapp, const std::string& step, const std::string& body) {
  Profile& p = profiles_[profile];
  const char* channel = channel_of(whatsapp);
  uint32_t occurrence = automations_.replies[{ir::kNone, profile}]++;
  std::string id = send_id_for("account", "compliance", step, p.id(), occurrence, clock_);
  JsonLine line = activity_.start(clock_, "send", p.id(), Origin{"account", "compliance", step, channel});
  line.str("send_id", id).str("to", p.phone).str("body", body);
  add_consent(line, p, whatsapp ? ir::ConsentChannel::Whatsapp : ir::ConsentChannel::Sms);
  activity_.emit(line);
  // Credits are spent all the same; the latest outbound message stays the
  // marketing one, so a HELP does not break a reply trigger.
  count_send(p, whatsapp ? ir::Channel::Whatsapp : ir::Channel::Sms, body);
  log_send(profile, id, account_send_origin(whatsapp ? ir::Channel::Whatsapp : ir::Channel::Sms, "compliance", step));
}

void Engine::skip_automation(uint32_t automation, uint32_t profile, bool whatsapp, const std::string& step,
                             const std::string& reason) {
  const ir::AutomationDef& def = module_.automations[automation];
  ++report_.automations[automation].skipped[reason];
  JsonLine line =
      activity_.start(clock_, "skip", profiles_[profile].id(), Origin{"automation", def.name, step, channel_of(whatsapp)});
  line.str("reason", reason);
  activity_.emit(line);
}

void Engine::save_automation_property(uint32_t automation, uint32_t profile, ir::Index slot, const std::string& step,
                                      const std::string& value) {
  Profile& p = profiles_[profile];
  if (slot == ir::kNone || slot >= p.properties.size()) return;
  p.properties.set(slot, ir::Value::string(value));
  JsonLine line = activity_.start(clock_, "profile_update", p.id(),
                                  Origin{"automation", module_.automations[automation].name, step, nullptr});
  line.str("property", module_.profile_properties[slot].name).value("value", p.properties[slot]);
  activity_.emit(line);
  // Later flows, segments and date triggers see the answer at once.
  schedule_date_triggers(profile, slot);
  update_segments(profile);
}

}  // namespace flowc::engine
