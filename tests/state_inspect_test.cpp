// [state] `flowc state inspect` and `flowc state export` (docs/state.md,
// "Reading a state"), driving the real binary over a state committed here
// by hand: a few profiles with a property of every value kind, runs in each
// position, wake-ups of every kind, a review, a session, a delivery, a view,
// sends, an origin, a price and an input error. The outputs are compared
// with tests/state/inspect/; the folder's bytes must not change, also while
// another process holds it; bad folders exit 3, an unknown profile 2, a
// failed write 4.
// After a deliberate change of the JSON, regenerate the golden files with
//   FLOWC_UPDATE_GOLDEN=1 build-test/tests/flowc_tests "[state]"
// and read the diff.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "flowc_command.h"
#include "golden.h"
#include "state/state_json.h"
#include "state/encoding.h"
#include "state/store.h"

using namespace flowc::state;
using flowc::ir::Value;
using flowc::testing::read_text;
using flowc::testing::run_command;
namespace fs = std::filesystem;

namespace {

const std::string kGolden = std::string(FLOWC_SOURCE_DIR) + "/tests/state/inspect/";
constexpr int64_t kDay = 86400;
constexpr int64_t kNov1 = 1793491200;  // 2026-11-01T00:00:00Z

// A fresh folder under the temporary directory (gone at the end of the test).
struct TempFolder : flowc::testing::TempFolder {
  explicit TempFolder(const std::string& name) : flowc::testing::TempFolder("flowc-inspect-" + name) {}
};

using flowc::testing::run_flowc;
using flowc::testing::sh_quote;
using flowc::testing::tree_digest;
using Result = flowc::testing::FlowcResult;

void check_golden(const std::string& name, const std::string& actual) {
  flowc::testing::check_golden_file(kGolden + name, actual);
}

ProfileState ann() {
  ProfileState p;
  p.id = "ann";
  p.ordinal = 1;
  p.email = "ann@example.com";
  p.phone = "+15550100";
  p.owns_phone = true;
  p.created = kNov1;
  p.properties = {
      {"vip", Value::boolean(true)},
      {"orders", Value::integer(-3)},
      {"ltv", Value::number(1234.5678)},
      {"ratio", Value::number(0.1)},
      {"zero", Value::number(-0.0)},
      {"broken", Value::number(std::numeric_limits<double>::quiet_NaN())},
      {"cap", Value::number(-std::numeric_limits<double>::infinity())},
      {"name", Value::string("Ann \"A\" \xC3\x85")},
      {"birthday", Value::date(20000)},
      {"last_order", Value::datetime(kNov1 + 3600 + 61)},
      {"cooldown", Value::duration(kDay + 2 * 3600 + 30)},
      {"sms", Value::consent(flowc::ir::Consent::Subscribed)},
      {"tags", Value::list_of({Value::string("a"), Value::list_of({Value::integer(1)})})},
  };
  p.last_sent = {{"email", kNov1 + 60}};
  p.lists = {"Newsletter"};
  p.segments = {"Lapsed"};
  p.segments_evaluated = true;
  AggregateEntry total{"sum", "Placed Order", "value", "", 30 * kDay, 2, 59.5};
  total.entries = {{kNov1, Value::number(20)}, {kNov1 + 60, Value::number(39.5)}};
  p.aggregates = {total};
  p.consents = {{"email", "subscribed", true, kNov1}, {"sms", "never_subscribed"}};
  p.suppressed = {"push"};
  p.lists_pending_confirmation = {"Offers"};
  p.messaged_month = 682;  // 2026-11
  p.has_last_outbound = true;
  p.last_outbound_source = "flow";
  p.last_outbound_name = "Win-back";
  p.latest_sends = {{"email", 900}};
  p.last_activity = kNov1 + 60;
  p.flows_entered = {{"Win-back", 1, kNov1}};
  p.recipient_groups = {"flow:Win-back"};
  p.engagements = {{"email_open", kNov1 + 120, 1}};
  p.runs = {
      {"Win-back", 1, RunPosition::Waiting, "send#2", "wait#1", kNov1, kNov1, true, {{"value", Value::number(20)}}},
      {"Welcome", 1, RunPosition::Deferred, "hello", "", 0, kNov1 - kDay},
      {"Review", 2, RunPosition::Ended, "", "", 0, kNov1 - 2 * kDay},
  };
  p.wakes = {
      {WakeKind::ResumeRun, kNov1 + 3 * kDay, 7, "Win-back", 1},
      {WakeKind::ResumeRun, kNov1 + 8 * 3600, 8, "Welcome", 1},
      {WakeKind::DateTrigger, kNov1 + 30 * kDay, 9, "Birthday"},
      {WakeKind::SegmentRecheck, kNov1 + kDay, 10},
      {WakeKind::CampaignDelivery, kNov1 + 3600, 11, "", 4, "Black Friday", "main", "email#1"},
      {WakeKind::SessionTimeout, kNov1 + 1800, 12, "", 0, "", "", "", "sms", 3},
  };
  p.reviews = {{"Review", "approve", 2, 5, true, {{"sku", Value::string("A-1")}}}};
  p.sessions = {{"Support", "sms", "topic", 1, {{"name", Value::string("Ann")}}, kNov1 + 600, 3}};
  p.deliveries = {{"Black Friday", "main", "email#1", 1, 4}};
  p.views = {{"Price drop", "A-1", kNov1 + 300, {{"price", Value::number(19.99)}}}};
  p.replies = {{"", 1}, {"Support", 2}};
  p.entries_at_instant = {{"Win-back", 1}};
  p.fired_dates = {{"Birthday", kNov1}};
  return p;
}

// Profiles whose ids sort apart from their creation order.
ProfileState plain(const std::string& id, uint32_t ordinal) {
  ProfileState p;
  p.id = id;
  p.ordinal = ordinal;
  p.created = kNov1 - kDay;
  p.properties = {{"orders", Value::integer(0)}};
  return p;
}

Delta hand_made_checkpoint() {
  Delta d;
  d.checkpoint = {3, "events.ndjson", 4096, std::string("\x00\x01\xfe\xff", 4) + "0123456789ab", 42, kNov1 + 600,
                  0, "activity.ndjson", 2048};
  d.globals.clock = kNov1 + 600;
  d.globals.started = true;
  d.globals.next_wake_seq = 14;
  d.globals.max_work_time = kNov1 + 30 * kDay;
  d.globals.wakes = {{WakeKind::CampaignMessage, kNov1 + 7 * kDay, 13, "", 0, "Black Friday", "main", "email#2"}};
  d.report.records = 42;
  d.report.late_records = 1;
  d.report.flows = {{"Win-back", 1, 0, {{"goal_reached", 0}}, {{"send#2", 1}}}};
  d.report.usage_by_month = {{682, {1}}};
  d.report.sends_by_day = {{20758, {1, 0, 0, 0}}};
  d.report.input_error_counts = {{"bad_json", 1}};
  d.report.input_errors_total = 1;
  d.report.input_errors_limit = 1000;
  for (const ProfileState& p : {ann(), plain("zoe", 0), plain("bob", 2)}) add_encoded(d.profiles, p);
  d.sends = {{900, 0, kNov1 + 60, 1, 1, true}};
  d.origins = {{1, "flow", "email", "Win-back", "", "send#2", "", "", "send#2", ""}};
  d.prices = {{"A-1", 19.99}};
  d.input_errors = {{0, 17, "bad_json", "expected `{` at column 1"}};
  d.has_program = true;
  d.program = std::string("\x01shape", 6);
  return d;
}

void make_state(const std::string& dir) {
  LoadedState loaded;
  std::string error;
  std::unique_ptr<StateStore> store = StateStore::open(dir, "flowc run test", loaded, error);
  INFO(error);
  REQUIRE(store);
  REQUIRE(store->commit(hand_made_checkpoint(), error));
  REQUIRE(store->close(error));
}

// The hand-made state in a folder of its own.
struct MadeState {
  TempFolder tmp;
  std::string dir;
  explicit MadeState(const std::string& name) : tmp(name), dir(tmp / "state") { make_state(dir); }
  // `flowc state COMMAND DIR REST`.
  Result state(const std::string& command, const std::string& rest = "") const {
    return run_flowc("state " + command + " " + sh_quote(dir) + rest, tmp);
  }
};

}  // namespace

