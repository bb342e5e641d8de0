#include "terminal_color.h"

#include <cstdlib>
#include <cstring>

namespace flowc::cli {

namespace {

bool diagnostics_color_on = false;

bool set_and_not(const char* name, const char* off) {
  const char* value = std::getenv(name);
  return value && *value && (!off || std::strcmp(value, off) != 0);
}

}  // namespace

std::optional<ColorChoice> parse_color_choice(const std::string& text) {
  if (text == "auto") return ColorChoice::Auto;
  if (text == "always") return ColorChoice::Always;
  if (text == "never") return ColorChoice::Never;
  return std::nullopt;
}

bool use_color(ColorChoice choice, bool is_terminal) {
  if (choice != ColorChoice::Auto) return choice == ColorChoice::Always;
  if (set_and_not("NO_COLOR", nullptr)) return false;
  if (set_and_not("CLICOLOR_FORCE", "0")) return true;
  const char* term = std::getenv("TERM");
  return is_terminal && !(term && std::strcmp(term, "dumb") == 0);
}

void set_diagnostics_color(bool on) { diagnostics_color_on = on; }
bool diagnostics_color() { return diagnostics_color_on; }

}  // namespace flowc::cli
