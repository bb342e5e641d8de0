#include "stdlib/sms.h"

#include <array>
#include <cstdint>
#include <optional>
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

// Septets of each ASCII character (1 basic, 2 extension, 0 not GSM-7),
// made from the tables above: most messages are ASCII, and looking each
// character up in a 128-character table was 6 % of a month's run.
struct AsciiSeptets {
  std::array<uint8_t, 128> septets{};
  AsciiSeptets() {
    for (char32_t c = 0; c < 128; ++c)
      septets[c] = gsm_basic().find(c) != std::u32string::npos       ? 1
                   : gsm_extension().find(c) != std::u32string::npos ? 2
                                                                     : 0;
  }
};

// The size of an all-ASCII text, or nothing when a character is not
// ASCII (the general path decides then).
std::optional<SmsSize> ascii_sms_size(std::string_view text) {
  static const AsciiSeptets table;
  size_t septets = 0;
  for (unsigned char c : text) {
    if (c >= 128) return std::nullopt;
    const uint8_t n = table.septets[c];
    if (n == 0) return std::nullopt;  // ASCII but not GSM-7 (` for one): UCS-2
    septets += n;
  }
  SmsSize size;
  size.units = septets;
  size.segments = septets == 0 ? 0 : septets <= 160 ? 1 : (septets + 152) / 153;
  return size;
}

}  // namespace

SmsSize sms_size(std::string_view utf8_text) {
  if (std::optional<SmsSize> ascii = ascii_sms_size(utf8_text)) return *ascii;
  std::u32string text = decode_utf8(utf8_text);
  SmsSize size;
  size_t septets = 0;
  for (char32_t c : text) {
    if (gsm_basic().find(c) != std::u32string::npos) {
      septets += 1;
    } else if (gsm_extension().find(c) != std::u32string::npos) {
      septets += 2;
    } else {
      size.gsm7 = false;
      break;
    }
  }
  if (size.gsm7) {
    size.units = septets;
    size.segments = septets == 0 ? 0 : septets <= 160 ? 1 : (septets + 152) / 153;
  } else {
    size_t units = 0;
    for (char32_t c : text) units += c > 0xFFFF ? 2 : 1;
    size.units = units;
    size.segments = units == 0 ? 0 : units <= 70 ? 1 : (units + 66) / 67;
  }
  return size;
}

}  // namespace flowc::stdlib
