// Unit tests of the small pieces: sources, suggestions, SMS segments, types,
// time zones, compliance keywords, and the command line's contract.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "check/type.h"
#include "diag/suggest.h"
#include "golden.h"
#include "source/source.h"
#include "stdlib/keywords.h"
#include "stdlib/duration.h"
#include "stdlib/sms.h"
#include "stdlib/time_zones.h"

using namespace flowc;

TEST_CASE("line and column are counted in code points", "[unit]") {
  SourceFile f("x.flow", "ab\n\xc3\xa9t\xc3\xa9 x\n");
  CHECK(f.line_col(0).line == 1);
  CHECK(f.line_col(3).line == 2);
  CHECK(f.line_col(3).col == 1);
  CHECK(f.line_col(7).col == 5);  // after "été "
  CHECK(f.line_text(2) == "\xc3\xa9t\xc3\xa9 x");
}

TEST_CASE("invalid UTF-8 decodes to replacement characters", "[unit]") {
  std::u32string s = decode_utf8(std::string("a\xff" "b\xc3", 4));
  CHECK(s == U"a\uFFFDb\uFFFD");
}

TEST_CASE("did you mean suggests close names only", "[unit]") {
  std::vector<std::string> names = {"first_name", "vip", "birthday"};
  CHECK(closest_name("first_nme", names) == "first_name");
  CHECK(closest_name("vipp", names) == "vip");
  CHECK(closest_name("zzzzzz", names).empty());
  CHECK(edit_distance("Newsletter", "newsletter") == 0);
}

TEST_CASE("durations: one reader for literals and options", "[unit]") {
  constexpr int64_t kNoLimit = INT64_MAX;
  CHECK(stdlib::parse_duration_minutes("30m", kNoLimit) == 30);
  CHECK(stdlib::parse_duration_minutes("400d", kNoLimit) == 400 * 1440);
  CHECK(stdlib::parse_duration_minutes("2w", kNoLimit) == 2 * 10080);
  CHECK(stdlib::parse_duration_minutes("1d12h", kNoLimit) == 1440 + 720);
  CHECK(stdlib::parse_duration_minutes("0h", kNoLimit) == 0);
  for (const char* bad : {"", "d", "12", "12x", "1d2", "-1d", "1.5h", "h1", "1dd"}) {
    INFO(bad);
    CHECK_FALSE(stdlib::parse_duration_minutes(bad, kNoLimit));
  }
  // Over the limit, and digits that do not fit in int64_t, never overflow.
  CHECK(stdlib::parse_duration_minutes("100m", 100) == 100);
  CHECK_FALSE(stdlib::parse_duration_minutes("101m", 100));
  CHECK_FALSE(stdlib::parse_duration_minutes("1h41m", 100));
  CHECK_FALSE(stdlib::parse_duration_minutes("99999999999999999999d", kNoLimit));
  CHECK_FALSE(stdlib::parse_duration_minutes("9223372036854775807w", kNoLimit));
}

TEST_CASE("SMS segments: GSM-7 160/153, UCS-2 70/67", "[unit]") {
  CHECK(stdlib::sms_size("").segments == 0);
  CHECK(stdlib::sms_size(std::string(160, 'a')).segments == 1);
  CHECK(stdlib::sms_size(std::string(161, 'a')).segments == 2);
  CHECK(stdlib::sms_size(std::string(306, 'a')).segments == 2);
  CHECK(stdlib::sms_size(std::string(307, 'a')).segments == 3);
  CHECK(stdlib::sms_size(std::string(80, '{')).units == 160);  // extension characters count twice
  std::string emoji = "\xf0\x9f\x98\x80";                    // one emoji: two UTF-16 units
  CHECK_FALSE(stdlib::sms_size(emoji).gsm7);
  CHECK(stdlib::sms_size(emoji).units == 2);
  CHECK(stdlib::sms_size(std::string(69, 'a') + "\xe2\x80\x99").segments == 1);  // 70 UCS-2 units
  CHECK(stdlib::sms_size(std::string(70, 'a') + "\xe2\x80\x99").segments == 2);  // 71 units
}

TEST_CASE("types print as written in the language", "[unit]") {
  using check::Type;
  using check::TypeKind;
  CHECK(Type::of(TypeKind::Int).to_string() == "int");
  CHECK(Type::of(TypeKind::String, true).to_string() == "string?");
  CHECK(Type::list_of(TypeKind::String).to_string() == "list<string>");
  CHECK(check::parse_type_kind("datetime") == TypeKind::DateTime);
  CHECK(check::parse_type_kind("strng") == TypeKind::Error);
}

TEST_CASE("time zones come from the IANA database", "[unit]") {
  CHECK(stdlib::is_valid_time_zone("America/New_York"));
  CHECK(stdlib::is_valid_time_zone("Europe/Paris"));
  CHECK(stdlib::is_valid_time_zone("UTC"));
  CHECK_FALSE(stdlib::is_valid_time_zone("Mars/Olympus_Mons"));
  CHECK_FALSE(stdlib::is_valid_time_zone(""));
}

TEST_CASE("compliance keywords match case-insensitively after trimming", "[unit]") {
  CHECK(stdlib::is_compliance_keyword(" stop "));
  CHECK(stdlib::is_compliance_keyword("Arret"));
  CHECK(stdlib::is_compliance_keyword("yes"));
  CHECK_FALSE(stdlib::is_compliance_keyword("CUPCAKE"));
}

namespace {

std::string run_flowc(const std::string& args, int* status, bool with_stderr = false) {
  std::string out;
  *status = testing::run_command(std::string(FLOWC_BINARY) + " " + args + (with_stderr ? " 2>&1" : " 2>/dev/null"), &out);
  return out;
}

}  // namespace

