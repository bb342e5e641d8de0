// The order in which a program's files load, shared by load_program()
// (load.h) and the Workspace (workspace.h) so that both load alike.
//
// The root first, then each file's imports in source order, depth-first;
// each file once, even when several files import it; an import that leads
// back to a file still being loaded is a cycle (E004, at that import).
//
// The walk keeps its own stack of files being loaded instead of recursing,
// so a chain of 20,000 imports needs no deeper call stack than one import.
// Before an imported file is opened its canonical path must lie inside the
// allowed folders (E090); reading it is the host's `open`, whose problems
// the walk reports at the import (E003, E091, E092).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "ast/ast.h"
#include "diag/diagnostic.h"
#include "driver/allowed_folders.h"
#include "driver/program_file.h"

namespace flowc::driver {

class ImportWalk {
 public:
  // Reads the file at `key` (its canonical path: what was checked is what is
  // read) and parses it into `file`, naming it `path` in messages.
  using Open = std::function<FileProblem(const std::string& key, const std::filesystem::path& path, ast::File& file)>;

  ImportWalk(const AllowedFolders& allowed, DiagnosticSink& sink, ast::Program& program, Open open)
      : allowed_(allowed), sink_(sink), program_(program), open_(std::move(open)) {}

  // Loads the root file and everything it imports into the program. Returns
  // the problem reading the root itself (the caller reports it), or kNone,
  // also when the root was loaded already.
  FileProblem load_root(const std::string& path);

 private:
  struct Frame {
    std::string key;
    std::filesystem::path dir;  // imports are relative to it
    std::vector<std::pair<std::string, Span>> imports;
    size_t next = 0;  // the next import to follow
  };

  // Adds an opened file to the program and starts walking its imports.
  void enter(const std::string& key, const std::filesystem::path& path, ast::File file);
  // Follows one import written `written` at `span` in a file of `dir`.
  void follow(const std::string& written, Span span, const std::filesystem::path& dir);
  std::vector<std::string> active_chain() const;

  const AllowedFolders& allowed_;
  DiagnosticSink& sink_;
  ast::Program& program_;
  Open open_;
  std::vector<Frame> stack_;               // the files being loaded, outermost first
  std::unordered_set<std::string> active_; // their keys
  std::unordered_set<std::string> loaded_; // every key loaded (or being loaded)
};

}  // namespace flowc::driver
