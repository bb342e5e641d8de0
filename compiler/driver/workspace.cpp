#include "driver/workspace.h"

#include <algorithm>
#include <filesystem>

#include "driver/load.h"
#include "driver/load_parts.h"
#include "parse/parse.h"

namespace flowc::driver {

namespace fs = std::filesystem;

namespace {

// Copies a cached diagnostic into the sink of a load.
void replay(DiagnosticSink& sink, const Diagnostic& d) {
  Diagnostic& copy = sink.report(d.kind, d.span, d.message);
  copy.notes = d.notes;
  copy.hint = d.hint;
}

}  // namespace

// One load: the same walk as load_program()'s Loader (root first, imports
// depth-first, each file once, cycles reported where they close), with file
// text and parses from the workspace.
class Workspace::Loader {
 public:
  Loader(Workspace& workspace, Lease& lease) : ws_(workspace), lease_(lease) {}

  void load_root(const std::string& path) {
    std::string key = Workspace::key(path);
    std::string text;
    if (!ws_.read(key, path, text)) return;
    lease_.root = load_file(key, std::move(text));
  }

 private:
  FileId load_file(const std::string& key, std::string text) {
    loaded_.push_back(key);
    active_.push_back(key);
    Entry& entry = ws_.entry_for(key, std::move(text));
    for (const Diagnostic& d : entry.diagnostics) replay(lease_.sink, d);
    ast::File file = std::move(*entry.file);
    entry.file.reset();
    std::vector<std::pair<std::string, Span>> imports;
    for (const ast::Import& i : file.imports) imports.emplace_back(i.path.value, i.path.span);
    lease_.program.files.push_back(std::move(file));
    fs::path dir = fs::path(key).parent_path();
    for (const auto& [path, span] : imports) load_import(path, span, dir);
    active_.pop_back();
    return entry.id;
  }

  void load_import(const std::string& path, Span span, const fs::path& dir) {
    fs::path target = dir / path;
    std::string key = normalize(target);
    if (std::find(active_.begin(), active_.end(), key) != active_.end()) {
      report_import_cycle(lease_.sink, path, span, active_, target);
      return;
    }
    if (std::find(loaded_.begin(), loaded_.end(), key) != loaded_.end()) return;
    std::string text;
    if (!ws_.read(key, target.string(), text)) {
      report_unreadable_import(lease_.sink, span, target);
      return;
    }
    load_file(key, std::move(text));
  }

  Workspace& ws_;
  Lease& lease_;
  std::vector<std::string> loaded_;
  std::vector<std::string> active_;
};

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

bool Workspace::read(const std::string& key, const std::string& path, std::string& out) const {
  auto it = overlay_.find(key);
  if (it != overlay_.end()) {
    out = it->second;
    return true;
  }
  return read_file(path, out);
}

Workspace::Lease Workspace::load(const std::string& path) {
  start_afresh_if_stale();
  Lease lease(this);
  lent_ = true;
  Loader(*this, lease).load_root(path);
  return lease;
}

size_t Workspace::parse_count(const std::string& path) const {
  auto it = parse_counts_.find(key(path));
  return it == parse_counts_.end() ? 0 : it->second;
}

Workspace::Entry& Workspace::entry_for(const std::string& key, std::string text) {
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.file && it->second.text == text) return it->second;
  if (it != entries_.end()) stale_bytes_ += it->second.text.size();
  Entry& entry = entries_[key];
  entry = Entry{};
  entry.id = sources_.add(key, text);
  entry.text = std::move(text);
  DiagnosticSink local;
  ast::File file = parse::parse_file(sources_, entry.id, local);
  load_body_files(file, fs::path(key).parent_path(), sources_, local);
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
