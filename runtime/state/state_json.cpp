// The JSON of state_json.h: one visitor over the field lists of schema.h
// (as the encoder is), choosing each field's form from its C++ type and, for
// signed integers, its name.
#include "state/state_json.h"

#include <cmath>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "state/schema.h"

namespace flowc::state {
namespace {

template <class T> constexpr bool is_vector = false;
template <class T> constexpr bool is_vector<std::vector<T>> = true;

// What a signed field that is not a plain time holds (logical.h). A new
// time field needs nothing here; a new field of another kind adds a line.
enum class Reading { Time, Duration, Day, Month };
struct SignedField {
  std::string_view name;
  Reading reading;
  bool minus_one_is_none;
};
constexpr SignedField kSignedFields[] = {
    {"window", Reading::Duration, false},        // AggregateEntry: seconds of a `within`
    {"day", Reading::Day, false},                // DaySends: days since 1970-01-01
    {"month", Reading::Month, false},            // MonthUsage: months since 1970-01
    {"messaged_month", Reading::Month, true},    // ProfileState
    {"recheck_at", Reading::Time, true},         // ProfileState
    {"last_activity", Reading::Time, true},      // ProfileState
};

// Fields that hold raw bytes rather than text.
constexpr std::string_view kByteFields[] = {"input_digest"};

constexpr int64_t kSecondsPerDay = 86400;
// 0001-01-01 and 9999-12-31 as days since 1970-01-01: RFC 3339's years.
constexpr int64_t kFirstDay = -719162, kLastDay = 2932896;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string date_text(int64_t days) {
  ir::Civil c = ir::civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

Json day_json(int64_t days) {
  if (days < kFirstDay || days > kLastDay) return days;
  return date_text(days);
}

Json month_json(int64_t months) {
  int64_t years = floor_div(months, 12);
  if (years < 1 - 1970 || years > 9999 - 1970) return months;
  return fmt::format("{:04}-{:02}", 1970 + years, months - years * 12 + 1);
}

Json double_json(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
  return x;
}

const char* enum_name(RunPosition p) { return position_name(p); }
const char* enum_name(WakeKind k) { return wake_kind_name(k); }

Json signed_json(std::string_view name, int64_t x) {
  for (const SignedField& field : kSignedFields) {
    if (field.name != name) continue;
    if (field.minus_one_is_none && x == -1) return nullptr;
    switch (field.reading) {
      case Reading::Time: return time_json(x);
      case Reading::Duration: return ir::display(ir::Value::duration(x));
      case Reading::Day: return day_json(x);
      case Reading::Month: return month_json(x);
    }
  }
  return time_json(x);
}

class JsonWriter {
 public:
  Json out = Json::object();

  template <class T> void operator()(uint32_t, const char* name, const T& x) {
    if (absent(name)) {
      out[name] = nullptr;
      return;
    }
    if constexpr (std::is_same_v<T, bool>) {
      // `has_X` false: X has no value (it follows its flag in every struct).
      if (!x && std::string_view(name).starts_with("has_")) absent_.push_back(std::string_view(name).substr(4));
    }
    out[name] = field_json(name, x);
  }

  template <class T> static Json of(const T& record) {
    JsonWriter writer;
    fields(writer, const_cast<T&>(record));  // the writer only reads
    return std::move(writer.out);
  }

 private:
  std::vector<std::string_view> absent_;

  bool absent(std::string_view name) const {
    for (std::string_view a : absent_)
      if (a == name) return true;
    return false;
  }

  template <class T> static Json field_json(std::string_view name, const T& x) {
    if constexpr (std::is_same_v<T, bool> || std::is_unsigned_v<T>) {
      return x;
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      return signed_json(name, x);
    } else if constexpr (std::is_same_v<T, double>) {
      return double_json(x);
    } else if constexpr (std::is_enum_v<T>) {
      return enum_name(x);
    } else if constexpr (std::is_same_v<T, std::string>) {
      for (std::string_view bytes : kByteFields)
        if (bytes == name) return hex_text(x);
      return x;
    } else if constexpr (std::is_same_v<T, ir::Value>) {
      return value_json(x);
    } else if constexpr (is_vector<T>) {
      return list_json(name, x);
    } else {
      return of(x);
    }
  }

  // Named values, counts and times by name; other lists as arrays.
  template <class T> static Json list_json(std::string_view name, const std::vector<T>& items) {
    if constexpr (std::is_same_v<T, NamedValue>) {
      Json j = Json::object();
      for (const NamedValue& item : items) j[item.name] = value_json(item.value);
      return j;
    } else if constexpr (std::is_same_v<T, NamedCount>) {
      Json j = Json::object();
      for (const NamedCount& item : items) j[item.name] = item.count;
      return j;
    } else if constexpr (std::is_same_v<T, NamedTime>) {
      Json j = Json::object();
      for (const NamedTime& item : items) j[item.name] = time_json(item.time);
      return j;
    } else {
      Json j = Json::array();
      for (const T& item : items) j.push_back(field_json(name, item));
      return j;
    }
  }
};

}  // namespace

Json time_json(int64_t seconds) {
  int64_t days = floor_div(seconds, kSecondsPerDay);
  if (days < kFirstDay || days > kLastDay) return seconds;
  int64_t rest = seconds - days * kSecondsPerDay;
  return fmt::format("{}T{:02}:{:02}:{:02}Z", date_text(days), rest / 3600, rest / 60 % 60, rest % 60);
}

Json value_json(const ir::Value& value) {
  Json j = Json::object();
  switch (value.kind) {
    case ir::ValueKind::Unset: return nullptr;
    case ir::ValueKind::Bool: j["bool"] = value.i != 0; break;
    case ir::ValueKind::Int: j["int"] = value.i; break;
    case ir::ValueKind::Number: j["number"] = double_json(value.n); break;
    case ir::ValueKind::String: j["string"] = value.str(); break;
    case ir::ValueKind::Date: j["date"] = day_json(value.i); break;
    case ir::ValueKind::DateTime: j["datetime"] = time_json(value.i); break;
    case ir::ValueKind::Duration: j["duration"] = ir::display(value); break;
    case ir::ValueKind::Consent:
      if (value.i >= 0 && value.i <= static_cast<int64_t>(ir::Consent::Unsubscribed))
        j["consent"] = ir::consent_name(static_cast<ir::Consent>(value.i));
      else
        j["consent"] = value.i;  // not a status this flowc knows: the number, not a guess
      break;
    case ir::ValueKind::List: {
      Json items = Json::array();
      for (const ir::Value& item : value.items()) items.push_back(value_json(item));
      j["list"] = std::move(items);
      break;
    }
  }
  return j;
}

template <class Record> Json record_json(const Record& record) { return JsonWriter::of(record); }

template Json record_json(const ProfileState&);
template Json record_json(const GlobalState&);
template Json record_json(const ReportState&);
template Json record_json(const CheckpointState&);
template Json record_json(const SendState&);
template Json record_json(const OriginState&);
template Json record_json(const PriceState&);
template Json record_json(const InputErrorState&);
template Json record_json(const FormatState&);
template Json record_json(const RunState&);
template Json record_json(const WakeState&);

const char* position_name(RunPosition position) {
  switch (position) {
    case RunPosition::Waiting: return "waiting";
    case RunPosition::Deferred: return "deferred";
    case RunPosition::Ended: return "ended";
  }
  return "unknown";
}

const char* wake_kind_name(WakeKind kind) {
  switch (kind) {
    case WakeKind::ResumeRun: return "resume_run";
    case WakeKind::DateTrigger: return "date_trigger";
    case WakeKind::SegmentRecheck: return "segment_recheck";
    case WakeKind::SegmentSweep: return "segment_sweep";
    case WakeKind::CampaignMessage: return "campaign_message";
    case WakeKind::CampaignDelivery: return "campaign_delivery";
    case WakeKind::SessionTimeout: return "session_timeout";
  }
  return "unknown";
}

std::string hex_text(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes.size());
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string json_text(const Json& json, int indent) {
  return json.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace flowc::state
