#include "stdlib/printable.h"

#include <cstdio>

namespace flowc {

namespace {

// The length of the well-formed UTF-8 sequence starting at `at` (1 to 4),
// or 0 when the bytes there are not one (a stray continuation byte, a cut
// sequence, an overlong form, a surrogate, beyond U+10FFFF).
size_t sequence_length(std::string_view s, size_t at) {
  const auto lead = static_cast<unsigned char>(s[at]);
  if (lead < 0x80) return 1;
  size_t length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
  if (length == 0 || at + length > s.size()) return 0;
  const auto second = static_cast<unsigned char>(s[at + 1]);
  // The second byte's range rules out overlongs, surrogates and > U+10FFFF.
  unsigned char low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
  unsigned char high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
  if (second < low || second > high) return 0;
  for (size_t k = 2; k < length; ++k)
    if ((static_cast<unsigned char>(s[at + k]) & 0xC0) != 0x80) return 0;
  return length;
}

void append_escape(std::string& out, const char* format, unsigned value) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, format, value);
  out += buffer;
}

// Appends the character at `at` (escaped if need be); returns its length.
size_t append_printable(std::string& out, std::string_view s, size_t at, bool keep_lines) {
  size_t length = sequence_length(s, at);
  const auto c = static_cast<unsigned char>(s[at]);
  if (length == 0) {
    append_escape(out, "\\x%02x", c);
    return 1;
  }
  if (length == 1 && (c < 0x20 || c == 0x7F)) {
    if (keep_lines && (c == '\n' || c == '\t')) out += static_cast<char>(c);
    else append_escape(out, "\\u%04x", c);
    return 1;
  }
  // C1 controls are U+0080..U+009F: C2 80 .. C2 9F.
  if (length == 2 && c == 0xC2 && static_cast<unsigned char>(s[at + 1]) < 0xA0) {
    append_escape(out, "\\u%04x", static_cast<unsigned char>(s[at + 1]));
    return 2;
  }
  out.append(s.substr(at, length));
  return length;
}

}  // namespace

std::string printable(std::string_view text, bool keep_lines) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) at += append_printable(out, text, at, keep_lines);
  return out;
}

std::string quoted(std::string_view text, size_t max) {
  std::string out = "\"";
  size_t at = 0;
  while (at < text.size() && at < max) {
    if (text[at] == '"' || text[at] == '\\') {
      out += '\\';
      out += text[at++];
    } else {
      at += append_printable(out, text, at, false);
    }
  }
  return out + (at < text.size() ? "...\"" : "\"");
}

}  // namespace flowc
