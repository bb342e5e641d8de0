// [state] The logical state's encoding (runtime/state/encoding.h): every
// record round-trips bit for bit, unknown tags are skipped, and truncated or
// damaged bytes give an error naming the field, never a crash or a large
// allocation.
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <typeinfo>

#include <fmt/format.h>
#include <xxhash.h>

#include <simdjson.h>

#include "events/decode_properties.h"
#include "ir/value_limits.h"
#include "state/encoding.h"
#include "targets/targets.h"

using namespace flowc;
using namespace flowc::state;

namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr uint64_t kUMax = std::numeric_limits<uint64_t>::max();
const double kNaN = std::bit_cast<double>(uint64_t{0x7ff8'dead'beef'0001});  // a NaN with a payload
const double kInf = std::numeric_limits<double>::infinity();

ir::Value nested_list() {
  return ir::Value::list_of({ir::Value::integer(kMin), ir::Value::string(""), ir::Value::unset(),
                             ir::Value::list_of({ir::Value::number(-0.0), ir::Value::boolean(true)})});
}

std::vector<NamedValue> every_kind_of_value() {
  return {{"unset_in_a_list", ir::Value::list_of({ir::Value::unset()})},
          {"yes", ir::Value::boolean(true)},
          {"no", ir::Value::boolean(false)},
          {"max", ir::Value::integer(kMax)},
          {"min", ir::Value::integer(kMin)},
          {"negative_zero", ir::Value::number(-0.0)},
          {"nan", ir::Value::number(kNaN)},
          {"inf", ir::Value::number(kInf)},
          {"minus_inf", ir::Value::number(-kInf)},
          {"empty", ir::Value::string("")},
          {"text", ir::Value::string("héllo \n\0 world")},
          {"date", ir::Value::date(-719468)},
          {"datetime", ir::Value::datetime(kMax)},
          {"duration", ir::Value::duration(-1)},
          {"consent", ir::Value::consent(ir::Consent::Unsubscribed)},
          {"list", nested_list()}};
}

WakeState full_wake(WakeKind kind) {
  return {kind, kMin, kUMax, "Win-back", 7, "Spring", "A", "first", "whatsapp", 3};
}

// A profile with every field away from its default.
ProfileState full_profile() {
  ProfileState p;
  p.id = "p17";
  p.ordinal = std::numeric_limits<uint32_t>::max();
  p.email = "a@example.com";
  p.phone = "+15550100";
  p.owns_phone = true;
  p.created = kMin;
  p.properties = every_kind_of_value();
  p.last_sent = {{"email", 100}, {"sms", -5}};
  p.lists = {"", "Newsletter"};  // an empty name still counts as an element
  p.segments = {"VIP"};
  p.segments_evaluated = true;
  p.aggregates = {{"sum", "Placed Order", "value", "value > 3", 86400, 12, -0.0, ir::Value::number(kNaN),
                   {{1, ir::Value::number(2.5)}, {2, ir::Value::unset()}}, true}};
  p.consents = {{"email", "subscribed", true, 631152000}, {"sms", "never_subscribed", false, 0}};
  p.suppressed = {"push"};
  p.email_pending_confirmation = true;
  p.lists_pending_confirmation = {"Weekly"};
  p.messaged_month = 24311;
  p.has_last_outbound = true;
  p.last_outbound_source = "flow";
  p.last_outbound_name = "Welcome";
  p.latest_sends = {{"email", kUMax}, {"sms", 1}};
  p.recheck_at = kMax;
  p.last_activity = 0;
  p.flows_entered = {{"Welcome", 2, 99}};
  p.recipient_groups = {"flow:Welcome", "step:Welcome/send#1"};
  p.engagements = {{"email_click", 5, 3}};
  p.runs = {{"Win-back", 3, RunPosition::Ended, "send#2", "wait#1", 10, 9, true, {{"sku", ir::Value::string("X")}}},
            {"Welcome", 1, RunPosition::Deferred, "", "", 0, 0, false, {}}};
  p.wakes = {full_wake(WakeKind::SessionTimeout), full_wake(WakeKind::DateTrigger)};
  p.reviews = {{"Win-back", "send#2", 3, 44, true, {{"total", ir::Value::number(1e300)}}}};
  p.sessions = {{"Quiz", "whatsapp", "q2", 1, {{"q1", ir::Value::string("yes")}}, 77, 4}};
  p.deliveries = {{"Spring", "A", "first", 2, 5}};
  p.views = {{"Price drop", "sku-1", 88, {{"price", ir::Value::number(9.99)}}}};
  p.replies = {{"", 3}, {"Quiz", kUMax}};
  p.entries_at_instant = {{"Welcome", 2}};
  p.fired_dates = {{"Birthday", kMin}};
  return p;
}

ReportState full_report() {
  ReportState r;
  EngagementCounts e{1, 2, 3, 4, 5, 6, -0.0};
  r.flows = {{"Welcome", 10, 9, {{"goal", 1}}, {{"send#1", 8, 1, 2, e, {{"quiet_hours", 3}}}}}};
  r.campaigns = {{"Spring", 4, {{"A", 5, 4, {{"first", "sent", 5, 5, e, {{"no_consent", 1}}}}}}}};
  r.automations = {{"Quiz", 2, 3, {{"a", 1}}, {{"timeout", 1}}, {{"shoes", 2}}, e}};
  r.usage = {1, 2, 3, 4, 5, 6};
  r.usage_by_month = {{24311, {1, 0, 0, 0, 0, 1}}};
  r.sends_by_day = {{19000, {0, 0, 7, 0}}};  // zeros in a list are kept
  r.input_error_counts = {{"bad_json", 2}};
  r.input_errors_total = 2;
  r.input_errors_limit = 1000;
  r.late_records = 1;
  r.records = kUMax;
  return r;
}

template <class Record> Record round_trip(const Record& record) {
  Record back;
  std::string error;
  REQUIRE(decode(encode(record), back, error));
  CHECK(error.empty());
  INFO(typeid(Record).name());
  CHECK(identical(record, back));
  return back;
}

template <class Record> std::string decode_error(const std::string& bytes) {
  Record back;
  std::string error;
  CHECK_FALSE(decode(bytes, back, error));
  return error;
}

void put_varint(std::string& out, uint64_t x) {
  for (; x >= 0x80; x >>= 7) out.push_back(static_cast<char>(x | 0x80));
  out.push_back(static_cast<char>(x));
}

// A record built by hand: kind, version 1, length, then `body`.
std::string record_bytes(uint8_t kind, const std::string& body) {
  std::string out(1, static_cast<char>(kind));
  put_varint(out, 1);
  put_varint(out, body.size());
  return out + body;
}

std::string bytes_field(uint32_t tag, const std::string& payload) {
  std::string out;
  put_varint(out, uint64_t{tag} << 3 | 2);
  put_varint(out, payload.size());
  return out + payload;
}

std::string varint_field(uint32_t tag, uint64_t x) {
  std::string out;
  put_varint(out, uint64_t{tag} << 3);
  put_varint(out, x);
  return out;
}

constexpr uint8_t kProfileKind = 1, kCheckpointKind = 4;

}  // namespace

TEST_CASE("every state record round-trips field for field", "[state]") {
  ProfileState p = round_trip(full_profile());
  CHECK(p.lists.size() == 2);
  CHECK(p.lists[0].empty());
  CHECK(p.runs[0].position == RunPosition::Ended);
  CHECK(p.wakes[0].kind == WakeKind::SessionTimeout);
  CHECK(p.replies[1].count == kUMax);
  CHECK(p.created == kMin);
  CHECK(p.recheck_at == kMax);
  CHECK(p.runs[1].resume_at.empty());

  GlobalState g{kMax, true, 9, kMin, 3, 4, 5, true, -1, {full_wake(WakeKind::CampaignMessage)}};
  CHECK(round_trip(g).max_work_time == kMin);
  CHECK(round_trip(full_report()).sends_by_day[0].by_channel == std::vector<uint64_t>{0, 0, 7, 0});
  CheckpointState c{1, "a.ndjson", kUMax, std::string("\0\x01\xff", 3), 5, kMin, 2, "out.ndjson", 9, true,
                    "strict", "h", 3, 4};
  CHECK(round_trip(c).input_digest == std::string("\0\x01\xff", 3));
  round_trip(SendState{kUMax, 2, kMin, 3, 4, true, false, true, true});
  round_trip(OriginState{7, "flow", "email", "Welcome", "", "send#1", "flow", "Welcome", "send#1", "hello"});
  CHECK(std::signbit(round_trip(PriceState{"sku", -0.0}).price));
  round_trip(InputErrorState{kUMax, 12, "bad_json", "expected `{`"});
  round_trip(FormatState{1, "flowc"});
  round_trip(ProfileState{});  // all defaults: an empty body
}

TEST_CASE("typed values keep their kind and exact bits", "[state]") {
  ProfileState p;
  p.properties = every_kind_of_value();
  ProfileState back = round_trip(p);
  REQUIRE(back.properties.size() == p.properties.size());
  for (size_t i = 0; i < p.properties.size(); ++i) {
    INFO(p.properties[i].name);
    const ir::Value &a = p.properties[i].value, &b = back.properties[i].value;
    CHECK(a.kind == b.kind);
    if (a.kind == ir::ValueKind::Number) CHECK(std::bit_cast<uint64_t>(a.n) == std::bit_cast<uint64_t>(b.n));
    else if (a.kind == ir::ValueKind::String) CHECK(a.str() == b.str());
    else if (a.kind != ir::ValueKind::List) CHECK(a.i == b.i);
  }
  const ir::Value& list = back.properties.back().value;
  REQUIRE(list.items().size() == 4);
  CHECK(list.items()[0].i == kMin);
  CHECK(list.items()[2].kind == ir::ValueKind::Unset);
  CHECK(std::signbit(list.items()[3].items()[0].n));
  CHECK(back.properties[5].name == "negative_zero");
  CHECK(std::signbit(back.properties[5].value.n));
  CHECK(std::isinf(back.properties[8].value.n));
  CHECK(back.properties[8].value.n < 0);
}

TEST_CASE("a 1 MB string and a 1 MB id round-trip", "[state]") {
  ProfileState p;
  p.id = std::string(1 << 20, 'i');
  std::string big(1 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 131);
  p.properties = {{"blob", ir::Value::string(big)}};
  ProfileState back = round_trip(p);
  CHECK(back.id == p.id);
  CHECK(back.properties[0].value.str() == big);
}

TEST_CASE("-0.0 and +0.0 are different states; NaN equals the same NaN", "[state]") {
  CHECK_FALSE(identical(PriceState{"a", -0.0}, PriceState{"a", 0.0}));
  CHECK(identical(PriceState{"a", kNaN}, PriceState{"a", kNaN}));
  CHECK_FALSE(identical(PriceState{"a", kNaN}, PriceState{"a", std::nan("")}));
}

TEST_CASE("fields with tags this flowc does not know are skipped", "[state]") {
  // A newer flowc added tag 40 (bytes), 41 (varint) and 42 (8 bytes) to the
  // profile, and tag 20 inside a run.
  std::string run = bytes_field(1, "Win-back") + varint_field(2, 3) + bytes_field(20, "new run field");
  std::string fixed;
  put_varint(fixed, uint64_t{42} << 3 | 1);
  fixed += std::string(8, '\x7f');
  std::string body = bytes_field(1, "p1") + varint_field(2, 5) + bytes_field(27, run) + bytes_field(40, "x") +
                     varint_field(41, kUMax) + fixed;
  ProfileState p;
  std::string error;
  REQUIRE(decode(record_bytes(kProfileKind, body), p, error));
  CHECK(p.id == "p1");
  CHECK(p.ordinal == 5);
  REQUIRE(p.runs.size() == 1);
  CHECK(p.runs[0].flow == "Win-back");
  CHECK(p.runs[0].occurrence == 3);
}

TEST_CASE("every cut of a record gives an error, never a crash", "[state]") {
  ProfileState p = full_profile();
  std::string bytes = encode(p);
  for (size_t size = 0; size < bytes.size(); ++size) {
    ProfileState back;
    std::string error;
    INFO("cut at " << size << " of " << bytes.size());
    CHECK_FALSE(decode(std::string_view(bytes).substr(0, size), back, error));
    CHECK_FALSE(error.empty());
  }
}

TEST_CASE("a cut inside a field names the field", "[state]") {
  ProfileState p;
  p.id = "p1";
  p.runs = {{"Win-back", 3}, {"Welcome", 4, RunPosition::Waiting, "send#2"}};
  std::string bytes = encode(p);
  std::string error = decode_error<ProfileState>(bytes.substr(0, bytes.size() - 3));
  CHECK(error.find("truncated") != std::string::npos);
  CHECK(error.find("`runs[1]`") != std::string::npos);
  // Cut inside the 1 MB string of a property value.
  ProfileState big;
  big.properties = {{"blob", ir::Value::string(std::string(1 << 20, 'x'))}};
  bytes = encode(big);
  error = decode_error<ProfileState>(bytes.substr(0, bytes.size() / 2));
  CHECK(error.find("`properties[0]`") != std::string::npos);
}

TEST_CASE("damaged bytes give errors that name the field", "[state]") {
  // A length that claims far more bytes than there are: refused before any
  // allocation of that size.
  std::string huge;
  put_varint(huge, uint64_t{1} << 3 | 2);
  put_varint(huge, uint64_t{1} << 60);
  std::string error = decode_error<ProfileState>(record_bytes(kProfileKind, huge + "abc"));
  CHECK(error.find("`id`") != std::string::npos);
  CHECK(error.find("1152921504606846976 bytes needed") != std::string::npos);

  // Known tags with the wrong wire type, out-of-range numbers, bad enums.
  CHECK(decode_error<ProfileState>(record_bytes(kProfileKind, varint_field(1, 5))).find("`id`: stored as a varint") !=
        std::string::npos);
  CHECK(decode_error<ProfileState>(record_bytes(kProfileKind, varint_field(2, uint64_t{1} << 32)))
            .find("`ordinal`: 4294967296 is out of range") != std::string::npos);
  CHECK(decode_error<ProfileState>(record_bytes(kProfileKind, varint_field(5, 2)))
            .find("`owns_phone`: bool value 2") != std::string::npos);
  CHECK(decode_error<ProfileState>(record_bytes(kProfileKind, bytes_field(27, varint_field(3, 3))))
            .find("`runs[0].position`: 3 is not a known value") != std::string::npos);
  std::string bad_consent(1, '\x08');  // consent code, then zigzag(9)
  put_varint(bad_consent, 18);
  CHECK(decode_error<ProfileState>(record_bytes(kProfileKind, bytes_field(7, bytes_field(2, bad_consent))))
            .find("`properties[0].value`: consent value 9") != std::string::npos);
  std::string deep(1, '\x09');  // lists nested 9 deep
  for (int i = 0; i < 9; ++i) {
    std::string outer(1, '\x09');
    put_varint(outer, deep.size());
    deep = outer + deep;
  }
  CHECK(decode_error<ProfileState>(record_bytes(kProfileKind, bytes_field(7, bytes_field(2, deep))))
            .find("nested deeper") != std::string::npos);
  std::string bad_wire;
  put_varint(bad_wire, uint64_t{1} << 3 | 5);
  CHECK(decode_error<ProfileState>(record_bytes(kProfileKind, bad_wire)).find("wire type 5") != std::string::npos);
}

// The deepest list an event may bring (ir::kMaxListNesting levels, JSON
// arrays in arrays) is saved and loaded back: an event that is accepted
// never leaves a state that cannot be opened. One level more is refused by
// both, the event with an input error, the record as damaged.
TEST_CASE("the deepest list an event may bring round-trips through saved state", "[state]") {
  auto nested = [](int levels) {
    std::string json = "1";
    for (int i = 0; i < levels; ++i) json = "[" + json + "]";
    return json;
  };
  simdjson::dom::parser parser;
  ir::Value deepest;
  std::string problem;
  REQUIRE(events::detail::decode_value(parser.parse(nested(ir::kMaxListNesting)).value(), ir::Type::Unknown, deepest,
                                       problem));
  ProfileState p;
  p.id = "deep";
  p.properties.push_back({"tags", deepest});
  ProfileState back;
  std::string error;
  REQUIRE(decode(encode(p), back, error));
  CHECK(identical(back, p));

  ir::Value too_deep;
  CHECK_FALSE(events::detail::decode_value(parser.parse(nested(ir::kMaxListNesting + 1)).value(), ir::Type::Unknown,
                                           too_deep, problem));
  p.properties[0].value = ir::Value::list_of({deepest});
  CHECK_FALSE(decode(encode(p), back, error));
  CHECK(error.find("nested deeper") != std::string::npos);
}

TEST_CASE("a record of another kind or a newer version is refused", "[state]") {
  std::string checkpoint = encode(CheckpointState{});
  CHECK(decode_error<ProfileState>(checkpoint).find("where a profile record") != std::string::npos);
  std::string newer(1, static_cast<char>(kCheckpointKind));
  newer += '\x02';
  newer += '\x00';
  CHECK(decode_error<CheckpointState>(newer).find("checkpoint record version 2") != std::string::npos);
  CHECK(decode_error<CheckpointState>("").find("empty") != std::string::npos);
  CHECK(decode_error<CheckpointState>(checkpoint + "x").find("1 bytes after its end") != std::string::npos);
}

TEST_CASE("every single-bit flip of a record decodes or fails cleanly", "[state]") {
  std::string bytes = encode(full_profile());
  size_t failures = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string damaged = bytes;
      damaged[i] = static_cast<char>(damaged[i] ^ (1 << bit));
      ProfileState back;
      std::string error;
      if (!decode(damaged, back, error)) {
        ++failures;
        CHECK_FALSE(error.empty());
      } else {
        // What decodes re-encodes to something that decodes the same.
        ProfileState again;
        REQUIRE(decode(encode(back), again, error));
        CHECK(identical(back, again));
      }
    }
  }
  CHECK(failures > 0);
}

