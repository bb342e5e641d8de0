// `flowc check --format sarif`: the diagnostics as one SARIF 2.1.0 log on
// standard output, for code-scanning services that annotate pull requests
// (docs/tooling.md, "SARIF and a CI job").
//
// The program below has two errors and a warning, one of them with a note
// and one with a hint; the tests check the fields the SARIF 2.1.0 schema
// requires, then where each result points.
#include <catch2/catch.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "diag/diagnostic.h"
#include "diag/diagnostic_docs.h"
#include "golden.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* kProgramWithProblems =
    "list Newsletter\n"
    "list \"Newsletter\"\n"                                       // E011, note: first declared on line 1
    "email hello { subject \"Hi\" body \"Hello {{ unsubscribe_link }}\" }\n"
    "email forgotten { subject \"Hi\" body \"Bye {{ unsubscribe_link }}\" }\n"  // W046: never sent
    "flow Welcome {\n"
    "  trigger list Newsleter\n"                                  // E010, hint: did you mean
    "  status live\n"
    "  send email hello\n"
    "}\n";

const char* kCleanProgram =
    "list Newsletter\n"
    "email hello { subject \"Hi\" body \"Hello {{ unsubscribe_link }}\" }\n"
    "flow Welcome {\n"
    "  trigger list Newsletter\n"
    "  status live\n"
    "  send email hello\n"
    "}\n";

struct Sarif {
  int status = -1;
  std::string text;
  json log;
};

// Writes `program` as `name` in a scratch folder and checks it from there,
// so the path on the command line (and in the log) is relative.
Sarif check_sarif(const std::string& name, const char* program, const std::string& flags = "") {
  fs::path dir = fs::temp_directory_path() / "flowc-sarif-test";
  fs::create_directories(dir);
  std::ofstream(dir / name) << program;
  Sarif s;
  s.status = flowc::testing::run_command("cd " + dir.string() + " && " FLOWC_BINARY " check --format sarif " + flags +
                                             " " + name + " 2>/dev/null",
                                         &s.text);
  s.log = json::parse(s.text, nullptr, false);
  return s;
}

// The properties the SARIF 2.1.0 schema marks required, on every object of
// the log that has them (sarifLog, run, tool, toolComponent,
// reportingDescriptor, result, message, location's parts).
void check_required_fields(const json& log) {
  REQUIRE(log.is_object());
  CHECK(log.value("version", "") == "2.1.0");
  CHECK(log.value("$schema", "").find("sarif-2.1.0") != std::string::npos);
  REQUIRE(log["runs"].is_array());
  REQUIRE(log["runs"].size() == 1);
  const json& run = log["runs"][0];
  const json& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "flowc");
  CHECK(!driver.value("version", "").empty());
  REQUIRE(driver["rules"].is_array());
  std::set<std::string> rule_ids;
  for (const json& rule : driver["rules"]) {
    CHECK(rule["id"].is_string());
    CHECK(rule_ids.insert(rule["id"].get<std::string>()).second);  // each rule once
    CHECK(!rule["shortDescription"]["text"].get<std::string>().empty());
    // What GitHub code scanning requires of a rule (SARIF Multitool's GH2012).
    CHECK(!rule["fullDescription"]["text"].get<std::string>().empty());
    CHECK(!rule["help"]["text"].get<std::string>().empty());
    CHECK(!rule["help"]["markdown"].get<std::string>().empty());
    // The code's own row: `E010` -> diagnostics.md#e010.
    std::string anchor = rule["id"];
    for (char& c : anchor) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string uri = rule["helpUri"];
    CHECK(uri.size() > anchor.size());
    CHECK(uri.substr(uri.size() - anchor.size() - 15) == "diagnostics.md#" + anchor);
  }
  REQUIRE(run["results"].is_array());
  for (const json& result : run["results"]) {
    CHECK(!result["message"]["text"].get<std::string>().empty());
    CHECK(std::set<std::string>{"error", "warning", "note"}.count(result["level"].get<std::string>()) == 1);
    // ruleId names a rule, and ruleIndex finds that same rule.
    CHECK(rule_ids.count(result["ruleId"].get<std::string>()) == 1);
    CHECK(driver["rules"][result["ruleIndex"].get<size_t>()]["id"] == result["ruleId"]);
    for (const json& location : result["locations"]) {
      const json& physical = location["physicalLocation"];
      CHECK(physical["artifactLocation"]["uri"].is_string());
      for (const char* field : {"startLine", "startColumn", "endLine", "endColumn"})
        CHECK(physical["region"][field].get<int>() >= 1);
    }
    for (const json& related : result.value("relatedLocations", json::array()))
      CHECK(related["physicalLocation"]["artifactLocation"]["uri"].is_string());
  }
}

// "E010 warning@6:16-6:25": a result in one short line, for exact comparison.
std::string summary(const json& result) {
  const json& region = result["locations"][0]["physicalLocation"]["region"];
  return result["ruleId"].get<std::string>() + " " + result["level"].get<std::string>() + "@" +
         std::to_string(region["startLine"].get<int>()) + ":" + std::to_string(region["startColumn"].get<int>()) +
         "-" + std::to_string(region["endLine"].get<int>()) + ":" + std::to_string(region["endColumn"].get<int>());
}

}  // namespace

