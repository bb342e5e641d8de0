// textDocument/definition and textDocument/references for lists, segments,
// messages, metrics, flows, campaigns, automations, questions, profile
// properties and step labels (see query/occurrences.h), and definition for
// `event.X` (the metric field that declares it).
#pragma once

#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "lsp/analysis.h"
#include "query/occurrences.h"

namespace flowc::lsp {

// Location[] (empty when the cursor is on nothing declared).
nlohmann::json definition(const Analysis& analysis, Position position);

// A symbol by value, valid after its Analysis ends: references are
// gathered from the programs of every open document, one Analysis at a time.
struct SymbolKey {
  query::SymbolKind kind;
  std::string name;
  std::string scope;  // a question's automation, a step's flow
};

// Whether `s` is the symbol `key` stands for, named `name` (a rename looks
// for the new name in the same scope).
bool is_symbol(const query::Symbol& s, const SymbolKey& key, const std::string& name);

// The symbol under the cursor, if any.
std::optional<SymbolKey> symbol_at(const Analysis& analysis, Position position);

// Adds the Locations of the symbol's occurrences in one analysed program;
// `seen` drops duplicates across programs.
void add_references(const Analysis& analysis, const SymbolKey& symbol, bool include_declaration,
                    std::set<std::string>& seen, nlohmann::json& out);

}  // namespace flowc::lsp
