// Checking: name resolution, types and the product's rules.
//
// check_program() resolves every name across all files of the program, gives
// every expression a type (written into ast::Expr::type), and reports every
// violation of LANGUAGE.md's checks as a diagnostic. It reports as many
// independent problems as it can in one pass and suppresses follow-on errors:
// an ill-typed expression gets the Error type, which every rule accepts
// silently, and declarations with syntax errors are skipped.
//
// The returned Symbols are the checked program's tables (schema, metrics,
// lists, segments, messages, ...) for the phases after this one.
#pragma once

#include "ast/ast.h"
#include "check/symbols.h"
#include "diag/diagnostic.h"
#include "source/source.h"

namespace flowc::check {

Symbols check_program(ast::Program& program, const SourceManager& sources, DiagnosticSink& sink);

}  // namespace flowc::check
