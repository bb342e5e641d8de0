// `flowc chat FILE --automation NAME`: talk to a keyword automation in the
// terminal. Each line typed is an inbound message from a test profile; the
// automation's replies are printed as the subscriber's phone would show them.
//
// The preview runs the real engine, so what it shows is what `flowc run`
// would do: a synthetic profile (subscribed to SMS and WhatsApp) sends each
// line one minute after the previous one, and the new activity records are
// read back after each line. Only the named automation may start a session
// (Engine::only_automation), and its reply triggers fire without the
// campaign or flow message they would reply to. Compliance keywords (STOP,
// START, HELP) behave as they do for real.
//
// Plain text only, so piped input (scripts, tests) reads as a transcript.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.h"
#include "engine/engine.h"
#include "events/reader.h"
#include "program_input.h"
#include "stdlib/printable.h"
#include "vm/evaluator.h"

namespace flowc::cli {

namespace {

constexpr const char* kProfile = "chat";
constexpr const char* kPhone = "+15550000000";
constexpr const char* kStart = "2026-01-05T15:00:00Z";  // a Monday afternoon: any fixed time keeps it deterministic

ir::Index find_automation(const ir::Module& module, const std::string& name) {
  for (ir::Index a = 0; a < module.automations.size(); ++a)
    if (module.automations[a].name == name) return a;
  return ir::kNone;
}

std::string quoted_list(const std::vector<std::string>& words, const char* joiner) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i)
    out += (i == 0 ? "" : i + 1 == words.size() ? std::string(" ") + joiner + " " : ", ") + words[i];
  return out;
}

void print_header(const ir::AutomationDef& def, const std::string& channel) {
  std::cout << fmt::format("Chatting with automation \"{}\" on {} as {} (a test profile, subscribed).\n", def.name,
                           channel, kPhone);
  if (!def.keywords.empty()) std::cout << fmt::format("Text {} to start.\n", quoted_list(def.keywords, "or"));
  for (const ir::AutomationDef::Reply& r : def.reply_triggers)
    std::cout << fmt::format("Or a message containing {} (a reply to {} \"{}\").\n", quoted_list(r.keywords, "or"),
                             r.campaign ? "campaign" : "flow", r.source);
  std::cout << "STOP, START and HELP work as they do for real. End with Ctrl-D.\n\n";
}

events::Record base_record(events::RecordType type, int64_t time) {
  events::Record r;
  r.type = type;
  r.time = time;
  r.profile = kProfile;
  return r;
}

// The test profile: a phone number, subscribed to SMS and WhatsApp.
void create_profile(engine::Engine& engine, int64_t time) {
  events::Record profile = base_record(events::RecordType::Profile, time);
  profile.phone = kPhone;
  engine.process(profile);
  for (events::RecordChannel c : {events::RecordChannel::Sms, events::RecordChannel::Whatsapp}) {
    events::Record subscribe = base_record(events::RecordType::Subscribe, time);
    subscribe.channel = c;
    engine.process(subscribe);
  }
}

// Prints a reply with the sender's name; later lines line up under the
// first. Replies hold profile data: control characters are shown escaped.
void print_reply(const std::string& sender, const std::string& body) {
  std::string prefix = sender + ": ";
  std::istringstream lines(body);
  std::string line;
  for (bool first = true; std::getline(lines, line); first = false)
    std::cout << (first ? prefix : std::string(prefix.size(), ' ')) << printable(line) << "\n";
}

// Shows the activity written since `offset` that concerns the automation;
// returns true when its session ended.
bool show_new_activity(const std::string& activity, size_t& offset, const std::string& automation,
                       const std::string& sender) {
  std::istringstream in(activity.substr(offset));
  offset = activity.size();
  bool ended = false;
  std::string text;
  while (std::getline(in, text)) {
    nlohmann::json r = nlohmann::json::parse(text, nullptr, false);
    if (!r.is_object()) continue;
    std::string type = r.value("type", ""), source = r.value("source", ""), name = r.value("name", "");
    bool ours = source == "automation" && name == automation;
    bool compliance = source == "account" && name == "compliance";
    if (type == "send" && (ours || compliance)) print_reply(sender, r.value("body", ""));
    if (type == "skip" && ours) std::cout << fmt::format("({}: nothing sent)\n", printable(r.value("reason", "")));
    if (type == "session_end" && ours) {
      std::cout << fmt::format("(conversation ended: {})\n", r.value("reason", ""));
      ended = true;
    }
  }
  return ended;
}

void print_saved(const ir::Module& module, const ir::AutomationDef& def, const engine::Profile* profile) {
  std::vector<ir::Index> slots;
  auto add = [&](ir::Index slot) {
    if (slot != ir::kNone && std::find(slots.begin(), slots.end(), slot) == slots.end()) slots.push_back(slot);
  };
  add(def.save_keyword_to);
  for (const ir::QuestionDef& q : def.questions) add(q.save_to);
  bool any = false;
  for (ir::Index slot : slots) {
    if (!profile || slot >= profile->properties.size() || !profile->properties[slot].is_set()) continue;
    std::string value;
    engine::append_json_string(value, ir::display(profile->properties[slot]));
    std::cout << fmt::format("saved: profile.{} = {}\n", module.profile_properties[slot].name, value);
    any = true;
  }
  if (!any) std::cout << "saved: nothing\n";
}

}  // namespace

int run_chat(const ChatOptions& options) {
  ir::Module module;
  if (int code = load_module(options.files, options.allowed_paths, module)) return code;
  ir::Index automation = find_automation(module, options.automation);
  if (automation == ir::kNone) {
    std::vector<std::string> names;
    for (const ir::AutomationDef& a : module.automations) names.push_back("\"" + a.name + "\"");
    std::cerr << fmt::format("flowc: error: no automation named \"{}\"{}\n", options.automation,
                             names.empty() ? " (the program has none)" : " (the program has " + quoted_list(names, "and") + ")");
    return kBadCommandLine;
  }
  const ir::AutomationDef& def = module.automations[automation];
  bool whatsapp = options.channel == "whatsapp";
  if (whatsapp ? !def.whatsapp : !def.sms) {
    std::cerr << fmt::format("flowc: error: automation \"{}\" does not run on {} (see its `channels`)\n", def.name,
                             options.channel);
    return kBadCommandLine;
  }

  std::ostringstream activity_text;
  engine::ActivityWriter activity(&activity_text);
  vm::Interpreter interpreter(module);
  engine::Engine engine(module, interpreter, activity);
  engine.only_automation(automation);
  int64_t time = *events::parse_rfc3339(kStart);
  create_profile(engine, time);
  size_t offset = activity_text.str().size();  // what the profile's creation caused is not part of the chat

  print_header(def, options.channel);
  std::string sender = module.account.name.empty() ? "flowc" : module.account.name;
  bool tty = isatty(0);
  std::string line;
  for (;;) {
    if (tty) std::cout << "you> " << std::flush;
    if (!std::getline(std::cin, line)) break;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!tty) std::cout << "you> " << line << "\n";  // a transcript of what was piped in
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    time += 60;
    events::Record inbound = base_record(events::RecordType::Inbound, time);
    inbound.profile.clear();  // matched by phone, as for real
    inbound.phone = kPhone;
    inbound.channel = whatsapp ? events::RecordChannel::Whatsapp : events::RecordChannel::Sms;
    inbound.text = line;
    engine.process(inbound);
    if (show_new_activity(activity_text.str(), offset, def.name, sender)) break;
  }
  if (tty) std::cout << "\n";
  print_saved(module, def, engine.find_profile(kProfile));
  return kOk;
}

}  // namespace flowc::cli
