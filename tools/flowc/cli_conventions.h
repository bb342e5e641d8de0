// What flowc's command line does the way users of well-made command-line
// tools expect (docs/tooling.md, "Command-line conventions"): `flowc`, not
// the binary's path, in usage lines; every command-level error as
// `flowc: error: ...` with where to find help; a "did you mean" for a
// mistyped command; `--version`; `--color` on every command that prints
// diagnostics.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "terminal_color.h"

namespace flowc::cli {

// "flowc 0.1.0 (engines: vm, jit on LLVM 19.1.7; allocator: jemalloc 5.3.0,
// huge pages always)": what `flowc --version` and `flowc version` print.
// `allocator`: memory_allocator_text() ("": the C library's, not named).
std::string version_text(std::string_view allocator);

// Errors of the command line itself as `flowc: error: <what>`, then
// "Run `flowc <command> --help` for more information."
void use_flowc_error_messages(CLI::App& app);

// When the words before the first option name a command that does not
// exist (`flowc chek`, `flowc state inspet`): the error to print, with a
// "did you mean" when a command is close. CLI11 alone says "A subcommand
// is required" or takes the word for a file.
std::optional<std::string> unknown_command_error(CLI::App& app, int argc, const char* const* argv);

// `--color=auto|always|never` on a command (default auto).
void add_color_option(CLI::App* command, std::string& value);

}  // namespace flowc::cli
