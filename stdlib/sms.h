// SMS segment counting, shared by the checker (the 3-segment warning) and the
// runtime (SMS credits in the usage report).
//
// A text that uses only the GSM-7 alphabet (with its extension table, whose
// characters count twice) fits 160 characters in one segment and 153 per
// segment when split; any other character makes the whole text UCS-2, which
// fits 70 and 67 (counted in UTF-16 code units).
#pragma once

#include <string_view>

namespace flowc::stdlib {

struct SmsSize {
  bool gsm7 = true;
  size_t units = 0;     // GSM-7 septets or UTF-16 code units
  size_t segments = 0;  // 0 for an empty text
};

SmsSize sms_size(std::string_view utf8_text);

}  // namespace flowc::stdlib
