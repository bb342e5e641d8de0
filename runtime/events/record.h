// One input record of the event stream (RUNTIME.md section 2), decoded and
// validated against the program's schema. Properties are already in slots.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ir/module.h"

namespace flowc::events {

// The times flowc handles: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z.
// Nothing outside them is read, scheduled or written.
constexpr int64_t kEarliestTime = -62135596800;
constexpr int64_t kLatestTime = 253402300799;
constexpr bool in_time_range(int64_t t) { return t >= kEarliestTime && t <= kLatestTime; }

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

// Why a line is bad input, as a fixed code (docs/runtime.md, "Bad input"):
// the report counts every error by its code, even those past the limit of
// errors it keeps in full.
enum class InputErrorKind : uint8_t {
  NotJson,        // not valid JSON (or not UTF-8, nested too deeply, too long)
  WrongType,      // the record or a field or property has the wrong JSON type
  MissingField,   // a required field is absent
  UnknownType,    // `type` names no record type
  BadValue,       // a field holds a value outside its allowed set (`channel`, `via`, an empty `profile`, ...)
  BadTime,        // `time` is not an RFC 3339 time in the years 0001-9999
  DuplicateKey,   // a key appears twice in one object
  TimeJump,       // `time` is more than --max-clock-jump after the clock
  UnknownSendId,  // an engagement names a send that never happened
  Unreadable,     // the line could not be read at all (out of memory)
};
constexpr size_t kInputErrorKinds = static_cast<size_t>(InputErrorKind::Unreadable) + 1;
// "not_json", "wrong_type", ...: the code as the report writes it.
const char* input_error_code(InputErrorKind kind);

struct InputError {
  size_t line = 0;
  std::string reason;
  InputErrorKind kind = InputErrorKind::NotJson;
};

}  // namespace flowc::events
