// Scenario tests of the runtime: each folder under tests/run/ holds a
// program (program.flow), an event stream (events.ndjson), and the expected
// activity (expected.ndjson). Optional: `args` (extra `flowc run` flags,
// e.g. --drain) and expected_report.json.
//
// expected.ndjson lists the activity records in order, one JSON object per
// line; `#` lines are comments. Each actual record must have every field the
// expected one names, with the same value (fields it does not name are not
// compared), and there must be exactly as many records. The same rule
// applies recursively to expected_report.json.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "golden.h"
#include "in_process.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::vector<json> read_ndjson(const std::string& text, bool allow_comments) {
  std::vector<json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    if (allow_comments && line[first] == '#') continue;
    out.push_back(json::parse(line));
  }
  return out;
}

// Whether `actual` has everything `expected` names; describes the first
// difference in `why`.
bool subset(const json& expected, const json& actual, const std::string& path, std::string& why) {
  if (expected.is_object()) {
    if (!actual.is_object()) {
      why = path + ": expected an object, got " + actual.dump();
      return false;
    }
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      if (!actual.contains(it.key())) {
        why = path + "." + it.key() + ": missing (expected " + it.value().dump() + ")";
        return false;
      }
      if (!subset(it.value(), actual[it.key()], path + "." + it.key(), why)) return false;
    }
    return true;
  }
  if (expected.is_number() && actual.is_number()) {
    if (std::abs(expected.get<double>() - actual.get<double>()) < 1e-9) return true;
  } else if (expected == actual) {
    return true;
  }
  why = path + ": expected " + expected.dump() + ", got " + actual.dump();
  return false;
}

struct Outcome {
  int status = -1;
  std::string activity, report, stderr_text;
};

Outcome run_flowc(const fs::path& dir, const std::string& extra_args) {
  // Named by process too: two test runs (two build folders) may run at once.
  fs::path tmp = fs::temp_directory_path() / ("flowc-run-" + std::to_string(::getpid()) + "-" + dir.filename().string());
  fs::create_directories(tmp);
  Outcome o;
  std::string command = std::string(FLOWC_BINARY) + " run " + (dir / "program.flow").string() + " --events " +
                        (dir / "events.ndjson").string() + " --out " + (tmp / "activity.ndjson").string() +
                        " --report " + (tmp / "report.json").string() + " -q " + extra_args + " 2>" +
                        (tmp / "stderr.txt").string();
  o.status = flowc::testing::run_command(command);
  o.activity = flowc::testing::read_text(tmp / "activity.ndjson");
  o.report = flowc::testing::read_text(tmp / "report.json");
  o.stderr_text = flowc::testing::read_text(tmp / "stderr.txt");
  fs::remove_all(tmp);
  return o;
}

}  // namespace

TEST_CASE("runtime scenarios under tests/run", "[run]") {
  std::vector<fs::path> dirs = flowc::testing::run_scenario_dirs();
  REQUIRE(!dirs.empty());
  for (const fs::path& dir : dirs) {
    DYNAMIC_SECTION(dir.filename().string()) {
      std::string args = fs::exists(dir / "args") ? flowc::testing::read_text(dir / "args") : "";
      for (char& c : args)
        if (c == '\n') c = ' ';
      Outcome o = run_flowc(dir, args);
      INFO("scenario " << dir.filename().string() << "\nstderr:\n" << o.stderr_text << "\nactivity:\n" << o.activity);
      REQUIRE(o.status == 0);
      std::vector<json> expected = read_ndjson(flowc::testing::read_text(dir / "expected.ndjson"), true);
      std::vector<json> actual = read_ndjson(o.activity, false);
      for (size_t i = 0; i < std::max(expected.size(), actual.size()); ++i) {
        std::string why;
        if (i >= expected.size()) why = "unexpected extra record: " + actual[i].dump();
        else if (i >= actual.size()) why = "missing record: " + expected[i].dump();
        else subset(expected[i], actual[i], "record " + std::to_string(i + 1), why);
        INFO(why);
        CHECK(why.empty());
        if (!why.empty()) break;  // later records are shifted; one message is enough
      }
      if (fs::exists(dir / "expected_report.json")) {
        std::string why;
        subset(json::parse(flowc::testing::read_text(dir / "expected_report.json")), json::parse(o.report), "report", why);
        INFO(why);
        CHECK(why.empty());
      }
    }
  }
}

TEST_CASE("two runs of the example month give byte-identical activity", "[run]") {
  fs::path dir = FLOWC_SOURCE_DIR "/examples";
  if (!fs::exists(dir / "acme-month.ndjson")) return;
  std::string base = std::string(FLOWC_BINARY) + " run " + (dir / "acme.flow").string() + " --events " +
                     (dir / "acme-month.ndjson").string() + " -q --drain 2>/dev/null";
  std::string first, second;
  REQUIRE(flowc::testing::run_command(base, &first) == 0);
  REQUIRE(flowc::testing::run_command(base, &second) == 0);
  CHECK(first.size() > 1000);
  CHECK(first == second);
}

