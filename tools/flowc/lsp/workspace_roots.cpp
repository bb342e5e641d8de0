#include "lsp/workspace_roots.h"

#include "lsp/uri.h"

namespace flowc::lsp {

using nlohmann::json;

namespace {

bool is_file_uri(const json& uri) { return uri.is_string() && uri.get_ref<const std::string&>().starts_with("file://"); }

}  // namespace

std::vector<std::string> workspace_roots(const json& params) {
  std::vector<std::string> roots;
  if (!params.is_object()) return roots;
  if (params.contains("workspaceFolders") && params["workspaceFolders"].is_array()) {
    for (const json& folder : params["workspaceFolders"])
      if (folder.is_object() && folder.contains("uri") && is_file_uri(folder["uri"]))
        roots.push_back(uri_to_path(folder["uri"].get<std::string>()));
    if (!roots.empty()) return roots;
  }
  if (params.contains("rootUri") && is_file_uri(params["rootUri"])) {
    roots.push_back(uri_to_path(params["rootUri"].get<std::string>()));
  } else if (params.contains("rootPath") && params["rootPath"].is_string() &&
             !params["rootPath"].get_ref<const std::string&>().empty()) {
    roots.push_back(params["rootPath"].get<std::string>());
  }
  return roots;
}

}  // namespace flowc::lsp
