// Internal to the engine: conversation sessions of keyword automations.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ir/module.h"
#include "ir/value.h"

namespace flowc::engine {

// One conversation of a profile with an automation on one channel.
struct Session {
  uint32_t automation = 0;
  uint32_t profile = 0;
  bool whatsapp = false;         // the channel the conversation is on (else sms)
  uint32_t question = 0;         // index of the question waiting for an answer
  uint32_t reprompts = 0;        // reprompts sent for the current question
  std::vector<ir::Value> answers;  // by question index (the choice text as declared)
  int64_t last_message = 0;      // time of the latest question or reprompt sent, for the timeout
  uint32_t timeout_generation = 0;  // bumps on every message; stale timeouts are ignored
  bool open = false;
};

struct AutomationState {
  // Sessions by index; an ended session's slot is reused (its timeouts
  // still pending are stale: the slot's generation only ever grows).
  std::vector<Session> sessions;
  std::vector<uint32_t> free_sessions;
  // The open session of each conversation thread: (profile, whatsapp).
  // One thread holds at most one session, whatever the automation.
  std::map<std::pair<uint32_t, bool>, uint32_t> open;
  // Replies sent so far per (automation, profile); compliance replies use
  // kNone as the automation. It numbers send ids so that two replies of the
  // same step at the same instant still get distinct ids.
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> replies;
  // `flowc chat`: only this automation may start a session (kNone: any).
  ir::Index only = ir::kNone;

  const Session* open_session(uint32_t profile, bool whatsapp) const {
    auto it = open.find({profile, whatsapp});
    return it == open.end() ? nullptr : &sessions[it->second];
  }
};

}  // namespace flowc::engine