TEST_CASE("state inspect prints the clock, the input position, counts and one profile", "[state]") {
  MadeState made("golden");
  std::string before = tree_digest(made.dir);

  Result r = made.state("inspect", " --profile ann");
  INFO(r.err);
  CHECK(r.status == 0);
  check_golden("inspect-ann.json", r.out);

  Result summary = made.state("inspect");
  CHECK(summary.status == 0);
  check_golden("inspect.json", summary.out);
  CHECK(tree_digest(made.dir) == before);  // no lock taken, no LOG, nothing written
}

TEST_CASE("state export writes the whole state as NDJSON, one profile a line in id order", "[state]") {
  MadeState made("export");
  std::string before = tree_digest(made.dir);

  Result r = made.state("export");
  INFO(r.err);
  CHECK(r.status == 0);
  check_golden("export.ndjson", r.out);

  std::string backup = made.tmp / "backup.ndjson";
  Result to_file = made.state("export", " -o " + sh_quote(backup));
  CHECK(to_file.status == 0);
  CHECK(to_file.out.empty());
  CHECK(read_text(backup) == r.out);
  CHECK(tree_digest(made.dir) == before);
}

TEST_CASE("state inspect reads a state another process holds open, changing nothing", "[state]") {
  MadeState made("live");
  const std::string& dir = made.dir;
  LoadedState loaded;
  std::string error;
  // This test process holds the lock and the database, as a running serve would.
  std::unique_ptr<StateStore> live = StateStore::open(dir, "flowc serve test", loaded, error);
  REQUIRE(live);
  Delta more = hand_made_checkpoint();
  more.checkpoint.number = 4;
  more.profiles = EncodedProfiles();
  add_encoded(more.profiles, plain("cy", 3));
  REQUIRE(live->commit(more, error));  // in the write-ahead log only: not flushed
  std::string before = tree_digest(dir);

  Result r = made.state("inspect", " --profile cy");
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("\"number\": 4") != std::string::npos);  // the latest commit
  CHECK(r.out.find("\"profiles\": 4") != std::string::npos);
  CHECK(made.state("export").status == 0);
  CHECK(tree_digest(dir) == before);
}

