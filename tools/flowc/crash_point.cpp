#include "crash_point.h"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace flowc::cli {

namespace {

struct CrashPlan {
  std::string point;  // empty: no crash planned
  long remaining = 0;
};

CrashPlan read_plan() {
  CrashPlan plan;
  const char* text = std::getenv("FLOWC_CRASH_AT");
  if (!text) return plan;
  const std::string spec = text;
  const size_t colon = spec.rfind(':');
  plan.point = spec.substr(0, colon);
  plan.remaining = colon == std::string::npos ? 1 : std::atol(spec.c_str() + colon + 1);
  return plan;
}

}  // namespace

void crash_point(std::string_view point) {
  static CrashPlan plan = read_plan();
  if (plan.point.empty() || point != plan.point) return;
  if (--plan.remaining <= 0) ::_exit(137);
}

}  // namespace flowc::cli