// The month's engagement records were made from a run of the example
// (examples/simulate_engagement.py): every one must still name a real send,
// or a change to the example left them stale (re-run the script).
TEST_CASE("the example month's engagement names real sends and earns revenue", "[run]") {
  fs::path dir = FLOWC_SOURCE_DIR "/examples";
  fs::path report = fs::temp_directory_path() / ("flowc-month-report-" + std::to_string(::getpid()) + ".json");
  REQUIRE(flowc::testing::run_command(std::string(FLOWC_BINARY) + " run " + (dir / "acme.flow").string() + " --events " +
                                      (dir / "acme-month.ndjson").string() + " -q --drain --out /dev/null --report " +
                                      report.string() + " 2>/dev/null") == 0);
  json r = json::parse(flowc::testing::read_text(report));
  fs::remove(report);
  CHECK(r["input_errors"].size() == 3);  // the three deliberately bad lines, no unknown send_id
  const json& welcome = r["flows"]["Welcome Series"];
  CHECK(welcome["opens"].get<int>() > 0);
  CHECK(welcome["clicks"].get<int>() > 0);
  CHECK(welcome["conversions"].get<int>() > 0);
  CHECK(welcome["revenue"].get<double>() > 0);
}

TEST_CASE("a built module runs exactly like its sources", "[run]") {
  fs::path dir = FLOWC_SOURCE_DIR "/examples";
  if (!fs::exists(dir / "acme-month.ndjson")) return;
  fs::path module = fs::temp_directory_path() / ("flowc-acme-" + std::to_string(::getpid()) + ".fmod");
  REQUIRE(flowc::testing::run_command(std::string(FLOWC_BINARY) + " build " + (dir / "acme.flow").string() + " -o " +
                                      module.string() + " 2>/dev/null") == 0);
  std::string events = " --events " + (dir / "acme-month.ndjson").string() + " -q --drain 2>/dev/null";
  std::string from_sources, from_module;
  REQUIRE(flowc::testing::run_command(std::string(FLOWC_BINARY) + " run " + (dir / "acme.flow").string() + events,
                                      &from_sources) == 0);
  REQUIRE(flowc::testing::run_command(std::string(FLOWC_BINARY) + " run " + module.string() + events, &from_module) == 0);
  CHECK(from_sources == from_module);
  fs::remove(module);
}

// Send ids are made from step names (engine/send_id.h), and engagement
// records and saved state find sends by them: labelling one step must leave
// every other send's id as it was (docs/language.md, "Step names").
TEST_CASE("a label on one step leaves the other sends' ids unchanged", "[run]") {
  auto program = [](const std::string& first_label, const std::string& wait_label) {
    return "account { sender sms \"+15555550100\" }\n"
           "metric Go {}\n"
           "sms tip { body \"Tip. Reply STOP to opt out.\" }\n"
           "flow Series {\n"
           "  trigger metric Go\n"
           "  status live\n"
           "  send sms \"First. Reply STOP to opt out.\"" + first_label + "\n"
           "  wait 1d" + wait_label + "\n"
           "  send sms \"Second. Reply STOP to opt out.\"\n"
           "  wait 1d\n"
           "  send sms tip\n"
           "  wait 1d\n"
           "  send sms \"Third. Reply STOP to opt out.\"\n"
           "}\n";
  };
  const std::string events =
      "{\"type\":\"subscribe\",\"time\":\"2026-05-01T09:00:00Z\",\"profile\":\"p1\",\"phone\":\"+15550000071\",\"channel\":\"sms\"}\n"
      "{\"type\":\"event\",\"time\":\"2026-05-01T10:00:00Z\",\"profile\":\"p1\",\"metric\":\"Go\"}\n";
  // step name -> send id of every send record of a run of `text`.
  auto send_ids = [&](const std::string& name, const std::string& text) {
    fs::path dir = fs::temp_directory_path() / ("flowc-labels-" + std::to_string(::getpid())) / name;
    fs::create_directories(dir);
    std::ofstream(dir / "program.flow") << text;
    std::ofstream(dir / "events.ndjson") << events;
    Outcome o = run_flowc(dir, "--drain");
    fs::remove_all(dir.parent_path());
    INFO(o.stderr_text);
    REQUIRE(o.status == 0);
    std::map<std::string, std::string> ids;
    for (const json& record : read_ndjson(o.activity, false))
      if (record["type"] == "send") ids[record["step"].get<std::string>()] = record["send_id"].get<std::string>();
    return ids;
  };
  std::map<std::string, std::string> plain = send_ids("plain", program("", ""));
  REQUIRE(plain.size() == 4);
  CHECK(plain.count("sms#1") == 1);
  std::map<std::string, std::string> labelled = send_ids("labelled", program(" as first", " as pause"));
  REQUIRE(labelled.size() == 4);
  CHECK(labelled.count("first") == 1);
  for (const char* kept : {"sms#2", "tip", "sms#3"}) {
    INFO(kept);
    REQUIRE(plain.count(kept) == 1);
    CHECK(labelled[kept] == plain[kept]);
  }
}
