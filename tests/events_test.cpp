// The event-stream reader (RUNTIME.md section 2): every record type as the
// spec writes it, the errors a bad line gets (and that reading goes on), the
// property type rules against a hand-built schema, RFC 3339 times, and a
// fuzz pass that the reader survives any bytes.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "events/reader.h"

using namespace flowc;
using events::EventReader;
using events::InputError;
using events::Record;
using events::RecordChannel;
using events::RecordType;

namespace {

ir::Module test_module() {
  ir::Module m;
  auto prop = [](std::string name, ir::Type t) { return ir::PropertyDef{std::move(name), t, true, ir::kNone}; };
  m.profile_properties = {prop("first_name", ir::Type::String), prop("vip", ir::Type::Bool),
                          prop("timezone", ir::Type::String),   prop("birthday", ir::Type::Date),
                          prop("age", ir::Type::Int),           prop("score", ir::Type::Number),
                          prop("last_seen", ir::Type::DateTime), prop("tags", ir::Type::ListOfString),
                          prop("lucky", ir::Type::ListOfInt),   prop("weights", ir::Type::ListOfNumber)};
  ir::MetricDef order;
  order.name = "Placed Order";
  order.properties = {prop("value", ir::Type::Number), prop("order_id", ir::Type::String),
                      prop("items", ir::Type::ListOfString)};
  ir::MetricDef viewed;
  viewed.name = "Viewed Product";
  viewed.properties = {prop("product_id", ir::Type::String)};
  m.metrics = {viewed, order};
  return m;
}

struct Outcome {
  std::vector<Record> records;
  std::vector<InputError> errors;
  size_t results = 0;  // records + errors, in order
};

Outcome read_all(const std::string& text, const ir::Module& m = test_module()) {
  std::istringstream in(text);
  EventReader reader(m, in);
  Outcome out;
  Record r;
  InputError e;
  for (;;) {
    EventReader::Result res = reader.next(r, e);
    if (res == EventReader::Result::End) break;
    ++out.results;
    if (res == EventReader::Result::Record) out.records.push_back(r);
    else out.errors.push_back(e);
  }
  return out;
}

Record read_one(const std::string& line) {
  Outcome o = read_all(line);
  INFO(line);
  REQUIRE(o.errors.empty());
  REQUIRE(o.records.size() == 1);
  return o.records[0];
}

std::string read_error(const std::string& line) {
  Outcome o = read_all(line);
  INFO(line);
  REQUIRE(o.records.empty());
  REQUIRE(o.errors.size() == 1);
  return o.errors[0].reason;
}

const ir::Value* property(const Record& r, ir::Index slot) {
  for (const auto& [s, v] : r.properties)
    if (s == slot) return &v;
  return nullptr;
}

constexpr int64_t kT = 1793527200;  // 2026-11-01T10:00:00Z

std::string spec_line(std::string line) {
  const std::string t = "\"2026-11-01T10:00:00Z\"";
  for (size_t at; (at = line.find(":T,")) != std::string::npos;) line.replace(at + 1, 1, t);
  return line;
}

// RUNTIME.md section 2, exactly as written there (T filled in).
const std::vector<std::string> kSpecLines = {
    R"({"type":"profile","time":T,"profile":"p1","email":"a@x.example","phone":"+15550001","properties":{"first_name":"Ada","vip":true,"timezone":"Europe/Paris"}})",
    R"({"type":"event","time":T,"profile":"p1","metric":"Placed Order","properties":{"value":42.5,"order_id":"o1","items":["sku1"]},"historical":false})",
    R"({"type":"subscribe","time":T,"profile":"p1","channel":"email","list":"Newsletter","historical_import":false})",
    R"({"type":"unsubscribe","time":T,"profile":"p1","channel":"email","via":"link"})",
    R"({"type":"suppress","time":T,"profile":"p1","channel":"email","reason":"manual"})",
    R"({"type":"unsuppress","time":T,"profile":"p1","channel":"email"})",
    R"({"type":"list_add","time":T,"profile":"p1","list":"Newsletter"})",
    R"({"type":"list_remove","time":T,"profile":"p1","list":"Newsletter"})",
    R"({"type":"inbound","time":T,"phone":"+15550001","channel":"sms","text":"cupcake"})",
    R"({"type":"price","time":T,"product":"sku1","price":18.0})",
    R"({"type":"engagement","time":T,"send_id":"...","kind":"open","bot":false,"privacy":false})",
    R"({"type":"review","time":T,"flow":"Abandoned Cart","step":"cart_1","decision":"send"})",
};

}  // namespace

