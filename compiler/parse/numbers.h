// Internal to compiler/parse: checked conversions of the digits the lexer
// matched. They never throw (std::stoi does, on `<missing INT>` or on
// 99999999999999999999): a value that does not fit, or text that is not a
// number at all, gives nullopt and the caller reports it.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace flowc::parse {

// A whole number written as decimal digits; nullopt when `text` is not just
// digits or the value does not fit in int64_t.
inline std::optional<int64_t> to_int(std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty() || text[0] == '-') return std::nullopt;
  return value;
}

// A decimal number such as `12.5`; nullopt when `text` is not one or is out
// of the range of double.
inline std::optional<double> to_decimal(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (error != std::errc() || end != text.data() + text.size() || text.empty() || text[0] == '-') return std::nullopt;
  return value;
}

}  // namespace flowc::parse
