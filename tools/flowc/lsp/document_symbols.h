// textDocument/documentSymbol: the outline of one document: its top-level
// declarations, with a flow's steps, a campaign's paths, an automation's
// questions and a schema's fields as children.
#pragma once

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "lsp/analysis.h"

namespace flowc::lsp {

// DocumentSymbol[] of the analysed document.
nlohmann::json document_symbols(const Analysis& analysis);

// workspace/symbol: adds to `out` the SymbolInformation of every
// declaration (and step, path, question, field, with its container) of the
// analysed program's files whose name matches `query`, skipping the files
// in `seen_files` (a file shared by two programs is listed once).
void add_workspace_symbols(const Analysis& analysis, const std::string& query, std::set<std::string>& seen_files,
                           nlohmann::json& out);

// A name matches a query holding its characters in order, in any case
// ("wlcm" matches "Welcome"); the empty query matches everything.
bool matches_query(const std::string& name, const std::string& query);

}  // namespace flowc::lsp
