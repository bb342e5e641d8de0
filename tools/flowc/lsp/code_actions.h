// textDocument/codeAction: quick fixes for the checker's diagnostics.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace flowc::lsp {

// CodeAction[] for the diagnostics the client sends back in
// `params.context.diagnostics` (those flowc published for the document
// `uri` whose text is `text`): a "did you mean `X`?" hint becomes a
// preferred quick fix writing X in place of the misspelt name: the whole
// name, quoted when X is not an identifier, or only the part after the
// last `.` of `profile.NAME` / `event.NAME`. A diagnostic whose range no
// longer holds a name (the text changed since) gets none.
nlohmann::json code_actions(const std::string& uri, const std::string& text, const nlohmann::json& params);

}  // namespace flowc::lsp
