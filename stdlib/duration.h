// Durations as the language writes them (LANGUAGE.md: `30m`, `12h`, `3d`,
// `2w`, `1d12h`): numbers each followed by a unit. One reader for the
// compiler's literals and the command line's duration options, so that
// `wait 400d` and `--max-clock-jump 400d` always mean the same thing.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace flowc::stdlib {

// The duration `text` in minutes. nullopt when `text` is not numbers each
// followed by `m`, `h`, `d` or `w`, or when the total is over
// `longest_minutes` (checked before any multiplication, so nothing
// overflows whatever the digits).
std::optional<int64_t> parse_duration_minutes(std::string_view text, int64_t longest_minutes);

}  // namespace flowc::stdlib
