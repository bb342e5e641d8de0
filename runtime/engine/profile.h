// A profile as the runtime keeps it: built-in fields, schema properties in
// slots, consent and suppression per channel, list and segment membership,
// the aggregates the program uses, and what smart sending needs.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/flag_set.h"
#include "engine/window_entries.h"
#include "ir/module.h"

namespace flowc::engine {

// Per profile state of one ir::AggregateDef: 16 bytes, as a profile has one
// for every aggregate the program uses.
struct AggregateState {
  // The one figure the aggregate's kind reads: `count` (Count over the All
  // window), `sum` (Sum over All), `last` (Last: time of the latest matching
  // event, -1: never; the profile sets it to -1 when created).
  union {
    int64_t count = 0;
    double sum;
    int64_t last;
  };
  // Within / SinceFlowStart windows: the matching events still of interest.
  WindowEntries entries;
};

// Re-entry bookkeeping for one flow the profile has entered.
struct FlowEntries {
  uint32_t flow;
  uint32_t count;  // entries so far
  int64_t last;    // time of the latest entry
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
  bool messaged = false;                    // was sent at least one message (usage: active profiles)
  bool segments_evaluated = false;          // every segment evaluated at least once
  bool email_pending_confirmation = false;  // double opt-in
  std::vector<ir::Index> lists_pending_confirmation;  // joined on confirmation
  FlagSet lists;
  FlagSet segments;
  std::unique_ptr<AggregateState[]> aggregates;  // by aggregate (as many as the module has)
  // The latest outbound message's origin, for reply-triggered automations:
  // an index into the engine's table of origins (kNone: none yet).
  uint32_t last_outbound = ir::kNone;
  // Time-dependent segments: the pending recheck (-1: none) and the time of
  // the profile's latest record, which bounds how long daily rechecks go on.
  int64_t recheck_at = -1;
  int64_t last_activity = 0;
  // Re-entry bookkeeping, only for the flows entered (most profiles enter
  // few of the program's flows).
  std::vector<FlowEntries> flows_entered;

  const FlowEntries* entries_of(uint32_t flow) const {
    for (const FlowEntries& e : flows_entered)
      if (e.flow == flow) return &e;
    return nullptr;
  }
  uint32_t entry_count(uint32_t flow) const { return entries_of(flow) ? entries_of(flow)->count : 0; }
  int64_t last_entry(uint32_t flow) const { return entries_of(flow) ? entries_of(flow)->last : -1; }
  // Counts an entry at `time`; returns how many entries came before it.
  uint32_t record_entry(uint32_t flow, int64_t time) {
    for (FlowEntries& e : flows_entered)
      if (e.flow == flow) {
        e.last = time;
        return e.count++;
      }
    flows_entered.push_back(FlowEntries{flow, 1, time});
    return 0;
  }
};

}  // namespace flowc::engine