TEST_CASE("every record type of RUNTIME.md section 2 parses as the spec writes it", "[events]") {
  std::string text;
  for (const std::string& l : kSpecLines) text += spec_line(l) + "\n";
  Outcome o = read_all(text);
  for (const InputError& e : o.errors) FAIL_CHECK("line " << e.line << ": " << e.reason);
  REQUIRE(o.records.size() == 12);
  for (size_t i = 0; i < 12; ++i) {
    CHECK(o.records[i].line == i + 1);
    CHECK(o.records[i].time == kT);
    CHECK(o.records[i].type == static_cast<RecordType>(i));
  }

  const Record& profile = o.records[0];
  CHECK(profile.profile == "p1");
  CHECK(profile.email == "a@x.example");
  CHECK(profile.phone == "+15550001");
  REQUIRE(profile.properties.size() == 3);
  CHECK(property(profile, 0)->str() == "Ada");
  CHECK(property(profile, 1)->kind == ir::ValueKind::Bool);
  CHECK(property(profile, 1)->i == 1);
  CHECK(property(profile, 2)->str() == "Europe/Paris");

  const Record& event = o.records[1];
  CHECK(event.metric == 1);
  CHECK(event.metric_name == "Placed Order");
  CHECK_FALSE(event.historical);
  REQUIRE(event.properties.size() == 3);
  CHECK(property(event, 0)->kind == ir::ValueKind::Number);
  CHECK(property(event, 0)->n == 42.5);
  CHECK(property(event, 1)->str() == "o1");
  REQUIRE(property(event, 2)->kind == ir::ValueKind::List);
  REQUIRE(property(event, 2)->items().size() == 1);
  CHECK(property(event, 2)->items()[0].str() == "sku1");

  CHECK(o.records[2].channel == RecordChannel::Email);
  CHECK(o.records[2].list == "Newsletter");
  CHECK(o.records[3].via == "link");
  CHECK(o.records[4].reason == "manual");
  CHECK(o.records[6].list == "Newsletter");
  CHECK(o.records[7].list == "Newsletter");

  const Record& inbound = o.records[8];
  CHECK(inbound.profile.empty());
  CHECK(inbound.phone == "+15550001");
  CHECK(inbound.channel == RecordChannel::Sms);
  CHECK(inbound.text == "cupcake");

  CHECK(o.records[9].product == "sku1");
  CHECK(o.records[9].price == 18.0);
  CHECK(o.records[10].send_id == "...");
  CHECK(o.records[10].kind == "open");
  CHECK_FALSE(o.records[10].bot);
  CHECK(o.records[11].flow == "Abandoned Cart");
  CHECK(o.records[11].step == "cart_1");
  CHECK(o.records[11].decision == "send");
  CHECK(o.records[11].profile.empty());
}

TEST_CASE("record type names round-trip through the `type` field", "[events]") {
  CHECK(std::string(events::record_type_name(RecordType::ListAdd)) == "list_add");
  CHECK(std::string(events::record_type_name(RecordType::Review)) == "review");
}

