#include "driver/load.h"

#include <fmt/format.h>

#include <filesystem>
#include <utility>

#include "driver/allowed_folders.h"
#include "driver/import_walk.h"
#include "driver/load_parts.h"
#include "parse/parse.h"

namespace flowc::driver {

namespace fs = std::filesystem;

bool read_file(const std::string& path, std::string& out) { return read_program_file(path, out) == FileProblem::kNone; }

std::string UnreadableRoot::message() const {
  if (problem == FileProblem::kUnreadable) return fmt::format("cannot read `{}`", path);
  return fmt::format("cannot read `{}`: it {}", path, describe(problem, max_bytes));
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

void report_outside_allowed_folders(DiagnosticSink& sink, Span span, const std::string& written,
                                    const std::string& key, const AllowedFolders& allowed) {
  auto& d = sink.report(DiagnosticKind::PathNotAllowed, span,
                        fmt::format("`{}` is `{}`, outside the folders the program may read from", written, key));
  d.notes.push_back({Span{}, "the allowed folders are " + allowed.describe()});
  d.hint = "move the file into one of them, or allow its folder with `--allow-path DIR`";
}

void report_file_problem(DiagnosticSink& sink, Span span, const std::string& written, FileProblem problem) {
  if (problem == FileProblem::kNotRegular) {
    sink.report(DiagnosticKind::NotARegularFile, span, fmt::format("`{}` {}", written, describe(problem)))
        .hint = "name a .flow or template file, not a folder, device or FIFO";
  } else {
    sink.report(DiagnosticKind::FileTooLarge, span, fmt::format("`{}` {}", written, describe(problem)))
        .hint = "split it into smaller files";
  }
}

void load_body_files(ast::File& file, const fs::path& dir, const AllowedFolders& allowed, SourceManager& sources,
                     DiagnosticSink& sink) {
  for (ast::Message& m : file.messages) {
    for (const ast::MessageField& f : m.fields) {
      if (!f.is_file || f.texts.empty()) continue;
      const ast::Text& written = f.texts[0];
      fs::path target = (dir / written.value).lexically_normal();
      std::string key = normalize(target);
      if (!allowed.admits(key)) {
        report_outside_allowed_folders(sink, written.span, written.value, key, allowed);
        continue;
      }
      std::string text;
      FileProblem problem = read_program_file(key, text);
      if (problem == FileProblem::kUnreadable) {
        sink.report(DiagnosticKind::BodyFileNotFound, written.span,
                    fmt::format("body file `{}` does not exist", target.string()))
            .hint = "the path is relative to the file that declares the message";
        continue;
      }
      if (problem != FileProblem::kNone) {
        report_file_problem(sink, written.span, written.value, problem);
        continue;
      }
      FileId id = sources.add(target.string(), std::move(text));
      m.body_from_file = parse::parse_template_file(sources, id, sink);
    }
  }
}

ast::File parse_program_file(SourceManager& sources, FileId id, const AllowedFolders& allowed, DiagnosticSink& sink) {
  ast::File file = parse::parse_file(sources, id, sink);
  load_body_files(file, fs::path(sources.file(id).path()).parent_path(), allowed, sources, sink);
  return file;
}

namespace {

// Reads and parses files afresh from disk.
ImportWalk::Open fresh_parses(SourceManager& sources, DiagnosticSink& sink, const AllowedFolders& allowed) {
  return [&sources, &sink, &allowed](const std::string& key, const fs::path& path, ast::File& file) {
    std::string text;
    FileProblem problem = read_program_file(key, text);
    if (problem == FileProblem::kNone)
      file = parse_program_file(sources, sources.add(path.string(), std::move(text)), allowed, sink);
    return problem;
  };
}

}  // namespace

LoadResult load_program(const std::vector<std::string>& root_paths, SourceManager& sources, DiagnosticSink& sink,
                        const std::vector<std::string>& extra_allowed) {
  AllowedFolders allowed;
  for (const std::string& path : root_paths) allowed.add_folder_of(path);
  for (const std::string& folder : extra_allowed) allowed.add(folder);
  LoadResult result;
  ImportWalk walk(allowed, sink, result.program, fresh_parses(sources, sink, allowed));
  for (const std::string& path : root_paths)
    if (FileProblem problem = walk.load_root(path); problem != FileProblem::kNone)
      result.unreadable.push_back({path, problem});
  return result;
}

LoadResult load_program_text(const std::string& virtual_path, const std::string& text, SourceManager& sources,
                             DiagnosticSink& sink, const std::vector<std::string>& extra_allowed) {
  AllowedFolders allowed;
  allowed.add_folder_of(virtual_path);
  for (const std::string& folder : extra_allowed) allowed.add(folder);
  LoadResult result;
  auto from_disk = fresh_parses(sources, sink, allowed);
  bool root_opened = false;
  // The root (the walk's first file) comes from memory; what it imports, from disk.
  auto open = [&](const std::string& key, const fs::path& path, ast::File& file) {
    if (std::exchange(root_opened, true)) return from_disk(key, path, file);
    file = parse_program_file(sources, sources.add(virtual_path, text), allowed, sink);
    return FileProblem::kNone;
  };
  ImportWalk(allowed, sink, result.program, open).load_root(virtual_path);
  return result;
}

}  // namespace flowc::driver
