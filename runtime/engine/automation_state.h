// Internal to the engine: conversation sessions of keyword automations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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
  int64_t last_message = 0;      // time of the latest inbound message, for the timeout
  uint64_t timeout_generation = 0;  // bumps on every message; stale timeouts are ignored
  bool open = false;
};

struct AutomationState {
  std::vector<Session> sessions;
};

}  // namespace flowc::engine
