// The routing of a partitioned stream (runtime/partition/router.h): where
// each kind of record goes, phone ownership as the engine keeps it, late
// records, ticks, message ids, and the example month routed over three
// partitions.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "events/reader.h"
#include "in_process.h"
#include "partition/router.h"

using namespace flowc;
using events::Record;
using events::RecordType;
using partition::Delivery;
using partition::Router;

namespace {

constexpr int64_t kT = 1793527200;  // 2026-11-01T10:00:00Z

Record record(RecordType type, int64_t time, std::string profile, std::optional<std::string> phone = std::nullopt) {
  Record r;
  r.type = type;
  r.time = time;
  r.profile = std::move(profile);
  r.phone = std::move(phone);
  return r;
}

// The deliveries of one record, and the partitions its own copies go to.
struct Routed {
  std::vector<Delivery> all;
  std::vector<uint32_t> record_partitions() const {
    std::vector<uint32_t> out;
    for (const Delivery& d : all)
      if (d.kind == Delivery::Kind::Record) out.push_back(d.partition);
    return out;
  }
  std::vector<Delivery> ticks() const {
    std::vector<Delivery> out;
    for (const Delivery& d : all)
      if (d.kind == Delivery::Kind::Tick) out.push_back(d);
    return out;
  }
};

Routed route(Router& router, const Record& r, const std::string& line) {
  Routed out;
  router.route(r, line, out.all);
  return out;
}

// Two profile ids that fall in different partitions of `router`.
std::pair<std::string, std::string> apart(const Router& router) {
  for (int i = 1;; ++i) {
    const std::string n = std::to_string(i);
    std::string a = "p", b = "q";
    a += n;
    b += n;
    if (partition::partition_of(a, router.partitions()) != partition::partition_of(b, router.partitions()))
      return {a, b};
  }
}

}  // namespace

TEST_CASE("partition routing: a profile's records go to its partition, broadcasts to every one", "[partition]") {
  Router router(4);
  const uint32_t home = partition::partition_of("ada", 4);
  for (RecordType t : {RecordType::Profile, RecordType::Event, RecordType::Subscribe, RecordType::ListAdd,
                       RecordType::Review})
    CHECK(route(router, record(t, kT, "ada"), "line of ada " + std::to_string(static_cast<int>(t)))
              .record_partitions() == std::vector<uint32_t>{home});
  for (RecordType t : {RecordType::Price, RecordType::Engagement, RecordType::Review}) {
    Routed r = route(router, record(t, kT, ""), "broadcast " + std::to_string(static_cast<int>(t)));
    CHECK(r.record_partitions() == std::vector<uint32_t>{0, 1, 2, 3});
    std::set<std::string> ids;
    for (const Delivery& d : r.all) {
      CHECK(d.copies == 4);  // counted once as a record
      ids.insert(d.message_id);
    }
    CHECK(ids.size() == 4);  // one id per copy
  }
  // A price or an engagement naming a profile still reaches everyone: the
  // engine ignores the profile of those.
  CHECK(route(router, record(RecordType::Price, kT, "ada"), "priced").record_partitions().size() == 4);
}