TEST_CASE("state inspect of a state never committed has no clock and no checkpoint", "[state]") {
  TempFolder tmp("empty");
  std::string dir = tmp / "state";
  {
    LoadedState loaded;
    std::string error;
    REQUIRE(StateStore::open(dir, "flowc run test", loaded, error));
  }
  Result r = run_flowc("state inspect " + sh_quote(dir), tmp);
  CHECK(r.status == 0);
  CHECK(r.out.find("\"clock\": null") != std::string::npos);
  CHECK(r.out.find("\"checkpoint\": null") != std::string::npos);
  CHECK(r.out.find("\"profiles\": 0") != std::string::npos);
}

TEST_CASE("state inspect of an unknown profile is an error naming it (exit 2)", "[state]") {
  MadeState made("unknown");
  Result r = made.state("inspect", " --profile nobody");
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "flowc: error: state `" + made.dir + "` has no profile \"nobody\"; `flowc state export` lists them all\n");
}

TEST_CASE("state inspect and export refuse what is not a readable state (exit 3), changing nothing", "[state]") {
  TempFolder tmp("bad");
  auto refused = [&](const std::string& dir, const std::string& message) {
    std::string before = tree_digest(dir);
    for (const char* command : {"inspect", "export"}) {
      Result r = run_flowc(std::string("state ") + command + " " + sh_quote(dir), tmp);
      INFO(command << ": " << r.err);
      CHECK(r.status == 3);
      CHECK(r.out.empty());
      CHECK(r.err.find(message) != std::string::npos);
    }
    CHECK(tree_digest(dir) == before);
  };
  SECTION("missing") {
    Result r = run_flowc("state inspect " + sh_quote(tmp / "none"), tmp);
    CHECK(r.status == 3);
    CHECK(r.err.find("state `" + tmp / "none" + "` does not exist") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "none"));
  }
  SECTION("foreign") {
    fs::create_directories(tmp / "foreign");
    std::ofstream(tmp / "foreign/notes.txt") << "mine\n";
    refused(tmp / "foreign", "`" + tmp / "foreign" + "` is not a flowc state folder (it has no `FLOWC_STATE`)");
  }
  SECTION("empty") {
    fs::create_directories(tmp / "empty");
    refused(tmp / "empty", "is not a flowc state folder");
    CHECK(fs::is_empty(tmp / "empty"));
  }
  SECTION("newer") {
    make_state(tmp / "newer");
    std::ofstream(tmp / "newer/FLOWC_STATE", std::ios::trunc) << "flowc-state 3\n";
    refused(tmp / "newer", "has format 3, newer than this flowc reads (2)");
  }
  SECTION("damaged") {
    make_state(tmp / "damaged");
    fs::remove(tmp / "damaged/db/CURRENT");
    refused(tmp / "damaged", "state `" + tmp / "damaged" + "` is damaged");
  }
}

