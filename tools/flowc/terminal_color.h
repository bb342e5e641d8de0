// Whether flowc colours what it prints for people (diagnostics on standard
// error): `--color=auto|always|never` on every command that prints them,
// and the conventions terminals and CI systems set (docs/tooling.md,
// "Colour").
#pragma once

#include <optional>
#include <string>

namespace flowc::cli {

enum class ColorChoice { Auto, Always, Never };

// `--color`'s value ("auto", "always", "never"), or none.
std::optional<ColorChoice> parse_color_choice(const std::string& text);

// The rule: `always` and `never` are obeyed. `auto` (the default) colours
// only a terminal (and not TERM=dumb), except that NO_COLOR (set and not
// empty: no-color.org) turns colour off and CLICOLOR_FORCE (set, not empty
// and not "0") turns it on, NO_COLOR first: a user who asked for no colour
// anywhere is not overruled by a tool that forces it.
bool use_color(ColorChoice choice, bool is_terminal);

// Standard error's setting, decided once by the command line (main.cpp)
// and read where diagnostics are printed.
void set_diagnostics_color(bool on);
bool diagnostics_color();

}  // namespace flowc::cli
