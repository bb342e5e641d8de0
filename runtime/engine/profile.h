// A profile as the runtime keeps it: built-in fields, schema properties in
// slots, consent and suppression per channel, list and segment membership,
// the aggregates the program uses, and what smart sending needs.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "ir/module.h"

namespace flowc::engine {

// Per profile state of one ir::AggregateDef.
struct AggregateState {
  int64_t count = 0;           // All window
  double sum = 0;              // All window
  int64_t last = -1;           // Last: time of the latest matching event, -1: never
  // Within / SinceFlowStart windows: the matching events still of interest,
  // oldest first. A vector, not a deque: an empty deque allocates ~600 bytes
  // and most profiles have few entries.
  std::vector<std::pair<int64_t, double>> entries;  // (time, summed value)
};

// Channels with their own suppression and smart-sending clock.
enum class SendChannel : uint8_t { Email, Sms, Push, Whatsapp };
constexpr int kSendChannels = 4;

struct Profile {
  std::string id;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  int64_t created = 0;
  std::vector<ir::Value> properties;  // by profile slot
  std::array<ir::Consent, ir::kConsentChannels> consent{};
  std::array<int64_t, ir::kConsentChannels> consent_time{};
  std::array<bool, kSendChannels> suppressed{};
  std::array<int64_t, kSendChannels> last_sent{-1, -1, -1, -1};  // smart sending
  bool messaged = false;
  bool segments_evaluated = false;  // every segment evaluated at least once  // was sent at least one message (usage: active profiles)
  bool email_pending_confirmation = false;                      // double opt-in
  std::vector<ir::Index> lists_pending_confirmation;            // joined on confirmation
  std::vector<bool> lists;
  std::vector<bool> segments;
  std::vector<AggregateState> aggregates;
  // The latest outbound message's origin, for reply-triggered automations.
  std::string last_outbound_source, last_outbound_name;
  // Time-dependent segments: the pending recheck (-1: none) and the time of
  // the profile's latest record, which bounds how long daily rechecks go on.
  int64_t recheck_at = -1;
  int64_t last_activity = 0;
  // Re-entry bookkeeping per flow: entries so far and the last entry time.
  std::vector<uint32_t> flow_entries;
  std::vector<int64_t> flow_last_entry;
};

}  // namespace flowc::engine