TEST_CASE("the state_decode fuzz target takes its seeds and every cut of them", "[state]") {
  namespace fs = std::filesystem;
  size_t seeds = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(fs::path(FLOWC_SOURCE_DIR) / "fuzz/seeds/state_decode")) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (size_t size = 0; size <= bytes.size(); ++size)
      CHECK(flowc_fuzz_state_decode(reinterpret_cast<const uint8_t*>(bytes.data()), size) == 0);
    std::string error;
    ProfileState profile;
    if (entry.path().filename() == "profile.bin") CHECK(decode(bytes, profile, error));
    ++seeds;
  }
  CHECK(seeds == 9);  // one per record kind
}

// The bytes themselves are the on-disk contract (docs/state.md): a rewrite
// of the encoder must write exactly what the one before wrote. Pinned from
// the encoder of format 2 (bdd487d) as the length and a digest of the hex.
TEST_CASE("the encoding of a rich record is pinned byte for byte", "[state]") {
  const std::string bytes = encode(full_profile());
  std::string hex;
  for (unsigned char c : bytes) hex += fmt::format("{:02x}", c);
  INFO(hex);
  CHECK(bytes.size() == 1137u);
  CHECK(XXH3_64bits(bytes.data(), bytes.size()) == 0x9dfecb0107fbe63eull);
  GlobalState g{kMax, true, 9, kMin, 3, 4, 5, true, -1, {full_wake(WakeKind::CampaignMessage)}};
  const std::string global = encode(g);
  CHECK(XXH3_64bits(global.data(), global.size()) == 0xf65f589561730e8eull);
  const std::string report = encode(full_report());
  CHECK(XXH3_64bits(report.data(), report.size()) == 0xac0f422962eaa6e9ull);
}

// Nested parts are written in place with one byte kept for their length:
// parts of 127, 128 and 16,384 bytes and more take one, two and three
// length bytes, at every level (a run in a profile, a list value in it).
TEST_CASE("nested parts of every length size round-trip", "[state]") {
  for (size_t size : {size_t{0}, size_t{100}, size_t{127}, size_t{128}, size_t{5000}, size_t{16384}, size_t{70000}}) {
    ProfileState p;
    p.id = "p";
    RunState run{std::string(size, 'f'), 1};
    run.event.push_back(NamedValue{"items", ir::Value::list_of({ir::Value::string(std::string(size, 'v'))})});
    p.runs.push_back(run);
    INFO(size);
    const ProfileState back = round_trip(p);
    REQUIRE(back.runs.size() == 1);
    CHECK(back.runs[0].flow.size() == size);
    CHECK(encode(back) == encode(p));
  }
}
