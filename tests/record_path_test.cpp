// The record path's fast pieces against plain reference versions: the JSON
// string escaper of the activity (8 bytes tested at once), the `time` text
// the activity writer caches per day, the origin fields it escapes once per
// origin, and the profile id table (tags, ids kept in its arena, growth).
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <random>
#include <sstream>
#include <string>

#include "engine/activity.h"
#include "engine/origin_fragments.h"
#include "engine/profile_ids.h"
#include "events/reader.h"
#include "ir/value.h"
#include "stdlib/sms.h"

using namespace flowc;

namespace {

// Escapes a byte at a time, as RFC 8259 section 7 says.
std::string escaped_reference(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20) {
      char code[8];
      std::snprintf(code, sizeof code, "\\u%04x", c);
      out += code;
    } else out += static_cast<char>(c);
  }
  return out + "\"";
}

std::string escaped(std::string_view text) {
  std::string out;
  engine::append_json_string(out, text);
  return out;
}

}  // namespace

TEST_CASE("the activity escapes every byte that JSON requires, wherever it falls in a word", "[unit]") {
  // Each special byte at every position of a 8-byte word and across words,
  // among plain ASCII and UTF-8 (bytes >= 0x80 are never escaped).
  const std::string specials = std::string("\"\\\n\r\t\x01\x1f", 7) + std::string(1, '\0');
  for (char special : specials)
    for (size_t at = 0; at < 24; ++at) {
      std::string text = "abcdefgh\xc3\xa9tijklmnopqrstuvw";
      text.insert(at, 1, special);
      CHECK(escaped(text) == escaped_reference(text));
    }
  // Bytes next to the ones tested: 0x1f escapes, 0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f and 0xff do not.
  CHECK(escaped("\x1f") == "\"\\u001f\"");
  CHECK(escaped(" !#[]\x7f\xff........") == "\" !#[]\x7f\xff........\"");
  // Random texts over a small alphabet that is mostly special bytes.
  std::mt19937 random(14);
  const std::string alphabet = std::string("\"\\\n\x01 a\x7f\x80\xff", 9) + std::string(1, '\0');
  for (int round = 0; round < 2000; ++round) {
    std::string text(random() % 40, ' ');
    for (char& c : text) c = alphabet[random() % alphabet.size()];
    REQUIRE(escaped(text) == escaped_reference(text));
  }
}

TEST_CASE("the activity writer's time text follows the record's second", "[unit]") {
  std::ostringstream out;
  engine::ActivityWriter writer(&out);
  std::vector<int64_t> times = {0, 0, 1, 1, 86399, 0, -1, 86400, 86401, -86400, -86401, 59, 3600, 3599,
                                events::kEarliestTime, events::kLatestTime, 1795000000, 1795000000 + 86400};
  std::mt19937_64 random(7);
  for (int i = 0; i < 2000; ++i)  // nearby seconds (the same day, the next) and far ones
    times.push_back(i % 2 ? times.back() + static_cast<int64_t>(random() % 90000)
                          : events::kEarliestTime + static_cast<int64_t>(random() % (events::kLatestTime - events::kEarliestTime)));
  for (int64_t t : times) writer.emit(writer.start(t, "enter", "p", engine::Origin{}));
  std::string expected;
  for (int64_t t : times)
    expected += "{\"time\":\"" + events::format_rfc3339(t) + "\",\"type\":\"enter\",\"profile\":\"p\"}\n";
  CHECK(out.str() == expected);
  CHECK(writer.records() == times.size());
}

namespace {

// The origin's fields written one by one, as every line once had them.
std::string origin_reference(const engine::Origin& o) {
  std::string out;
  auto field = [&](const char* key, std::string_view value) { out += fmt::format(",\"{}\":{}", key, escaped_reference(value)); };
  if (o.source) {
    field("source", o.source);
    field("name", o.name);
  }
  if (!o.step.empty()) field("step", o.step);
  if (o.channel) field("channel", o.channel);
  return out;
}

}  // namespace

TEST_CASE("an origin's fields are written as the fields one by one, whatever its views point at", "[unit]") {
  engine::OriginFragments fragments;
  const std::vector<engine::Origin> origins = {
      {"flow", "Welcome", "email#1", "email"}, {"flow", "Welcome", "", nullptr},      {nullptr, "", "", nullptr},
      {"campaign", "Black \"Friday\"", "sms", "sms"}, {"account", "compliance", "reply\n", "whatsapp"},
      {"automation", "Quiz", "", "sms"}};
  for (int round = 0; round < 2; ++round)  // made, then found
    for (const engine::Origin& o : origins) CHECK(fragments.of(o) == origin_reference(o));

  // A name in memory since reused for other text of the same length: the
  // same pointers, another fragment.
  std::string name = "Welcome", step = "email#1";
  engine::Origin reused{"flow", name, step, "email"};
  CHECK(fragments.of(reused) == origin_reference(reused));
  name = "Winback";
  step = "sms#001";
  CHECK(fragments.of(reused) == origin_reference(reused));
  std::string source = "flow";  // source and channel compared by text too
  engine::Origin by_text{source.c_str(), name, step, "email"};
  CHECK(fragments.of(by_text) == origin_reference(by_text));
  source = "camp";
  CHECK(fragments.of(by_text) == origin_reference(by_text));

  // Distinct origins without end: the table stays bounded and right.
  std::vector<std::string> names;
  for (size_t i = 0; i < engine::OriginFragments::kMostOrigins + 100; ++i) names.push_back("flow " + std::to_string(i));
  for (const std::string& n : names) {
    engine::Origin o{"flow", n, "", nullptr};
    REQUIRE(fragments.of(o) == origin_reference(o));
  }
  CHECK(fragments.size() <= engine::OriginFragments::kMostOrigins);
}

