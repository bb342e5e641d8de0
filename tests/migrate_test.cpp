// Program upgrades on a saved state (docs/state.md, "Program upgrades"):
// one scenario folder per rule under tests/migrate/<case>/, driven as a
// user drives flowc:
//
//   old.flow, before.ndjson   the program and stream that wrote the state
//   new.flow, after.ndjson    the upgraded program and the stream after it
//   map                       optional: one FLOW:OLD=NEW a line (`--map`)
//   plan.txt [plan.json]      `flowc migrate new.flow --state DIR` [--format json]
//   expected.ndjson           the activity from the upgrade on (its exits first)
//   expected_report.json      the report at the end (`--drain`)
//
// A case whose plan needs no migration must run with no `--migrate`; any
// other must be refused without it (exit 1, naming `flowc migrate`, the
// folder unchanged). FLOWC_UPDATE_GOLDEN=1 rewrites the expected files.
// Plus the shape itself (text-only edits keep it, its text round-trips),
// the serve-side question (state::migration_needed), and bad folders.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "flowc_command.h"
#include "golden.h"
#include "in_process.h"
#include "state/program_upgrade.h"
#include "state/state_dir.h"
#include "temp_folder.h"

namespace fs = std::filesystem;
using flowc::testing::read_text;
using flowc::testing::run_command;

namespace {

const std::string kCases = std::string(FLOWC_SOURCE_DIR) + "/tests/migrate/";

std::string q(const std::string& s) { return flowc::testing::sh_quote(s); }

// One scratch folder per test case (test cases run one after another).
struct Scratch : flowc::testing::TempFolder {
  Scratch() : TempFolder("flowc-migrate") {}
};

using Result = flowc::testing::FlowcResult;
using flowc::testing::run_flowc;
using flowc::testing::tree_digest;

void check_golden(const std::string& path, const std::string& actual) {
  flowc::testing::check_golden_file(path, actual);
}

std::vector<std::string> cases() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kCases))
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

void run_case(const std::string& name) {
  INFO("case " << name);
  const std::string dir = kCases + name + "/";
  Scratch tmp;
  const std::string state = tmp / "state";
  const Result first = run_flowc("run " + q(dir + "old.flow") + " -q --events " + q(dir + "before.ndjson") + " --state " +
                                 q(state) + " --out " + q(tmp / "before-activity.ndjson"),
                             tmp);
  INFO(first.err);
  REQUIRE(first.status == 0);

  std::string maps;
  {
    std::ifstream in(dir + "map");
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) maps += " --map " + q(line);
  }
  const std::string migrate = "migrate " + q(dir + "new.flow") + " --state " + q(state) + maps;
  const Result plan = run_flowc(migrate, tmp);
  INFO(plan.err);
  REQUIRE(plan.status == 0);
  check_golden(dir + "plan.txt", plan.out);
  if (fs::exists(dir + "plan.json")) {
    const Result json = run_flowc(migrate + " --format json", tmp);
    REQUIRE(json.status == 0);
    check_golden(dir + "plan.json", json.out);
  }
  const bool needs_migration = plan.out.find("nothing to migrate") == std::string::npos;

  const std::string after = "run " + q(dir + "new.flow") + " -q --events " + q(dir + "after.ndjson") + " --drain --state " +
                            q(state) + " --out " + q(tmp / "after.ndjson") + " --report " + q(tmp / "report.json");
  std::string activity;
  // One case checks the refusal without --migrate, and that the plan and
  // the refusal change no record (each flowc under the sanitizer costs a
  // second: the tag has a time budget).
  if (needs_migration && name == "step_removed_exits") {
    const std::string exported = "state export " + q(state);
    const std::string before = run_flowc(exported, tmp).out;
    const Result refused = run_flowc(after, tmp);
    CHECK(refused.status == 1);
    CHECK(refused.err.find("flowc migrate") != std::string::npos);
    CHECK(refused.err.find("--migrate") != std::string::npos);
    CHECK(run_flowc(exported, tmp).out == before);
  }
  if (needs_migration && !maps.empty()) {
    const Result applied = run_flowc(migrate + " --apply --out " + q(tmp / "exits.ndjson"), tmp);
    INFO(applied.err);
    REQUIRE(applied.status == 0);
    activity = read_text(tmp / "exits.ndjson");
  }
  const Result ran = run_flowc(after + (needs_migration && maps.empty() ? " --migrate" : ""), tmp);
  INFO(ran.err);
  REQUIRE(ran.status == 0);
  check_golden(dir + "expected.ndjson", activity + read_text(tmp / "after.ndjson"));
  check_golden(dir + "expected_report.json", read_text(tmp / "report.json"));
  // Migrated, the state now has the new program's shape: it runs on with no --migrate.
  if (name == "step_mapped") CHECK(run_flowc(migrate, tmp).out.find("nothing to migrate") != std::string::npos);
}

flowc::ir::Module compile(const std::string& path) {
  std::unique_ptr<flowc::testing::Program> program = flowc::testing::program_file(path);
  REQUIRE(program);
  return program->module;
}

}  // namespace

TEST_CASE("migrate: every rule's scenario (tests/migrate/<case>)", "[migrate]") {
  const std::vector<std::string> names = cases();
  REQUIRE(names.size() >= 14);
  for (const std::string& name : names) run_case(name);
}