TEST_CASE("each missing required field is an error on its line and reading goes on", "[events]") {
  const std::map<std::string, std::vector<std::string>> required = {
      {"profile", {"type", "time", "profile"}},
      {"event", {"type", "time", "profile", "metric"}},
      {"subscribe", {"type", "time", "profile", "channel"}},
      {"unsubscribe", {"type", "time", "profile", "channel"}},
      {"suppress", {"type", "time", "profile", "channel"}},
      {"unsuppress", {"type", "time", "profile", "channel"}},
      {"list_add", {"type", "time", "profile", "list"}},
      {"list_remove", {"type", "time", "profile", "list"}},
      {"inbound", {"type", "time", "phone", "channel", "text"}},
      {"price", {"type", "time", "product", "price"}},
      {"engagement", {"type", "time", "send_id", "kind"}},
      {"review", {"type", "time", "flow", "step", "decision"}},
  };
  const std::string good = spec_line(kSpecLines[6]);
  std::string text = good + "\n";
  std::vector<std::pair<size_t, std::string>> expected;  // line, missing field
  size_t line = 1;
  for (const std::string& spec : kSpecLines) {
    nlohmann::json j = nlohmann::json::parse(spec_line(spec));
    for (const std::string& field : required.at(j["type"].get<std::string>())) {
      nlohmann::json broken = j;
      broken.erase(field);
      text += broken.dump() + "\n" + good + "\n";
      expected.emplace_back(line + 1, field);
      line += 2;
    }
  }
  Outcome o = read_all(text);
  CHECK(o.records.size() == expected.size() + 1);
  REQUIRE(o.errors.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO("missing " << expected[i].second);
    CHECK(o.errors[i].line == expected[i].first);
    CHECK(o.errors[i].reason == "missing required field `" + expected[i].second + "`");
  }
  for (size_t i = 0; i < o.records.size(); ++i) CHECK(o.records[i].line == 2 * i + 1);
}

TEST_CASE("optional profile: inbound, price, engagement and review may name one", "[events]") {
  CHECK(read_one(R"({"type":"review","time":"2026-11-01T10:00:00Z","profile":"p7","flow":"F","step":"s","decision":"cancel"})")
            .profile == "p7");
  CHECK(read_error(R"({"type":"event","time":"2026-11-01T10:00:00Z","profile":42,"metric":"Placed Order"})") ==
        "`profile` must be a string, got a number");
  CHECK(read_error(R"({"type":"event","time":"2026-11-01T10:00:00Z","profile":"","metric":"Placed Order"})") ==
        "`profile` is empty");
}

TEST_CASE("wrong-typed properties are errors naming the property and the type", "[events]") {
  const std::string head = R"({"type":"event","time":"2026-11-01T10:00:00Z","profile":"p1","metric":"Placed Order",)";
  CHECK(read_error(head + R"("properties":{"value":"42"}})") ==
        "property `value` of metric `Placed Order` must be a number, got a string");
  CHECK(read_error(head + R"("properties":{"items":["a",2]}})") ==
        "property `items` of metric `Placed Order` must be a list<string>, got a number in the list");
  CHECK(read_error(head + R"("properties":{"items":"a"}})") ==
        "property `items` of metric `Placed Order` must be a list<string>, got a string");
  CHECK(read_error(head + R"("properties":[1]})") == "`properties` must be an object, got an array");

  const std::string profile = R"({"type":"profile","time":"2026-11-01T10:00:00Z","profile":"p1","properties":)";
  CHECK(read_error(profile + R"({"vip":"yes"}})") == "profile property `vip` must be a bool, got a string");
  CHECK(read_error(profile + R"({"age":3.5}})") == "profile property `age` must be an int, got 3.5");
  CHECK(read_error(profile + R"({"age":18446744073709551615}})") ==
        "profile property `age` must be an int, got 18446744073709551615 (out of range)");
  CHECK(read_error(profile + R"({"birthday":"2026-02-30"}})") ==
        "profile property `birthday` must be a date (YYYY-MM-DD), got \"2026-02-30\"");
  CHECK(read_error(profile + R"({"last_seen":"soon"}})") ==
        "profile property `last_seen` must be a datetime (RFC 3339), got \"soon\"");
  CHECK(read_error(profile + R"({"lucky":[1,2.5]}})") ==
        "profile property `lucky` must be a list<int>, got 2.5 in the list");
  CHECK(read_error(profile + R"({"first_name":{"a":1}}})") ==
        "profile property `first_name` must be a string, got an object");
}

