#include "stdlib/builtin_metrics.h"

namespace flowc::stdlib {

using check::Type;
using check::TypeKind;

const std::vector<BuiltinMetric>& builtin_metrics() {
  // Engagement records carry the message they refer to.
  static const std::vector<BuiltinProperty> message_props = {
      {"send_id", Type::of(TypeKind::String)},
      {"message", Type::of(TypeKind::String)},
      {"source", Type::of(TypeKind::String)},
      {"name", Type::of(TypeKind::String)},
  };
  static const std::vector<BuiltinProperty> list_props = {{"list", Type::of(TypeKind::String)}};
  static const std::vector<BuiltinMetric> metrics = {
      {"Subscribed to Email Marketing", {}},
      {"Subscribed to SMS Marketing", {}},
      {"Subscribed to SMS Transactional", {}},
      {"Subscribed to List", list_props},
      {"Unsubscribed from Email Marketing", {}},
      {"Clicked and Unsubscribed from Email", {}},
      {"Unsubscribed from List", list_props},
      {"Unsubscribed from SMS", {}},
      {"Confirmed Subscription", {}},
      {"Received Email", message_props},
      {"Received SMS", message_props},
      {"Opened Email", message_props},
      {"Clicked Email", message_props},
      {"Clicked SMS", message_props},
      {"Opened Push", message_props},
  };
  return metrics;
}

const BuiltinMetric* find_builtin_metric(const std::string& name) {
  for (const BuiltinMetric& m : builtin_metrics())
    if (name == m.name) return &m;
  return nullptr;
}

}  // namespace flowc::stdlib