TEST_CASE("a line started while another is open is still written whole", "[unit]") {
  std::ostringstream out;
  engine::ActivityWriter writer(&out);
  engine::JsonLine outer = writer.start(60, "send", "a", engine::Origin{"flow", "Welcome", "email#1", "email"});
  engine::JsonLine inner = writer.start(60, "alert", "b", engine::Origin{});
  inner.str("text", "x");
  writer.emit(inner);
  outer.num("n", -12);
  writer.emit(outer);
  CHECK(out.str() ==
        "{\"time\":\"1970-01-01T00:01:00Z\",\"type\":\"alert\",\"profile\":\"b\",\"text\":\"x\"}\n"
        "{\"time\":\"1970-01-01T00:01:00Z\",\"type\":\"send\",\"profile\":\"a\",\"source\":\"flow\",\"name\":"
        "\"Welcome\",\"step\":\"email#1\",\"channel\":\"email\",\"n\":-12}\n");
}

TEST_CASE("the profile id table finds every id it was given and no other", "[unit]") {
  engine::ProfileIds ids;
  std::vector<const char*> stored;
  // Enough ids for several doublings, of every length up to 40 KB, some
  // differing in one byte.
  auto id_of = [](uint32_t i) {
    if (i % 1000 == 999) return std::string(40000 + i % 7, static_cast<char>('a' + i % 26));
    return "profile-" + std::to_string(i) + std::string(i % 37, 'x');
  };
  const uint32_t n = 20000;
  for (uint32_t i = 0; i < n; ++i) {
    REQUIRE(ids.find(id_of(i)) == engine::ProfileIds::kNone);
    stored.push_back(ids.add(id_of(i), i));
  }
  CHECK(ids.size() == n);
  for (uint32_t i = 0; i < n; ++i) {
    REQUIRE(ids.find(id_of(i)) == i);
    REQUIRE(engine::ProfileIds::text(stored[i]) == id_of(i));  // stored texts never move
  }
  CHECK(ids.find("") == engine::ProfileIds::kNone);
  CHECK(ids.find("profile-1xx") == engine::ProfileIds::kNone);  // "profile-1x" is id 1
  CHECK(ids.find("profile-0 ") == engine::ProfileIds::kNone);
}

TEST_CASE("an ASCII SMS is sized by its table as the general path sizes it", "[unit]") {
  // Appending "é" (one GSM-7 septet, and one UCS-2 unit) sends a text down
  // the general path: the units must be one more and the alphabet the same.
  std::mt19937 random(7);
  const std::string alphabet = "aZ0 {}[]\\^~|`\n\r\f\x01\x7f\"@$_";
  for (int round = 0; round < 3000; ++round) {
    std::string text(random() % 400, ' ');
    for (char& c : text) c = alphabet[random() % alphabet.size()];
    const stdlib::SmsSize ascii = stdlib::sms_size(text), general = stdlib::sms_size(text + "\xc3\xa9");
    REQUIRE(general.gsm7 == ascii.gsm7);
    REQUIRE(general.units == ascii.units + 1);
  }
  CHECK(stdlib::sms_size("`").gsm7 == false);
  CHECK(stdlib::sms_size(std::string(153, '{')).segments == 2);  // 306 septets
}

TEST_CASE("a `Z` time reads as the same time written with +00:00", "[unit]") {
  // The two spellings of UTC, over valid and out-of-range fields alike.
  std::mt19937 random(3);
  for (int round = 0; round < 20000; ++round) {
    // Fields past their ranges too (month 13, day 31 of April, hour 24, second 60 and 61).
    const int y = 1 + static_cast<int>(random() % 9999), mo = static_cast<int>(random() % 14);
    const int d = static_cast<int>(random() % 33), h = static_cast<int>(random() % 25);
    const int mi = static_cast<int>(random() % 61), s = static_cast<int>(random() % 62);
    const std::string text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", y, mo, d, h, mi, s);
    REQUIRE(events::parse_rfc3339_any_year(text + "Z") == events::parse_rfc3339_any_year(text + "+00:00"));
  }
  CHECK(events::parse_rfc3339_any_year("2024-02-29T23:59:60Z") == events::parse_rfc3339_any_year("2024-03-01T00:00:00Z"));
  CHECK_FALSE(events::parse_rfc3339_any_year("2023-02-29T00:00:00Z"));
  CHECK_FALSE(events::parse_rfc3339_any_year("2023-01-01T00:00:0xZ"));
  CHECK_FALSE(events::parse_rfc3339_any_year("2023-01-01X00:00:00Z"));
}

TEST_CASE("times are written as fmt would write them, in every year", "[unit]") {
  auto reference = [](int64_t seconds) {
    int64_t days = seconds / 86400, rest = seconds % 86400;
    if (rest < 0) {
      rest += 86400;
      --days;
    }
    const ir::Civil c = ir::civil_from_days(days);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.year, c.month, c.day, rest / 3600, rest / 60 % 60,
                       rest % 60);
  };
  std::mt19937_64 random(9);
  // Years -1 to 10000 and a little beyond (0001-9999 is the range records may have).
  const int64_t from = -62198755200 - 86400 * 400, to = 253402300800 + 86400 * 400;
  for (int round = 0; round < 20000; ++round) {
    const int64_t t = from + static_cast<int64_t>(random() % static_cast<uint64_t>(to - from));
    REQUIRE(events::format_rfc3339(t) == reference(t));
  }
  CHECK(events::format_rfc3339(0) == "1970-01-01T00:00:00Z");
  CHECK(events::format_rfc3339(253402300799) == "9999-12-31T23:59:59Z");
}
