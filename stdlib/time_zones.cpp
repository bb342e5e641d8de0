#include "stdlib/time_zones.h"

#include <date/tz.h>

namespace flowc::stdlib {

bool is_valid_time_zone(const std::string& name) {
  if (name.empty()) return false;
  try {
    return date::locate_zone(name) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace flowc::stdlib
