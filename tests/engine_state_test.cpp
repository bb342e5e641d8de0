// The engine's state between records (docs/state-design.md, milestone M0):
// what a checkpoint will need to read from the engine, and that reading it
// changes nothing. Each test runs a program in-process on a stream, pausing
// between records where the test wants to look.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>

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
#include "in_process.h"
#include "vm/evaluator.h"

using namespace flowc;

namespace {

using testing::Program;
using testing::program_file;
using testing::program_text;
using testing::read_file;

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

namespace {

// Waits, manual sends and a staggered campaign, stopped with work pending.
const char* const kPendingWork = R"(
metric "Go" { n: int? }
list Newsletter
email hello { subject "Hello" body "<a href=\"{{ unsubscribe_link }}\">Unsubscribe</a>" }
email checked { subject "Checked" body "<a href=\"{{ unsubscribe_link }}\">Unsubscribe</a>" }
email early { subject "Early" body "<a href=\"{{ unsubscribe_link }}\">Unsubscribe</a>" }
email flash { subject "Flash" body "<a href=\"{{ unsubscribe_link }}\">Unsubscribe</a>" }
flow "Waits" {
  trigger metric "Go"
  status live
  wait 30d
  send email hello
}
flow "Review" {
  trigger metric "Go"
  status live
  send email checked { status manual }
}
campaign "Flash" {
  path "All" {
    audience Newsletter
    send email early at 2026-11-26 12:00
    send email flash at 2026-11-27 12:00 { stagger 50% }
  }
}
)";

std::string pending_work_events() {
  std::string events;
  for (const char* p : {"p1", "p2", "p3"})
    events += std::string(R"({"type":"subscribe","time":"2026-11-20T09:00:00Z","profile":")") + p + R"(","email":")" +
              p + R"(@example.com","channel":"email","list":"Newsletter"})" + "\n";
  events += R"({"type":"event","time":"2026-11-20T10:00:00Z","profile":"p1","metric":"Go","properties":{}})" "\n";
  events += R"({"type":"event","time":"2026-11-21T08:00:00Z","profile":"p2","metric":"Go","properties":{}})" "\n";
  events += R"({"type":"event","time":"2026-11-22T08:00:00Z","profile":"p3","metric":"Go","properties":{}})" "\n";
  events += R"({"type":"review","time":"2026-11-23T08:00:00Z","flow":"Review","step":"checked","profile":"p2","decision":"cancel"})" "\n";
  events += R"({"type":"event","time":"2026-11-24T08:00:00Z","profile":"p2","metric":"Go","properties":{}})" "\n";
  events += R"({"type":"profile","time":"2026-11-27T12:30:00Z","profile":"p1"})" "\n";
  return events;
}

}  // namespace

// What a saved run needs that the engine did not keep before: the wait a
// run waits at and since when, each review's place in the queue, the
// number a campaign copy's send id is made with.
TEST_CASE("waiting runs, reviews and campaign copies keep what a saved state needs", "[run]") {
  auto program = program_text(kPendingWork);
  const ir::FlowDef& waits = program->module.flows[0];
  REQUIRE(waits.name == "Waits");
  REQUIRE(waits.steps[waits.entry].kind == ir::StepKind::Wait);
  run(*program, pending_work_events(), End::Settle, {}, [&](engine::Engine& engine) {
    // Runs: each Go entered "Waits" (reentry always) and waits at its wait,
    // since it entered; `step` is already the step after the wait.
    std::vector<std::pair<std::string, std::string>> waiting;
    for (uint32_t r = 0; r < engine.runs().size(); ++r) {
      const engine::FlowRun& run = engine.runs()[r];
      if (!run.active || run.flow != 0) continue;
      CHECK(run.waiting_at == waits.entry);
      CHECK(run.step == waits.steps[waits.entry].next);
      waiting.emplace_back(events::format_rfc3339(run.waiting_since), engine.profile(run.profile).id());
    }
    std::sort(waiting.begin(), waiting.end());
    using Waiting = std::vector<std::pair<std::string, std::string>>;
    CHECK(waiting == Waiting{{"2026-11-20T10:00:00Z", "p1"},
                             {"2026-11-21T08:00:00Z", "p2"},
                             {"2026-11-22T08:00:00Z", "p3"},
                             {"2026-11-24T08:00:00Z", "p2"}});

    // Reviews: p2's first was decided; the queue numbers go on from it.
    std::vector<std::pair<uint64_t, std::string>> queued;
    for (const engine::ReviewItem& item : engine.reviews())
      queued.emplace_back(item.seq, engine.profile(item.profile).id());
    CHECK(queued == std::vector<std::pair<uint64_t, std::string>>{{0, "p1"}, {2, "p3"}, {3, "p2"}});

    // The staggered message (the path's second) sent two copies at 12:00;
    // the third waits for 13:00 and keeps the message's number.
    const engine::CampaignState& campaigns = engine.campaigns();
    REQUIRE(campaigns.messages.size() == 2);
    std::vector<uint32_t> pending;
    for (const engine::WakeUp& w : engine.scheduler().pending())
      if (w.kind() == engine::WakeKind::CampaignDelivery) pending.push_back(w.target);
    REQUIRE(pending.size() == 1);
    const engine::CampaignDelivery& copy = campaigns.deliveries[pending[0]];
    CHECK(copy.message == 1);
    CHECK(copy.occurrence == 1);
    CHECK(engine.profile(copy.profile).id() == "p3");
  });
}

