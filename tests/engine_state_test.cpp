// The engine's state between records (docs/state-design.md, milestone M0):
// what a checkpoint will need to read from the engine, and that reading it
// changes nothing. Each test runs a program in-process on a stream, pausing
// between records where the test wants to look.
#include <catch2/catch.hpp>


#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <sstream>

#include "check/check.h"
#include "driver/load.h"
#include "engine/engine.h"
#include "events/reader.h"
#include "lower/lower.h"
#include "vm/evaluator.h"

using namespace flowc;

namespace {

// A program compiled from a file or from text, with the interpreter that runs it.
struct Program {
  SourceManager sources;
  DiagnosticSink sink;
  driver::LoadResult loaded;
  check::Symbols symbols;
  ir::Module module;
};

std::unique_ptr<Program> finish_program(std::unique_ptr<Program> p) {
  p->symbols = check::check_program(p->loaded.program, p->sources, p->sink);
  REQUIRE(p->sink.error_count() == 0);
  p->module = lower::lower_program(p->loaded.program, p->symbols, p->sources);
  return p;
}

std::unique_ptr<Program> program_file(const std::string& path) {
  auto p = std::make_unique<Program>();
  p->loaded = driver::load_program({path}, p->sources, p->sink);
  return finish_program(std::move(p));
}

std::unique_ptr<Program> program_text(const std::string& text) {
  auto p = std::make_unique<Program>();
  p->loaded = driver::load_program_text(FLOWC_SOURCE_DIR "/tests/run/inline.flow", text, p->sources, p->sink);
  return finish_program(std::move(p));
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// One run of a program over a stream; `between(engine, n, activity)` is
// called after the n-th record (1-based) is applied, with the activity so far.
struct Run {
  std::string activity;
  std::string report;
};

enum class End { Settle, Drain };

Run run(const Program& program, const std::string& events, End end,
        const std::function<void(engine::Engine&, size_t, const std::ostringstream&)>& between = {},
        const std::function<void(engine::Engine&)>& after = {}) {
  std::istringstream in(events);
  std::ostringstream activity_out;
  engine::ActivityWriter activity(&activity_out);
  vm::Interpreter interpreter(program.module);
  engine::Engine engine(program.module, interpreter, activity);
  events::EventReader reader(program.module, in);
  events::Record record;
  events::InputError error;
  size_t n = 0;
  for (;;) {
    events::EventReader::Result r = reader.next(record, error);
    if (r == events::EventReader::Result::End) break;
    if (r == events::EventReader::Result::Error) {
      engine.input_error(error);
      continue;
    }
    engine.process(record);
    if (between) between(engine, ++n, activity_out);
  }
  if (end == End::Drain) engine.drain();
  else engine.settle();
  if (after) after(engine);
  Run out;
  out.report = engine.final_report().to_json(program.module);
  out.activity = activity_out.str();
  return out;
}

const std::string kExamples = FLOWC_SOURCE_DIR "/examples";

}  // namespace

// Today a checkpoint and serve's --report-every will ask for the report
// mid-stream; the end-of-run counts (pending, needs_review, recipients,
// active profiles) used to be added into the engine's own report, so a
// second ask counted them twice and the final report was wrong.
TEST_CASE("final_report mid-stream leaves the final report unchanged", "[run]") {
  auto program = program_file(kExamples + "/acme.flow");
  const std::string events = read_file(kExamples + "/acme-month.ndjson");
  Run plain = run(*program, events, End::Drain);
  std::string mid_first, mid_second;
  Run asked = run(*program, events, End::Drain, [&](engine::Engine& engine, size_t n, const std::ostringstream&) {
    if (n != 3000) return;
    mid_first = engine.final_report().to_json(program->module);
    mid_second = engine.final_report().to_json(program->module);
  });
  // The end-of-run counts are there to be counted twice.
  const nlohmann::json report = nlohmann::json::parse(plain.report);
  REQUIRE(report["flows"]["Welcome Series"]["recipients"].get<int>() > 0);
  REQUIRE(report["usage"]["active_profiles"].get<int>() > 0);
  CHECK(mid_first == mid_second);
  CHECK(mid_first != plain.report);
  CHECK(asked.activity == plain.activity);
  CHECK(asked.report == plain.report);
}

namespace {

// Distinct profiles sent a message of each flow, campaign and automation,
// "source/name" -> count, from the activity's send records.
std::map<std::string, uint64_t> recipients_in(const std::string& activity) {
  std::map<std::string, std::set<std::string>> profiles;
  std::istringstream in(activity);
  std::string line;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line);
    if (j["type"] != "send" || j["source"] == "account") continue;
    profiles[j["source"].get<std::string>() + "/" + j["name"].get<std::string>()].insert(j["profile"].get<std::string>());
  }
  std::map<std::string, uint64_t> counts;
  for (const auto& [group, who] : profiles) counts[group] = who.size();
  return counts;
}

// The same counts from the engine's running counters.
std::map<std::string, uint64_t> recipients_counted(const ir::Module& module, const engine::Report& report) {
  std::map<std::string, uint64_t> counts;
  for (size_t f = 0; f < module.flows.size(); ++f)
    if (report.flows[f].recipients) counts["flow/" + module.flows[f].name] = report.flows[f].recipients;
  for (size_t c = 0; c < module.campaigns.size(); ++c)
    if (report.campaigns[c].reached) counts["campaign/" + module.campaigns[c].name] = report.campaigns[c].reached;
  for (size_t a = 0; a < module.automations.size(); ++a)
    if (report.automations[a].engagement.recipients)
      counts["automation/" + module.automations[a].name] = report.automations[a].engagement.recipients;
  return counts;
}

}  // namespace

// Recipients are counted as the sends happen (docs/state-design.md 2.11):
// the running counters are right mid-stream, not only once the run ends
// (counting them at the end needed the whole send log).
TEST_CASE("unique recipients are counted as sends happen", "[run]") {
  auto program = program_file(kExamples + "/acme.flow");
  const std::string events = read_file(kExamples + "/acme-month.ndjson");
  size_t checked = 0;
  Run whole = run(*program, events, End::Drain, [&](engine::Engine& engine, size_t n, const std::ostringstream& activity) {
    if (n % 1500 != 0) return;
    std::map<std::string, uint64_t> expected = recipients_in(activity.str());
    REQUIRE(!expected.empty());
    CHECK(recipients_counted(program->module, engine.report()) == expected);
    ++checked;
  });
  // The final report says the same.
  const nlohmann::json report = nlohmann::json::parse(whole.report);
  std::map<std::string, uint64_t> in_report;
  for (const char* source : {"flows", "campaigns", "automations"})
    for (auto it = report[source].begin(); it != report[source].end(); ++it)
      if (it.value()["recipients"].get<uint64_t>() > 0)
        in_report[std::string(source, std::strlen(source) - 1) + "/" + it.key()] = it.value()["recipients"];
  CHECK(in_report == recipients_in(whole.activity));
  CHECK(checked == 4);
}
