#include "golden.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "check/check.h"
#include "diag/render.h"
#include "driver/load.h"

namespace flowc::testing {

namespace fs = std::filesystem;

bool Expected::operator<(const Expected& o) const {
  return std::tie(file, line, code, severity) < std::tie(o.file, o.line, o.code, o.severity);
}
bool Expected::operator==(const Expected& o) const {
  return std::tie(file, line, code, severity) == std::tie(o.file, o.line, o.code, o.severity);
}
std::string Expected::to_string() const {
  return fmt::format("{}:{}: {} {}", fs::path(file).filename().string(), line, severity, code);
}

std::string GoldenResult::diff() const {
  std::string out;
  std::vector<Expected> missing, extra;
  std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(), std::back_inserter(missing));
  std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(), std::back_inserter(extra));
  for (const Expected& e : missing) out += "  expected but not reported: " + e.to_string() + "\n";
  for (const Expected& e : extra) out += "  reported but not expected: " + e.to_string() + "\n";
  return out;
}

namespace {

void parse_expectations(const std::string& file, const std::string& text, std::vector<Expected>& out) {
  static const std::regex same_line(R"(#\s*expect:\s*(.*)$)");
  static const std::regex other_line(R"(#\s*expect-line\s+(\d+):\s*(.*)$)");
  static const std::regex item(R"((error|warning|note)\s+([EWN]\d{3}))");
  std::istringstream in(text);
  std::string line;
  unsigned number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::smatch m;
    std::string list;
    unsigned target = number;
    if (std::regex_search(line, m, other_line)) {
      target = static_cast<unsigned>(std::stoul(m[1]));
      list = m[2];
    } else if (std::regex_search(line, m, same_line)) {
      list = m[1];
    } else {
      continue;
    }
    for (std::sregex_iterator it(list.begin(), list.end(), item), end; it != end; ++it)
      out.push_back({file, target, (*it)[1], (*it)[2]});
  }
}

}  // namespace

GoldenResult run_golden(const std::string& path) {
  SourceManager sources;
  DiagnosticSink sink;
  driver::LoadResult load = driver::load_program({path}, sources, sink);
  check::check_program(load.program, sources, sink);
  GoldenResult result;
  for (FileId id = 0; id < sources.size(); ++id) {
    const SourceFile& f = sources.file(id);
    if (fs::path(f.path()).extension() == ".flow") parse_expectations(f.path(), f.text(), result.expected);
  }
  for (const Diagnostic& d : sink.diagnostics()) {
    const SourceFile& f = sources.file(d.span.file);
    result.actual.push_back({f.path(), f.line_col(d.span.begin).line, severity_name(d.severity), d.code()});
  }
  std::sort(result.expected.begin(), result.expected.end());
  std::sort(result.actual.begin(), result.actual.end());
  std::ostringstream rendered;
  render_text(rendered, sources, sink.sorted());
  result.rendered = rendered.str();
  return result;
}

std::vector<std::string> golden_cases(const std::string& dir) {
  std::vector<std::string> cases;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".flow") cases.push_back(entry.path().string());
    if (entry.is_directory() && fs::exists(entry.path() / "main.flow"))
      cases.push_back((entry.path() / "main.flow").string());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int run_command(const std::string& command, std::string* output) {
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return -1;
  char buffer[4096];
  std::string text;
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, n);
  int status = pclose(pipe);
  if (output) *output = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace flowc::testing
