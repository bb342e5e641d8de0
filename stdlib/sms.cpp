#include "stdlib/sms.h"

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

}  // namespace

SmsSize sms_size(std::string_view utf8_text) {
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