TEST_CASE("flowc check exit codes follow RUNTIME.md section 1", "[cli]") {
  int status = -1;
  run_flowc("check " FLOWC_SOURCE_DIR "/examples/acme.flow", &status);
  CHECK(status == 0);
  run_flowc("check " FLOWC_SOURCE_DIR "/tests/check/three_independent_errors.flow", &status);
  CHECK(status == 1);
  run_flowc("check --no-such-flag x.flow", &status);
  CHECK(status == 2);
  run_flowc("frobnicate", &status);
  CHECK(status == 2);
  run_flowc("check /nonexistent/file.flow", &status);
  CHECK(status == 3);
  // A warning alone does not fail the check, unless asked.
  run_flowc("check " FLOWC_SOURCE_DIR "/tests/check/w046_unused_message.flow", &status);
  CHECK(status == 0);
  run_flowc("check -W " FLOWC_SOURCE_DIR "/tests/check/w046_unused_message.flow", &status);
  CHECK(status == 1);
}

TEST_CASE("text diagnostics: path:line:col: error[CODE]: message, the line and a caret", "[cli]") {
  int status = -1;
  std::string out = run_flowc("check " FLOWC_SOURCE_DIR "/tests/check/three_independent_errors.flow", &status, true);
  CHECK(out.find("three_independent_errors.flow:") != std::string::npos);
  CHECK(out.find(": error[E013]: unknown profile property") != std::string::npos);
  CHECK(out.find("^^^") != std::string::npos);
  CHECK(out.find("3 errors, 0 warnings") != std::string::npos);
}

TEST_CASE("--format json prints one object per diagnostic with the contract's fields", "[cli]") {
  int status = -1;
  std::string out =
      run_flowc("check --format json " FLOWC_SOURCE_DIR "/tests/check/three_independent_errors.flow", &status);
  CHECK(status == 1);
  size_t lines = 0;
  for (size_t at = 0; (at = out.find('\n', at)) != std::string::npos; ++at) ++lines;
  CHECK(lines == 3);
  for (const char* field : {"\"file\":", "\"line\":", "\"col\":", "\"severity\":\"error\"", "\"code\":\"E0",
                            "\"message\":"})
    CHECK(out.find(field) != std::string::npos);
}

TEST_CASE("flowc explain describes a code", "[cli]") {
  int status = -1;
  std::string out = run_flowc("explain E040", &status);
  CHECK(status == 0);
  CHECK(out.find("unsubscribe") != std::string::npos);
  run_flowc("explain E999", &status);
  CHECK(status == 2);
}

TEST_CASE("flowc run: bad input lines are skipped, --strict makes the first one fatal", "[cli]") {
  std::string dir = FLOWC_SOURCE_DIR "/tests/run/bad_input_reported_and_skipped/";
  int status = -1;
  std::string out = run_flowc("run " + dir + "program.flow --events " + dir + "events.ndjson -q", &status);
  CHECK(status == 0);
  CHECK(!out.empty());
  run_flowc("run " + dir + "program.flow --events " + dir + "events.ndjson -q --strict", &status);
  CHECK(status == 3);
  run_flowc("run " + dir + "program.flow --events /nonexistent.ndjson", &status);
  CHECK(status == 3);
  run_flowc("run " + dir + "program.flow --events " + dir + "events.ndjson --until yesterday", &status);
  CHECK(status == 2);
}

TEST_CASE("flowc run: the clock bound and the input error limit", "[cli]") {
  std::string dir = FLOWC_SOURCE_DIR "/tests/run/bad_input_kinds_counted_beyond_limit/";
  std::string run = "run " + dir + "program.flow --events " + dir + "events.ndjson --out /dev/null ";
  int status = -1;
  // 12 bad lines, 3 kept in full: 3 printed, the summary counts the rest.
  std::string out = run_flowc(run + "--max-input-errors 3", &status, true);
  CHECK(status == 0);
  size_t printed = 0;
  for (size_t at = 0; (at = out.find(": bad record: ", at)) != std::string::npos; ++at) ++printed;
  CHECK(printed == 3);
  CHECK(out.find("12 input errors (9 not kept in full: over --max-input-errors)") != std::string::npos);
  // A time jump is fatal with --strict like any bad line.
  std::string jump = FLOWC_SOURCE_DIR "/tests/run/clock_far_future_record_is_time_jump/";
  out = run_flowc("run " + jump + "program.flow --events " + jump + "events.ndjson --strict --out /dev/null", &status,
                  true);
  CHECK(status == 3);
  CHECK(out.find("events.ndjson:2: bad record: `time` 9999-12-31T00:00:00Z is more than 400d") != std::string::npos);
  for (const char* bad : {"--max-clock-jump 0d", "--max-clock-jump 5x", "--max-clock-jump d",
                          "--max-clock-jump 99999999999999999999w", "--until 0000-01-01T00:00:00Z",
                          "--until 9999-12-31T23:59:59-01:00"}) {
    INFO(bad);
    run_flowc(run + bad, &status);
    CHECK(status == 2);
  }
}

TEST_CASE("flowc run refuses a module of another format version", "[cli]") {
  std::string module = (std::filesystem::temp_directory_path() / "flowc-old.fmod").string();
  int status = -1;
  run_flowc("build " FLOWC_SOURCE_DIR "/examples/acme.flow -o " + module, &status);
  REQUIRE(status == 0);
  {
    std::fstream f(module, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4);
    char version[4] = {99, 0, 0, 0};
    f.write(version, 4);
  }
  std::string err = run_flowc("run " + module + " --events /dev/null", &status, true);
  CHECK(status == 3);
  CHECK(err.find("version") != std::string::npos);
  std::filesystem::remove(module);
}
