#include "scenario/console.h"

#include <fmt/format.h>

namespace flowc::cli::scenario {

namespace {

// Every line of `text` indented by two spaces.
std::string indented(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += "  " + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

}  // namespace

Totals print_results(std::ostream& out, const std::vector<FileResult>& files) {
  Totals totals;
  for (const FileResult& f : files) {
    if (f.failed()) {
      out << fmt::format("FAILED  {} (the test file cannot run)\n", f.path);
      ++totals.failed;
    }
    for (const CaseResult& c : f.cases) {
      out << fmt::format("{:<8}{}: {}\n", c.passed ? "ok" : "FAILED", f.path, c.name);
      ++(c.passed ? totals.passed : totals.failed);
    }
  }
  if (totals.failed) out << "\nfailures:\n";
  for (const FileResult& f : files) {
    if (f.failed()) out << fmt::format("\n{}:\n{}", f.path, indented(f.error));
    for (const CaseResult& c : f.cases)
      if (!c.passed) out << fmt::format("\n{}:{}: test \"{}\"\n{}", f.path, c.line, c.name, c.detail);
  }
  out << fmt::format("\n{} passed, {} failed\n", totals.passed, totals.failed);
  return totals;
}

}  // namespace flowc::cli::scenario
