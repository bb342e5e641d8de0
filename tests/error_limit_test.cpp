// The error limit (docs/language.md "Limits"): a sink keeps the first N
// errors, then notes N001 once and drops everything else; the parser stops
// at that point; `--error-limit` sets N on the command line (0: no limit).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "driver/load.h"
#include "golden.h"

using namespace flowc;
namespace fs = std::filesystem;

namespace {

// `lines` lines with one syntax error each.
std::string broken_lines(size_t lines) {
  std::string text;
  for (size_t i = 0; i < lines; ++i) text += "list L" + std::to_string(i) + " )\n";
  return text;
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

Span at(uint32_t offset) { return Span{0, offset, offset + 1}; }

}  // namespace

TEST_CASE("a sink keeps the first N errors, then one N001 note, listed last", "[robustness]") {
  DiagnosticSink sink;
  sink.set_error_limit(3);
  for (uint32_t i = 0; i < 5; ++i) sink.report(DiagnosticKind::SyntaxError, at(100 - i), "unexpected `)`").hint = "x";
  sink.report(DiagnosticKind::UnusedMessage, at(1), "a warning after the stop");
  CHECK(sink.error_count() == 3);
  CHECK(sink.warning_count() == 0);
  CHECK(sink.stopped());
  std::vector<Diagnostic> sorted = sink.sorted();
  REQUIRE(sorted.size() == 4);
  CHECK(sorted.back().kind == DiagnosticKind::TooManyErrors);
  CHECK(sorted.back().severity == Severity::Note);
  CHECK(sorted.back().span.begin == 97);  // where the fourth error was
  CHECK(std::string(sorted.back().code()) == "N001");
}

TEST_CASE("a sink without a limit keeps every error, each distinct one once", "[robustness]") {
  DiagnosticSink sink;
  sink.set_error_limit(0);
  for (uint32_t i = 0; i < 5000; ++i) {
    sink.report(DiagnosticKind::SyntaxError, at(i), "unexpected `)`");
    sink.report(DiagnosticKind::SyntaxError, at(i), "unexpected `)`");  // a duplicate
  }
  CHECK(sink.error_count() == 5000);
  CHECK(sink.diagnostics().size() == 5000);
  CHECK_FALSE(sink.stopped());
}

TEST_CASE("the parser stops at the error limit", "[robustness]") {
  SourceManager sources;
  DiagnosticSink sink;
  REQUIRE(sink.error_limit() == DiagnosticSink::kDefaultErrorLimit);
  driver::load_program_text(FLOWC_SOURCE_DIR "/tests/limit.flow", broken_lines(20000), sources, sink);
  CHECK(sink.error_count() == DiagnosticSink::kDefaultErrorLimit);
  CHECK(sink.diagnostics().size() == DiagnosticSink::kDefaultErrorLimit + 1);
  CHECK(sink.sorted().back().kind == DiagnosticKind::TooManyErrors);
}

TEST_CASE("flowc check --error-limit N prints N errors and the note; 0 prints all", "[robustness]") {
  fs::path dir = fs::temp_directory_path() / ("flowc-error-limit-" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::path file = dir / "broken.flow";
  std::ofstream(file) << broken_lines(150);
  auto check = [&](const std::string& options, std::string& out) {
    return testing::run_command(std::string(FLOWC_BINARY) + " check " + options + " " + file.string() + " 2>&1", &out);
  };
  std::string out;
  CHECK(check("", out) == 1);
  CHECK(count_of(out, "error[E001]") == 100);
  CHECK(count_of(out, "note[N001]: too many errors") == 1);
  CHECK(out.find("note[N001]") > out.rfind("error[E001]"));
  CHECK(check("--error-limit 2", out) == 1);
  CHECK(count_of(out, "error[E001]") == 2);
  CHECK(count_of(out, "note[N001]") == 1);
  CHECK(check("--error-limit 0", out) == 1);
  CHECK(count_of(out, "error[E001]") == 150);
  CHECK(count_of(out, "N001") == 0);
  CHECK(check("--error-limit 3 --format json", out) == 1);
  CHECK(count_of(out, "\"code\":\"E001\"") == 3);
  CHECK(count_of(out, "\"severity\":\"note\",\"code\":\"N001\"") == 1);
  CHECK(check("--error-limit x", out) == 2);
  fs::remove_all(dir);
}
