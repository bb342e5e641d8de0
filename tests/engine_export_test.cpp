// Exactly-once resume in memory (docs/state-design.md, milestone M2): an
// engine's state exported between two records, encoded and decoded through
// runtime/state, and imported into a fresh engine, goes on to the same
// activity and final report, byte for byte, as the engine that never
// stopped. And the changes a checkpoint takes, applied to the previous
// checkpoint, give the full state (a missing change mark fails here).
//
// Each scenario is read once into records and input errors (the reader is
// the driver's, outside the engine); engines are fed from that list exactly
// as `flowc run` feeds them, then end as the scenario's `args` say.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>

#include "stdlib/duration.h"
#include "engine/engine.h"
#include "events/reader.h"
#include "in_process.h"
#include "state/encoding.h"
#include "state/in_parallel.h"
#include "vm/evaluator.h"
#include "vm/vm.h"
#if FLOWC_HAVE_JIT
#include "jit/jit_evaluator.h"
#endif

namespace fs = std::filesystem;
using namespace flowc;

namespace {

using testing::Program;
using testing::program_file;
using testing::program_text;

std::string read_file(const fs::path& path) { return testing::read_file(path.string()); }

// One line of input as the driver hands it to the engine.
struct Item {
  bool is_error = false;
  events::Record record;
  events::InputError error;
};

// A program, its input, and how `flowc run` is told to end and to bound it.
struct Scenario {
  std::string name;
  std::unique_ptr<Program> program;
  std::vector<Item> items;
  bool drain = false;
  std::optional<int64_t> until;
  int64_t max_clock_jump = 400 * 86400;
  size_t max_input_errors = 1000;
};

Scenario load_scenario(const std::string& name, std::unique_ptr<Program> program, const std::string& events,
                       const std::string& args) {
  Scenario s;
  s.name = name;
  s.program = std::move(program);
  std::istringstream words(args);
  for (std::string word; words >> word;) {
    std::string value;
    if (word == "--drain") s.drain = true;
    else if (word == "--until" && words >> value) s.until = events::parse_rfc3339(value);
    else if (word == "--max-clock-jump" && words >> value) s.max_clock_jump = *stdlib::parse_duration_minutes(value, INT64_MAX / 60) * 60;
    else if (word == "--max-input-errors" && words >> value) s.max_input_errors = std::stoul(value);
    else FAIL("scenario " << name << ": unknown argument " << word);
  }
  std::istringstream in(events);
  events::EventReader reader(s.program->module, in, events::ReaderLimits{s.max_clock_jump});
  for (;;) {
    Item item;
    events::EventReader::Result r = reader.next(item.record, item.error);
    if (r == events::EventReader::Result::End) break;
    item.is_error = r == events::EventReader::Result::Error;
    s.items.push_back(std::move(item));
  }
  return s;
}

Scenario run_scenario(const fs::path& dir) {
  std::string args = fs::exists(dir / "args") ? read_file(dir / "args") : "";
  return load_scenario(dir.filename().string(), program_file((dir / "program.flow").string()),
                       read_file(dir / "events.ndjson"), args);
}

// An engine with its activity, set up as `flowc run` sets it up.
struct Running {
  std::ostringstream activity_out;
  engine::ActivityWriter activity{&activity_out};
  engine::Engine engine;
  Running(const Scenario& s, vm::Evaluator& eval) : engine(s.program->module, eval, activity) {
    engine.set_max_input_errors(s.max_input_errors);
    engine.set_max_clock_jump(s.max_clock_jump);
  }
  void feed(const Item& item) {
    if (item.is_error) engine.input_error(item.error);
    else engine.process(item.record);
  }
  void finish(const Scenario& s) {
    engine.settle();
    if (s.until) engine.advance_to(*s.until);
    else if (s.drain) engine.drain();
  }
};

// Through the on-disk encoding and back.
template <class Record> Record coded(const Record& record) {
  Record back;
  std::string error;
  REQUIRE(state::decode(state::encode(record), back, error));
  return back;
}
template <class Record> std::vector<Record> coded(const std::vector<Record>& records) {
  std::vector<Record> back;
  for (const Record& r : records) back.push_back(coded(r));
  return back;
}
state::LoadedState round_trip(const state::LoadedState& in) {
  state::LoadedState out;
  out.globals = coded(in.globals);
  out.report = coded(in.report);
  out.profiles = coded(in.profiles);
  out.sends = coded(in.sends);
  out.origins = coded(in.origins);
  out.prices = coded(in.prices);
  out.input_errors = coded(in.input_errors);
  return out;
}

// A checkpoint's changes applied to the state of the one before, as a
// store applies them: records replaced by key, new ones added.
template <class Record, class Key>
void upsert(std::vector<Record>& records, const std::vector<Record>& changed, Key key) {
  for (const Record& r : changed) {
    auto at = std::find_if(records.begin(), records.end(), [&](const Record& x) { return key(x) == key(r); });
    if (at != records.end()) *at = r;
    else records.push_back(r);
  }
  std::sort(records.begin(), records.end(), [&](const Record& a, const Record& b) { return key(a) < key(b); });
}
// The profiles of a delta, decoded. Each record, written field by field
// from the engine (state/field_writer.h), must be exactly the encoding of
// what it decodes to: the canonical bytes encode() gives, so a field
// written out of order, with a default, or as the wrong wire type fails here.
std::vector<state::ProfileState> decoded(const state::Delta& d) {
  std::vector<state::ProfileState> profiles(d.profiles.size());
  for (size_t i = 0; i < profiles.size(); ++i) {
    std::string error;
    REQUIRE(state::decode(d.profiles[i].record, profiles[i], error));
    REQUIRE(state::encode(profiles[i]) == d.profiles[i].record);
    CHECK(profiles[i].id == d.profiles[i].id);
    CHECK(profiles[i].ordinal == d.profiles[i].ordinal);
  }
  return profiles;
}
void apply(state::LoadedState& base, const state::Delta& d) {
  base.globals = d.globals;
  base.report = d.report;
  upsert(base.profiles, decoded(d), [](const state::ProfileState& p) { return p.ordinal; });
  upsert(base.sends, d.sends, [](const state::SendState& s) { return s.seq; });
  upsert(base.origins, d.origins, [](const state::OriginState& o) { return o.id; });
  upsert(base.prices, d.prices, [](const state::PriceState& p) { return p.product; });
  upsert(base.input_errors, d.input_errors, [](const state::InputErrorState& e) { return e.index; });
}

template <class Record>
std::string differs(const char* what, const std::vector<Record>& a, const std::vector<Record>& b) {
  if (a.size() != b.size()) return fmt::format("{}: {} records, expected {}", what, a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    if (!state::identical(a[i], b[i])) return fmt::format("{}[{}] differs", what, i);
  return "";
}
// "" when the two states hold the same records, else the first difference.
std::string state_difference(const state::LoadedState& a, const state::LoadedState& b) {
  if (!state::identical(a.globals, b.globals)) return "globals differ";
  if (!state::identical(a.report, b.report)) return "report differs";
  for (std::string why : {differs("profiles", a.profiles, b.profiles), differs("sends", a.sends, b.sends),
                          differs("origins", a.origins, b.origins), differs("prices", a.prices, b.prices),
                          differs("input_errors", a.input_errors, b.input_errors)})
    if (!why.empty()) return why;
  return "";
}

struct Totals {
  size_t cuts = 0, deltas = 0;
};

// Runs the scenario without a stop, saving the state at each cut (after
// that many items) and, with `check_deltas`, checking take_changes() after
// every item (else at the cuts only); then resumes a fresh engine from each
// saved state and compares the concatenated activity and the final report.
void check_cuts(const Scenario& s, vm::Evaluator& eval, const std::vector<size_t>& cuts, bool check_deltas,
                Totals& totals) {
  struct Saved {
    size_t cut;
    size_t activity_length;
    state::LoadedState state;
  };
  std::vector<Saved> saved;
  Running whole(s, eval);
  state::LoadedState checkpoint;
  whole.engine.export_state(checkpoint);
  auto check_delta = [&](size_t after) {
    state::Delta delta;
    whole.engine.take_changes(delta);
    apply(checkpoint, delta);
    state::LoadedState full;
    whole.engine.export_state(full);
    INFO(s.name << ": after item " << after);
    REQUIRE(state_difference(checkpoint, full) == "");
    ++totals.deltas;
  };
  for (size_t k = 0;; ++k) {
    if (std::binary_search(cuts.begin(), cuts.end(), k)) {
      if (!check_deltas) check_delta(k);
      state::LoadedState now;
      whole.engine.export_state(now);
      saved.push_back({k, whole.activity_out.str().size(), round_trip(now)});
    }
    if (k == s.items.size()) break;
    whole.feed(s.items[k]);
    if (check_deltas) check_delta(k + 1);
  }
  whole.finish(s);
  const std::string activity = whole.activity_out.str();
  const std::string report = whole.engine.final_report().to_json(s.program->module);
  for (const Saved& at : saved) {
    Running resumed(s, eval);
    std::string error;
    INFO(s.name << ": resumed after " << at.cut << " of " << s.items.size() << " items");
    REQUIRE(resumed.engine.import_state(at.state, error));
    for (size_t k = at.cut; k < s.items.size(); ++k) resumed.feed(s.items[k]);
    resumed.finish(s);
    REQUIRE(activity.substr(0, at.activity_length) + resumed.activity_out.str() == activity);
    REQUIRE(resumed.engine.final_report().to_json(s.program->module) == report);
    ++totals.cuts;
  }
}

std::vector<size_t> every_cut(size_t n) {
  std::vector<size_t> cuts(n + 1);
  for (size_t k = 0; k <= n; ++k) cuts[k] = k;
  return cuts;
}

// `count` cuts spread over 0..n, seeded, always with both ends.
std::vector<size_t> sampled_cuts(size_t n, size_t count, uint32_t seed) {
  std::mt19937 random(seed);
  std::vector<size_t> cuts{0, n};
  std::uniform_int_distribution<size_t> pick(1, n > 1 ? n - 1 : 1);
  while (cuts.size() < count) cuts.push_back(pick(random));
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  return cuts;
}

// The evaluators to run on: the VM, and the JIT when this build has it.
std::vector<std::pair<std::string, std::unique_ptr<vm::Evaluator>>> evaluators(const ir::Module& module) {
  std::vector<std::pair<std::string, std::unique_ptr<vm::Evaluator>>> out;
  out.emplace_back("vm", std::make_unique<vm::Interpreter>(module));
#if FLOWC_HAVE_JIT
  std::string why;
  std::unique_ptr<jit::JitEvaluator> jit = jit::JitEvaluator::create(module, jit::JitOptions{}, &why);
  REQUIRE(jit);
  out.emplace_back("jit", std::move(jit));
#endif
  return out;
}

}  // namespace

TEST_CASE("every tests/run scenario resumes from every cut to the same activity and report", "[state]") {
  Totals totals;
  size_t scenarios = 0;
  for (const fs::path& dir : testing::run_scenario_dirs()) {
    Scenario s = run_scenario(dir);
    for (auto& [name, eval] : evaluators(s.program->module)) {
      INFO("engine " << name);
      // Every cut of every scenario; the changes are checked after every item on the VM.
      check_cuts(s, *eval, every_cut(s.items.size()), name == "vm", totals);
    }
    ++scenarios;
  }
  CHECK(scenarios == testing::run_scenario_dirs().size());
  CHECK(totals.cuts > 500);
  WARN(fmt::format("{} scenarios, {} resumed cuts, {} change checks", scenarios, totals.cuts, totals.deltas));
}

TEST_CASE("the example month resumes from 8 cuts to the same activity and report", "[state]") {
  const fs::path dir = FLOWC_SOURCE_DIR "/examples";
  Scenario s = load_scenario("acme", program_file((dir / "acme.flow").string()), read_file(dir / "acme-month.ndjson"),
                             "--drain");
  REQUIRE(s.items.size() > 6000);
  Totals totals;
  for (auto& [name, eval] : evaluators(s.program->module)) {
    INFO("engine " << name);
    check_cuts(s, *eval, sampled_cuts(s.items.size(), 8, 12), false, totals);
  }
  CHECK(totals.deltas == totals.cuts);
}

namespace {

const char* const kShop = R"(
profile { tier: string? }
metric "Placed Order" { total: number }
list Newsletter
segment BigSpenders = sum("Placed Order".total) > 100
email thanks { subject "Thanks" body "<a href=\"{{ unsubscribe_link }}\">Unsubscribe</a>" }
flow "Thanks" {
  trigger metric "Placed Order"
  status live
  wait 1d
  send email thanks
}
)";

std::string shop_line(const std::string& profile, const std::string& body, int minute) {
  return fmt::format(R"({{"time":"2026-03-01T10:{:02}:00Z","profile":"{}",{}}})", minute, profile, body) + "\n";
}

}  // namespace

