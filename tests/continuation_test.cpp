// Continuation over five parts (docs/state.md, "Checkpoints and resume";
// the two-part case is in state_run_test.cpp): examples/acme-month.ndjson
// cut into five consecutive files, each run with the same `--state`, the
// engines alternating (VM, JIT, VM, JIT, VM; all VM without the JIT), only
// the last with `--drain`. The five activities, concatenated, and the last
// report must be byte-identical to one run over the whole month.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "golden.h"
#include "temp_folder.h"

using flowc::testing::read_text;
using flowc::testing::run_command;
using flowc::testing::TempFolder;

namespace {

const std::string kProgram = std::string(FLOWC_SOURCE_DIR) + "/examples/acme.flow";
const std::string kEvents = std::string(FLOWC_SOURCE_DIR) + "/examples/acme-month.ndjson";

int flowc_run(const std::string& args) {
  return run_command(std::string(FLOWC_BINARY) + " run " + kProgram + " -q " + args + " 2>/dev/null");
}

// Cuts the month's lines into consecutive files, a new one starting at each
// line number in `starts`; returns their paths. The first cut is well past
// the stream's first instant (docs/state-design.md 3.9).
std::vector<std::string> cut_stream(const TempFolder& dir, const std::vector<int>& starts) {
  std::vector<std::string> paths;
  std::ifstream in(kEvents);
  std::ofstream part;
  size_t next = 0;
  std::string line;
  for (int n = 0; std::getline(in, line); ++n) {
    if (paths.empty() || (next < starts.size() && n == starts[next])) {
      if (!paths.empty()) ++next;
      part.close();
      paths.push_back(dir / ("part" + std::to_string(paths.size() + 1) + ".ndjson"));
      part.open(paths.back());
    }
    part << line << '\n';
  }
  return paths;
}

std::string engine_for_part(size_t index) {
#if FLOWC_HAVE_JIT
  return index % 2 == 0 ? "vm" : "jit";
#else
  (void)index;
  return "vm";
#endif
}

}  // namespace

TEST_CASE("run --state: five parts, the engines alternating, add up to one run", "[state]") {
  TempFolder dir("flowc-continuation");
  REQUIRE(flowc_run("--events " + kEvents + " --drain --out " + dir / "whole.ndjson" + " --report " +
                    dir / "whole.json") == 0);

  // Uneven parts, one of them short; the month has 6,236 lines.
  const std::vector<std::string> parts = cut_stream(dir, {900, 2500, 2700, 4600});
  REQUIRE(parts.size() == 5);
  std::string activity;
  for (size_t i = 0; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    const std::string out = dir / ("activity" + std::to_string(i + 1) + ".ndjson");
    INFO("part " << i + 1 << " under the " << engine_for_part(i));
    REQUIRE(flowc_run("--engine " + engine_for_part(i) + " --events " + parts[i] + " --state " + dir / "state" +
                      " --checkpoint-every 300 --out " + out + (last ? " --drain --report " + dir / "parts.json" : "")) ==
            0);
    activity += read_text(out);
  }
  CHECK(activity == read_text(dir / "whole.ndjson"));
  CHECK(read_text(dir / "parts.json") == read_text(dir / "whole.json"));
}
