// Size-independence of the pieces whose cost must not grow with the program
// (bench/scaling.sh measures the whole check; these pin the parts that were
// quadratic without timing anything).
#include <catch2/catch.hpp>

#include <sstream>

#include "diag/render.h"
#include "source/source.h"

using namespace flowc;

namespace {

std::string rendered(const SourceManager& sources, Span span) {
  Diagnostic d{DiagnosticKind::SyntaxError, Severity::Error, span, "unexpected `}`", {}, {}};
  std::ostringstream out;
  render_text(out, sources, {d});
  return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("a diagnostic on a very long line shows a window of the line", "[unit]") {
  // A generated program on one line: rendering each diagnostic must not copy
  // the whole line, or N diagnostics on an N-byte line cost N squared.
  std::string text(100000, 'a');
  text[50000] = '}';
  SourceManager sources;
  FileId id = sources.add("one_line.flow", text + "\n");
  std::vector<std::string> lines = lines_of(rendered(sources, Span{id, 50000, 50001}));
  REQUIRE(lines.size() >= 3);
  const std::string& snippet = lines[1];
  const std::string& caret = lines[2];
  CHECK(snippet.size() < 300);
  CHECK(snippet.find(" | ...") != std::string::npos);
  CHECK(snippet.substr(snippet.size() - 3) == "...");
  // The caret still sits under the `}`.
  size_t at = caret.find('^');
  REQUIRE(at != std::string::npos);
  CHECK(snippet[at] == '}');
}

TEST_CASE("a diagnostic near the start of a long line shows the line's start", "[unit]") {
  std::string text = "x}" + std::string(5000, ' ') + "\r\n";
  SourceManager sources;
  FileId id = sources.add("start.flow", text);
  std::vector<std::string> lines = lines_of(rendered(sources, Span{id, 1, 2}));
  REQUIRE(lines.size() >= 3);
  CHECK(lines[1].find(" | x}") != std::string::npos);
  CHECK(lines[1].substr(lines[1].size() - 3) == "...");
  CHECK(lines[2].find('^') == lines[1].find('}'));
}

TEST_CASE("short lines are shown whole", "[unit]") {
  SourceManager sources;
  FileId id = sources.add("short.flow", "list A\r\nflow F {\n  }\n");
  std::vector<std::string> lines = lines_of(rendered(sources, Span{id, 10, 14}));
  REQUIRE(lines.size() >= 3);
  CHECK(lines[1] == "    2 | flow F {");
  CHECK(lines[2] == "      |   ^^^^");
}
