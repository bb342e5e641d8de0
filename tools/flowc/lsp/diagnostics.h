// textDocument/publishDiagnostics: the checker's diagnostics for each file
// of a program, with the same codes and messages as `flowc check`.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "lsp/analysis.h"

namespace flowc::lsp {

// The LSP Diagnostic[] of every file of the analysed program, by path (a
// file without diagnostics is there, with an empty array): severity, code,
// message (the hint and place-less notes appended as `help:` / `note:`
// lines, as `flowc check` prints them), notes with a place as
// relatedInformation. A diagnostic without a file goes to the root.
std::map<std::string, nlohmann::json> diagnostics_by_file(const Analysis& analysis);

}  // namespace flowc::lsp
