// A readable text dump of the AST, one node per line, indented by depth.
// Used by `flowc dump-ast` and by the AST golden tests over the examples.
#pragma once

#include <string>

#include "ast/ast.h"
#include "source/source.h"

namespace flowc::ast {

std::string dump(const Program& program, const SourceManager& sources);
std::string dump_expr(const Expr& expr);

}  // namespace flowc::ast
