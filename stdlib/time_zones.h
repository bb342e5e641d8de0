// IANA time zone names, checked against the system's zone database through
// Howard Hinnant's date/tz library (GCC 12 has no std::chrono::tzdb).
#pragma once

#include <string>

namespace flowc::stdlib {

bool is_valid_time_zone(const std::string& name);

}  // namespace flowc::stdlib
