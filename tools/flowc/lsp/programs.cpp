#include "lsp/programs.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace flowc::lsp {

namespace fs = std::filesystem;

namespace {

// Folders no program lives in: hidden ones (.git), dependencies, build trees.
bool skipped_folder(const fs::path& folder) {
  const std::string name = folder.filename().string();
  return (!name.empty() && name[0] == '.') || name == "node_modules" || name.rfind("build", 0) == 0;
}

// The .flow files under `root`, at most `limit` more into `out`.
void list_flow_files(const std::string& root, size_t limit, std::vector<std::string>& out) {
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end && out.size() < limit; it.increment(ec)) {
    if (it->is_directory(ec)) {
      if (skipped_folder(it->path())) it.disable_recursion_pending();
    } else if (it->path().extension() == ".flow" && it->is_regular_file(ec)) {
      out.push_back(driver::Workspace::key(it->path().string()));
    }
  }
}

}  // namespace

void ProgramIndex::set_roots(std::vector<std::string> roots) {
  roots_ = std::move(roots);
  listing_.reset();
  invalidate();
}

void ProgramIndex::set_entry_files(const std::vector<std::string>& paths) {
  entry_files_.clear();
  for (const std::string& path : paths) {
    fs::path p(path);
    if (p.is_relative() && !roots_.empty()) p = fs::path(roots_.front()) / p;
    entry_files_.push_back(driver::Workspace::key(p.string()));
  }
  std::sort(entry_files_.begin(), entry_files_.end());
  entry_files_.erase(std::unique(entry_files_.begin(), entry_files_.end()), entry_files_.end());
  invalidate();
}

void ProgramIndex::invalidate() {
  files_.clear();
  texts_.clear();
  entries_.clear();
}

const std::vector<std::string>& ProgramIndex::listing() {
  if (!listing_) {
    listing_.emplace();
    for (const std::string& root : roots_) list_flow_files(root, kMaxListedFiles, *listing_);
    std::sort(listing_->begin(), listing_->end());
    listing_->erase(std::unique(listing_->begin(), listing_->end()), listing_->end());
  }
  return *listing_;
}

const std::string& ProgramIndex::text_of(const std::string& key) {
  auto [it, added] = texts_.try_emplace(key);
  if (added && workspace_.read(key, it->second) != driver::FileProblem::kNone) it->second.clear();
  return it->second;
}

const std::set<std::string>& ProgramIndex::files_of(const std::string& entry) {
  auto [it, added] = files_.try_emplace(entry);
  if (added) {
    driver::Workspace::Lease lease = workspace_.load(entry);
    for (const ast::File& f : lease.program.files) it->second.insert(workspace_.sources().file(f.file_id).path());
  }
  return it->second;
}

std::vector<std::string> ProgramIndex::importers_of(const std::string& key) {
  const std::string name = fs::path(key).filename().string();
  std::vector<std::string> out;
  for (const std::string& candidate : listing())
    if (candidate != key && text_of(candidate).find(name) != std::string::npos && files_of(candidate).count(key))
      out.push_back(candidate);
  return out;
}

std::vector<std::string> ProgramIndex::entries_of(const std::string& path) {
  const std::string key = driver::Workspace::key(path);
  if (auto known = entries_.find(key); known != entries_.end()) return known->second;
  std::vector<std::string> entries;
  if (!entry_files_.empty()) {
    for (const std::string& entry : entry_files_)
      if (entry == key || files_of(entry).count(key)) entries.push_back(entry);
  } else {
    // Up the import graph: a file nobody imports is an entry.
    std::set<std::string> seen{key};
    std::vector<std::string> frontier{key};
    while (!frontier.empty()) {
      const std::string file = frontier.back();
      frontier.pop_back();
      const std::vector<std::string> importers = importers_of(file);
      if (importers.empty()) entries.push_back(file);
      for (const std::string& importer : importers)
        if (seen.insert(importer).second) frontier.push_back(importer);
    }
    // Only a cycle of imports (an error the checker reports) leaves none.
    if (entries.empty()) entries.push_back(*seen.begin());
  }
  if (entries.empty()) entries.push_back(key);
  std::sort(entries.begin(), entries.end());
  return entries_[key] = entries;
}

}  // namespace flowc::lsp
