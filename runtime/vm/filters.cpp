// Template filters: `| default: X`, `| upper`, `| lower`, `| money`,
// `| date: "FORMAT"`.
//
// A filter on an unset value leaves it unset (ToText then prints nothing),
// except `default`, which replaces it. A filter on a value of the wrong kind
// (the checker prevents it) leaves the value as it is.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>

#include "vm/ops.h"

namespace flowc::vm::ops {

using ir::TemplateFilter;
using ir::ValueKind;

namespace {

// Two decimals, as prices are written: 42.5 -> "42.50". Rounding is that of
// the binary value (printf's), and -0.001 prints as "0.00", not "-0.00".
std::string money(double x) {
  std::string s = fmt::format("{:.2f}", x);
  return s == "-0.00" ? "0.00" : s;
}

using ir::Civil;
using ir::civil_from_days;

bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int day_of_year(const Civil& c) {
  static constexpr std::array<int, 12> kBefore = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  return kBefore[c.month - 1] + static_cast<int>(c.day) + (c.month > 2 && leap(c.year));
}

constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kWeekdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

Value format_value(const Value& v, const Value& format) {
  // An odd format (never from the checker) falls back to the ISO date.
  std::string f = format.kind == ValueKind::String ? format.str() : "%Y-%m-%d";
  if (v.kind == ValueKind::Date) return Value::string(format_time(f, v.i, 0));
  if (v.kind != ValueKind::DateTime) return v;
  int64_t days = floor_div(v.i, 86400);
  return Value::string(format_time(f, days, v.i - days * 86400));
}

}  // namespace

std::string format_time(const std::string& format, int64_t days, int64_t second_of_day) {
  Civil c = civil_from_days(days);
  // 1970-01-01 was a Thursday (4, counting from Sunday = 0); % keeps the
  // sign of days, hence the + 7.
  int weekday = static_cast<int>((days % 7 + 7 + 4) % 7);
  std::string out;
  out.reserve(format.size() + 16);
  auto put = std::back_inserter(out);
  for (size_t k = 0; k < format.size(); ++k) {
    if (format[k] != '%' || k + 1 == format.size()) {
      out += format[k];
      continue;
    }
    char spec = format[++k];
    switch (spec) {
      case 'Y':
        fmt::format_to(put, "{}", c.year);
        break;
      case 'm':
        fmt::format_to(put, "{:02}", c.month);
        break;
      case 'd':
        fmt::format_to(put, "{:02}", c.day);
        break;
      case 'e':
        fmt::format_to(put, "{:2}", c.day);
        break;
      case 'j':
        fmt::format_to(put, "{:03}", day_of_year(c));
        break;
      case 'H':
        fmt::format_to(put, "{:02}", second_of_day / 3600);
        break;
      case 'M':
        fmt::format_to(put, "{:02}", second_of_day / 60 % 60);
        break;
      case 'S':
        fmt::format_to(put, "{:02}", second_of_day % 60);
        break;
      case 'B':
        out += kMonths[c.month - 1];
        break;
      case 'b':
        out.append(kMonths[c.month - 1], 3);
        break;
      case 'A':
        out += kWeekdays[weekday];
        break;
      case 'a':
        out.append(kWeekdays[weekday], 3);
        break;
      case '%':
        out += '%';
        break;
      default:
        out += '%';
        out += spec;
        break;  // unknown: printed as written
    }
  }
  return out;
}

bool apply_filter(TemplateFilter filter, Value& value, const Value& arg) {
  switch (filter) {
    case TemplateFilter::Default:
      if (!value.is_set()) value = arg;
      return true;
    case TemplateFilter::Upper:
      if (value.kind == ValueKind::String) value = Value::string(to_upper(value.str()));
      return true;
    case TemplateFilter::Lower:
      if (value.kind == ValueKind::String) value = Value::string(to_lower(value.str()));
      return true;
    case TemplateFilter::Money:
      if (value.kind == ValueKind::Int || value.kind == ValueKind::Number)
        value = Value::string(money(value.as_number()));
      return true;
    case TemplateFilter::Date:
      value = format_value(value, arg);
      return true;
  }
  return false;
}

}  // namespace flowc::vm::ops
