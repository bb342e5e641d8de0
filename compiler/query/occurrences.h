// Where each named thing of a program is declared and referred to: lists,
// segments, messages, metrics, flows, campaigns, automations, automation
// questions, profile properties and step labels. The language server
// answers "go to definition", "find references" and rename from this table.
//
// Names are matched as the checker matches them (by their text, an
// identifier and a string naming the same thing); a campaign audience name
// is a segment when a segment has that name, a list otherwise. Occurrences
// are listed even when the name is unknown, so an undeclared message still
// has its references. A profile property is found wherever the program
// names it: the profile block, `profile.NAME` in conditions and in the
// `{{ }}` holes of texts and template files, date triggers, `set`/`unset`
// steps and automations' `save ... to profile.NAME`. A step label (`as
// NAME`) is named within its flow, and only where it is declared: the
// language refers to steps by position; saved state and `flowc migrate
// --map` refer to them by label.
#pragma once

#include <string>
#include <vector>

#include "ast/ast.h"

namespace flowc::query {

enum class SymbolKind { List, Segment, Message, Metric, Flow, Campaign, Automation, Question, Property, Step };
const char* symbol_kind_name(SymbolKind kind);

struct Symbol {
  SymbolKind kind = SymbolKind::List;
  std::string name;
  // Questions are named within their automation, step labels within their flow.
  const ast::Automation* automation = nullptr;
  const ast::Flow* flow = nullptr;
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