// A checkpoint's cost follows the change: a record about one profile puts
// that profile alone in the changes (evaluating segments and filters reads
// the others through the const store and marks nothing).
TEST_CASE("the changes of a record about one profile hold that profile only", "[state]") {
  std::string events;
  for (int p = 0; p < 20; ++p)
    events += shop_line("p" + std::to_string(p), R"("type":"subscribe","email":"a@example.com","channel":"email","list":"Newsletter")", 0);
  events += shop_line("p7", R"("type":"event","metric":"Placed Order","properties":{"total":150})", 1);
  events += shop_line("p3", R"("type":"profile","properties":{"tier":"gold"})", 2);
  Scenario s = load_scenario("shop", program_text(kShop), events, "");
  vm::Interpreter eval(s.program->module);
  Running running(s, eval);
  state::Delta delta;
  for (size_t i = 0; i < 20; ++i) running.feed(s.items[i]);
  running.engine.take_changes(delta);
  CHECK(delta.profiles.size() == 20);
  running.feed(s.items[20]);
  running.engine.take_changes(delta);
  REQUIRE(delta.profiles.size() == 1);
  const state::ProfileState p7 = decoded(delta)[0];
  CHECK(p7.id == "p7");
  CHECK(p7.runs.size() == 1);
  CHECK(p7.segments == std::vector<std::string>{"BigSpenders"});
  running.feed(s.items[21]);
  running.engine.take_changes(delta);
  REQUIRE(delta.profiles.size() == 1);
  CHECK(delta.profiles[0].id == "p3");
  CHECK(delta.sends.empty());
  // Nothing happened: nothing changed, but the globals and report are always there.
  running.engine.take_changes(delta);
  CHECK(delta.profiles.empty());
  CHECK(delta.globals.clock == *events::parse_rfc3339("2026-03-01T10:02:00Z"));
  CHECK(delta.report.records == 22);
}

