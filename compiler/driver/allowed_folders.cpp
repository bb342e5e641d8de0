#include "driver/allowed_folders.h"

#include <algorithm>

namespace flowc::driver {

namespace fs = std::filesystem;

namespace {

// Whether `path` is `folder` or lies below it; both canonical.
bool inside(const std::string& path, const std::string& folder) {
  if (path.compare(0, folder.size(), folder) != 0) return false;
  return path.size() == folder.size() || folder.back() == '/' || path[folder.size()] == '/';
}

std::string canonical_folder(const fs::path& folder) {
  fs::path absolute = folder.empty() ? fs::current_path() : fs::absolute(folder);
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(absolute, ec);
  std::string text = (ec ? absolute.lexically_normal() : canonical).string();
  // "/a/b/" and "/a/b" are one folder; "/" stays itself.
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

}  // namespace

void AllowedFolders::add(const fs::path& folder) {
  std::string added = canonical_folder(folder);
  for (const std::string& f : folders_)
    if (inside(added, f)) return;
  std::erase_if(folders_, [&](const std::string& f) { return inside(f, added); });
  folders_.insert(std::lower_bound(folders_.begin(), folders_.end(), added), added);
}

void AllowedFolders::add_folder_of(const fs::path& file) { add(fs::absolute(file).parent_path()); }

bool AllowedFolders::admits(const std::string& canonical_path) const {
  return std::any_of(folders_.begin(), folders_.end(),
                     [&](const std::string& f) { return inside(canonical_path, f); });
}

std::string AllowedFolders::describe() const {
  std::string out;
  for (const std::string& f : folders_) out += (out.empty() ? "`" : ", `") + f + "`";
  return out;
}

}  // namespace flowc::driver
