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

#include "flowc_command.h"
#include "golden.h"
#include "temp_folder.h"

namespace fs = std::filesystem;

using flowc::testing::read_text;
using flowc::testing::TempFolder;

namespace {

const std::string& kProgram = flowc::testing::kExampleProgram;
const std::string& kEvents = flowc::testing::kExampleMonth;
using flowc::testing::flowc_run;
using flowc::testing::flowc_run_program;

}  // namespace

TEST_CASE("run --state: checkpoints, kills at every dangerous moment, continuation VM then JIT", "[state]") {
  TempFolder dir("flowc-state-run");
  REQUIRE(flowc_run("--events " + kEvents + " --drain --out " + dir / "plain.ndjson" + " --report " +
                    dir / "plain.json") == 0);
  const std::string activity = read_text(dir / "plain.ndjson"), report = read_text(dir / "plain.json");
  REQUIRE(!activity.empty());

  SECTION("checkpoints every 400 lines change nothing") {
    REQUIRE(flowc_run("--events " + kEvents + " --drain --state " + dir / "s" + " --checkpoint-every 400 --out " +
                      dir / "a.ndjson" + " --report " + dir / "a.json") == 0);
    CHECK(read_text(dir / "a.ndjson") == activity);
    CHECK(read_text(dir / "a.json") == report);
  }

  SECTION("killed after an output sync, after a commit and before the report, then run again") {
    const std::string args = "--events " + kEvents + " --drain --state " + dir / "s" +
                             " --checkpoint-every 400 --out " + dir / "b.ndjson" + " --report " + dir / "b.json";
    CHECK(flowc_run(args, "FLOWC_CRASH_AT=after-commit:3") != 0);
    CHECK(flowc_run(args, "FLOWC_CRASH_AT=after-sync:2") != 0);
    CHECK(flowc_run(args, "FLOWC_CRASH_AT=before-report:1") != 0);
    CHECK_FALSE(fs::exists(dir / "b.json"));
    REQUIRE(flowc_run(args) == 0);  // the report from the finished state, nothing else
    CHECK(read_text(dir / "b.ndjson") == activity);
    CHECK(read_text(dir / "b.json") == report);
  }

  SECTION("a commit that fails in the background stops the run with an error; run again, it resumes") {
    // Periodic commits are written while the engine goes on (tools/flowc/checkpoint.cpp): the third
    // one's failure is found by the fourth checkpoint, which fails the run (exit 4, never 0).
    const std::string args = "--events " + kEvents + " --drain --state " + dir / "c" +
                             " --checkpoint-every 400 --out " + dir / "c.ndjson" + " --report " + dir / "c.json";
    const std::string err = dir / "c.err";
    CHECK(flowc::testing::run_command("FLOWC_FAIL_AT=commit:3 " + std::string(FLOWC_BINARY) + " run " + kProgram +
                                      " -q " + args + " 2>" + err) == 4);
    CHECK(read_text(err).find("cannot write state") != std::string::npos);
    CHECK(read_text(err).find("failure injected by FLOWC_FAIL_AT") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "c.json"));
    REQUIRE(flowc_run(args) == 0);
    CHECK(read_text(dir / "c.ndjson") == activity);
    CHECK(read_text(dir / "c.json") == report);
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
    CHECK(read_text(dir / "c1.ndjson") + read_text(dir / "c2.ndjson") == activity);
    CHECK(read_text(dir / "c.json") == report);

    const std::string unfinished = "--events " + dir / "p1.ndjson" + " --state " + dir / "u" +
                                   " --checkpoint-every 100 --out " + dir / "u.ndjson";
    CHECK(flowc_run(unfinished, "FLOWC_CRASH_AT=after-commit:2") != 0);
    CHECK(flowc_run("--events " + dir / "p2.ndjson" + " --state " + dir / "u" + " --out " + dir / "u.ndjson") == 3);
    CHECK(flowc_run(unfinished) == 0);
  }

  SECTION("with --state the activity must be a regular file") {
    CHECK(flowc_run("--events " + kEvents + " --state " + dir / "s" + " --out -") == 2);
    CHECK(flowc_run("--events " + kEvents + " --state " + dir / "s" + " --out " + dir / "x.ndjson --report -") == 2);
  }
}

TEST_CASE("run --state: a grown input goes on in the same activity; a saved run keeps its program and options",
          "[state]") {
  TempFolder dir("flowc-state-run");
  const std::string scenario = std::string(FLOWC_SOURCE_DIR) + "/tests/run/reach_sms_consent_cascade_and_phone_change";
  const std::string program = scenario + "/program.flow";
  const std::string other_program = std::string(FLOWC_SOURCE_DIR) + "/tests/run/step_labels_name_every_kind/program.flow";
  REQUIRE(flowc_run_program(program, "--events " + scenario + "/events.ndjson --out " + dir / "plain.ndjson" +
                                         " --report " + dir / "plain.json") == 0);
  std::vector<std::string> lines;
  {
    std::ifstream in(scenario + "/events.ndjson");
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  auto write_events = [&](size_t count) {
    std::ofstream out(dir / "grow.ndjson");
    for (size_t i = 0; i < count; ++i) out << lines[i] << '\n';
  };
  const std::string args = "--events " + dir / "grow.ndjson" + " --state " + dir / "s" + " --out " +
                           dir / "g.ndjson" + " --report " + dir / "g.json";
  write_events(lines.size() / 2);
  REQUIRE(flowc_run_program(program, args) == 0);
  write_events(lines.size());  // the same file, grown
  REQUIRE(flowc_run_program(program, args) == 0);
  CHECK(read_text(dir / "g.ndjson") == read_text(dir / "plain.ndjson"));
  CHECK(read_text(dir / "g.json") == read_text(dir / "plain.json"));

  CHECK(flowc_run_program(program, args + " --max-input-errors 5") == 2);
  CHECK(flowc_run_program(other_program, args) == 1);

  // An activity cut shorter than the checkpoint says is refused, and kept.
  const std::string killed = "--events " + dir / "grow.ndjson" + " --state " + dir / "k" +
                             " --checkpoint-every 20 --out " + dir / "k.ndjson";
  CHECK(flowc_run_program(program, killed, "FLOWC_CRASH_AT=after-commit:1") != 0);
  REQUIRE(fs::file_size(dir / "k.ndjson") > 0);
  fs::resize_file(dir / "k.ndjson", 0);
  CHECK(flowc_run_program(program, killed) == 3);
  CHECK(fs::file_size(dir / "k.ndjson") == 0);
}
