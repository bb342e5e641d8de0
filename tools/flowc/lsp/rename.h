// textDocument/prepareRename and textDocument/rename for the names of
// query/occurrences.h (lists, segments, messages, metrics, flows,
// campaigns, automations, questions, profile properties, step labels),
// across every file of the programs of the open documents, template files
// included (docs/tooling.md, "Rename").
//
// A rename that changes a name something outside the program depends on
// asks the user first, through LSP change annotations (`needsConfirmation`):
// events carry metric, list and profile property names (`"metric"`,
// `list_add`, a profile record's `properties`); saved state and send ids
// are keyed by flow, campaign, automation, property and step names
// (docs/state.md). Segments, messages and questions are renamed at once.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lsp/analysis.h"
#include "lsp/navigation.h"

namespace flowc::lsp {

// {"range","placeholder"} of the name under the cursor, or null.
nlohmann::json prepare_rename(const Analysis& analysis, Position position);

// Where a rename writes: one occurrence, as written.
struct RenameSite {
  std::string path;
  nlohmann::json range;
  bool quoted = false;  // written as a string
};

// Adds the symbol's occurrences in one analysed program to `sites`
// (`seen`: already added, from another program). Returns false, with
// `conflict` set, when the program already declares a `new_name` of the
// same kind.
bool add_rename_sites(const Analysis& analysis, const SymbolKey& symbol, const std::string& new_name,
                      std::set<std::string>& seen, std::vector<RenameSite>& sites, std::string& conflict);

// Why renaming this kind of name needs the user's confirmation, or "".
std::string rename_risk(query::SymbolKind kind);

// Whether `new_name` can be written where this kind of name goes: profile
// properties and step labels are identifiers only, never strings.
bool can_be_named(query::SymbolKind kind, const std::string& new_name);

// The text a site gets: the new name bare when it is an identifier and the
// old one was bare, else quoted.
std::string renamed_text(const RenameSite& site, const std::string& new_name);

}  // namespace flowc::lsp