TEST_CASE("property values decode by the declared type", "[events]") {
  const Record r = read_one(
      R"({"type":"profile","time":"2026-11-01T10:00:00Z","profile":"p1","properties":)"
      R"({"age":3.0,"score":7,"birthday":"1990-03-15","last_seen":"2026-11-01T12:00:00+02:00",)"
      R"("tags":["a","b"],"lucky":[7,8.0],"weights":[1,2.5],"first_name":null,"not_declared":{"x":[1]}}})");
  REQUIRE(r.properties.size() == 8);  // not_declared is ignored
  CHECK(property(r, 4)->kind == ir::ValueKind::Int);
  CHECK(property(r, 4)->i == 3);
  CHECK(property(r, 5)->kind == ir::ValueKind::Number);
  CHECK(property(r, 5)->n == 7.0);
  CHECK(property(r, 3)->kind == ir::ValueKind::Date);
  CHECK(property(r, 3)->i == 7378);  // 1990-03-15
  CHECK(property(r, 6)->kind == ir::ValueKind::DateTime);
  CHECK(property(r, 6)->i == kT);
  CHECK(property(r, 7)->items().size() == 2);
  CHECK(property(r, 8)->items()[1].kind == ir::ValueKind::Int);
  CHECK(property(r, 8)->items()[1].i == 8);
  CHECK(property(r, 9)->items()[0].kind == ir::ValueKind::Number);
  CHECK(property(r, 9)->items()[0].n == 1.0);
  CHECK_FALSE(property(r, 0)->is_set());  // null clears

  const Record d = read_one(
      R"({"type":"profile","time":"2026-11-01T10:00:00Z","profile":"p1","properties":{"last_seen":"2026-11-01"}})");
  CHECK(property(d, 6)->i == kT - 10 * 3600);
}

TEST_CASE("an event of a metric the program does not know is kept undecoded", "[events]") {
  const Record r = read_one(
      R"({"type":"event","time":"2026-11-01T10:00:00Z","profile":"p1","metric":"Clicked","properties":{"value":"x"},"historical":true})");
  CHECK(r.metric == ir::kNone);
  CHECK(r.metric_name == "Clicked");
  CHECK(r.properties.empty());
  CHECK(r.historical);
}

TEST_CASE("unknown types, invalid JSON and non-objects are errors", "[events]") {
  CHECK(read_error(R"({"type":"click","time":"2026-11-01T10:00:00Z"})").rfind("unknown record type `click`", 0) == 0);
  CHECK(read_error(R"({"type":3,"time":"2026-11-01T10:00:00Z"})") == "`type` must be a string, got a number");
  CHECK(read_error(R"({"type":"profile",)").rfind("not valid JSON: ", 0) == 0);
  CHECK(read_error("[1,2]") == "a record must be a JSON object, got an array");
  CHECK(read_error("42") == "a record must be a JSON object, got a number");
  CHECK(read_error(R"({"type":"profile","time":"yesterday","profile":"p1"})") ==
        "`time` is not an RFC 3339 time: \"yesterday\"");
  CHECK(read_error(R"({"type":"profile","time":1793527200,"profile":"p1"})").rfind("`time` must be", 0) == 0);
}

