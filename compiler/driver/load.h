// Loading a program: the files named on the command line, everything they
// import (relative to the importing file), and the templates of `body file`.
//
// All root files together form one program. Each file is read and parsed
// once, even when several files import it; an import that leads back to a
// file still being loaded is a cycle (E004). Imports and `body file`s may
// only name regular files of at most 16 MiB inside the allowed folders: the
// root files' folders and `extra_allowed` (allowed_folders.h).
#pragma once

#include <string>
#include <vector>

#include "ast/ast.h"
#include "diag/diagnostic.h"
#include "driver/program_file.h"
#include "source/source.h"

namespace flowc::driver {

// A root file that could not be read, and why.
struct UnreadableRoot {
  std::string path;
  FileProblem problem = FileProblem::kUnreadable;
  uintmax_t max_bytes = kMaxProgramFileBytes;  // the cap it was read under
  // "cannot read `x`: it is not a regular file ..." for the command line.
  std::string message() const;
};

struct LoadResult {
  ast::Program program;
  // Root files that could not be read (the command line's exit code 3).
  std::vector<UnreadableRoot> unreadable;
};

// `extra_allowed`: the folders of `--allow-path`.
LoadResult load_program(const std::vector<std::string>& root_paths, SourceManager& sources, DiagnosticSink& sink,
                        const std::vector<std::string>& extra_allowed = {});

// Loads a program from text held in memory (tests, the language server,
// `flowc check -`). Imports are resolved against `virtual_path`'s directory
// on disk, which is the allowed folder, with `extra_allowed`.
LoadResult load_program_text(const std::string& virtual_path, const std::string& text, SourceManager& sources,
                             DiagnosticSink& sink, const std::vector<std::string>& extra_allowed = {});

// Reads a whole regular file of at most 16 MiB; false when it cannot
// (program_file.h says why, for callers that need to).
bool read_file(const std::string& path, std::string& out);

}  // namespace flowc::driver
