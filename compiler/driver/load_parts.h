// Pieces of loading shared by load_program() (load.h) and the Workspace
// (workspace.h), so that both find files alike and word their diagnostics
// identically: the language server must say what `flowc check` says.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "diag/diagnostic.h"
#include "source/source.h"

namespace flowc::driver {

// The key a file is known by: its canonical path when it exists, else the
// lexically normal one.
std::string normalize(const std::filesystem::path& p);

// E004 at the import that leads back to a file still being loaded; `active`
// lists the keys being loaded, outermost first.
void report_import_cycle(DiagnosticSink& sink, const std::string& path, Span span,
                         const std::vector<std::string>& active, const std::filesystem::path& target);

// E003 at an import whose file cannot be read.
void report_unreadable_import(DiagnosticSink& sink, Span span, const std::filesystem::path& target);

// Reads and parses the templates of the file's `body file` fields (relative
// to `dir`) into Message::body_from_file; E041 for a missing file.
void load_body_files(ast::File& file, const std::filesystem::path& dir, SourceManager& sources, DiagnosticSink& sink);

}  // namespace flowc::driver
