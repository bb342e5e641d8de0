// Text for an element or attribute value of XML, HTML or SVG: the five
// specials escaped, control characters other than tab and newline (not
// allowed in XML 1.0) dropped, and bytes that are not UTF-8 replaced by
// U+FFFD, so the document is well-formed whatever the text holds: names
// come from the user's program, test files and report files. Used by the
// JUnit writer (scenario/) and the HTML report (report/).
#pragma once

#include <string>

namespace flowc::cli {

std::string escape_markup(const std::string& text);

}  // namespace flowc::cli