TEST_CASE("partition routing: an inbound text follows its number's owner, as the engine keeps it", "[partition]") {
  Router router(8);
  const auto [a, b] = apart(router);
  const uint32_t pa = partition::partition_of(a, 8), pb = partition::partition_of(b, 8);
  const uint32_t unowned = partition::partition_of("+3361", 8);
  auto inbound = [&](int n) {
    // `profile` on an inbound record is ignored by the engine: so here.
    return route(router, record(RecordType::Inbound, kT + n, n % 2 ? "someone" : "", "+3361"), "in " + std::to_string(n))
        .record_partitions();
  };
  CHECK(inbound(1) == std::vector<uint32_t>{unowned});  // nobody has the number yet
  route(router, record(RecordType::Profile, kT + 2, a, "+3361"), "a takes it");
  CHECK(inbound(3) == std::vector<uint32_t>{pa});
  route(router, record(RecordType::Event, kT + 4, b, "+3361"), "b takes it from a");
  CHECK(inbound(5) == std::vector<uint32_t>{pb});
  route(router, record(RecordType::Event, kT + 6, a, "+3361"), "a repeats its own number: no change, no claim");
  CHECK(inbound(7) == std::vector<uint32_t>{pb});
  route(router, record(RecordType::Profile, kT + 8, b, "+3399"), "b moves on");
  CHECK(inbound(9) == std::vector<uint32_t>{unowned});  // a still has it written, but does not own it
  route(router, record(RecordType::Profile, kT + 10, a, "+3361"), "a writes the same number again: no change");
  CHECK(inbound(11) == std::vector<uint32_t>{unowned});
  // An inbound text itself claims nothing.
  route(router, record(RecordType::Inbound, kT + 12, a, "+3361"), "a texts from it");
  CHECK(inbound(13) == std::vector<uint32_t>{unowned});
}

TEST_CASE("partition routing: late records carry the stream's clock; ticks keep every clock close", "[partition]") {
  Router router(3, /*tick_quantum=*/3600);
  const uint32_t home = partition::partition_of("ada", 3);
  Routed first = route(router, record(RecordType::Event, kT, "ada"), "first");
  // Every other partition hears the first time before the first record.
  REQUIRE(first.ticks().size() == 2);
  for (const Delivery& t : first.ticks()) {
    CHECK(t.time == kT);
    CHECK(t.partition != home);
  }
  CHECK(first.all.back().kind == Delivery::Kind::Record);
  CHECK(first.all.back().late_at == -1);

  // Within the quantum: no tick; past it: one to each partition that heard
  // nothing since, before the record.
  CHECK(route(router, record(RecordType::Event, kT + 1800, "ada"), "half an hour on").ticks().empty());
  Routed later = route(router, record(RecordType::Event, kT + 7200, "ada"), "two hours on");
  REQUIRE(later.ticks().size() == 2);
  for (const Delivery& t : later.ticks()) CHECK(t.time == kT + 7200);
  CHECK(later.all.back().kind == Delivery::Kind::Record);
  CHECK(route(router, record(RecordType::Event, kT + 7300, "ada"), "a moment on").ticks().empty());

  // A record older than the clock is late, to be applied at the clock.
  Routed late = route(router, record(RecordType::Event, kT + 10, "ada"), "late");
  CHECK(late.all.back().late_at == kT + 7300);
  CHECK(late.all.back().time == kT + 10);
  CHECK(late.ticks().empty());

  std::vector<Delivery> ends;
  router.end(ends);
  REQUIRE(ends.size() == 3);
  for (uint32_t p = 0; p < 3; ++p) CHECK((ends[p].kind == Delivery::Kind::End && ends[p].partition == p));
}

TEST_CASE("partition routing: message ids are the same every time, and identical lines stay apart", "[partition]") {
  const std::vector<std::pair<Record, std::string>> input = {
      {record(RecordType::Event, kT, "ada"), R"({"a":1})"},
      {record(RecordType::Event, kT, "ada"), R"({"a":1})"},  // a genuine second event, identical
      {record(RecordType::Price, kT + 5, ""), R"({"price":1})"},
      {record(RecordType::Event, kT + 9000, "bob"), R"({"b":2})"},
  };
  auto ids = [&] {
    Router router(2);
    std::vector<std::string> out;
    std::vector<Delivery> deliveries;
    for (const auto& [r, line] : input) router.route(r, line, deliveries);
    router.end(deliveries);
    for (const Delivery& d : deliveries) out.push_back(d.message_id);
    return out;
  };
  const std::vector<std::string> once = ids(), again = ids();
  CHECK(once == again);  // publishing the same input again names the same messages
  const std::set<std::string> distinct(once.begin(), once.end());
  CHECK(distinct.size() == once.size());  // and no two of them alike
}

