// textDocument/semanticTokens/full: what each name in a document names
// (a list, a segment, a message, a metric, a flow, a campaign, an
// automation, a question), so that an editor colours `Vips` in
// `profile in segment Vips` as a segment, which the TextMate grammar
// (editors/vscode/syntaxes) cannot tell from the text alone.
#pragma once

#include <nlohmann/json.hpp>

#include "lsp/analysis.h"

namespace flowc::lsp {

// The legend `initialize` announces: token types and modifiers.
nlohmann::json semantic_tokens_legend();

// SemanticTokens {"data": [...]}: five numbers per name (line and start
// relative to the previous one, length, type, modifiers), in document order,
// positions and lengths in UTF-16 units; `declaration` marks where a name is
// declared.
nlohmann::json semantic_tokens(const Analysis& analysis);

}  // namespace flowc::lsp
