// Value helpers: equality, display text (what a template prints) and JSON
// (what activity records and dumps hold).
//
// Formats chosen here are part of the language's observable output:
//   number    display: up to 15 significant digits, no trailing zeros ("19.99", "20");
//             JSON: the shortest text that reads back to the same double.
//   date      "2026-11-01" in both.
//   datetime  display "2026-11-01 10:00" (UTC, minutes); JSON RFC 3339 "2026-11-01T10:00:00Z".
//   duration  display as the language writes durations, largest unit first,
//             zero parts left out: "1d 2h", "1h 30m", "45s", "0s", "-2h";
//             JSON: integer seconds.
//   list      display items joined by ", "; JSON an array.
#include "ir/value.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace flowc::ir {

namespace {

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string date_text(int64_t days) {
  Civil c = civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

// Seconds since 1970 as date + (hours, minutes, seconds) in UTC.
struct Clock {
  int64_t days;
  int hour, minute, second;
};
Clock split_seconds(int64_t seconds) {
  int64_t days = floor_div(seconds, 86400);
  int64_t rest = seconds - days * 86400;  // 0..86399, no overflow: |days * 86400| <= |seconds|
  return {days, static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60)};
}

std::string number_text(double x) {
  if (x == 0) return "0";  // also turns -0 into 0
  if (!std::isfinite(x)) return "";
  return fmt::format("{:.15g}", x);
}


std::string json_string(const std::string& s) {
  // Invalid UTF-8 (user data) becomes U+FFFD rather than broken JSON.
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string duration_text(int64_t seconds) {
  if (seconds == 0) return "0s";
  std::string out = seconds < 0 ? "-" : "";
  // Work on the magnitude as unsigned so INT64_MIN has one too.
  uint64_t rest = seconds < 0 ? 0 - static_cast<uint64_t>(seconds) : static_cast<uint64_t>(seconds);
  static constexpr std::pair<uint64_t, char> kUnits[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
  bool first = true;
  for (auto [size, unit] : kUnits) {
    if (rest < size) continue;
    out += fmt::format("{}{}{}", first ? "" : " ", rest / size, unit);
    rest %= size;
    first = false;
  }
  return out;
}

const char* consent_name(Consent c) {
  switch (c) {
    case Consent::NeverSubscribed:
      return "never_subscribed";
    case Consent::Subscribed:
      return "subscribed";
    case Consent::Unsubscribed:
      return "unsubscribed";
  }
  return "unknown";
}

namespace {

bool is_numeric(const Value& v) { return v.kind == ValueKind::Int || v.kind == ValueKind::Number; }

const std::vector<Value>& items(const Value& v) { return v.items(); }

}  // namespace

bool values_equal(const Value& a, const Value& b) {
  if (!a.is_set() || !b.is_set()) return false;
  if (is_numeric(a) && is_numeric(b)) {
    if (a.kind == ValueKind::Int && b.kind == ValueKind::Int) return a.i == b.i;
    return a.as_number() == b.as_number();
  }
  // Lowering turns `consent == "subscribed"` into a consent constant; accept
  // the string form anyway.
  if (a.kind == ValueKind::Consent && b.kind == ValueKind::String)
    return b.str() == consent_name(static_cast<Consent>(a.i));
  if (a.kind == ValueKind::String && b.kind == ValueKind::Consent) return values_equal(b, a);
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ValueKind::String:
      return a.str() == b.str();
    case ValueKind::List: {
      const auto &x = items(a), &y = items(b);
      if (x.size() != y.size()) return false;
      for (size_t k = 0; k < x.size(); ++k)
        if (!values_equal(x[k], y[k])) return false;
      return true;
    }
    default:
      return a.i == b.i;  // Bool, Date, DateTime, Duration, Consent
  }
}

std::string display(const Value& v) {
  switch (v.kind) {
    case ValueKind::Unset:
      return "";
    case ValueKind::Bool:
      return v.i ? "true" : "false";
    case ValueKind::Int:
      return fmt::format("{}", v.i);
    case ValueKind::Number:
      return number_text(v.n);
    case ValueKind::String:
      return v.str();
    case ValueKind::Date:
      return date_text(v.i);
    case ValueKind::DateTime: {
      Clock c = split_seconds(v.i);
      return fmt::format("{} {:02}:{:02}", date_text(c.days), c.hour, c.minute);
    }
    case ValueKind::Duration:
      return duration_text(v.i);
    case ValueKind::Consent:
      return consent_name(static_cast<Consent>(v.i));
    case ValueKind::List: {
      std::string out;
      for (const Value& item : items(v)) {
        if (!out.empty()) out += ", ";
        out += display(item);
      }
      return out;
    }
  }
  return "";
}

std::string to_json(const Value& v) {
  switch (v.kind) {
    case ValueKind::Unset:
      return "null";
    case ValueKind::Bool:
      return v.i ? "true" : "false";
    case ValueKind::Int:
      return fmt::format("{}", v.i);
    case ValueKind::Number:
      return std::isfinite(v.n) ? fmt::format("{}", v.n) : "null";
    case ValueKind::String:
      return json_string(v.str());
    case ValueKind::Date:
      return fmt::format("\"{}\"", date_text(v.i));
    case ValueKind::DateTime: {
      Clock c = split_seconds(v.i);
      return fmt::format("\"{}T{:02}:{:02}:{:02}Z\"", date_text(c.days), c.hour, c.minute, c.second);
    }
    case ValueKind::Duration:
      return fmt::format("{}", v.i);
    case ValueKind::Consent:
      return fmt::format("\"{}\"", consent_name(static_cast<Consent>(v.i)));
    case ValueKind::List: {
      std::string out = "[";
      for (const Value& item : items(v)) {
        if (out.size() > 1) out += ",";
        out += to_json(item);
      }
      return out + "]";
    }
  }
  return "null";
}

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
// civil_from_days). Clamped to a range where no step can overflow: values
// that far out are garbage anyway, but must not be undefined behaviour.
Civil civil_from_days(int64_t days) {
  constexpr int64_t kLimit = int64_t{1} << 40;
  days = std::clamp(days, -kLimit, kLimit);
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  unsigned day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  unsigned month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2), month, day};
}


}  // namespace flowc::ir