// Past a few thousand profiles a checkpoint exports and encodes them on
// several threads (state/in_parallel.h): each record stays in its place,
// with its own runs, and the bytes are those of a one-thread export.
TEST_CASE("a checkpoint of many profiles exported in parallel keeps each record in its place", "[state]") {
  constexpr int kProfiles = 9000;
  std::string events;
  for (int p = 0; p < kProfiles; ++p)
    events += shop_line("p" + std::to_string(p), R"("type":"event","metric":"Placed Order","properties":{"total":)" +
                                                      std::to_string(p % 300) + "}", 0);
  Scenario s = load_scenario("shop", program_text(kShop), events, "");
  vm::Interpreter eval(s.program->module);
  Running running(s, eval);
  for (const auto& item : s.items) running.feed(item);
  state::Delta delta;
  running.engine.take_changes(delta);
  REQUIRE(delta.profiles.size() == kProfiles);
  const std::vector<state::ProfileState> records = decoded(delta);
  for (int p = 0; p < kProfiles; ++p) {
    const state::ProfileState& record = records[p];
    INFO(record.id);
    REQUIRE(record.id == "p" + std::to_string(p));
    REQUIRE(record.ordinal == static_cast<uint64_t>(p));
    REQUIRE(record.runs.size() == 1);
    REQUIRE(record.wakes.size() >= 1);
    CHECK((p % 300 > 100) == (record.segments == std::vector<std::string>{"BigSpenders"}));
  }
  // The whole export (every profile, slots by index) and the changes (slots
  // looked up for the profiles marked) give the same bytes.
  state::LoadedState whole;
  running.engine.export_state(whole);
  REQUIRE(whole.profiles.size() == kProfiles);
  for (int p = 0; p < kProfiles; p += 997) CHECK(state::encode(whole.profiles[p]) == delta.profiles[p].record);
}

