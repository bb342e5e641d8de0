// Which programs a file belongs to (docs/tooling.md, "Programs, not
// files"). A program is an entry file and everything it imports; the
// server checks whole programs, so a file imported by `acme.flow` is
// checked as part of acme's program, never alone.
//
// The entry files are, in this order of precedence:
//   1. those the client names (`initializationOptions.entryFiles`, or the
//      `flowc.entryFiles` setting through workspace/didChangeConfiguration),
//      paths absolute or relative to the first workspace folder;
//   2. otherwise, found: the .flow files under the workspace folders that no
//      other file imports. Only importers matter, so the search goes up
//      from a file: the files whose text names its file name and whose
//      program includes it, then theirs, until files nobody imports.
// A file no entry reaches (a new file, a scratch file, a file outside the
// workspace folders) is a program of its own.
//
// Cost: each search reads the folders' .flow files (found once, found again
// when files are created or deleted) and loads the few that name the file;
// loads reuse the workspace's parses, so nothing unchanged is parsed again.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "driver/workspace.h"

namespace flowc::lsp {

class ProgramIndex {
 public:
  explicit ProgramIndex(driver::Workspace& workspace) : workspace_(workspace) {}

  // The workspace folders, from `initialize`.
  void set_roots(std::vector<std::string> roots);
  const std::vector<std::string>& roots() const { return roots_; }
  // Entry files named by the client (empty: find them).
  void set_entry_files(const std::vector<std::string>& paths);
  const std::vector<std::string>& entry_files() const { return entry_files_; }

  // Files were created or deleted: the folders are listed again.
  void forget_listing() {
    listing_.reset();
    invalidate();
  }
  // A text changed (an edit, a file on disk, the settings): answers are
  // remembered until then, so requests between two changes cost nothing.
  void invalidate();

  // The entry files (workspace keys, sorted) of the programs that include
  // `path`; {path} when none does.
  std::vector<std::string> entries_of(const std::string& path);
  // The files of the program rooted at `entry` (keys).
  const std::set<std::string>& files_of(const std::string& entry);

  // The listing stops at this many .flow files (a workspace folder opened
  // on a whole disk must not stall the server); docs/tooling.md says so.
  static constexpr size_t kMaxListedFiles = 20000;

 private:
  const std::vector<std::string>& listing();
  const std::string& text_of(const std::string& key);
  // The listed files that name `key`'s file name and whose program includes it.
  std::vector<std::string> importers_of(const std::string& key);

  driver::Workspace& workspace_;
  std::vector<std::string> roots_;
  std::vector<std::string> entry_files_;            // keys, from the client
  std::optional<std::vector<std::string>> listing_;  // keys of the .flow files under the roots
  // Remembered until invalidate():
  std::map<std::string, std::set<std::string>> files_;          // entry -> program files
  std::map<std::string, std::string> texts_;                    // key -> text ("" unreadable)
  std::map<std::string, std::vector<std::string>> entries_;     // key -> entries_of
};

}  // namespace flowc::lsp
