// Decoding one JSON property value against its declared type (RUNTIME.md
// section 2: "a wrong-typed property for its declared metric or profile
// schema" is an input error), plus the small JSON-describing helpers the
// reader's error messages share.
//
// The rules are deliberately a little lenient where no information is lost
// (an int property accepts 3.0, a number accepts 3, a datetime accepts a bare
// date as midnight UTC) and strict everywhere else: a value that would have
// to be guessed at is an error, so that a bad export is noticed on the first
// line rather than silently turned into wrong segment membership.
//
// These functions are declared again at the top of reader.cpp (the folder's
// headers are the public contract, so there is no private header).
#include <cmath>
#include <fmt/format.h>
#include <simdjson.h>

#include "events/decode_properties.h"
#include "ir/value_limits.h"
#include "stdlib/printable.h"

#include "events/reader.h"

namespace flowc::events::detail {

using simdjson::dom::element;
using simdjson::dom::element_type;

// "a string", "a number", ... for "must be X, got Y" messages.
const char* json_kind(const element& e) {
  switch (e.type()) {
    case element_type::ARRAY: return "an array";
    case element_type::OBJECT: return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "a number";
    case element_type::STRING: return "a string";
    case element_type::BOOL: return "a bool";
    case element_type::NULL_VALUE: return "null";
  }
  return "a value";
}

// A string from the input, quoted for a message: escaped (the text may hold
// control characters) and cut short (it may be megabytes long).
std::string quote(std::string_view s) { return flowc::quoted(s, 80); }

namespace {

using ir::Type;
using ir::Value;

// The declared type with its article, as the message reads it.
const char* type_text(Type t) {
  switch (t) {
    case Type::Bool: return "a bool";
    case Type::Int: return "an int";
    case Type::Number: return "a number";
    case Type::String: return "a string";
    case Type::Date: return "a date (YYYY-MM-DD)";
    case Type::DateTime: return "a datetime (RFC 3339)";
    case Type::Duration: return "a duration (whole seconds)";
    case Type::ListOfString: return "a list<string>";
    case Type::ListOfInt: return "a list<int>";
    case Type::ListOfNumber: return "a list<number>";
    case Type::ListOfOther: return "a list";
    case Type::Consent: return "a consent";
    case Type::Unknown: return "a value";
  }
  return "a value";
}

// What the reader got, for the message: the text of a string or a number
// (more useful than "a string" when the kind was right but the content not).
std::string got(const element& e) {
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS) return quote(s);
  double d = 0;
  if (e.type() == element_type::DOUBLE && e.get_double().get(d) == simdjson::SUCCESS) return fmt::format("{}", d);
  if (e.type() == element_type::UINT64) return fmt::format("{} (out of range)", e.get_uint64().value_unsafe());
  return json_kind(e);
}

std::optional<int64_t> as_int(const element& e) {
  int64_t i = 0;
  if (e.get_int64().get(i) == simdjson::SUCCESS) return i;  // UINT64 above INT64_MAX fails here
  double d = 0;
  if (e.type() != element_type::DOUBLE || e.get_double().get(d) != simdjson::SUCCESS) return std::nullopt;
  // 3.0 is an int written by a tool that only has doubles; 3.5 is not.
  if (d != std::floor(d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0) return std::nullopt;
  return static_cast<int64_t>(d);
}

std::optional<double> as_number(const element& e) {
  double d = 0;
  if (!e.is_number() || e.get_double().get(d) != simdjson::SUCCESS) return std::nullopt;  // get_double widens ints
  return d;
}

// Days since 1970 for "YYYY-MM-DD", reusing the RFC 3339 parser (which
// validates the calendar date) at midnight UTC.
std::optional<int64_t> as_date(std::string_view s) {
  if (s.size() != 10) return std::nullopt;
  char buf[20];
  s.copy(buf, 10);
  std::string_view("T00:00:00Z").copy(buf + 10, 10);
  const std::optional<int64_t> t = parse_rfc3339(std::string_view(buf, 20));
  if (!t) return std::nullopt;
  return *t / 86400;  // midnight UTC: an exact multiple, no rounding question
}

std::optional<Value> scalar(const element& e, Type type, StringCache* strings) {
  std::string_view s;
  switch (type) {
    case Type::Bool:
      if (e.type() != element_type::BOOL) return std::nullopt;
      return Value::boolean(e.get_bool().value_unsafe());
    case Type::Int:
      if (auto i = as_int(e)) return Value::integer(*i);
      return std::nullopt;
    case Type::Duration:
      if (auto i = as_int(e)) return Value::duration(*i);
      return std::nullopt;
    case Type::Number:
      if (auto d = as_number(e)) return Value::number(*d);
      return std::nullopt;
    case Type::String:
      if (e.get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
      return strings ? strings->text(s) : Value::string(std::string(s));
    case Type::Date:
      if (e.get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
      if (auto days = as_date(s)) return Value::date(*days);
      return std::nullopt;
    case Type::DateTime:
      if (e.get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
      if (auto days = as_date(s)) return Value::datetime(*days * 86400);
      if (auto t = parse_rfc3339(s)) return Value::datetime(*t);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// Types the input has no fixed spelling for (a list of mixed values, a
// consent, a property the checker could not type): take the JSON value as it
// is. Objects have no Value form and are refused.
std::optional<Value> natural(const element& e, int depth, StringCache* strings) {
  switch (e.type()) {
    case element_type::BOOL: return scalar(e, Type::Bool, strings);
    case element_type::INT64: return scalar(e, Type::Int, strings);
    case element_type::UINT64:
    case element_type::DOUBLE: return scalar(e, Type::Number, strings);
    case element_type::STRING: return scalar(e, Type::String, strings);
    case element_type::NULL_VALUE: return Value::unset();
    case element_type::OBJECT: return std::nullopt;
    case element_type::ARRAY: break;
  }
  if (depth >= ir::kMaxListNesting) return std::nullopt;  // this array would be one level too deep
  std::vector<Value> items;
  // Named, not iterated in place: the array lives in get_array()'s result,
  // a temporary that a range-for over `.value_unsafe()` would outlive.
  const simdjson::dom::array array = e.get_array().value_unsafe();
  for (element item : array) {
    std::optional<Value> v = natural(item, depth + 1, strings);
    if (!v) return std::nullopt;
    items.push_back(std::move(*v));
  }
  return Value::list_of(std::move(items));
}

// "a string" when the JSON kind is wrong; the text itself when the kind was
// right but the content not (a date "2026-13-45", an int 3.5).
std::string got_for(const element& e, Type type) {
  const bool wants_string = type == Type::String || type == Type::Date || type == Type::DateTime;
  const bool wants_number = type == Type::Int || type == Type::Number || type == Type::Duration;
  if ((wants_string && e.is_string()) || (wants_number && e.is_number())) return got(e);
  return json_kind(e);
}

Type element_type_of(Type list) {
  return list == Type::ListOfString ? Type::String : list == Type::ListOfInt ? Type::Int : Type::Number;
}

}  // namespace

// Decodes `json` as a value of `type` into `out`. On a mismatch returns
// false with `problem` set to "must be a number, got a string" (the caller
// names the property). JSON null clears the property: it decodes to unset
// whatever the declared type.
bool decode_value(const element& json, ir::Type type, ir::Value& out, std::string& problem, StringCache* strings) {
  if (json.is_null()) {
    out = Value::unset();
    return true;
  }
  std::optional<Value> v;
  if (type == Type::ListOfString || type == Type::ListOfInt || type == Type::ListOfNumber) {
    simdjson::dom::array array;
    if (json.get_array().get(array) != simdjson::SUCCESS) {
      problem = fmt::format("must be {}, got {}", type_text(type), json_kind(json));
      return false;
    }
    std::vector<Value> items;
    items.reserve(array.size());
    for (element item : array) {
      v = scalar(item, element_type_of(type), strings);
      if (!v) {
        problem = fmt::format("must be {}, got {} in the list", type_text(type),
                              got_for(item, element_type_of(type)));
        return false;
      }
      items.push_back(std::move(*v));
    }
    out = Value::list_of(std::move(items));
    return true;
  }
  v = (type == Type::ListOfOther || type == Type::Consent || type == Type::Unknown) ? natural(json, 0, strings)
                                                                                     : scalar(json, type, strings);
  if (!v) {
    problem = fmt::format("must be {}, got {}", type_text(type), got_for(json, type));
    return false;
  }
  out = std::move(*v);
  return true;
}

}  // namespace flowc::events::detail
