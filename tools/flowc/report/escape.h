// Escaping for text and attribute values in HTML and SVG: names in a
// report come from the user's program and may hold < > & " '.
#pragma once

#include <string>

namespace flowc::report {

std::string escape(const std::string& text);

}  // namespace flowc::report
