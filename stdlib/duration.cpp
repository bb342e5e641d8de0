#include "stdlib/duration.h"

#include <charconv>

namespace flowc::stdlib {

namespace {

std::optional<int64_t> minutes_per(char unit) {
  switch (unit) {
    case 'm': return 1;
    case 'h': return 60;
    case 'd': return 1440;
    case 'w': return 10080;
    default: return std::nullopt;
  }
}

}  // namespace

std::optional<int64_t> parse_duration_minutes(std::string_view text, int64_t longest_minutes) {
  if (text.empty()) return std::nullopt;
  int64_t total = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') continue;
    std::optional<int64_t> unit = minutes_per(c);
    int64_t number = 0;
    auto [end, error] = std::from_chars(text.data() + start, text.data() + i, number);
    if (!unit || i == start || error != std::errc() || end != text.data() + i) return std::nullopt;
    if (number > (longest_minutes - total) / *unit) return std::nullopt;
    total += number * *unit;
    start = i + 1;
  }
  if (start != text.size()) return std::nullopt;  // digits without a unit
  return total;
}

}  // namespace flowc::stdlib
