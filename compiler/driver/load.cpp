#include "driver/load.h"

#include <algorithm>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "driver/load_parts.h"
#include "parse/parse.h"

namespace flowc::driver {

namespace fs = std::filesystem;

bool read_file(const std::string& path, std::string& out) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return false;
  out = buffer.str();
  return true;
}

std::string normalize(const fs::path& p) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(p, ec);
  return (ec ? p.lexically_normal() : canonical).string();
}

void report_import_cycle(DiagnosticSink& sink, const std::string& path, Span span,
                         const std::vector<std::string>& active, const fs::path& target) {
  auto& d = sink.report(DiagnosticKind::ImportCycle, span,
                        fmt::format("import cycle: `{}` is already being imported", path));
  std::string chain;
  for (const std::string& a : active) chain += fs::path(a).filename().string() + " -> ";
  d.notes.push_back({Span{}, "the cycle is " + chain + target.filename().string()});
  d.hint = "move the shared declarations into a file that both import";
}

void report_unreadable_import(DiagnosticSink& sink, Span span, const fs::path& target) {
  sink.report(DiagnosticKind::ImportNotFound, span,
              fmt::format("cannot read imported file `{}`", target.lexically_normal().string()))
      .hint = "import paths are relative to the importing file";
}

void load_body_files(ast::File& file, const fs::path& dir, SourceManager& sources, DiagnosticSink& sink) {
  for (ast::Message& m : file.messages) {
    for (const ast::MessageField& f : m.fields) {
      if (!f.is_file || f.texts.empty()) continue;
      fs::path target = dir / f.texts[0].value;
      std::string text;
      if (!read_file(target.string(), text)) {
        sink.report(DiagnosticKind::BodyFileNotFound, f.texts[0].span,
                    fmt::format("body file `{}` does not exist", target.lexically_normal().string()))
            .hint = "the path is relative to the file that declares the message";
        continue;
      }
      FileId id = sources.add(target.lexically_normal().string(), std::move(text));
      m.body_from_file = parse::parse_template_file(sources, id, sink);
    }
  }
}

namespace {

class Loader {
 public:
  Loader(SourceManager& sources, DiagnosticSink& sink) : sources_(sources), sink_(sink) {}

  LoadResult result;

  // Parses a registered file, then loads what it imports.
  void load_file(FileId id, const std::string& key) {
    loaded_.push_back(key);
    active_.push_back(key);
    ast::File file = parse::parse_file(sources_, id, sink_);
    fs::path dir = fs::path(sources_.file(id).path()).parent_path();
    load_body_files(file, dir, sources_, sink_);
    // Copy what imports need: `file` moves into the program before they load.
    std::vector<std::pair<std::string, Span>> imports;
    for (const ast::Import& i : file.imports) imports.emplace_back(i.path.value, i.path.span);
    result.program.files.push_back(std::move(file));
    for (const auto& [path, span] : imports) load_import(path, span, dir);
    active_.pop_back();
  }

  bool is_loaded(const std::string& key) const {
    return std::find(loaded_.begin(), loaded_.end(), key) != loaded_.end();
  }

 private:
  void load_import(const std::string& path, Span span, const fs::path& dir) {
    fs::path target = dir / path;
    std::string key = normalize(target);
    if (std::find(active_.begin(), active_.end(), key) != active_.end()) {
      report_import_cycle(sink_, path, span, active_, target);
      return;
    }
    if (is_loaded(key)) return;
    std::string text;
    if (!read_file(target.string(), text)) {
      report_unreadable_import(sink_, span, target);
      return;
    }
    load_file(sources_.add(target.lexically_normal().string(), std::move(text)), key);
  }

  SourceManager& sources_;
  DiagnosticSink& sink_;
  std::vector<std::string> loaded_;
  std::vector<std::string> active_;
};

}  // namespace

LoadResult load_program(const std::vector<std::string>& root_paths, SourceManager& sources, DiagnosticSink& sink) {
  Loader loader(sources, sink);
  for (const std::string& path : root_paths) {
    std::string key = normalize(path);
    if (loader.is_loaded(key)) continue;
    std::string text;
    if (!read_file(path, text)) {
      loader.result.unreadable.push_back(path);
      continue;
    }
    loader.load_file(sources.add(path, std::move(text)), key);
  }
  return std::move(loader.result);
}

LoadResult load_program_text(const std::string& virtual_path, const std::string& text, SourceManager& sources,
                             DiagnosticSink& sink) {
  Loader loader(sources, sink);
  loader.load_file(sources.add(virtual_path, text), normalize(virtual_path));
  return std::move(loader.result);
}

}  // namespace flowc::driver