TEST_CASE("enumerated fields are checked", "[events]") {
  const std::string t = R"("time":"2026-11-01T10:00:00Z","profile":"p1")";
  CHECK(read_error(R"({"type":"subscribe",)" + t + R"(,"channel":"fax"})") ==
        "`channel` must be one of email sms sms_transactional push whatsapp, got \"fax\"");
  CHECK(read_error(R"({"type":"unsubscribe",)" + t + R"(,"channel":"sms","via":"pigeon"})") ==
        "`via` must be one of link manual api spam_report, got \"pigeon\"");
  CHECK(read_one(R"({"type":"unsubscribe",)" + t + R"(,"channel":"sms"})").via == "manual");
  CHECK(read_one(R"({"type":"suppress",)" + t + R"(,"channel":"sms_transactional"})").channel ==
        RecordChannel::SmsTransactional);
  CHECK(read_error(R"({"type":"inbound","time":"2026-11-01T10:00:00Z","phone":"+1","channel":"email","text":"x"})") ==
        "`channel` must be one of sms whatsapp, got \"email\"");
  CHECK(read_error(R"({"type":"engagement","time":"2026-11-01T10:00:00Z","send_id":"s","kind":"view"})") ==
        "`kind` must be one of open click bounce, got \"view\"");
  CHECK(read_error(R"({"type":"engagement","time":"2026-11-01T10:00:00Z","send_id":"s","kind":"open","bot":1})") ==
        "`bot` must be true or false, got a number");
  CHECK(read_error(R"({"type":"review","time":"2026-11-01T10:00:00Z","flow":"f","step":"s","decision":"maybe"})") ==
        "`decision` must be one of send cancel, got \"maybe\"");
  const Record sub = read_one(R"({"type":"subscribe",)" + t + R"(,"channel":"whatsapp","historical_import":true})");
  CHECK(sub.historical);
  CHECK(sub.channel == RecordChannel::Whatsapp);
  CHECK(sub.list.empty());
}

TEST_CASE("a price's product may be a number", "[events]") {
  CHECK(read_one(R"({"type":"price","time":"2026-11-01T10:00:00Z","product":1234,"price":9})").product == "1234");
  CHECK(read_one(R"({"type":"price","time":"2026-11-01T10:00:00Z","product":1234,"price":9})").price == 9.0);
  CHECK(read_error(R"({"type":"price","time":"2026-11-01T10:00:00Z","product":"a","price":"9"})") ==
        "`price` must be a number, got a string");
}

TEST_CASE("blank lines are skipped but counted, CRLF endings accepted", "[events]") {
  const std::string good = spec_line(kSpecLines[6]);
  Outcome o = read_all("\n   \n" + good + "\r\n\t\r\n\r\n{bad}\r\n" + good);
  REQUIRE(o.records.size() == 2);
  REQUIRE(o.errors.size() == 1);
  CHECK(o.records[0].line == 3);
  CHECK(o.errors[0].line == 6);
  CHECK(o.records[1].line == 7);
  CHECK(read_all("").results == 0);
  CHECK(read_all("\n\n  \n").results == 0);
}

TEST_CASE("a reused Record carries nothing over from the previous line", "[events]") {
  std::istringstream in(spec_line(kSpecLines[0]) + "\n" + spec_line(kSpecLines[6]) + "\n");
  const ir::Module m = test_module();
  EventReader reader(m, in);
  Record r;
  InputError e;
  REQUIRE(reader.next(r, e) == EventReader::Result::Record);
  REQUIRE(reader.next(r, e) == EventReader::Result::Record);
  CHECK(r.type == RecordType::ListAdd);
  CHECK(r.properties.empty());
  CHECK_FALSE(r.email.has_value());
  CHECK(r.line == 2);
  CHECK(reader.next(r, e) == EventReader::Result::End);
}

