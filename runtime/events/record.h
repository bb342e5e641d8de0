// One input record of the event stream (RUNTIME.md section 2), decoded and
// validated against the program's schema. Properties are already in slots.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ir/module.h"

namespace flowc::events {

enum class RecordType : uint8_t {
  Profile, Event, Subscribe, Unsubscribe, Suppress, Unsuppress, ListAdd, ListRemove, Inbound, Price, Engagement,
  Review
};
const char* record_type_name(RecordType t);

// The channels of subscribe / unsubscribe / suppress / inbound records.
enum class RecordChannel : uint8_t { Email, Sms, SmsTransactional, Push, Whatsapp };

struct Record {
  RecordType type = RecordType::Event;
  int64_t time = 0;   // seconds since 1970 UTC (offsets applied; sub-seconds dropped)
  size_t line = 0;    // 1-based line in the input

  std::string profile;  // may be empty for inbound, price and review records
  std::optional<std::string> email;
  std::optional<std::string> phone;

  // profile: declared profile properties (slot, value); undeclared ones are
  // ignored. event: the metric's properties (slot, value).
  std::vector<std::pair<ir::Index, ir::Value>> properties;
  ir::Index metric = ir::kNone;  // event: metrics[] (kNone: a metric the program does not know)
  std::string metric_name;
  bool historical = false;       // `historical` / `historical_import`

  RecordChannel channel = RecordChannel::Email;
  std::string list;              // subscribe / list_add / list_remove (name as written)
  std::string via;               // unsubscribe: link manual api spam_report
  std::string reason;            // suppress
  std::string text;              // inbound
  std::string product;           // price
  double price = 0;              // price
  std::string send_id;           // engagement
  std::string kind;              // engagement: open click bounce
  bool bot = false, privacy = false;
  std::string flow, step, decision;  // review
};

struct InputError {
  size_t line = 0;
  std::string reason;
};

}  // namespace flowc::events
