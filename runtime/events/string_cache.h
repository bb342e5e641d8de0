// Recently read string values, so that a text repeated across records (a
// product name, a time zone, a first name) is held once, shared by every
// event copy and profile property that keeps it, rather than once per
// record. Direct-mapped and bounded: unique texts (order ids, URLs) simply
// replace one another. Sharing is invisible: values compare by content.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "ir/value.h"

namespace flowc::events {

class StringCache {
 public:
  // Makes a string value `v` share an equal value seen recently.
  void share(ir::Value& v) {
    if (v.kind != ir::ValueKind::String) return;
    std::string_view text = v.str();
    if (text.size() > kMaxLength) return;  // long texts rarely repeat
    ir::Value& slot = slots_[std::hash<std::string_view>{}(text) % kSlots];
    if (slot.kind == ir::ValueKind::String && slot.str() == text) v = slot;
    else slot = v;
  }

 private:
  static constexpr size_t kSlots = 4096;
  static constexpr size_t kMaxLength = 64;
  std::vector<ir::Value> slots_ = std::vector<ir::Value>(kSlots);
};

}  // namespace flowc::events