// Wake-ups restored with their own sequence numbers pop exactly as the
// originals would, ties included, and numbering goes on where it stopped.
TEST_CASE("a scheduler restored from its pending wake-ups pops in the same order", "[unit]") {
  engine::Scheduler original;
  for (uint32_t i = 0; i < 40; ++i)
    original.schedule(1000 + (i * 7) % 5, static_cast<engine::WakeKind>(i % 6), i, 100 + i, i);
  for (int i = 0; i < 7; ++i) original.pop();
  engine::Scheduler restored;
  restored.restore(original.pending(), original.next_seq(), original.max_work_time());
  CHECK(restored.pending_runs() == original.pending_runs());
  CHECK(restored.max_work_time() == original.max_work_time());
  original.schedule(1002, engine::WakeKind::ResumeRun, 77, 7);
  restored.schedule(1002, engine::WakeKind::ResumeRun, 77, 7);
  while (!original.empty()) {
    REQUIRE(!restored.empty());
    engine::WakeUp a = original.pop(), b = restored.pop();
    CHECK(a.time == b.time);
    CHECK(a.seq_kind == b.seq_kind);
    CHECK(a.profile == b.profile);
    CHECK(a.target == b.target);
  }
  CHECK(restored.empty());
}

namespace {

const std::string kRunScenarios = FLOWC_SOURCE_DIR "/tests/run/";

// Runs a tests/run scenario and hands the engine to `after` at its end.
void run_scenario(const std::string& name, End end, const std::function<void(engine::Engine&)>& after) {
  auto program = program_file(kRunScenarios + name + "/program.flow");
  run(*program, read_file(kRunScenarios + name + "/events.ndjson"), end, {}, after);
}

}  // namespace

// Memory a long-running serve cannot let grow (docs/state-design.md 2.9):
// slots of delivered campaign copies and ended sessions are reused, and
// fired date triggers no pending wake-up can hit are dropped.
TEST_CASE("campaign copies and automation sessions reuse their slots", "[run]") {
  auto program = program_text(kPendingWork);
  run(*program, pending_work_events(), End::Settle, {}, [&](engine::Engine& engine) {
    // Three copies of the first message, delivered, then three of the second in their slots.
    CHECK(engine.campaigns().deliveries.size() == 3);
  });
  // Three one-step sessions, one after another: one slot (before: three).
  run_scenario("automation_one_step_reply_exact_keyword", End::Drain, [&](engine::Engine& engine) {
    REQUIRE(engine.report().automations[0].sessions == 3);
    CHECK(engine.automations().sessions.size() == 1);
  });
}

// 200 birthdays a day apart, each firing once as a record moves the clock
// past it; afterwards only each profile's next year is pending, which no
// fired entry matches. Without the pruning the map keeps all 200.
TEST_CASE("fired date triggers are forgotten once no wake-up can hit them", "[run]") {
  auto program = program_text(R"(
profile { birthday: date? }
flow "Birthday" {
  trigger date profile.birthday yearly
  status live
  notify "team@acme.example" "{{ profile.id }}"
}
)");
  std::string events;
  for (int p = 0; p < 200; ++p)
    events += fmt::format(R"({{"type":"profile","time":"2026-01-01T00:00:00Z","profile":"p{}","properties":{{"birthday":"{}"}}}})",
                          p, events::format_rfc3339(events::parse_rfc3339("1990-01-02T00:00:00Z").value() + p * 86400).substr(0, 10)) +
              "\n";
  for (int day = 1; day <= 210; ++day)
    events += R"({"type":"profile","time":")" + events::format_rfc3339(events::parse_rfc3339("2026-01-01T12:00:00Z").value() + day * 86400) +
              R"(","profile":"clock"})" + "\n";
  Run out = run(*program, events, End::Settle, {}, [&](engine::Engine& engine) {
    CHECK(engine.fired_dates_kept() < 200);
    CHECK(engine.scheduler().size() >= 200);
  });
  CHECK(std::count(out.activity.begin(), out.activity.end(), '\n') >= 200);
}
