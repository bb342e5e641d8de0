// Text for an element or attribute value of XML, HTML or SVG: the five
// specials escaped, and control characters other than tab and newline (not
// allowed in XML 1.0) dropped. Names come from the user's program and may
// hold any of them. Used by the JUnit writer (scenario/) and the HTML report
// (report/).
#pragma once

#include <string>

namespace flowc::cli {

std::string escape_markup(const std::string& text);

}  // namespace flowc::cli
