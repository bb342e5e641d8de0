#include "driver/import_walk.h"

#include "driver/load_parts.h"

namespace flowc::driver {

namespace fs = std::filesystem;

FileProblem ImportWalk::load_root(const std::string& path) {
  std::string key = normalize(path);
  if (loaded_.count(key)) return FileProblem::kNone;
  ast::File file;
  if (FileProblem problem = open_(key, path, file); problem != FileProblem::kNone) return problem;
  enter(key, path, std::move(file));
  while (!stack_.empty()) {
    Frame& top = stack_.back();
    if (top.next == top.imports.size()) {
      active_.erase(top.key);
      stack_.pop_back();
      continue;
    }
    // Copies: following may push a frame, which moves `top`.
    auto [written, span] = top.imports[top.next++];
    fs::path dir = top.dir;
    follow(written, span, dir);
  }
  return FileProblem::kNone;
}

void ImportWalk::enter(const std::string& key, const fs::path& path, ast::File file) {
  loaded_.insert(key);
  active_.insert(key);
  Frame frame{key, path.parent_path(), {}, 0};
  for (const ast::Import& i : file.imports) frame.imports.emplace_back(i.path.value, i.path.span);
  program_.files.push_back(std::move(file));
  stack_.push_back(std::move(frame));
}

void ImportWalk::follow(const std::string& written, Span span, const fs::path& dir) {
  fs::path target = (dir / written).lexically_normal();
  std::string key = normalize(target);
  if (active_.count(key)) {
    report_import_cycle(sink_, written, span, active_chain(), target);
    return;
  }
  if (loaded_.count(key)) return;
  if (!allowed_.admits(key)) {
    report_outside_allowed_folders(sink_, span, written, key, allowed_);
    return;
  }
  ast::File file;
  FileProblem problem = open_(key, target, file);
  if (problem == FileProblem::kUnreadable) {
    report_unreadable_import(sink_, span, target);
    return;
  }
  if (problem != FileProblem::kNone) {
    report_file_problem(sink_, span, written, problem);
    return;
  }
  enter(key, target, std::move(file));
}

std::vector<std::string> ImportWalk::active_chain() const {
  std::vector<std::string> chain;
  for (const Frame& f : stack_) chain.push_back(f.key);
  return chain;
}

}  // namespace flowc::driver