TEST_CASE("state inspect and export report a failed write (exit 4)", "[state]") {
  MadeState made("full");
  Result inspect = made.state("inspect", " >/dev/full");
  CHECK(inspect.status == 4);
  CHECK(inspect.err.find("cannot write `standard output`") != std::string::npos);
  Result to_stdout = made.state("export", " >/dev/full");
  CHECK(to_stdout.status == 4);
  CHECK(to_stdout.err.find("cannot write `standard output`") != std::string::npos);
  Result to_file = made.state("export", " -o /dev/full");
  CHECK(to_file.status == 4);
  CHECK(to_file.err.find("cannot write `/dev/full`") != std::string::npos);
}

TEST_CASE("state JSON: times, doubles and typed values read back exactly", "[state]") {
  CHECK(time_json(-1) == "1969-12-31T23:59:59Z");
  CHECK(time_json(-62135596800) == "0001-01-01T00:00:00Z");
  CHECK(time_json(253402300799) == "9999-12-31T23:59:59Z");
  // Outside RFC 3339's years a time stays a number (the `--drain` horizon
  // of a scheduler that never had work is INT64_MIN).
  CHECK(time_json(253402300800) == 253402300800);
  CHECK(time_json(std::numeric_limits<int64_t>::min()) == std::numeric_limits<int64_t>::min());
  GlobalState globals;
  globals.max_work_time = std::numeric_limits<int64_t>::min();
  CHECK(record_json(globals)["max_work_time"] == std::numeric_limits<int64_t>::min());

  CHECK(json_text(value_json(Value::number(std::numeric_limits<double>::infinity()))) == R"({"number":"Infinity"})");
  CHECK(json_text(value_json(Value::date(-719163))) == R"({"date":-719163})");  // the day before 0001-01-01
  CHECK(json_text(value_json(Value::unset())) == "null");
  // Every finite double prints as a number that parses back to its bits.
  for (double x : {0.1, -0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1.0 / 3, 1e21, 123456789.0}) {
    Json back = Json::parse(json_text(value_json(Value::number(x))));
    double y = back["number"].get<double>();
    CHECK(std::memcmp(&x, &y, sizeof x) == 0);
  }
}
