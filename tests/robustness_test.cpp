// Robustness: no input may crash the front end. Random truncations, byte
// flips, insertions and deletions of the example files are parsed and
// checked in process (under the sanitizers in scripts/test); some are also
// run through the flowc binary, which must exit 0 or 1, never crash.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "check/check.h"
#include "driver/load.h"
#include "golden.h"

using namespace flowc;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> example_texts() {
  std::vector<std::string> texts;
  for (const auto& entry : fs::recursive_directory_iterator(FLOWC_SOURCE_DIR "/examples")) {
    if (entry.path().extension() != ".flow") continue;
    std::ifstream in(entry.path());
    std::stringstream s;
    s << in.rdbuf();
    texts.push_back(s.str());
  }
  return texts;
}

// One random mutation: truncate, flip a byte, delete or duplicate a span.
std::string mutate(const std::string& text, std::mt19937& rng) {
  if (text.empty()) return text;
  std::uniform_int_distribution<size_t> pos(0, text.size() - 1);
  std::string out = text;
  switch (rng() % 5) {
    case 0: out.resize(pos(rng)); break;
    case 1: {
      size_t p = pos(rng);
      out[p] = static_cast<char>(rng() % 256);
      break;
    }
    case 2: {
      size_t p = pos(rng);
      out.erase(p, std::min<size_t>(rng() % 40, out.size() - p));
      break;
    }
    case 3: {
      size_t p = pos(rng);
      out.insert(p, text.substr(pos(rng), rng() % 40));
      break;
    }
    case 4: {
      static const char* tokens[] = {"{", "}", "\"", "\"\"\"", "{{", "}}", "(", ")", "==", "not", "wait", "send",
                                     "#", "\n", "9999999999999999999999", "1d", "25:99", "2026-13-45", "\\u{110000}"};
      out.insert(pos(rng), tokens[rng() % (sizeof tokens / sizeof *tokens)]);
      break;
    }
  }
  return out;
}

void check_text(const std::string& text) {
  SourceManager sources;
  DiagnosticSink sink;
  driver::LoadResult load = driver::load_program_text(FLOWC_SOURCE_DIR "/examples/fuzz.flow", text, sources, sink);
  check::check_program(load.program, sources, sink);
}

}  // namespace

TEST_CASE("mutated examples never crash the parser or the checker", "[robustness]") {
  std::vector<std::string> texts = example_texts();
  REQUIRE(texts.size() >= 6);
  std::mt19937 rng(20261123);  // fixed seed: failures reproduce
  int runs = 0;
  for (int round = 0; round < 60; ++round) {
    for (const std::string& original : texts) {
      std::string text = original;
      int mutations = 1 + static_cast<int>(rng() % 4);
      for (int m = 0; m < mutations; ++m) text = mutate(text, rng);
      check_text(text);
      ++runs;
    }
  }
  CHECK(runs == 60 * static_cast<int>(texts.size()));
}

TEST_CASE("every prefix of a file is handled", "[robustness]") {
  std::ifstream in(FLOWC_SOURCE_DIR "/examples/acme/automations.flow");
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  for (size_t cut = 0; cut < text.size(); cut += 7) check_text(text.substr(0, cut));
  SUCCEED();
}

TEST_CASE("hostile inputs are reported, not fatal", "[robustness]") {
  check_text(std::string(100000, '('));
  check_text(std::string("segment S = ") + std::string(2000, '(') + "1" + std::string(2000, ')'));
  check_text(std::string("\xff\xfe\x00\x01", 4));
  check_text("email e { body \"{{{{{{ }}}}}}\" }");
  check_text("\"\"\"");
  check_text("flow F { wait 99999999999999999999d }");
  SUCCEED();
}

TEST_CASE("the flowc binary exits 1 on mutated input, never crashes", "[robustness]") {
  std::vector<std::string> texts = example_texts();
  std::mt19937 rng(7);
  fs::path dir = fs::temp_directory_path() / ("flowc-robustness-" + std::to_string(getpid()));
  fs::create_directories(dir);
  for (int i = 0; i < 20; ++i) {
    std::string text = mutate(mutate(texts[i % texts.size()], rng), rng);
    fs::path file = dir / "case.flow";
    std::ofstream(file) << text;
    int status = testing::run_command(std::string(FLOWC_BINARY) + " check " + file.string() + " 2>/dev/null");
    INFO("case " << i << ":\n" << text);
    CHECK((status == 0 || status == 1));
  }
  fs::remove_all(dir);
}
