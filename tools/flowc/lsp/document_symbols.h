// textDocument/documentSymbol: the outline of one document: its top-level
// declarations, with a flow's steps, a campaign's paths, an automation's
// questions and a schema's fields as children.
#pragma once

#include <nlohmann/json.hpp>

#include "lsp/analysis.h"

namespace flowc::lsp {

// DocumentSymbol[] of the analysed document.
nlohmann::json document_symbols(const Analysis& analysis);

}  // namespace flowc::lsp
