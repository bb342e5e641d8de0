// Where the event reader stands (events/reader.h, ReaderPosition): the byte
// offset and line after each line, over CRLF, a byte order mark, blank and
// unterminated last lines; the digest of the consumed prefix; resuming a
// second reader at a saved position (the basis of `flowc run --state`); and
// decode_line, which `flowc serve` feeds with lines it read itself.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <xxhash.h>

#include <cstring>
#include <sstream>

#include "events/reader.h"

using namespace flowc;
using events::EventReader;
using events::InputError;
using events::ReaderPosition;
using events::Record;

namespace {

ir::Module empty_module() { return ir::Module{}; }

std::array<uint8_t, 16> xxh3_128(std::string_view bytes) {
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, XXH3_128bits(bytes.data(), bytes.size()));
  std::array<uint8_t, 16> out;
  std::memcpy(out.data(), canonical.digest, out.size());
  return out;
}

std::string fmt_time(int minute) { return fmt::format("2026-11-01T10:{:02}:00Z", minute); }

std::string line_at(const char* time, const char* profile = "p1") {
  return std::string(R"({"type":"profile","time":")") + time + R"(","profile":")" + profile + R"("})";
}

// Reads `text` line by line; after each result, the position.
struct Step {
  EventReader::Result result;
  ReaderPosition position;
  size_t record_line = 0;
};

std::vector<Step> walk(const std::string& text, const ir::Module& m) {
  std::istringstream in(text);
  EventReader reader(m, in);
  std::vector<Step> steps;
  Record r;
  InputError e;
  for (;;) {
    const EventReader::Result result = reader.next(r, e);
    steps.push_back({result, reader.position(), result == EventReader::Result::Record ? r.line : e.line});
    if (result == EventReader::Result::End) return steps;
  }
}

}  // namespace

TEST_CASE("the position counts bytes and lines over CRLF, a BOM, blank and unterminated lines", "[events]") {
  const ir::Module m = empty_module();
  const std::string a = "\xEF\xBB\xBF" + line_at("2026-11-01T10:00:00Z") + "\r\n";
  const std::string blank = "  \r\n";
  const std::string b = line_at("2026-11-01T11:00:00Z") + "\n";
  const std::string c = line_at("2026-11-01T12:00:00Z");  // no newline at the end
  const std::string text = a + blank + b + c;
  const std::vector<Step> steps = walk(text, m);
  REQUIRE(steps.size() == 4);
  CHECK(steps[0].result == EventReader::Result::Record);
  CHECK(steps[0].position.consumed == a.size());  // the BOM and the CR are consumed bytes
  CHECK(steps[0].position.line_no == 1);
  CHECK(steps[0].position.digest == xxh3_128(a));
  CHECK(steps[1].position.consumed == a.size() + blank.size() + b.size());  // the blank line is passed over
  CHECK(steps[1].position.line_no == 3);
  CHECK(steps[1].record_line == 3);
  CHECK(steps[2].position.consumed == text.size());
  CHECK(steps[2].position.line_no == 4);
  CHECK(steps[2].position.digest == xxh3_128(text));
  CHECK(steps[2].position.has_latest_time);
  CHECK(steps[3].result == EventReader::Result::End);
  CHECK(steps[3].position.consumed == text.size());

  // A stream that ends with blank lines consumes them when it ends.
  const std::vector<Step> tail = walk(a + "\n\n", m);
  CHECK(tail.back().position.consumed == a.size() + 2);
  CHECK(tail.back().position.line_no == 3);
}

TEST_CASE("a bad line is consumed like a good one, but moves no latest time", "[events]") {
  const std::string good = line_at("2026-11-01T10:00:00Z") + "\n";
  const std::string bad = "{not json\n";
  const std::vector<Step> steps = walk(bad + good, empty_module());
  CHECK(steps[0].result == EventReader::Result::Error);
  CHECK(steps[0].position.consumed == bad.size());
  CHECK_FALSE(steps[0].position.has_latest_time);
  CHECK(steps[1].position.has_latest_time);
  CHECK(steps[1].position.latest_time == *events::parse_rfc3339("2026-11-01T10:00:00Z"));
}

