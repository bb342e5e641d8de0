// Days since 1970-01-01 to a calendar date and back to months: what usage per
// month and sends per day (report.h) are keyed by.
#pragma once

#include <array>
#include <cstdint>

namespace flowc::engine {

// (year, month 1-12, day 1-31) of a day number: Howard Hinnant's civil_from_days.
inline std::array<int64_t, 3> civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (m <= 2), m, d};
}

// Months since 1970-01 of a day number.
inline int64_t month_of_day(int64_t day) {
  auto [y, m, d] = civil_from_days(day);
  return (y - 1970) * 12 + (m - 1);
}

// Floor division, for days before 1970.
inline int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace flowc::engine
