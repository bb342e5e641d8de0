#include "lsp/semantic_tokens.h"

#include <algorithm>
#include <vector>

#include "query/occurrences.h"

namespace flowc::lsp {

namespace {

// Token types, in the legend's order: LSP's standard names closest to each
// kind of name (themes colour them without configuration).
int token_type(query::SymbolKind kind) {
  switch (kind) {
    case query::SymbolKind::List: return 0;        // enum
    case query::SymbolKind::Segment: return 1;     // class
    case query::SymbolKind::Message: return 2;     // enumMember
    case query::SymbolKind::Metric: return 3;      // event
    case query::SymbolKind::Flow: return 4;        // function
    case query::SymbolKind::Campaign: return 5;    // namespace
    case query::SymbolKind::Automation: return 6;  // interface
    case query::SymbolKind::Question: return 7;    // property
    case query::SymbolKind::Property: return 7;    // property
    case query::SymbolKind::Step: return 8;        // label (VS Code's standard type; LSP 3.17 lists none)
  }
  return 0;
}

struct Token {
  Position start;
  uint32_t length;
  int type;
  bool declaration;
};

}  // namespace

nlohmann::json semantic_tokens_legend() {
  return {{"tokenTypes", {"enum", "class", "enumMember", "event", "function", "namespace", "interface", "property", "label"}},
          {"tokenModifiers", {"declaration"}}};
}

nlohmann::json semantic_tokens(const Analysis& a) {
  nlohmann::json data = nlohmann::json::array();
  if (!a.file()) return {{"data", data}};
  PositionIndex positions(a.source());
  std::vector<Token> tokens;
  for (const query::Occurrence& o : query::occurrences(a.program())) {
    if (o.span.file != a.file_id() || !o.span.valid()) continue;
    const Position start = positions.position_of(o.span.begin), end = positions.position_of(o.span.end);
    if (end.line != start.line || end.character <= start.character) continue;  // a token is on one line
    tokens.push_back({start, end.character - start.character, token_type(o.symbol.kind), o.declaration});
  }
  std::sort(tokens.begin(), tokens.end(), [](const Token& x, const Token& y) {
    return x.start.line != y.start.line ? x.start.line < y.start.line : x.start.character < y.start.character;
  });
  Position previous;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (i > 0 && t.start.line == previous.line && t.start.character == previous.character) continue;  // once
    const uint32_t line_delta = t.start.line - previous.line;
    const uint32_t char_delta = line_delta == 0 ? t.start.character - previous.character : t.start.character;
    for (uint32_t n : {line_delta, char_delta, t.length, static_cast<uint32_t>(t.type), t.declaration ? 1u : 0u})
      data.push_back(n);
    previous = t.start;
  }
  return {{"data", data}};
}

}  // namespace flowc::lsp