TEST_CASE("a reader resumed at a saved position goes on as the first one would", "[events]") {
  const ir::Module m = empty_module();
  std::string text;
  for (int i = 0; i < 12; ++i) text += line_at(fmt_time(i).c_str(), "p") + (i == 5 ? "\n\n" : "\n");
  // Every cut: read k results with one reader, resume a second at its
  // position, and compare the rest (lines, errors, positions).
  const std::vector<Step> whole = walk(text, m);
  for (size_t k = 0; k + 1 < whole.size(); ++k) {
    std::istringstream in(text);
    EventReader second(m, in);
    std::string error;
    REQUIRE(second.resume(whole[k].position, error));
    Record r;
    InputError e;
    for (size_t i = k + 1; i < whole.size(); ++i) {
      const EventReader::Result result = second.next(r, e);
      CHECK(result == whole[i].result);
      CHECK(second.position().consumed == whole[i].position.consumed);
      CHECK(second.position().line_no == whole[i].position.line_no);
      CHECK(second.position().digest == whole[i].position.digest);
    }
  }
}

TEST_CASE("resuming refuses an input that does not begin with the applied bytes", "[events]") {
  const ir::Module m = empty_module();
  const std::string text = line_at("2026-11-01T10:00:00Z") + "\n" + line_at("2026-11-01T11:00:00Z") + "\n";
  const std::vector<Step> steps = walk(text, m);
  const ReaderPosition after_two = steps[1].position;
  std::string error;

  std::istringstream changed(line_at("2026-11-01T10:00:01Z") + "\n" + line_at("2026-11-01T11:00:00Z") + "\n");
  EventReader on_changed(m, changed);
  CHECK_FALSE(on_changed.resume(after_two, error));
  CHECK(error.find("are not the ones already applied") != std::string::npos);

  std::istringstream shorter(text.substr(0, text.size() - 3));
  EventReader on_shorter(m, shorter);
  CHECK_FALSE(on_shorter.resume(after_two, error));
  CHECK(error.find("fewer than the") != std::string::npos);

  // A time jump is measured from the saved latest time, not from nothing.
  const std::string jump = text + line_at("2029-01-01T00:00:00Z") + "\n";
  std::istringstream grown(jump);
  EventReader on_grown(m, grown);
  REQUIRE(on_grown.resume(after_two, error));
  Record r;
  InputError e;
  CHECK(on_grown.next(r, e) == EventReader::Result::Error);
  CHECK(e.kind == events::InputErrorKind::TimeJump);
  CHECK(e.line == 3);
}

TEST_CASE("decode_line reads lines handed to it as next() reads them", "[events]") {
  const ir::Module m = empty_module();
  const std::string a = "\xEF\xBB\xBF" + line_at("2026-11-01T10:00:00Z");
  const std::string b = line_at("2026-11-01T11:00:00Z");
  std::istringstream none;
  EventReader reader(m, none);
  Record r;
  InputError e;
  CHECK(reader.decode_line(a, true, r, e) == EventReader::Result::Record);
  CHECK(r.line == 1);
  CHECK(reader.decode_line("", true, r, e) == EventReader::Result::End);  // blank
  CHECK(reader.decode_line(b + "\r", false, r, e) == EventReader::Result::Record);
  CHECK(r.line == 3);
  const std::string text = a + "\n\n" + b + "\r";
  CHECK(reader.position().consumed == text.size());
  CHECK(reader.position().digest == xxh3_128(text));
}

TEST_CASE("the digest covers every consumed byte however the lines fall around the hash's blocks", "[events]") {
  // The reader feeds the hash in 64 KiB blocks, and a line longer than a
  // block straight in: the digest after each line is still the hash of the
  // prefix, over short lines, lines just under and over a block, and an
  // unterminated long last line.
  const ir::Module m = empty_module();
  std::string text;
  for (int i = 0; i < 300; ++i) text += line_at(fmt_time(i % 60).c_str()) + "\n";
  text += std::string(65535, ' ') + "\n" + line_at(fmt_time(1).c_str()) + "\n";
  text += std::string(200000, ' ') + "\n";
  for (int i = 0; i < 3000; ++i) text += line_at(fmt_time(i % 60).c_str()) + "\n";
  text += std::string(70000, ' ');
  const std::vector<Step> steps = walk(text, m);
  REQUIRE_FALSE(steps.empty());
  for (const Step& step : steps)
    REQUIRE(step.position.digest == xxh3_128(std::string_view(text).substr(0, step.position.consumed)));
  CHECK(steps.back().position.consumed == text.size());
}
