// The metrics every program has without declaring them (RUNTIME.md section
// 4): subscription changes and message engagement, recorded by the runtime on
// the profile and usable in triggers, `count`, `sum` and `last`.
#pragma once

#include <string>
#include <vector>

#include "check/type.h"

namespace flowc::stdlib {

struct BuiltinProperty {
  const char* name;
  check::Type type;
};

struct BuiltinMetric {
  const char* name;
  std::vector<BuiltinProperty> properties;
};

const std::vector<BuiltinMetric>& builtin_metrics();
const BuiltinMetric* find_builtin_metric(const std::string& name);

}  // namespace flowc::stdlib
