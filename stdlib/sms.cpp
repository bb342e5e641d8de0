#include "stdlib/sms.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "source/source.h"

namespace flowc::stdlib {

namespace {

// GSM 03.38 basic character set (as Unicode) and its extension table.
const std::u32string& gsm_basic() {
  static const std::u32string chars =
      U"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
      U"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  return chars;
}
const std::u32string& gsm_extension() {
  static const std::u32string chars = U"^{}\\[~]|€\f";
  return chars;
}

// GSM-7 septets of a character: 1 in the basic set, 2 in the extension
// table, 0 when it has no GSM-7 form.
int searched_septets(char32_t c) {
  return gsm_basic().find(c) != std::u32string::npos ? 1 : gsm_extension().find(c) != std::u32string::npos ? 2 : 0;
}

// The same, ASCII characters from a table made once: most messages are
// ASCII, and searching the 128-character set for each character was 6 % of
// a month's run.
int septets_of(char32_t c) {
  struct AsciiSeptets {
    std::array<uint8_t, 128> septets{};
    AsciiSeptets() {
      for (char32_t a = 0; a < 128; ++a) septets[a] = static_cast<uint8_t>(searched_septets(a));
    }
  };
  static const AsciiSeptets ascii;
  return c < 128 ? ascii.septets[c] : searched_septets(c);
}

// The size of a text given as its code points (any range of char32_t, or
// of ASCII bytes).
template <typename CodePoints>
SmsSize size_of(const CodePoints& text) {
  SmsSize size;
  size_t septets = 0;
  for (auto c : text) {
    const int n = septets_of(static_cast<char32_t>(c));
    if (n == 0) {
      size.gsm7 = false;
      break;
    }
    septets += static_cast<size_t>(n);
  }
  if (size.gsm7) {
    size.units = septets;
    size.segments = septets == 0 ? 0 : septets <= 160 ? 1 : (septets + 152) / 153;
  } else {
    size_t units = 0;
    for (auto c : text) units += static_cast<char32_t>(c) > 0xFFFF ? 2 : 1;
    size.units = units;
    size.segments = units == 0 ? 0 : units <= 70 ? 1 : (units + 66) / 67;
  }
  return size;
}

}  // namespace

SmsSize sms_size(std::string_view utf8_text) {
  // An ASCII text's bytes are its code points: no decoding.
  const bool ascii = std::all_of(utf8_text.begin(), utf8_text.end(), [](char c) { return static_cast<unsigned char>(c) < 128; });
  return ascii ? size_of(utf8_text) : size_of(decode_utf8(utf8_text));
}

}  // namespace flowc::stdlib