TEST_CASE("in_parallel covers every item once, in parts, whatever the count", "[state]") {
  for (size_t n : {size_t{0}, size_t{1}, size_t{7}, size_t{1999}, size_t{4000}, size_t{4001}, size_t{100003}}) {
    std::vector<int> seen(n, 0);
    state::in_parallel(n, 2000, [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) ++seen[i];
    });
    INFO(n);
    CHECK(std::count(seen.begin(), seen.end(), 1) == static_cast<std::ptrdiff_t>(n));
  }
  // A part that throws: every other part still runs to its end, and the
  // exception reaches the caller (an internal error, not std::terminate).
  std::vector<int> seen(10000, 0);
  CHECK_THROWS_AS(state::in_parallel(seen.size(), 2000,
                                     [&](size_t begin, size_t end) {
                                       for (size_t i = begin; i < end; ++i) ++seen[i];
                                       if (end == seen.size()) throw std::runtime_error("the last part fails");
                                     }),
                  std::runtime_error);
  CHECK(std::count(seen.begin(), seen.end(), 1) == 10000);
}

// A segment on the clock: lapsed three days after the last order.
const char* const kLapsed = R"(
metric "Placed Order" { total: number }
segment Lapsed = count("Placed Order") > 0 and days_since(last("Placed Order")) > 2
)";

