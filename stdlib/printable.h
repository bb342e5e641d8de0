// Text from outside the program (event values, names read from a report
// file) shown on a terminal or inside a message. A terminal acts on control
// characters: ESC starts a sequence that can recolour, retitle or rewrite the
// screen, BEL rings, CR overwrites the line. Such data is shown escaped, so
// what reaches the terminal is only ever printable text.
//
// Escaped: C0 controls, DEL and C1 controls (U+0080..U+009F, which some
// terminals take as ESC sequences) as \u00XX; bytes that are not UTF-8 as \xNN.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace flowc {

// `text` with every control character escaped; with `keep_lines`, line
// feeds and tabs pass through (for multi-line output such as a table).
std::string printable(std::string_view text, bool keep_lines = false);

// `text` for a one-line message: in double quotes, printable, `"` and `\`
// escaped, and cut at a character boundary after `max` bytes ("...").
std::string quoted(std::string_view text, size_t max = 80);

}  // namespace flowc
