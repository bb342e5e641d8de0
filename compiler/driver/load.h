// Loading a program: the files named on the command line, everything they
// import (relative to the importing file), and the templates of `body file`.
//
// All root files together form one program. Each file is read and parsed
// once, even when several files import it; an import that leads back to a
// file still being loaded is a cycle (E004).
#pragma once

#include <string>
#include <vector>

#include "ast/ast.h"
#include "diag/diagnostic.h"
#include "source/source.h"

namespace flowc::driver {

struct LoadResult {
  ast::Program program;
  // Root files that could not be read (the command line's exit code 3).
  std::vector<std::string> unreadable;
};

LoadResult load_program(const std::vector<std::string>& root_paths, SourceManager& sources, DiagnosticSink& sink);

// Loads a program from text held in memory (tests, the language server).
// Imports are resolved against `virtual_path`'s directory on disk.
LoadResult load_program_text(const std::string& virtual_path, const std::string& text, SourceManager& sources,
                             DiagnosticSink& sink);

// Reads a whole file; false when it cannot be read.
bool read_file(const std::string& path, std::string& out);

}  // namespace flowc::driver
