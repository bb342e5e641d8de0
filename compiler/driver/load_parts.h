// Pieces of loading shared by load_program() (load.h), the import walk
// (import_walk.h) and the Workspace (workspace.h), so that they find files
// alike and word their diagnostics identically: the language server must say
// what `flowc check` says.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "diag/diagnostic.h"
#include "driver/allowed_folders.h"
#include "driver/program_file.h"
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

// E090 at an import or `body file` path (`written`) whose file, `key` once
// symlinks are resolved, lies outside the allowed folders.
void report_outside_allowed_folders(DiagnosticSink& sink, Span span, const std::string& written,
                                    const std::string& key, const AllowedFolders& allowed);

// E091 (not a regular file) or E092 (too large) at an import or `body file`.
void report_file_problem(DiagnosticSink& sink, Span span, const std::string& written, FileProblem problem);

// Reads and parses the templates of the file's `body file` fields (relative
// to `dir`) into Message::body_from_file; E041 for a missing file, E090-E092
// as for imports.
void load_body_files(ast::File& file, const std::filesystem::path& dir, const AllowedFolders& allowed,
                     SourceManager& sources, DiagnosticSink& sink);

// Parses a registered file and the templates of its `body file`s.
ast::File parse_program_file(SourceManager& sources, FileId id, const AllowedFolders& allowed, DiagnosticSink& sink);

}  // namespace flowc::driver
