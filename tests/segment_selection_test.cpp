// Which segments a change makes the engine evaluate again
// (engine/segment_dependencies.h, docs/bytecode.md "Which segments a change
// evaluates"): a new profile all of them; afterwards only the segments that
// read what the record changed: the properties whose value it changed, the
// metric it counted, the "Received ..." count of a send, the "Opened ..."
// count of an open; and the daily sweep the segments reading the clock
// themselves, then those using one that changed. Counted per segment
// through the evaluator's segment pass; the scenarios check that the
// memberships stay right.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "engine/activity.h"
#include "engine/engine.h"
#include "events/reader.h"
#include "in_process.h"
#include "vm/evaluator.h"

using namespace flowc;

namespace {

// The interpreter, counting how often each segment is evaluated.
class CountingInterpreter : public vm::Interpreter {
 public:
  explicit CountingInterpreter(const ir::Module& module) : vm::Interpreter(module), module_(module) {}
  void segment_pass(const uint64_t* which, uint64_t* members, vm::EvalContext& context) override {
    for (size_t s = 0; s < module_.segments.size(); ++s)
      if ((which[s / 64] >> (s % 64)) & 1) ++evaluated[module_.segments[s].name];
    vm::Interpreter::segment_pass(which, members, context);
  }
  std::map<std::string, int> evaluated;

 private:
  const ir::Module& module_;
};

using Counts = std::map<std::string, int>;

// A program's engine over the counting interpreter, fed one line at a time.
struct CountingRun {
  std::unique_ptr<testing::Program> program;
  CountingInterpreter eval;
  std::ostringstream activity_out;
  engine::ActivityWriter activity{&activity_out};
  engine::Engine engine;

  explicit CountingRun(const char* text)
      : program(testing::program_text(text)), eval(program->module), engine(program->module, eval, activity) {}
  void feed(const std::string& line) {
    std::istringstream in(line + "\n");
    events::EventReader reader(program->module, in);
    events::Record record;
    events::InputError error;
    REQUIRE(reader.next(record, error) == events::EventReader::Result::Record);
    engine.process(record);
  }
};

const char* const kProgram = R"(
profile { tier: string? }
metric "Viewed Product" { price: number }
metric Go {}
segment Viewers = count("Viewed Product") > 0
segment Gold = profile.tier == "gold"
segment Mailed = count("Received Email") > 0
segment Opened = count("Opened Email") > 0
email promo { subject "Promo" body "<a href=\"{{ unsubscribe_link }}\">Unsubscribe</a>" }
flow "Promo" {
  trigger metric Go
  status live
  send email promo
}
)";

}  // namespace

TEST_CASE("a change re-evaluates only the segments that read what it changed", "[run]") {
  CountingRun run(kProgram);

  run.feed(R"({"type":"profile","time":"2026-11-08T10:00:00Z","profile":"r1","email":"r1@example.com"})");
  CHECK(run.eval.evaluated == Counts{{"Viewers", 1}, {"Gold", 1}, {"Mailed", 1}, {"Opened", 1}});  // new: all

  run.feed(R"({"type":"profile","time":"2026-11-08T10:01:00Z","profile":"r1","properties":{"tier":"gold"}})");
  CHECK(run.eval.evaluated == Counts{{"Viewers", 1}, {"Gold", 2}, {"Mailed", 1}, {"Opened", 1}});
  run.feed(R"({"type":"profile","time":"2026-11-08T10:02:00Z","profile":"r1","properties":{"tier":"gold"}})");
  CHECK(run.eval.evaluated == Counts{{"Viewers", 1}, {"Gold", 2}, {"Mailed", 1}, {"Opened", 1}});  // unchanged value

  run.feed(R"({"type":"event","time":"2026-11-08T10:03:00Z","profile":"r1","metric":"Viewed Product","properties":{"price":3}})");
  CHECK(run.eval.evaluated == Counts{{"Viewers", 2}, {"Gold", 2}, {"Mailed", 1}, {"Opened", 1}});

  // Go is read by no segment; the send it starts counts "Received Email".
  run.feed(R"({"type":"event","time":"2026-11-08T10:04:00Z","profile":"r1","metric":"Go"})");
  CHECK(run.eval.evaluated == Counts{{"Viewers", 2}, {"Gold", 2}, {"Mailed", 2}, {"Opened", 1}});

  std::smatch sent;
  const std::string written = run.activity_out.str();
  REQUIRE(std::regex_search(written, sent, std::regex(R"re("type":"send".*"send_id":"([^"]+)")re")));
  run.feed(fmt::format(R"({{"type":"engagement","time":"2026-11-08T10:05:00Z","send_id":"{}","kind":"open"}})",
                   sent[1].str()));
  CHECK(run.eval.evaluated == Counts{{"Viewers", 2}, {"Gold", 2}, {"Mailed", 2}, {"Opened", 2}});
}

namespace {

const char* const kSweepProgram = R"(
metric "Placed Order" { total: number }
segment Lapsed = count("Placed Order") > 0 and days_since(last("Placed Order")) > 2
segment "Lapsed buyers" = count("Placed Order" within 30d) > 0 and profile in segment Lapsed
segment Other = count("Placed Order") > 5
)";

}  // namespace

TEST_CASE("the daily sweep evaluates the segments on the clock, and those using them only when they change", "[run]") {
  CountingRun run(kSweepProgram);
  // r1's order: a new profile, every segment once.
  run.feed(R"({"type":"event","time":"2026-03-01T10:00:00Z","profile":"r1","metric":"Placed Order","properties":{"total":5}})");
  CHECK(run.eval.evaluated == Counts{{"Lapsed", 1}, {"Lapsed buyers", 1}, {"Other", 1}});
  // Sweeps at midnight on 03-02 .. 03-05 evaluate Lapsed for r1; it turns
  // true on 03-05 (3 days since the order), and only then is "Lapsed
  // buyers" evaluated again. x is new: every segment once.
  run.feed(R"({"type":"profile","time":"2026-03-05T12:00:00Z","profile":"x"})");
  CHECK(run.eval.evaluated == Counts{{"Lapsed", 6}, {"Lapsed buyers", 3}, {"Other", 2}});
  CHECK(run.activity_out.str().empty());  // no flow: nothing written
}
