#include "markup.h"

#include "source/source.h"

namespace flowc::cli {

namespace {

// Characters XML 1.0 does not allow at all (section 2.2): C0 controls other
// than tab and line feed (carriage return too, which parsers would fold),
// and the non-characters U+FFFE and U+FFFF. DEL and C1 controls go as well.
bool forbidden(char32_t c) {
  if (c < 0x20) return c != '\t' && c != '\n';
  return (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF;
}

}  // namespace

std::string escape_markup(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  // Decoding turns bytes that are not UTF-8 into U+FFFD, so the document
  // stays well-formed whatever a test name or report key holds.
  for (char32_t c : decode_utf8(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (!forbidden(c)) append_utf8(out, c);
    }
  }
  return out;
}

}  // namespace flowc::cli
