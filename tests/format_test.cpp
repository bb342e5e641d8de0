// `flowc fmt` (compiler/format). Golden layouts: tests/format/NAME.flow is
// formatted into exactly NAME.formatted.flow, each case showing some of the
// rules of docs/tooling.md. Over every example and every golden test input:
// formatting twice changes nothing, only whitespace changes (every comment is
// kept), and the formatted program means the same: it compiles to the same
// bytecode, or gives the same diagnostics when it has errors. Then the
// command line: --check prints a diff, --list names files, both write nothing; syntax errors refuse.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "check/check.h"
#include "driver/load.h"
#include "format/format.h"
#include "golden.h"
#include "ir/module_io.h"
#include "lower/lower.h"
#include "parse/tokens.h"

using namespace flowc;
namespace fs = std::filesystem;

namespace {

const std::string kSource = FLOWC_SOURCE_DIR;

std::optional<std::string> format_text(const std::string& path, const std::string& text) {
  DiagnosticSink sink;
  return format::format_source(path, text, sink);
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::vector<fs::path> flow_files_under(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".flow") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// The tokens that carry meaning or comments, without the whitespace between
// them (a comment's trailing blanks are whitespace too).
std::vector<std::string> token_texts(const std::string& text) {
  SourceManager sources;
  FileId id = sources.add("x.flow", text);
  std::vector<std::string> texts;
  for (const parse::Token& t : parse::lex(sources, id)) {
    std::string s = t.text;
    if (t.kind == parse::TokenKind::Comment) s.erase(s.find_last_not_of(" \t") + 1);
    texts.push_back(s);
  }
  return texts;
}

std::string without_whitespace(std::string text) {
  text.erase(std::remove_if(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); }), text.end());
  return text;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// What a program means: its bytecode, or when it has errors its
// diagnostics (with `dir`, where the program lies, left out of messages).
// Debug information is left out: formatting moves code between lines, which
// changes StepDef::line, and the spacing of the source text chunks keep for
// disassembly (docs/tooling.md). Step names are kept as they are: they do not
// depend on lines (`sms#1`), so they must come out equal.
std::string meaning(const std::string& root, const std::string& dir) {
  SourceManager sources;
  DiagnosticSink sink;
  driver::LoadResult load = driver::load_program({root}, sources, sink);
  check::Symbols symbols = check::check_program(load.program, sources, sink);
  if (sink.has_errors()) {
    std::vector<std::string> lines;
    for (const Diagnostic& d : sink.diagnostics())
      lines.push_back(replace_all(std::string(d.code()) + " " + d.message, dir, "<dir>"));
    std::sort(lines.begin(), lines.end());
    std::string out = "errors:\n";
    for (const std::string& l : lines) out += l + "\n";
    return out;
  }
  ir::Module module = lower::lower_program(load.program, symbols, sources);
  for (ir::FlowDef& flow : module.flows)
    for (ir::StepDef& step : flow.steps) step.line = 0;
  for (ir::Chunk& chunk : module.chunks) chunk.source = without_whitespace(chunk.source);
  return ir::serialize(module);
}

// A copy of `dir` with every file that parses formatted in place; checks
// idempotence and token preservation on the way. Returns the copy.
fs::path formatted_copy(const std::string& dir, const std::string& name) {
  fs::path copy = fs::temp_directory_path() / ("flowc_fmt_test_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(copy);
  // Symlinks stay symlinks: a link pointing out of its folder is what e090_symlink_outside tests.
  fs::copy(dir, copy, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  for (const fs::path& file : flow_files_under(copy)) {
    std::string text = testing::read_text(file.string());
    std::optional<std::string> once = format_text(file.string(), text);
    if (!once) continue;  // syntax errors: left as they are
    INFO(file.string());
    CHECK(format_text(file.string(), *once) == once);
    CHECK(token_texts(*once) == token_texts(text));
    write_text(file, *once);
  }
  return copy;
}

// Every root program under `dir` (as listed) means the same formatted.
void check_same_meaning(const std::string& dir, const std::string& name, const std::vector<std::string>& roots) {
  fs::path copy = formatted_copy(dir, name);
  REQUIRE(!roots.empty());
  for (const std::string& root : roots) {
    fs::path relative = fs::relative(root, dir);
    INFO(root);
    CHECK(meaning((copy / relative).string(), copy.string()) == meaning(root, dir));
  }
  fs::remove_all(copy);
}

bool has_syntax_error(const std::string& path) {
  DiagnosticSink sink;
  format::format_source(path, testing::read_text(path), sink);
  return sink.has_errors();
}

}  // namespace

TEST_CASE("fmt: golden layouts", "[fmt]") {
  int cases = 0;
  for (const fs::path& expected_path : flow_files_under(kSource + "/tests/format")) {
    std::string name = expected_path.filename().string();
    const std::string suffix = ".formatted.flow";
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    std::string input_path = expected_path.string().substr(0, expected_path.string().size() - suffix.size()) + ".flow";
    INFO(input_path);
    std::optional<std::string> formatted = format_text(input_path, testing::read_text(input_path));
    REQUIRE(formatted);
    CHECK(*formatted == testing::read_text(expected_path.string()));
    ++cases;
  }
  CHECK(cases >= 4);
}

TEST_CASE("fmt: idempotent, comment-keeping and meaning-preserving over the examples", "[fmt]") {
  check_same_meaning(kSource + "/examples", "examples", {kSource + "/examples/acme.flow"});
}

// The examples are what users copy: they are kept in the canonical layout
// (what a CI job running `flowc fmt --check` over a repository expects).
TEST_CASE("fmt: the examples are in the canonical layout", "[fmt]") {
  std::string files;
  for (const auto& e : fs::recursive_directory_iterator(kSource + "/examples"))
    if (e.path().extension() == ".flow") files += " " + e.path().string();
  std::string out;
  CHECK(testing::run_command(std::string(FLOWC_BINARY) + " fmt --check" + files, &out) == 0);
  CHECK(out.empty());
}

TEST_CASE("fmt: the same over every golden test input", "[fmt]") {
  std::vector<std::string> check_roots;
  for (const std::string& path : testing::golden_cases(kSource + "/tests/check"))
    if (!has_syntax_error(path)) check_roots.push_back(path);
  CHECK(check_roots.size() > 50);
  check_same_meaning(kSource + "/tests/check", "check", check_roots);

  std::vector<std::string> run_roots;
  for (const auto& entry : fs::directory_iterator(kSource + "/tests/run"))
    if (fs::exists(entry.path() / "program.flow")) run_roots.push_back((entry.path() / "program.flow").string());
  std::sort(run_roots.begin(), run_roots.end());
  check_same_meaning(kSource + "/tests/run", "run", run_roots);

  std::vector<std::string> parse_roots, format_roots;
  for (const fs::path& p : flow_files_under(kSource + "/tests/parse")) parse_roots.push_back(p.string());
  for (const fs::path& p : flow_files_under(kSource + "/tests/format")) format_roots.push_back(p.string());
  check_same_meaning(kSource + "/tests/parse", "parse", parse_roots);
  check_same_meaning(kSource + "/tests/format", "format", format_roots);
}

TEST_CASE("fmt: the line numbers left out of the comparison are all that moves", "[fmt]") {
  // A program whose layout moves an unlabeled inline send to another line:
  // its bytecode differs only in what meaning() leaves out.
  fs::path dir = fs::temp_directory_path() / ("flowc_fmt_test_lines_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string text =
      "account { sender sms \"+15555550100\" }\nlist L\n"
      "flow F { trigger list L status live send sms \"Hi. Reply STOP to opt out.\" }\n";
  write_text(dir / "a.flow", text);
  write_text(dir / "b.flow", *format_text("b.flow", text));
  CHECK(testing::read_text((dir / "a.flow").string()) != testing::read_text((dir / "b.flow").string()));
  CHECK(meaning((dir / "a.flow").string(), "") == meaning((dir / "b.flow").string(), ""));
  // And meaning() does see a real change.
  write_text(dir / "c.flow", text.substr(0, text.size() - 3) + " exit }\n");
  CHECK(meaning((dir / "a.flow").string(), "") != meaning((dir / "c.flow").string(), ""));
  fs::remove_all(dir);
}

TEST_CASE("fmt: text with syntax errors is not formatted", "[fmt]") {
  DiagnosticSink sink;
  std::string text = "list Newsletter\nflow F { trigger list Newsletter send }\n";
  CHECK(format::format_source("bad.flow", text, sink) == std::nullopt);
  REQUIRE(sink.error_count() >= 1);
  CHECK(std::string(sink.diagnostics()[0].code()) == "E001");
  CHECK(sink.diagnostics()[0].span.file == 0);
}

TEST_CASE("fmt: the command line", "[fmt][cli]") {
  fs::path dir = fs::temp_directory_path() / ("flowc_fmt_test_cli_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string tidy = "list Newsletter\n", messy = "list   Newsletter   # hi   \nlist B\n";
  const std::string messy_formatted = "list Newsletter  # hi\nlist B\n";
  const std::string broken = "flow F { trigger }\n";
  write_text(dir / "tidy.flow", tidy);
  write_text(dir / "messy.flow", messy);
  write_text(dir / "broken.flow", broken);
  std::string flowc = std::string(FLOWC_BINARY) + " fmt ", d = dir.string() + "/";
  std::string out;

  SECTION("--list names the files that would change, --check prints their diff; both write nothing, exit 1") {
    CHECK(testing::run_command(flowc + "--list " + d + "tidy.flow " + d + "messy.flow", &out) == 1);
    CHECK(out == d + "messy.flow\n");
    CHECK(testing::run_command(flowc + "--check " + d + "tidy.flow " + d + "messy.flow", &out) == 1);
    CHECK(out.rfind("--- " + d + "messy.flow\n+++ " + d + "messy.flow\n@@ ", 0) == 0);
    CHECK(testing::read_text(d + "messy.flow") == messy);
    CHECK(testing::run_command(flowc + "--check " + d + "tidy.flow", &out) == 0);
    CHECK(out.empty());
  }
  SECTION("without --check the files are rewritten, then --check passes") {
    CHECK(testing::run_command(flowc + d + "tidy.flow " + d + "messy.flow", &out) == 0);
    CHECK(testing::read_text(d + "messy.flow") == messy_formatted);
    CHECK(testing::read_text(d + "tidy.flow") == tidy);
    CHECK(testing::run_command(flowc + "--check " + d + "messy.flow", &out) == 0);
  }
  SECTION("a file with a syntax error: E001 as `flowc check` prints it, the file untouched, exit 1") {
    CHECK(testing::run_command(flowc + d + "broken.flow 2>&1", &out) == 1);
    CHECK(out.find("broken.flow:1:18: error[E001]") != std::string::npos);
    CHECK(testing::read_text(d + "broken.flow") == broken);
  }
  SECTION("an unreadable file: exit 3") {
    CHECK(testing::run_command(flowc + d + "missing.flow 2>/dev/null", &out) == 3);
  }
  fs::remove_all(dir);
}
