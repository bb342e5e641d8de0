// "What is at this position": the declaration, step and expression of a
// file that hold a code point offset. Hover and completion in the language
// server start here. Spans hold their end, so a cursor just after a word
// still finds it; the innermost (shortest) match wins.
#pragma once

#include "ast/ast.h"
#include "query/walk.h"

namespace flowc::query {

struct Place {
  Owner owner;                      // the top-level declaration holding the offset
  const ast::Step* step = nullptr;  // the innermost step holding it
  const ast::Expr* expr = nullptr;  // the innermost expression holding it
};

Place place_at(const ast::File& file, uint32_t offset);

}  // namespace flowc::query
