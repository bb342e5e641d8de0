#include "driver/workspace.h"

#include <algorithm>
#include <filesystem>

#include "driver/import_walk.h"
#include "driver/load_parts.h"

namespace flowc::driver {

namespace fs = std::filesystem;

namespace {

// Copies a cached diagnostic into the sink of a load.
void replay(DiagnosticSink& sink, const Diagnostic& d) {
  Diagnostic& copy = sink.report(d.kind, d.span, d.message);
  copy.notes = d.notes;
  copy.hint = d.hint;
}

bool has_body_files(const ast::File& file) {
  for (const ast::Message& m : file.messages)
    for (const ast::MessageField& f : m.fields)
      if (f.is_file) return true;
  return false;
}

}  // namespace

Workspace::Lease::Lease(Lease&& other) noexcept
    : program(std::move(other.program)), sink(std::move(other.sink)), root(other.root), owner_(other.owner_) {
  other.owner_ = nullptr;
}

Workspace::Lease::~Lease() {
  if (owner_) owner_->give_back(program);
}

std::string Workspace::key(const std::string& path) { return normalize(path); }

void Workspace::set_text(const std::string& path, std::string text) { overlay_[key(path)] = std::move(text); }

void Workspace::drop_text(const std::string& path) { overlay_.erase(key(path)); }

const std::string* Workspace::text(const std::string& path) const {
  auto it = overlay_.find(key(path));
  return it == overlay_.end() ? nullptr : &it->second;
}

void Workspace::set_allowed_folders(const std::vector<std::string>& folders) {
  allowed_ = AllowedFolders();
  for (const std::string& folder : folders) allowed_.add(folder);
}

FileProblem Workspace::read(const std::string& key, std::string& out) const {
  auto it = overlay_.find(key);
  if (it == overlay_.end()) return read_program_file(key, out);
  out = it->second;
  return FileProblem::kNone;
}

FileProblem Workspace::lend(const std::string& key, const AllowedFolders& allowed, Lease& lease, ast::File& file) {
  std::string text;
  if (FileProblem problem = read(key, text); problem != FileProblem::kNone) return problem;
  Entry& entry = entry_for(key, std::move(text), allowed);
  for (const Diagnostic& d : entry.diagnostics) replay(lease.sink, d);
  file = std::move(*entry.file);
  entry.file.reset();
  if (!lease.root) lease.root = entry.id;
  return FileProblem::kNone;
}

Workspace::Lease Workspace::load(const std::string& path) {
  start_afresh_if_stale();
  Lease lease(this);
  lent_ = true;
  AllowedFolders allowed = allowed_;
  allowed.add_folder_of(path);
  // The same walk as load_program(), with texts and parses from the workspace.
  auto open = [&](const std::string& key, const fs::path&, ast::File& file) { return lend(key, allowed, lease, file); };
  ImportWalk(allowed, lease.sink, lease.program, open).load_root(path);
  return lease;
}

size_t Workspace::parse_count(const std::string& path) const {
  auto it = parse_counts_.find(key(path));
  return it == parse_counts_.end() ? 0 : it->second;
}

Workspace::Entry& Workspace::entry_for(const std::string& key, std::string text, const AllowedFolders& allowed) {
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.file && it->second.text == text &&
      (!it->second.body_files_allowed || *it->second.body_files_allowed == allowed))
    return it->second;
  if (it != entries_.end()) stale_bytes_ += it->second.text.size();
  Entry& entry = entries_[key];
  entry = Entry{};
  entry.id = sources_.add(key, text);
  entry.text = std::move(text);
  DiagnosticSink local;
  ast::File file = parse_program_file(sources_, entry.id, allowed, local);
  if (has_body_files(file)) entry.body_files_allowed = allowed;
  entry.diagnostics = local.diagnostics();
  entry.file = std::move(file);
  ++parse_counts_[key];
  return entry;
}

void Workspace::give_back(ast::Program& program) {
  for (ast::File& file : program.files) {
    auto it = entries_.find(sources_.file(file.file_id).path());
    if (it != entries_.end() && it->second.id == file.file_id && !it->second.file) it->second.file = std::move(file);
  }
  program.files.clear();
  lent_ = false;
}

void Workspace::start_afresh_if_stale() {
  if (lent_ || stale_bytes_ < kStaleBytesLimit) return;
  entries_.clear();
  sources_ = SourceManager();
  stale_bytes_ = 0;
}

}  // namespace flowc::driver
