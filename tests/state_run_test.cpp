// `flowc run --state` driven as a user drives it (docs/state.md,
// "Checkpoints and resume"): a run with checkpoints writes what a run
// without state writes; a run killed at the dangerous moments of a
// checkpoint (FLOWC_CRASH_AT, tools/flowc/crash_point.h) and run again
// ends with byte-identical activity and report; a stream cut in two parts,
// the first under the VM and the second under the JIT, adds up to the
// whole; and the refusals: an unfinished state with another input, `--out -`.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "golden.h"

namespace fs = std::filesystem;

namespace {

const std::string kProgram = std::string(FLOWC_SOURCE_DIR) + "/examples/acme.flow";
const std::string kEvents = std::string(FLOWC_SOURCE_DIR) + "/examples/acme-month.ndjson";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Folder {
  fs::path path = fs::temp_directory_path() / ("flowc-state-run-" + std::to_string(::getpid()));
  Folder() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Folder() { fs::remove_all(path); }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

int flowc_run(const std::string& args, const std::string& env = "") {
  return flowc::testing::run_command(env + " " + FLOWC_BINARY + " run " + kProgram + " -q " + args + " 2>/dev/null");
}

}  // namespace

TEST_CASE("run --state: checkpoints, kills at every dangerous moment, continuation VM then JIT", "[state]") {
  Folder dir;
  REQUIRE(flowc_run("--events " + kEvents + " --drain --out " + dir / "plain.ndjson" + " --report " +
                    dir / "plain.json") == 0);
  const std::string activity = slurp(dir / "plain.ndjson"), report = slurp(dir / "plain.json");
  REQUIRE(!activity.empty());

  SECTION("checkpoints every 400 lines change nothing") {
    REQUIRE(flowc_run("--events " + kEvents + " --drain --state " + dir / "s" + " --checkpoint-every 400 --out " +
                      dir / "a.ndjson" + " --report " + dir / "a.json") == 0);
    CHECK(slurp(dir / "a.ndjson") == activity);
    CHECK(slurp(dir / "a.json") == report);
  }

  SECTION("killed after an output sync, after a commit and before the report, then run again") {
    const std::string args = "--events " + kEvents + " --drain --state " + dir / "s" +
                             " --checkpoint-every 400 --out " + dir / "b.ndjson" + " --report " + dir / "b.json";
    CHECK(flowc_run(args, "FLOWC_CRASH_AT=after-commit:3") != 0);
    CHECK(flowc_run(args, "FLOWC_CRASH_AT=after-sync:2") != 0);
    CHECK(flowc_run(args, "FLOWC_CRASH_AT=before-report:1") != 0);
    CHECK_FALSE(fs::exists(dir / "b.json"));
    REQUIRE(flowc_run(args) == 0);  // the report from the finished state, nothing else
    CHECK(slurp(dir / "b.ndjson") == activity);
    CHECK(slurp(dir / "b.json") == report);
  }

  SECTION("two parts, VM then JIT, add up to one run; an unfinished state refuses another input") {
    std::ifstream in(kEvents);
    std::ofstream first(dir / "p1.ndjson"), second(dir / "p2.ndjson");
    std::string line;
    for (int n = 0; std::getline(in, line); ++n) (n < 4000 ? first : second) << line << '\n';
    first.close();
    second.close();
    REQUIRE(flowc_run("--events " + dir / "p1.ndjson" + " --state " + dir / "s" + " --out " + dir / "c1.ndjson") == 0);
#if FLOWC_HAVE_JIT
    const std::string engine = "--engine jit";
#else
    const std::string engine = "--engine vm";
#endif
    REQUIRE(flowc_run(engine + " --events " + dir / "p2.ndjson" + " --drain --state " + dir / "s" + " --out " +
                      dir / "c2.ndjson" + " --report " + dir / "c.json") == 0);
    CHECK(slurp(dir / "c1.ndjson") + slurp(dir / "c2.ndjson") == activity);
    CHECK(slurp(dir / "c.json") == report);

    const std::string unfinished = "--events " + dir / "p1.ndjson" + " --state " + dir / "u" +
                                   " --checkpoint-every 100 --out " + dir / "u.ndjson";
    CHECK(flowc_run(unfinished, "FLOWC_CRASH_AT=after-commit:2") != 0);
    CHECK(flowc_run("--events " + dir / "p2.ndjson" + " --state " + dir / "u" + " --out " + dir / "u.ndjson") == 3);
    CHECK(flowc_run(unfinished) == 0);
  }

  SECTION("with --state the activity must be a regular file") {
    CHECK(flowc_run("--events " + kEvents + " --state " + dir / "s" + " --out -") == 2);
    CHECK(flowc_run("--events - --state " + dir / "s" + " --out " + dir / "x.ndjson" + " </dev/null") == 2);
  }
}
