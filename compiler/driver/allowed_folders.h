// The folders a program's files may come from (docs/language.md, "Where
// program files may come from").
//
// An import or `body file` may only name a file inside one of these folders
// or their subfolders: the folders of the files named on the command line
// (for a .flowtest, of its `program` files; in the language server, the
// workspace folders and the open document's folder) and those named with
// `--allow-path DIR`. Paths are compared canonically, with symlinks resolved,
// so neither `../../etc/passwd` nor a symlink pointing out of the folders gets
// through, while `import "../common/lists.flow"` is fine wherever it lands
// inside an allowed folder.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace flowc::driver {

class AllowedFolders {
 public:
  // Adds a folder (made canonical; "" is the current folder). A folder inside
  // one already allowed adds nothing; folders inside the new one are dropped,
  // so two sets that admit the same paths compare equal.
  void add(const std::filesystem::path& folder);
  // Adds the folder that contains `file`.
  void add_folder_of(const std::filesystem::path& file);

  // Whether `canonical_path` (as normalize() gives it) lies inside a folder.
  bool admits(const std::string& canonical_path) const;

  // The folders in backticks, for a message: "`/a`, `/b`".
  std::string describe() const;

  bool operator==(const AllowedFolders& other) const { return folders_ == other.folders_; }

 private:
  std::vector<std::string> folders_;  // canonical, sorted, none inside another
};

}  // namespace flowc::driver
