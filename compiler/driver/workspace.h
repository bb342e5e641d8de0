// A workspace: programs loaded again and again while a few files change
// (the language server).
//
// load_program() reads and parses every file on each call. A Workspace
// instead keeps each file's parse (its AST and the diagnostics parsing gave)
// and parses a file again only when its text changed. Open documents live in
// memory (set_text) and take precedence over the disk; other files are read
// from disk on each load and re-parsed only when their content differs.
//
// Trade-offs: the checker needs the whole program as one ast::Program, which
// owns its files, so a load *lends* the cached files out to a Lease and the
// Lease gives them back when it ends; only one Lease may be alive at a time.
// The SourceManager only grows (FileIds in cached ASTs must stay valid), so
// after many edits the workspace starts afresh and parses everything once
// more; that is the only time an unchanged file is parsed again.
// `body file` templates are read when their message's file is parsed.
//
// Files may come only from the allowed folders (allowed_folders.h): those
// given to set_allowed_folders (the editor's workspace folders and
// `--allow-path`) and the folder of the file a load starts from.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "diag/diagnostic.h"
#include "driver/allowed_folders.h"
#include "driver/program_file.h"
#include "source/source.h"

namespace flowc::driver {

class Workspace {
 public:
  // A loaded program whose files are borrowed from the workspace. Program
  // and any check::Symbols built from it are valid until the Lease ends.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    ast::Program program;
    // Parse and load diagnostics (syntax, imports, body files); check into it.
    DiagnosticSink sink;
    // The root's file id, or nullopt when the root could not be read.
    std::optional<FileId> root;

   private:
    friend class Workspace;
    explicit Lease(Workspace* owner) : owner_(owner) {}
    Workspace* owner_;
  };

  // Sets the in-memory text of a file (an open document), by path.
  void set_text(const std::string& path, std::string text);
  // Forgets the in-memory text: the file is read from disk again.
  void drop_text(const std::string& path);
  // The in-memory text of a path, or null.
  const std::string* text(const std::string& path) const;
  // The text of a file by key, as a load reads it: in memory, else from
  // disk (with read_program_file's limits).
  FileProblem read(const std::string& key, std::string& out) const;

  // The folders every load may read from, besides its root's folder.
  void set_allowed_folders(const std::vector<std::string>& folders);

  // Loads the program rooted at `path`: the root first, then its imports
  // depth-first, like load_program(). Only one Lease may be alive at a time.
  Lease load(const std::string& path);

  const SourceManager& sources() const { return sources_; }
  // The key of a path (canonical when it exists), as used by set_text.
  static std::string key(const std::string& path);
  // How many times the file at `path` has been parsed (for tests).
  size_t parse_count(const std::string& path) const;

  // Files whose superseded texts make the workspace start afresh.
  static constexpr size_t kStaleBytesLimit = 32u << 20;

 private:
  struct Entry {
    std::string text;                       // the text that was parsed
    FileId id = 0;
    std::optional<ast::File> file;          // empty while lent out
    std::vector<Diagnostic> diagnostics;    // from parsing it and its body files
    // The folders its body files were read under (only if it has any): a
    // load under other folders parses it again.
    std::optional<AllowedFolders> body_files_allowed;
  };

  // The entry for a key, parsed from `text` unless the cached parse matches.
  Entry& entry_for(const std::string& key, std::string text, const AllowedFolders& allowed);
  // Lends the parse of a file out to a load (the import walk's `open`).
  FileProblem lend(const std::string& key, const AllowedFolders& allowed, Lease& lease, ast::File& file);
  void give_back(ast::Program& program);
  void start_afresh_if_stale();

  AllowedFolders allowed_;
  std::map<std::string, std::string> overlay_;  // key -> text
  std::map<std::string, Entry> entries_;        // key -> parse
  std::map<std::string, size_t> parse_counts_;  // key -> parses ever (survives starting afresh)
  SourceManager sources_;
  size_t stale_bytes_ = 0;
  bool lent_ = false;
};

}  // namespace flowc::driver