// Segments on days_since change with time alone: the daily sweep (one
// global wake-up at midnight) evaluates them for every recent profile, and
// only the profiles it moves into or out of a segment are changed. Before
// the sweep each profile had its own daily recheck, and every profile's
// record changed every day of stream time.
TEST_CASE("the daily segment sweep changes only the profiles whose membership it changes", "[state]") {
  auto line = [](const std::string& time, const std::string& profile, const std::string& body) {
    return fmt::format(R"({{"time":"{}","profile":"{}",{}}})", time, profile, body) + "\n";
  };
  const std::string order = R"("type":"event","metric":"Placed Order","properties":{"total":10})";
  std::string events;
  for (int p = 0; p < 10; ++p) events += line("2026-03-01T10:00:00Z", "p" + std::to_string(p), order);
  for (int p = 5; p < 10; ++p) events += line("2026-03-03T10:00:00Z", "p" + std::to_string(p), order);
  events += line("2026-03-05T12:00:00Z", "x", R"("type":"profile")");
  Scenario s = load_scenario("sweep", program_text(kLapsed), events, "");
  vm::Interpreter eval(s.program->module);
  Running running(s, eval);
  for (size_t i = 0; i + 1 < s.items.size(); ++i) running.feed(s.items[i]);
  state::Delta delta;
  running.engine.take_changes(delta);
  REQUIRE(delta.globals.wakes.size() == 1);
  CHECK(delta.globals.wakes[0].kind == state::WakeKind::SegmentSweep);
  CHECK(delta.globals.wakes[0].time == *events::parse_rfc3339("2026-03-04T00:00:00Z"));
  // Two sweeps later (03-04 and 03-05 at midnight UTC), p0-p4 (last order
  // 03-01 10:00) have joined at 03-05 00:00; p5-p9 lapse only on 03-06.
  running.feed(s.items.back());
  running.engine.take_changes(delta);
  std::vector<std::string> changed;
  for (const state::EncodedProfile& p : delta.profiles) changed.emplace_back(p.id);
  CHECK(changed == std::vector<std::string>{"p0", "p1", "p2", "p3", "p4", "x"});
  for (const state::ProfileState& p : decoded(delta)) {
    INFO(p.id);
    CHECK(p.wakes.empty());
    CHECK(p.segments == (p.id == "x" ? std::vector<std::string>{} : std::vector<std::string>{"Lapsed"}));
  }
  REQUIRE(delta.globals.wakes.size() == 1);
  CHECK(delta.globals.wakes[0].time == *events::parse_rfc3339("2026-03-06T00:00:00Z"));
}

