// The folders an editor opened, from the `initialize` request: programs
// checked by the language server may read imports and `body file`s from them
// (driver/allowed_folders.h). The open document's own folder is allowed too.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace flowc::lsp {

// The paths of `workspaceFolders` when the client sent any, else of
// `rootUri`, else `rootPath` (deprecated in LSP 3.x, still sent by some
// clients). Only file:// URIs name folders; malformed entries are skipped.
std::vector<std::string> workspace_roots(const nlohmann::json& initialize_params);

}  // namespace flowc::lsp
