// textDocument/hover: what the thing under the cursor is.
//
// A declared name (list, segment, message, metric, flow, campaign,
// automation, question) shows its definition line, a message its subject and
// the start of its body, a metric its properties; a profile or event
// property its type and where it comes from; any other expression its type;
// a wait what it does in words.
#pragma once

#include <nlohmann/json.hpp>

#include "lsp/analysis.h"

namespace flowc::lsp {

// A Hover, or null when there is nothing to say.
nlohmann::json hover(const Analysis& analysis, Position position);

}  // namespace flowc::lsp
