// Parsing: source text -> AST.
//
// The only phase that sees ANTLR. It turns the ANTLR parse tree into the
// project's AST right away, decodes string literals, parses `{{ }}` template
// holes, and turns ANTLR's syntax errors into located E001 diagnostics with
// readable messages. It never fails: whatever it can recognise becomes AST,
// and declarations that contain a syntax error are listed in File::broken so
// the checker can skip them instead of piling follow-on errors on top.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "diag/diagnostic.h"
#include "source/source.h"

namespace flowc::parse {

// How deeply a program may nest (clang's default bracket depth is 256 too):
// brackets, blocks, `list<...>` types, prefix operators waiting for their
// operand, and the operators of a chain such as `a + b + c`, which nests as
// `(a + b) + c`. Deeper text gets E005 instead of being parsed, so that no
// phase recurses deeper than this allows (nesting.h says how). See "Limits"
// in docs/language.md.
constexpr size_t kMaxNesting = 256;

// Parses one registered source file.
ast::File parse_file(const SourceManager& sources, FileId file, DiagnosticSink& sink);

// Parses a whole file's content as template text (for `body file`).
ast::Text parse_template_file(const SourceManager& sources, FileId file, DiagnosticSink& sink);

// Parses a single expression (for tools and tests).
ast::ExprPtr parse_expression(const SourceManager& sources, FileId file, DiagnosticSink& sink);

}  // namespace flowc::parse
