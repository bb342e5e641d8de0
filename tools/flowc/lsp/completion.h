// textDocument/completion: what may be typed at the cursor.
//
// The context is read from the text before the cursor on its line, since
// the statement being typed rarely parses yet:
//   profile.           the profile schema's properties (declared, built-in, implicit)
//   event.             the trigger metric's properties of the enclosing flow (or of
//                      count/sum/last(METRIC where ...), or of the flows that send
//                      the enclosing message)
//   send CHANNEL       the messages of that channel
//   list / segment / metric / count( ...   names of that kind
//   anything else      keywords, built-in functions, and every list, segment,
//                      message and metric name
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "lsp/analysis.h"

namespace flowc::lsp {

// A CompletionList. `text` is the document's current text.
nlohmann::json completion(const Analysis& analysis, const std::string& text, Position position);

}  // namespace flowc::lsp
