// Loading what `build`, `run` and `disasm` take: either a compiled module
// file or .flow sources (which are checked and lowered on the way).
#pragma once

#include <string>
#include <vector>

#include "ir/module.h"

namespace flowc::cli {

// Fills `module` from the files. Prints diagnostics or the reason to stderr
// and returns the exit code to use when it fails (1 program errors, 3
// unreadable or invalid module), or 0.
// `allowed_paths`: the `--allow-path` folders.
int load_module(const std::vector<std::string>& files, const std::vector<std::string>& allowed_paths,
                ir::Module& module);

}  // namespace flowc::cli
