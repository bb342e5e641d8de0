// Where each named thing of a program is declared and referred to: lists,
// segments, messages, metrics, flows, campaigns, automations and automation
// questions. The language server answers "go to definition" and "find
// references" from this table.
//
// Names are matched as the checker matches them (by their text, an
// identifier and a string naming the same thing); a campaign audience name
// is a segment when a segment has that name, a list otherwise. Occurrences
// are listed even when the name is unknown, so an undeclared message still
// has its references.
#pragma once

#include <string>
#include <vector>

#include "ast/ast.h"

namespace flowc::query {

enum class SymbolKind { List, Segment, Message, Metric, Flow, Campaign, Automation, Question };
const char* symbol_kind_name(SymbolKind kind);

struct Symbol {
  SymbolKind kind = SymbolKind::List;
  std::string name;
  // Questions are named within their automation.
  const ast::Automation* automation = nullptr;
  bool operator==(const Symbol& o) const = default;
};

struct Occurrence {
  Symbol symbol;
  Span span;  // the name as written (quotes included for a string)
  bool declaration = false;
};

// Every occurrence in the program, file by file in program order.
std::vector<Occurrence> occurrences(const ast::Program& program);

// The occurrence whose span holds `offset` in `file` (its end included, so a
// cursor just after a name finds it), or null.
const Occurrence* occurrence_at(const std::vector<Occurrence>& all, FileId file, uint32_t offset);

// The declarations of a symbol (more than one when it is declared twice).
std::vector<const Occurrence*> declarations_of(const std::vector<Occurrence>& all, const Symbol& symbol);

}  // namespace flowc::query
