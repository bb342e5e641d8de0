// Run-time values, shared by the IR (constants), the VM and the runtime.
//
// A Value is a small tagged struct: numbers and times live inline, strings
// and lists behind shared pointers so copying a value is cheap and constants
// can be shared by every evaluation. Times are UTC seconds since 1970; dates
// are days since 1970-01-01; durations are seconds.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace flowc::ir {

enum class ValueKind : uint8_t { Unset, Bool, Int, Number, String, Date, DateTime, Duration, Consent, List };

// Consent statuses, in the order of the language's enum.
enum class Consent : uint8_t { NeverSubscribed = 0, Subscribed = 1, Unsubscribed = 2 };
const char* consent_name(Consent c);

struct Value {
  ValueKind kind = ValueKind::Unset;
  int64_t i = 0;  // Bool (0/1), Int, Date (days), DateTime (seconds), Duration (seconds), Consent
  double n = 0;   // Number
  std::shared_ptr<const std::string> s;          // String
  std::shared_ptr<const std::vector<Value>> list;  // List

  static Value unset() { return {}; }
  static Value boolean(bool b) { Value v; v.kind = ValueKind::Bool; v.i = b; return v; }
  static Value integer(int64_t x) { Value v; v.kind = ValueKind::Int; v.i = x; return v; }
  static Value number(double x) { Value v; v.kind = ValueKind::Number; v.n = x; return v; }
  static Value string(std::string x) {
    Value v; v.kind = ValueKind::String; v.s = std::make_shared<const std::string>(std::move(x)); return v;
  }
  static Value date(int64_t days) { Value v; v.kind = ValueKind::Date; v.i = days; return v; }
  static Value datetime(int64_t seconds) { Value v; v.kind = ValueKind::DateTime; v.i = seconds; return v; }
  static Value duration(int64_t seconds) { Value v; v.kind = ValueKind::Duration; v.i = seconds; return v; }
  static Value consent(Consent c) { Value v; v.kind = ValueKind::Consent; v.i = static_cast<int64_t>(c); return v; }
  static Value list_of(std::vector<Value> items) {
    Value v; v.kind = ValueKind::List; v.list = std::make_shared<const std::vector<Value>>(std::move(items)); return v;
  }

  bool is_set() const { return kind != ValueKind::Unset; }
  bool truthy() const { return kind == ValueKind::Bool && i != 0; }  // unset counts as false
  double as_number() const { return kind == ValueKind::Number ? n : static_cast<double>(i); }
  const std::string& str() const;  // "" unless String
};

// Equality as the language's `==` sees it (int/number compare by value);
// false when either side is unset.
bool values_equal(const Value& a, const Value& b);

// A value as a template prints it: unset prints nothing, numbers without
// trailing zeros, dates as YYYY-MM-DD, datetimes as YYYY-MM-DD HH:MM (UTC).
std::string display(const Value& v);

// A proleptic Gregorian date from days since 1970-01-01 (H. Hinnant's
// civil_from_days), clamped so absurd inputs cannot overflow.
struct Civil {
  int64_t year;
  unsigned month, day;
};
Civil civil_from_days(int64_t days);

// A value as JSON text (for activity records and dumps).
std::string to_json(const Value& v);

}  // namespace flowc::ir
