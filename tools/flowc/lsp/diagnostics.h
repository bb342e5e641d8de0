// textDocument/publishDiagnostics: the checker's diagnostics for one
// document, with the same codes and messages as `flowc check`.
#pragma once

#include <nlohmann/json.hpp>

#include "lsp/analysis.h"

namespace flowc::lsp {

// The LSP Diagnostic[] of the analysed document's own file: severity, code,
// message (the hint and place-less notes appended as `help:` / `note:`
// lines, as `flowc check` prints them), notes with a place as
// relatedInformation.
nlohmann::json diagnostics_of(const Analysis& analysis);

}  // namespace flowc::lsp
