// Lowering: the checked AST -> the IR module (compiler/ir/module.h).
//
// Runs only on programs without errors. Names become slots and indexes,
// expressions and templates become bytecode chunks, each flow's steps become
// a graph, and every count/sum/last the program uses becomes one entry of
// Module::aggregates (identical ones are shared), so the runtime keeps per
// profile exactly the counters and windows the program needs.
#pragma once

#include "ast/ast.h"
#include "check/symbols.h"
#include "ir/module.h"
#include "source/source.h"

namespace flowc::lower {

ir::Module lower_program(const ast::Program& program, const check::Symbols& symbols, const SourceManager& sources);

}  // namespace flowc::lower
