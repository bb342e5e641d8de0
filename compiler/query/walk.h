// Walking every expression and step of a file, with the declaration each
// belongs to. The editor queries (position.h, occurrences.h) are built on it;
// the checker has its own walk because it needs a scope per place.
#pragma once

#include <functional>

#include "ast/ast.h"

namespace flowc::query {

// The declaration an expression or step belongs to; at most one is set.
struct Owner {
  const ast::Account* account = nullptr;
  const ast::Metric* metric = nullptr;  // a schema field's default
  const ast::Segment* segment = nullptr;
  const ast::Message* message = nullptr;
  const ast::Flow* flow = nullptr;
  const ast::Campaign* campaign = nullptr;
  const ast::Automation* automation = nullptr;
};

using ExprVisitor = std::function<void(const ast::Expr&, const Owner&)>;
using StepVisitor = std::function<void(const ast::Step&, const Owner&)>;

// Every expression of the file, outer before inner, `{{ }}` holes and
// `body file` templates included (their spans name the template's file).
void for_each_expr(const ast::File& file, const ExprVisitor& visit);

// Every step of the file's flows and campaign paths, outer before inner.
void for_each_step(const ast::File& file, const StepVisitor& visit);

}  // namespace flowc::query
