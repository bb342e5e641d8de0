// Days since 1970-01-01 to a calendar date and back to months: what usage per
// month and sends per day (report.h) are keyed by.
#pragma once

#include <array>
#include <cstdint>

#include "ir/value.h"

namespace flowc::engine {

// (year, month 1-12, day 1-31) of a day number (ir::civil_from_days).
inline std::array<int64_t, 3> civil_from_days(int64_t day) {
  const ir::Civil c = ir::civil_from_days(day);
  return {c.year, static_cast<int64_t>(c.month), static_cast<int64_t>(c.day)};
}

// Months since 1970-01 of a day number.
inline int64_t month_of_day(int64_t day) {
  auto [y, m, d] = civil_from_days(day);
  return (y - 1970) * 12 + (m - 1);
}

// Floor division, for days before 1970.
inline int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace flowc::engine
