// Runs every golden diagnostic case under tests/check/ (see golden.h).
#include <catch2/catch.hpp>

#include "diag/diagnostic.h"
#include "golden.h"

#include <set>

using namespace flowc::testing;

TEST_CASE("golden diagnostics under tests/check", "[golden]") {
  std::vector<std::string> cases = golden_cases(FLOWC_SOURCE_DIR "/tests/check");
  REQUIRE(cases.size() > 50);
  for (const std::string& path : cases) {
    DYNAMIC_SECTION(path) {
      GoldenResult r = run_golden(path);
      INFO("case: " << path << "\n" << r.diff() << "flowc printed:\n" << r.rendered);
      CHECK(r.matches());
    }
  }
}

TEST_CASE("every diagnostic code has a golden case", "[golden]") {
  // E092 needs a file over 16 MiB, which tests/program_files_test.cpp makes at test time.
  std::set<std::string> covered = {"E092"};
  for (const std::string& path : golden_cases(FLOWC_SOURCE_DIR "/tests/check"))
    for (const Expected& e : run_golden(path).expected) covered.insert(e.code);
  for (const flowc::DiagnosticInfo& info : flowc::all_diagnostic_kinds()) {
    INFO("no golden case expects " << info.code << " (" << info.name << ")");
    CHECK(covered.count(info.code) == 1);
  }
}
