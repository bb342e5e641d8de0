// textDocument/formatting: the whole document laid out by the formatter of
// `flowc fmt` (compiler/format), as one edit.
#pragma once

#include <nlohmann/json.hpp>

#include "lsp/documents.h"

namespace flowc::lsp {

// TextEdit[]: empty when the text is already formatted or has syntax errors
// (the formatter refuses those; their diagnostics are already shown).
nlohmann::json formatting(const Document& document);

}  // namespace flowc::lsp