TEST_CASE("RFC 3339 times: offsets, fractions, case, validation", "[events]") {
  using events::parse_rfc3339;
  CHECK(parse_rfc3339("2026-11-01T10:00:00Z") == kT);
  CHECK(parse_rfc3339("2026-11-01T12:00:00+02:00") == kT);
  CHECK(parse_rfc3339("2026-11-01T05:00:00-05:00") == kT);
  CHECK(parse_rfc3339("2026-11-01t10:00:00z") == kT);
  CHECK(parse_rfc3339("2026-11-01T10:00:00.999Z") == kT);
  CHECK(parse_rfc3339("2026-11-01T10:00:00.5+00:00") == kT);
  CHECK(parse_rfc3339("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_rfc3339("1969-12-31T23:59:59.9Z") == -1);
  CHECK(parse_rfc3339("2024-02-29T00:00:00Z").has_value());
  for (const char* bad : {"yesterday", "", "2026-11-01", "2026-11-01T10:00:00", "2026-11-01T10:00Z",
                          "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-01T24:00:00Z",
                          "2026-11-01T10:60:00Z", "2026-11-01T10:00:00.Z", "2026-11-01T10:00:00+2:00",
                          "2026-11-01T10:00:00+02:00x", "2026-11-01T10:00:00+24:00", "2026-11-00T10:00:00Z",
                          "+2026-11-01T10:00:00Z", "2026-11-01T10:00:00ZZ"}) {
    INFO(bad);
    CHECK_FALSE(parse_rfc3339(bad).has_value());
  }
  CHECK(read_one(R"({"type":"list_add","time":"2026-11-01T12:00:00+02:00","profile":"p","list":"L"})").time == kT);
  CHECK(read_one(R"({"type":"list_add","time":"2026-11-01T10:00:00.123456Z","profile":"p","list":"L"})").time == kT);
}

TEST_CASE("RFC 3339 times: the common form, read at fixed places, agrees with the general reading", "[events]") {
  // "...T...Z" takes the fixed-place reading; the same time written with a
  // lower-case t and z, or with "+00:00", takes the general one.
  auto lower = [](std::string t) {
    t[10] = 't';
    t[19] = 'z';
    return t;
  };
  for (int64_t t = events::kEarliestTime; t <= events::kLatestTime; t += 86400LL * 4099 + 3607) {
    const std::string text = events::format_rfc3339(t);
    INFO(text);
    CHECK(events::parse_rfc3339(text) == t);
    CHECK(events::parse_rfc3339(lower(text)) == t);
    CHECK(events::parse_rfc3339(text.substr(0, 19) + "+00:00") == t);
  }
  // A wrong character at any place of the common form is refused, as the
  // general reading refuses it.
  const std::string good = "2026-11-01T10:00:00Z";
  for (size_t at = 0; at < good.size(); ++at)
    for (char c : {'/', ':', 'a', ' ', '\0', '\xff'}) {
      if (c == good[at] || (at == 10 && c == ' ')) continue;  // a space for T is allowed (RFC 3339 5.6)
      std::string bad = good;
      bad[at] = c;
      INFO(at << " " << static_cast<int>(c));
      CHECK_FALSE(events::parse_rfc3339(bad).has_value());
      if (at != 10 && at != 19)  // lower() writes those two places
        CHECK(events::parse_rfc3339_any_year(bad) == events::parse_rfc3339_any_year(lower(bad)));
    }
  CHECK(events::parse_rfc3339("2026-02-29T00:00:00Z") == std::nullopt);  // calendar checks still apply
  CHECK(events::parse_rfc3339("2026-11-01T10:00:60Z") == events::parse_rfc3339("2026-11-01T10:01:00Z"));
}

TEST_CASE("RFC 3339 times outside the years 0001 to 9999 are refused", "[events]") {
  using events::parse_rfc3339;
  CHECK(parse_rfc3339("0001-01-01T00:00:00Z") == events::kEarliestTime);
  CHECK(parse_rfc3339("9999-12-31T23:59:59Z") == events::kLatestTime);
  CHECK(parse_rfc3339("9999-12-31T23:59:59+01:00").has_value());
  // Year 0000, and offsets that carry the time past either end of the range.
  for (const char* out : {"0000-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "0001-01-01T00:00:00+00:01",
                          "9999-12-31T23:59:59-00:01", "9999-12-31T23:00:00-14:00"}) {
    INFO(out);
    CHECK_FALSE(parse_rfc3339(out).has_value());
    CHECK(events::parse_rfc3339_any_year(out).has_value());  // well-formed: only out of range
  }
  Outcome o = read_all(R"({"type":"list_add","time":"0000-06-01T00:00:00Z","profile":"p","list":"L"})");
  REQUIRE(o.errors.size() == 1);
  CHECK(o.errors[0].kind == events::InputErrorKind::BadTime);
  CHECK(o.errors[0].reason == "`time` is outside the years 0001 to 9999: \"0000-06-01T00:00:00Z\"");
}

TEST_CASE("every input error has its kind", "[events]") {
  using K = events::InputErrorKind;
  const std::string t = R"("time":"2026-11-01T10:00:00Z")";
  const std::vector<std::pair<std::string, K>> cases = {
      {"{not json", K::NotJson},
      {"[1]", K::WrongType},
      {R"({"type":"list_add","profile":"p","list":"L"})", K::MissingField},
      {"{\"type\":\"teleport\"," + t + ",\"profile\":\"p\"}", K::UnknownType},
      {"{\"type\":\"subscribe\"," + t + ",\"profile\":\"p\",\"channel\":\"fax\"}", K::BadValue},
      {"{\"type\":\"list_add\"," + t + ",\"profile\":\"\",\"list\":\"L\"}", K::BadValue},
      {R"({"type":"list_add","time":"soon","profile":"p","list":"L"})", K::BadTime},
      {"{\"type\":\"list_add\"," + t + ",\"profile\":\"p\",\"list\":\"L\",\"list\":\"M\"}", K::DuplicateKey},
      {"{\"type\":\"event\"," + t + ",\"profile\":\"p\",\"metric\":\"Placed Order\",\"properties\":{\"value\":\"x\"}}",
       K::WrongType},
  };
  for (const auto& [line, kind] : cases) {
    INFO(line);
    Outcome o = read_all(line);
    REQUIRE(o.errors.size() == 1);
    CHECK(o.errors[0].kind == kind);
  }
}

TEST_CASE("a byte order mark is skipped at the start of the stream only", "[events]") {
  const std::string bom = "\xEF\xBB\xBF";
  const std::string line = R"({"type":"list_add","time":"2026-11-01T10:00:00Z","profile":"p","list":"L"})";
  Outcome o = read_all(bom + line + "\n" + bom + line + "\n" + bom + "\n" + line);
  REQUIRE(o.records.size() == 2);
  CHECK(o.records[0].line == 1);
  CHECK(o.records[1].line == 4);
  REQUIRE(o.errors.size() == 2);
  CHECK(o.errors[0].line == 2);
  CHECK(o.errors[0].kind == events::InputErrorKind::NotJson);
  CHECK(read_all(bom).results == 0);  // a stream of only the mark is empty
}

TEST_CASE("a record far ahead of the latest one is a time jump", "[events]") {
  auto at = [](const char* time) {
    return fmt::format(R"({{"type":"list_add","time":"{}","profile":"p","list":"L"}})", time) + "\n";
  };
  std::istringstream in(at("2026-01-01T00:00:00Z") + at("2026-01-03T00:00:01Z") + at("2025-06-01T00:00:00Z") +
                        at("2026-01-03T00:00:00Z") + at("2026-01-05T00:00:00Z"));
  const ir::Module m = test_module();
  EventReader reader(m, in, events::ReaderLimits{2 * 86400});
  Record r;
  InputError e;
  std::vector<size_t> jumps, records;
  for (EventReader::Result res; (res = reader.next(r, e)) != EventReader::Result::End;) {
    if (res == EventReader::Result::Record) records.push_back(r.line);
    else if (e.kind == events::InputErrorKind::TimeJump) jumps.push_back(e.line);
  }
  // Line 2 is past the bound; a late line (3) does not pull it back; line 4
  // is exactly on it; line 5 is measured from line 4.
  CHECK(records == std::vector<size_t>{1, 3, 4, 5});
  CHECK(jumps == std::vector<size_t>{2});
}

TEST_CASE("format_rfc3339 prints UTC with Z and round-trips", "[events]") {
  using events::format_rfc3339;
  CHECK(format_rfc3339(kT) == "2026-11-01T10:00:00Z");
  CHECK(format_rfc3339(0) == "1970-01-01T00:00:00Z");
  CHECK(format_rfc3339(-1) == "1969-12-31T23:59:59Z");
  CHECK(format_rfc3339(951782400) == "2000-02-29T00:00:00Z");
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> any(-62135596800, 253402300799);  // years 1..9999
  for (int i = 0; i < 2000; ++i) {
    const int64_t t = any(rng);
    CHECK(events::parse_rfc3339(format_rfc3339(t)) == t);
  }
}

TEST_CASE("hostile input is an error line, never a crash", "[events]") {
  const std::string t = R"("time":"2026-11-01T10:00:00Z")";
  std::vector<std::string> lines = {
      std::string("{\"type\":\"list_add\",") + t + ",\"profile\":\"p\xff\",\"list\":\"L\"}",  // invalid UTF-8
      std::string("{\"type\":\"list_add\",") + t + ",\"profile\":\"p\0q\",\"list\":\"L\"}",  // raw NUL in a string
      std::string("\0\0\0", 3),
      std::string(100000, '[') + std::string(100000, ']'),
      std::string("{\"type\":\"event\",") + t + ",\"profile\":\"p\",\"metric\":\"Placed Order\",\"properties\":{\"value\":1e999}}",
      std::string("{\"type\":\"event\",") + t + ",\"profile\":\"p\",\"metric\":\"Placed Order\",\"properties\":{\"value\":" +
          std::string(400, '9') + "}}",
      std::string("{\"type\":\"list_add\",") + t + ",\"profile\":\"" + std::string(10 << 20, 'x') + "\",\"list\":\"L\"}",
      std::string("{\"type\":\"") + std::string(10 << 20, 'x') + "\"," + t + "}",
      "{\"type\":\"list_add\",\"time\":\"\\u0000\",\"profile\":\"p\",\"list\":\"L\"}",
  };
  // The NUL line must be kept whole: build it with its length.
  lines[1] = std::string("{\"type\":\"list_add\",") + t + ",\"profile\":\"p" + std::string(1, '\0') + "q\",\"list\":\"L\"}";
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  text += spec_line(kSpecLines[6]);
  Outcome o = read_all(text);
  CHECK(o.results == lines.size() + 1);
  REQUIRE(o.records.size() == 2);  // the 10 MB profile id is fine; the good last line is kept
  CHECK(o.records[0].profile.size() == size_t(10 << 20));
  CHECK(o.records[1].line == lines.size() + 1);
  for (const InputError& e : o.errors) CHECK(e.reason.size() < 400);  // messages stay short
}

TEST_CASE("fuzz: mutated lines give a record or an error each", "[events]") {
  std::mt19937 rng(20261101);
  std::vector<std::string> seeds;
  for (const std::string& l : kSpecLines) seeds.push_back(spec_line(l));
  seeds.push_back(R"({"type":"profile","time":"2026-11-01T12:00:00.25+02:00","profile":"p1","properties":{"age":3,"birthday":"1990-03-15","lucky":[1,2],"weights":[1.5],"last_seen":"2026-11-01","tags":null}})");
  std::string text;
  size_t non_blank = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string l = seeds[rng() % seeds.size()];
    const int mutations = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < mutations && !l.empty(); ++k) {
      const size_t at = rng() % l.size();
      switch (rng() % 5) {
        case 0: l[at] = static_cast<char>(l[at] ^ (1 << (rng() % 8))); break;  // bit flip
        case 1: l.resize(at); break;                                             // truncation
        case 2: l[at] = static_cast<char>(rng() % 256); break;                   // any byte
        case 3: l.erase(at, 1 + rng() % 8); break;
        case 4: l.insert(at, l.substr(rng() % l.size(), 1 + rng() % 16)); break;  // duplication
      }
    }
    for (char& c : l)
      if (c == '\n') c = ' ';  // one fuzzed line stays one line
    bool blank = true;
    for (char c : l) blank = blank && (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f');
    if (!blank) ++non_blank;
    text += l + "\n";
  }
  Outcome o = read_all(text);
  CHECK(o.results == non_blank);
  CHECK(o.records.size() > 0);
  CHECK(o.errors.size() > 0);
  for (const InputError& e : o.errors) {
    CHECK(e.line >= 1);
    CHECK(e.line <= 4000);
    CHECK_FALSE(e.reason.empty());
  }
}
