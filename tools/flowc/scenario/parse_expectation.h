// Reading one `expect` line (the cursor stands after `expect`). The forms are
// listed in docs/tooling.md; each names the activity record type it is
// checked against (expectation.cpp).
#pragma once

#include <cstdint>

#include "scenario/line_cursor.h"
#include "scenario/test_file.h"

namespace flowc::cli::scenario {

Expectation parse_expectation(LineCursor& cursor, Place at);

// An RFC 3339 time word, as seconds since 1970 UTC.
int64_t parse_time(LineCursor& cursor);

}  // namespace flowc::cli::scenario
