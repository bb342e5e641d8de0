// Parsing: source text -> AST.
//
// The only phase that sees ANTLR. It turns the ANTLR parse tree into the
// project's AST right away, decodes string literals, parses `{{ }}` template
// holes, and turns ANTLR's syntax errors into located E001 diagnostics with
// readable messages. It never fails: whatever it can recognise becomes AST,
// and declarations that contain a syntax error are listed in File::broken so
// the checker can skip them instead of piling follow-on errors on top.
#pragma once

#include <string>
#include <vector>

#include "ast/ast.h"
#include "diag/diagnostic.h"
#include "source/source.h"

namespace flowc::parse {

// Parses one registered source file.
ast::File parse_file(const SourceManager& sources, FileId file, DiagnosticSink& sink);

// Parses a whole file's content as template text (for `body file`).
ast::Text parse_template_file(const SourceManager& sources, FileId file, DiagnosticSink& sink);

// Parses a single expression (for tools and tests).
ast::ExprPtr parse_expression(const SourceManager& sources, FileId file, DiagnosticSink& sink);

}  // namespace flowc::parse
