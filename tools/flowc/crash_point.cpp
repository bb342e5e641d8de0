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

CrashPlan read_plan(const char* variable) {
  CrashPlan plan;
  const char* text = std::getenv(variable);
  if (!text) return plan;
  const std::string spec = text;
  const size_t colon = spec.rfind(':');
  plan.point = spec.substr(0, colon);
  plan.remaining = colon == std::string::npos ? 1 : std::atol(spec.c_str() + colon + 1);
  return plan;
}

// Whether this pass of `point` is the planned one.
bool planned(CrashPlan& plan, std::string_view point) {
  return !plan.point.empty() && point == plan.point && --plan.remaining == 0;
}

}  // namespace

void crash_point(std::string_view point) {
  static CrashPlan plan = read_plan("FLOWC_CRASH_AT");
  if (planned(plan, point)) ::_exit(137);
}

bool failure_point(std::string_view point) {
  static CrashPlan plan = read_plan("FLOWC_FAIL_AT");
  return planned(plan, point);
}

}  // namespace flowc::cli
