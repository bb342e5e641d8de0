// Internal to compiler/parse: the nesting limit (parse.h, kMaxNesting) and
// the two linear passes that enforce it, so that no phase ever recurses
// deeper than the limit allows, whatever the input.
//
// ANTLR's parser, the AST builder and every later walk (checker, lowering,
// formatter, graph, language server) are recursive. Two passes bound them:
//
// 1. Before ANTLR parses: a pass over the tokens counts what makes the
//    parser recurse: open brackets (`(`, `[`, `{`, the `<` of `list<...>`)
//    and prefix operators (`not`, unary `-`) still waiting for their
//    operand. Past the limit, the text is not parsed at all.
// 2. After ANTLR parses, before the AST is built: a walk over the parse tree
//    with an explicit stack counts what makes the AST deep: expressions
//    (an operator chain `a + b + c` nests as `(a + b) + c`, one level per
//    operator, although ANTLR parses it in a loop), blocks and list types.
//    The builder leaves out whatever lies deeper than the limit.
#pragma once

#include <unordered_set>
#include <vector>

#include "antlr4-runtime.h"

namespace flowc::parse {

// The first token at which brackets and pending prefix operators nest
// deeper than kMaxNesting, or null. `tokens` are the parser's (hidden
// channel tokens are skipped).
antlr4::Token* first_token_too_deep(const std::vector<antlr4::Token*>& tokens);

// The outermost contexts of the tree that lie deeper than kMaxNesting
// levels of expressions, blocks and list types, in source order.
std::vector<antlr4::ParserRuleContext*> contexts_too_deep(antlr4::ParserRuleContext* root);

}  // namespace flowc::parse