TEST_CASE("sarif: a program with errors and a warning gives a valid SARIF 2.1.0 log", "[sarif]") {
  Sarif s = check_sarif("problems.flow", kProgramWithProblems);
  CHECK(s.status == 1);  // as `flowc check`: errors fail
  INFO(s.text);
  check_required_fields(s.log);
  const json& run = s.log["runs"][0];

  // One rule per kind that occurs, in code order, described from diagnostic_kinds.def.
  std::vector<std::string> rules;
  for (const json& rule : run["tool"]["driver"]["rules"]) rules.push_back(rule["id"]);
  CHECK(rules == std::vector<std::string>{"E010", "E011", "W046"});
  CHECK(run["tool"]["driver"]["rules"][0]["name"] == "UnknownName");
  CHECK(run["tool"]["driver"]["rules"][2]["defaultConfiguration"]["level"] == "warning");
  // Full description and help: E010's row of docs/diagnostics.md, built in.
  const json& e010 = run["tool"]["driver"]["rules"][0];
  CHECK(e010["fullDescription"]["text"] == "unknown name (list, segment, message, metric, flow, campaign, question)");
  CHECK(e010["help"]["markdown"].get<std::string>().find("It points at: the name; a hint says \"did you mean\"") !=
        std::string::npos);
  const std::string uri = e010["helpUri"];
  CHECK((uri.rfind("file:///", 0) == 0 || uri.rfind("https://", 0) == 0));  // absolute, as SARIF wants
  CHECK(run["tool"]["driver"]["informationUri"].get<std::string>().find("tooling.md") != std::string::npos);

  // Each result points at its name: 1-based lines and columns, the end column
  // just past the span.
  std::vector<std::string> results;
  for (const json& result : run["results"]) results.push_back(summary(result));
  CHECK(results == std::vector<std::string>{"E011 error@2:6-2:18", "W046 warning@4:7-4:16", "E010 error@6:16-6:25"});
  for (const json& result : run["results"]) {
    const json& artifact = result["locations"][0]["physicalLocation"]["artifactLocation"];
    CHECK(artifact["uri"] == "problems.flow");
    CHECK(artifact["uriBaseId"] == "%SRCROOT%");
  }

  // The duplicate's note ("first declared here") is a related location;
  // the hint is part of the message people read.
  const json& duplicate = run["results"][0];
  REQUIRE(duplicate.contains("relatedLocations"));
  CHECK(duplicate["relatedLocations"][0]["message"]["text"] == "first declared here");
  CHECK(duplicate["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 1);
  CHECK(run["results"][2]["message"]["text"].get<std::string>().find("did you mean") != std::string::npos);
}

// The rows SARIF rules are described from: one per code, of three cells,
// each holding the anchor helpUri points at.
TEST_CASE("sarif: docs/diagnostics.md describes every diagnostic code", "[sarif]") {
  const std::string markdown = flowc::testing::read_text(std::string(FLOWC_SOURCE_DIR) + "/docs/diagnostics.md");
  for (const flowc::DiagnosticInfo& info : flowc::all_diagnostic_kinds()) {
    INFO(info.code);
    std::string anchor = info.code;
    for (char& c : anchor) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(markdown.find("| " + std::string(info.code) + "<a id=\"" + anchor + "\"></a> |") != std::string::npos);
    const std::optional<flowc::DiagnosticDoc> doc = flowc::diagnostic_doc(info.code);
    REQUIRE(doc);
    CHECK(!doc->meaning.empty());
    CHECK(!doc->points_at.empty());
    CHECK(doc->points_at.find(" | ") == std::string::npos);
  }
}

TEST_CASE("sarif: a clean program gives a log with no results", "[sarif]") {
  Sarif s = check_sarif("clean.flow", kCleanProgram);
  CHECK(s.status == 0);
  check_required_fields(s.log);
  CHECK(s.log["runs"][0]["results"] == json::array());
  CHECK(s.log["runs"][0]["tool"]["driver"]["rules"] == json::array());
}

TEST_CASE("sarif: exit codes are those of flowc check", "[sarif]") {
  const char* only_a_warning =
      "list Newsletter\n"
      "email hello { subject \"Hi\" body \"Hello {{ unsubscribe_link }}\" }\n"
      "email forgotten { subject \"Hi\" body \"Bye {{ unsubscribe_link }}\" }\n"
      "flow Welcome {\n  trigger list Newsletter\n  status live\n  send email hello\n}\n";
  CHECK(check_sarif("warning.flow", only_a_warning).status == 0);
  CHECK(check_sarif("warning.flow", only_a_warning, "-W").status == 1);
  Sarif missing = check_sarif("clean.flow", kCleanProgram, "no-such-file.flow");
  CHECK(missing.status == 3);
  // Still a valid log: the run's invocation failed, with a notification
  // naming the file.
  INFO(missing.text);
  check_required_fields(missing.log);
  const json& invocation = missing.log["runs"][0]["invocations"][0];
  CHECK(invocation["executionSuccessful"] == false);
  const json& notification = invocation["toolExecutionNotifications"][0];
  CHECK(notification["level"] == "error");
  CHECK(notification["message"]["text"].get<std::string>().find("no-such-file.flow") != std::string::npos);
  CHECK(notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "no-such-file.flow");
  CHECK(check_sarif("clean.flow", kCleanProgram).log["runs"][0]["invocations"][0]["executionSuccessful"] == true);
  int status = flowc::testing::run_command(FLOWC_BINARY " check --format xml x.flow 2>/dev/null");
  CHECK(status == 2);
}
