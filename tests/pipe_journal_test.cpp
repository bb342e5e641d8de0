// `flowc run --state DIR --events -` (docs/state.md, "The input journal"):
// what is read from standard input is journaled before it is applied, so a
// run killed with lines read but not applied, run again with the rest of
// the stream on its standard input, ends with the activity and report of a
// run that was never interrupted. Kills come from FLOWC_CRASH_AT
// (tools/flowc/crash_point.h); the first part is read from a file smaller
// than one read() (64 KiB), so the lines read at the kill are known.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

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

// The stream cut after its first `lines` lines.
void split(const std::string& first, const std::string& second, int lines) {
  std::ifstream in(kEvents);
  std::ofstream a(first), b(second);
  std::string line;
  for (int n = 0; std::getline(in, line); ++n) (n < lines ? a : b) << line << '\n';
}

// The activity and report of one uninterrupted run over the whole stream,
// made once for the test binary.
struct Plain {
  std::string activity, report;
};
const Plain& plain_run() {
  static TempFolder dir("flowc-pipe-plain");
  static const Plain plain = [] {
    REQUIRE(flowc_run("--events " + kEvents + " --drain --out " + dir / "plain.ndjson" + " --report " +
                      dir / "plain.json") == 0);
    return Plain{read_text(dir / "plain.ndjson"), read_text(dir / "plain.json")};
  }();
  return plain;
}

}  // namespace

TEST_CASE("run --state --events -: a kill with lines journaled, then the rest on standard input", "[serve]") {
  TempFolder dir("flowc-pipe-journal");
  const std::string& activity = plain_run().activity;
  const std::string& report = plain_run().report;
  split(dir / "p1.ndjson", dir / "p2.ndjson", 300);
  REQUIRE(fs::file_size(dir / "p1.ndjson") < 65536);  // read in one read(): all of it journaled at the kill

  const std::string first = " --events - --state " + dir / "s" + " --checkpoint-every 100 --out " + dir / "a.ndjson";
  const std::string rest = first + " --drain --report " + dir / "a.json";
  SECTION("killed after a commit, with 100 lines journaled and not applied") {
    CHECK(flowc_run(first + " < " + dir / "p1.ndjson", "FLOWC_CRASH_AT=after-commit:2") != 0);
  }
  SECTION("killed with every line journaled and none applied") {
    CHECK(flowc_run(first + " < " + dir / "p1.ndjson", "FLOWC_CRASH_AT=after-input:1") != 0);
  }
  REQUIRE(fs::exists(dir / "s/journal"));
  REQUIRE(flowc_run(rest + " < " + dir / "p2.ndjson") == 0);
  CHECK(read_text(dir / "a.ndjson") == activity);
  CHECK(read_text(dir / "a.json") == report);
  // Only the segment the last checkpoint points into is kept.
  int segments = 0;
  for (const auto& entry : fs::directory_iterator(dir / "s/journal")) segments += entry.is_regular_file();
  CHECK(segments <= 2);
}

TEST_CASE("run --state --events -: two parts through real pipes add up to one run", "[serve]") {
  TempFolder dir("flowc-pipe-parts");
  split(dir / "p1.ndjson", dir / "p2.ndjson", 3000);
  const std::string state = " --events - --state " + dir / "s";
  REQUIRE(flowc::testing::run_command("cat " + dir / "p1.ndjson" + " | " + FLOWC_BINARY + " run " + kProgram +
                                      " -q" + state + " --out " + dir / "c1.ndjson 2>/dev/null") == 0);
  REQUIRE(flowc::testing::run_command("cat " + dir / "p2.ndjson" + " | " + FLOWC_BINARY + " run " + kProgram +
                                      " -q" + state + " --drain --out " + dir / "c2.ndjson --report " +
                                      dir / "c.json 2>/dev/null") == 0);
  CHECK(read_text(dir / "c1.ndjson") + read_text(dir / "c2.ndjson") == plain_run().activity);
  CHECK(read_text(dir / "c.json") == plain_run().report);
  // An unfinished run over a pipe is not resumed from a file.
  REQUIRE(flowc_run("--events - --state " + dir / "u" + " --out " + dir / "u.ndjson < " + dir / "p1.ndjson",
                    "FLOWC_CRASH_AT=after-input:1") != 0);
  CHECK(flowc_run("--events " + dir / "p1.ndjson" + " --state " + dir / "u" + " --out " + dir / "u.ndjson") == 3);
}

// A journaled input's lines are decoded into one record the run reuses line
// after line (feed_line's LineBuffers): nothing of a line may be left for
// the next. A profile without an email after one with, an event without
// properties after one with, a bad line between them.
TEST_CASE("run --state --events -: each line's record starts empty though its buffers are reused", "[serve]") {
  TempFolder dir("flowc-pipe-reuse");
  std::ofstream(dir / "p.flow")
      << "profile { tier: string? }\n"
         "metric \"Go\" { n: int? }\n"
         "email hi { subject \"Hi {{ profile.tier | default: \\\"none\\\" }} {{ event.n | default: 0 }}\" body "
         "\"<a href=\\\"{{ unsubscribe_link }}\\\">Unsubscribe</a>\" }\n"
         "flow \"F\" {\n  trigger metric \"Go\"\n  status live\n  send email hi { smart_sending off }\n}\n";
  std::ofstream(dir / "ev.ndjson")
      << R"({"type":"profile","time":"2026-05-01T09:00:00Z","profile":"p1","email":"p1@example.com","properties":{"tier":"gold"}})" "\n"
         R"({"type":"profile","time":"2026-05-01T09:00:00Z","profile":"p2"})" "\n"
         R"({"type":"event","time":"2026-05-01T10:00:00Z","profile":"p1","metric":"Go","properties":{"n":3}})" "\n"
         "not json\n"
         R"({"type":"event","time":"2026-05-01T10:00:00Z","profile":"p2","metric":"Go"})" "\n"
         R"({"type":"event","time":"2026-05-01T11:00:00Z","profile":"p1","metric":"Go"})" "\n";
  const std::string run = std::string(FLOWC_BINARY) + " run " + dir / "p.flow" + " -q";
  REQUIRE(flowc::testing::run_command(run + " --events - --state " + dir / "s" + " --out " + dir / "a.ndjson < " +
                                      dir / "ev.ndjson 2>/dev/null") == 0);
  REQUIRE(flowc::testing::run_command(run + " --events " + dir / "ev.ndjson" + " --out " + dir / "plain.ndjson" +
                                      " 2>/dev/null") == 0);
  const std::string activity = read_text(dir / "a.ndjson");
  INFO(activity);
  CHECK(activity == read_text(dir / "plain.ndjson"));
  CHECK(activity.find(R"("profile":"p1","source":"flow","name":"F","step":"hi","channel":"email")") != std::string::npos);
  CHECK(activity.find(R"("subject":"Hi gold 3")") != std::string::npos);
  CHECK(activity.find(R"("subject":"Hi gold 0")") != std::string::npos);  // the 11:00 event has no `n`
  CHECK(activity.find(R"("to":"p1@example.com")") != std::string::npos);
  // p2 has no email of its own: nothing is sent to it.
  CHECK(activity.find(R"("type":"send","profile":"p2")") == std::string::npos);
}
