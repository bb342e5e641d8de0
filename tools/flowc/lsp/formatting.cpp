#include "lsp/formatting.h"

#include "format/format.h"
#include "lsp/positions.h"

namespace flowc::lsp {

nlohmann::json formatting(const Document& document) {
  DiagnosticSink sink;
  std::optional<std::string> formatted = format::format_source(document.path, document.text, sink);
  nlohmann::json edits = nlohmann::json::array();
  if (!formatted || *formatted == document.text) return edits;
  nlohmann::json range = {{"start", to_json(Position{})}, {"end", to_json(end_of(document.text))}};
  edits.push_back({{"range", range}, {"newText", *formatted}});
  return edits;
}

}  // namespace flowc::lsp