TEST_CASE("migrate: a text-only edit keeps the program's shape; the shape's text round-trips", "[migrate]") {
  using namespace flowc::state;
  const std::string text_edit = kCases + "text_edit_no_migration/";
  const ProgramShape old_shape = shape_of(compile(text_edit + "old.flow"));
  CHECK(shape_of(compile(text_edit + "new.flow")) == old_shape);
  ProgramShape decoded;
  std::string error;
  REQUIRE(decode_shape(encode_shape(old_shape), decoded, error));
  CHECK(decoded == old_shape);
  std::string newer = encode_shape(old_shape);
  newer.replace(0, newer.find('\n'), "flowc-shape 2");
  CHECK_FALSE(decode_shape(newer, decoded, error));
  CHECK(error.find("version 2, newer than this flowc reads (1)") != std::string::npos);
  CHECK_FALSE(decode_shape("flowc-shape 1\nflow\tonly two\n", decoded, error));
  CHECK(error.find("damaged at line 2") != std::string::npos);
}

TEST_CASE("migrate: what serve asks on a reload (migration_needed)", "[migrate]") {
  const std::string base = kCases;
  const auto old_program = compile(base + "step_removed_exits/old.flow");
  CHECK(flowc::state::migration_needed(old_program, compile(base + "text_edit_no_migration/new.flow")).empty());
  CHECK(flowc::state::migration_needed(old_program, compile(base + "step_removed_exits/new.flow")) ==
        "flow \"Onboarding\": step `first_wait` removed; and 1 more change");
}

TEST_CASE("migrate: a dropped session takes its timeout with it (automation_removed)", "[migrate]") {
  Scratch tmp;
  const std::string dir = kCases + "automation_removed/";
  const std::string state = tmp / "state";
  REQUIRE(run_flowc("run " + q(dir + "old.flow") + " -q --events " + q(dir + "before.ndjson") + " --state " + q(state) +
                    " --out " + q(tmp / "a.ndjson"),
                tmp)
              .status == 0);
  const std::string inspect = "state inspect " + q(state);
  REQUIRE(run_flowc(inspect, tmp).out.find("\"session_timeout\": 1") != std::string::npos);
  const Result applied = run_flowc("migrate " + q(dir + "new.flow") + " --state " + q(state) + " --apply --out " +
                                       q(tmp / "exits.ndjson"),
                                   tmp);
  INFO(applied.err);
  REQUIRE(applied.status == 0);
  const std::string after = run_flowc(inspect, tmp).out;
  INFO(after);
  CHECK(after.find("\"sessions\": 0") != std::string::npos);
  CHECK(after.find("\"session_timeout\": 0") != std::string::npos);
}

TEST_CASE("migrate: --map moves runs within a flow, not to a renamed one (flow_renamed)", "[migrate]") {
  Scratch tmp;
  const std::string dir = kCases + "flow_renamed/";
  const std::string state = tmp / "state";
  REQUIRE(run_flowc("run " + q(dir + "old.flow") + " -q --events " + q(dir + "before.ndjson") + " --state " + q(state) +
                    " --out " + q(tmp / "a.ndjson"),
                tmp)
              .status == 0);
  for (const char* map : {"Onboarding:first_wait=first_wait", "Onboarding v2:first_wait=first_wait"}) {
    const Result r = run_flowc("migrate " + q(dir + "new.flow") + " --state " + q(state) + " --map " + q(map), tmp);
    INFO(map << ": " << r.err);
    CHECK(r.status == 2);
    CHECK(r.err.find("is not in both programs") != std::string::npos);
  }
}

TEST_CASE("migrate: bad --map, and newer or damaged state folders (exit 3, nothing changed)", "[migrate]") {
  Scratch tmp;
  const std::string dir = kCases + "step_mapped/";
  const std::string state = tmp / "state";
  REQUIRE(run_flowc("run " + q(dir + "old.flow") + " -q --events " + q(dir + "before.ndjson") + " --state " + q(state) +
                    " --out " + q(tmp / "a.ndjson"),
                tmp)
              .status == 0);
  const std::string migrate = "migrate " + q(dir + "new.flow") + " --state " + q(state);
  CHECK(run_flowc(migrate + " --map Onboarding-first_wait", tmp).status == 2);
  const Result not_a_wait = run_flowc(migrate + " --map Onboarding:first_wait=nudge --apply", tmp);
  CHECK(not_a_wait.status == 2);
  CHECK(not_a_wait.err.find("`nudge` is a send, not a wait") != std::string::npos);

  const std::string run = "run " + q(dir + "new.flow") + " -q --events " + q(dir + "after.ndjson") + " --state " +
                          q(state) + " --migrate --out " + q(tmp / "b.ndjson");
  auto refused = [&](const std::string& message) {
    const std::string before = tree_digest(state);
    for (const std::string& command : {migrate, migrate + " --apply", run}) {
      const Result r = run_flowc(command, tmp);
      INFO(command << ": " << r.err);
      CHECK(r.status == 3);
      CHECK(r.err.find(message) != std::string::npos);
    }
    CHECK(tree_digest(state) == before);
  };
  SECTION("a newer format") {
    const uint64_t newer = flowc::state::kStateFormat + 1;
    std::ofstream(state + "/FLOWC_STATE", std::ios::trunc) << "flowc-state " << newer << "\n";
    refused("has format " + std::to_string(newer) + ", newer than this flowc reads (" +
            std::to_string(flowc::state::kStateFormat) + ")");
  }
  SECTION("a damaged database names the file") {
    fs::remove(state + "/db/CURRENT");
    refused("db/CURRENT");
  }
}
