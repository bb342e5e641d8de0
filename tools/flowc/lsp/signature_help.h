// textDocument/signatureHelp: inside the parentheses of a built-in function
// or aggregate call, its signature, what it does, and which parameter the
// cursor is on.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "lsp/positions.h"

namespace flowc::lsp {

// SignatureHelp, or null outside a call. Reads the line up to the cursor
// (strings skipped, nested calls followed), so it works mid-typing, when
// the document does not parse.
nlohmann::json signature_help(const std::string& text, Position position);

}  // namespace flowc::lsp
