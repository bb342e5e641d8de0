// Escaping for HTML and SVG (escape.h): the same as the JUnit writer's.
#include "report/escape.h"

#include "markup.h"

namespace flowc::report {

std::string escape(const std::string& text) { return cli::escape_markup(text); }

}  // namespace flowc::report