// A state saved by a flowc without sweeps has per-profile rechecks and no
// sweep: loading it schedules one. A sweep among a profile's wake-ups is
// damage, refused by name.
TEST_CASE("a state without a segment sweep gets one when loaded; a profile's sweep is refused", "[state]") {
  const std::string events =
      R"({"time":"2026-03-01T10:00:00Z","profile":"p1","type":"event","metric":"Placed Order","properties":{"total":10}})"
      "\n";
  Scenario s = load_scenario("sweep", program_text(kLapsed), events, "");
  vm::Interpreter eval(s.program->module);
  Running running(s, eval);
  running.feed(s.items[0]);
  state::LoadedState saved;
  running.engine.export_state(saved);
  REQUIRE(saved.globals.wakes.size() == 1);
  state::WakeState sweep = saved.globals.wakes[0];
  saved.globals.wakes.clear();
  {
    Running resumed(s, eval);
    std::string error;
    REQUIRE(resumed.engine.import_state(saved, error));
    state::LoadedState again;
    resumed.engine.export_state(again);
    REQUIRE(again.globals.wakes.size() == 1);
    CHECK(again.globals.wakes[0].kind == state::WakeKind::SegmentSweep);
    CHECK(again.globals.wakes[0].time == *events::parse_rfc3339("2026-03-02T00:00:00Z"));
  }
  saved.profiles[0].wakes.push_back(sweep);
  Running damaged(s, eval);
  std::string error;
  CHECK_FALSE(damaged.engine.import_state(saved, error));
  CHECK(error.find("segment sweep") != std::string::npos);
}

// A state that names what the program lacks is refused with the name, not
// a crash (program changes are `flowc migrate`'s business).
TEST_CASE("importing a state that names what the program lacks fails with the name", "[state]") {
  std::string events = shop_line("p1", R"("type":"event","metric":"Placed Order","properties":{"total":150})", 0);
  Scenario s = load_scenario("shop", program_text(kShop), events, "");
  vm::Interpreter eval(s.program->module);
  Running running(s, eval);
  running.feed(s.items[0]);
  state::LoadedState saved;
  running.engine.export_state(saved);
  REQUIRE(saved.profiles.size() == 1);
  REQUIRE(saved.profiles[0].runs.size() == 1);

  auto refused = [&](state::LoadedState changed) {
    Running fresh(s, eval);
    std::string error;
    CHECK_FALSE(fresh.engine.import_state(changed, error));
    return error;
  };
  state::LoadedState flow_gone = saved;
  flow_gone.profiles[0].runs[0].flow = "Win-back";
  CHECK(refused(flow_gone) == "the state names flow `Win-back`, which this program does not have");
  state::LoadedState property_gone = saved;
  property_gone.profiles[0].properties.push_back({"loyalty", ir::Value::integer(3)});
  CHECK(refused(property_gone) == "profile `p1`: the state names profile property `loyalty`, which this program does not have");
  state::LoadedState step_gone = saved;
  step_gone.profiles[0].runs[0].resume_at = "send#9";
  CHECK(refused(step_gone).find("step `Thanks/send#9`") != std::string::npos);
  state::LoadedState segment_gone = saved;
  segment_gone.profiles[0].segments = {"VIP"};
  CHECK(refused(segment_gone).find("segment `VIP`") != std::string::npos);
  state::LoadedState report_gone = saved;
  report_gone.report.flows[0].flow = "Old flow";
  CHECK(refused(report_gone) == "the state names flow `Old flow`, which this program does not have");

  // Only into a fresh engine.
  std::string error;
  CHECK_FALSE(running.engine.import_state(saved, error));
  CHECK(error.find("has not run yet") != std::string::npos);
}

// Where one profile's change reaches another's record: a phone number taken
// over by another profile moves the inbound thread (owns_phone) away from
// the first; the change checks and the resumed runs must both see it.
TEST_CASE("a phone number taken over resumes and checkpoints with its new owner", "[state]") {
  auto line = [](const std::string& time, const std::string& body) {
    return R"({"time":"2026-11-02T)" + time + R"(Z",)" + body + "}\n";
  };
  std::string events = line("10:00:00", R"("type":"subscribe","profile":"p1","phone":"+15550001","channel":"sms")") +
                       line("10:01:00", R"("type":"subscribe","profile":"p2","phone":"+15550002","channel":"sms")") +
                       line("10:02:00", R"("type":"profile","profile":"p2","phone":"+15550001")") +
                       line("10:03:00", R"("type":"inbound","phone":"+15550001","channel":"sms","text":"HELP")") +
                       line("10:04:00", R"("type":"profile","profile":"p1","phone":"+15550003")") +
                       line("10:05:00", R"("type":"inbound","phone":"+15550001","channel":"sms","text":"HELP")");
  Scenario s = load_scenario("phones", program_text(R"(account { sender sms "+15555550100" })"), events, "");
  Totals totals;
  for (auto& [name, eval] : evaluators(s.program->module)) check_cuts(s, *eval, every_cut(s.items.size()), true, totals);
  CHECK(totals.cuts == 14);
}
