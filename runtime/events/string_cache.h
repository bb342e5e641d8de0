// Recently read string values, so that a text repeated across records (a
// product name, a time zone, a first name) is held once, shared by every
// event copy and profile property that keeps it, rather than once per
// record. Direct-mapped and bounded: unique texts (order ids, URLs) simply
// replace one another. Sharing is invisible: values compare by content.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/value.h"

namespace flowc::events {

class StringCache {
 public:
  // A string value holding `text`: an equal one seen recently when there
  // is one (no allocation), else a new one, kept for the next.
  ir::Value text(std::string_view text) {
    if (text.size() > kMaxLength) return ir::Value::string(std::string(text));  // long texts rarely repeat
    ir::Value& slot = slots_[std::hash<std::string_view>{}(text) % kSlots];
    if (slot.kind != ir::ValueKind::String || slot.str() != text) slot = ir::Value::string(std::string(text));
    return slot;
  }

 private:
  static constexpr size_t kSlots = 4096;
  static constexpr size_t kMaxLength = 64;
  std::vector<ir::Value> slots_ = std::vector<ir::Value>(kSlots);
};

}  // namespace flowc::events
