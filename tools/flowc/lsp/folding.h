// textDocument/foldingRange: what an editor can fold in a document.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "lsp/analysis.h"

namespace flowc::lsp {

// FoldingRange[]: every declaration, step with a block, path and question
// that spans lines (the outline's ranges, lsp/document_symbols.h), ending
// before a closing `}` on a line of its own so that the brace stays in
// sight; and every run of two or more comment lines (kind "comment").
// `text` is the document's.
nlohmann::json folding_ranges(const Analysis& analysis, const std::string& text);

}  // namespace flowc::lsp