TEST_CASE("partition routing: what the router remembers of lines stays about a day of the stream", "[partition]") {
  Router router(2);
  std::vector<Delivery> out;
  size_t most = 0;
  for (int minute = 0; minute < 60 * 24 * 10; ++minute) {  // ten days, a distinct line a minute
    out.clear();
    router.route(record(RecordType::Event, kT + minute * 60, "ada"), "line " + std::to_string(minute), out);
    most = std::max(most, router.lines_remembered());
  }
  // At most a day past each line's time, forgotten once a day: two days of
  // lines at the most, never the ten days routed.
  CHECK(most <= 2 * 60 * 24 + 1);
  CHECK(most > 60 * 24);  // and a whole day of them kept
  // A line repeated ten days later is taken for a re-published copy: the
  // same id as the first time.
  Router fresh(2);
  std::vector<Delivery> first;
  fresh.route(record(RecordType::Event, kT, "ada"), "repeated", first);
  for (int day = 1; day <= 10; ++day) {
    std::vector<Delivery> skip;
    fresh.route(record(RecordType::Event, kT + day * 86400, "bob"), "day " + std::to_string(day), skip);
  }
  std::vector<Delivery> again;
  fresh.route(record(RecordType::Event, kT, "ada"), "repeated", again);
  CHECK(again.back().message_id == first.back().message_id);
  // While within a day it is a second event.
  std::vector<Delivery> soon;
  fresh.route(record(RecordType::Event, kT + 10 * 86400, "ada"), "fresh line", soon);
  std::vector<Delivery> soon_again;
  fresh.route(record(RecordType::Event, kT + 10 * 86400, "ada"), "fresh line", soon_again);
  CHECK(soon.back().message_id != soon_again.back().message_id);
}

TEST_CASE("partition routing: the example month over three partitions", "[partition]") {
  auto program = testing::program_file(FLOWC_SOURCE_DIR "/examples/acme.flow");
  std::ifstream in(FLOWC_SOURCE_DIR "/examples/acme-month.ndjson", std::ios::binary);
  REQUIRE(in);
  std::istringstream no_input;
  events::EventReader reader(program->module, no_input);
  Router router(3);
  std::map<std::string, std::set<uint32_t>> partitions_of_profile;
  std::vector<int64_t> clock(3, INT64_MIN);
  size_t records = 0, counted = 0, broadcasts = 0;
  std::string line;
  Record r;
  events::InputError error;
  while (std::getline(in, line)) {
    if (reader.decode_line(line, true, r, error) != events::EventReader::Result::Record) continue;
    ++records;
    std::vector<Delivery> out;
    router.route(r, line, out);
    size_t copies = 0;
    for (const Delivery& d : out) {
      // What each partition hears never goes back in time (a late record
      // counts at the clock it carries).
      const int64_t at = d.kind == Delivery::Kind::Record && d.late_at >= 0 ? d.late_at : d.time;
      CHECK(at >= clock[d.partition]);
      clock[d.partition] = std::max(clock[d.partition], at);
      if (d.kind != Delivery::Kind::Record) continue;
      ++copies;
      counted += d.copies == 1 ? 1 : 0;
      if (!r.profile.empty() && d.copies == 1 && r.type != RecordType::Inbound)
        partitions_of_profile[r.profile].insert(d.partition);
    }
    if (copies == 3) ++broadcasts;
    else CHECK(copies == 1);
  }
  CHECK(records > 1000);
  CHECK(counted + broadcasts == records);  // each record counted once
  CHECK(broadcasts > 0);                   // the month has prices and engagements
  std::set<uint32_t> used;
  for (const auto& [profile, parts] : partitions_of_profile) {
    INFO(profile);
    CHECK(parts.size() == 1);  // all of a profile's records in one partition
    used.insert(*parts.begin());
  }
  CHECK(used.size() == 3);  // and the profiles spread over all three
}
