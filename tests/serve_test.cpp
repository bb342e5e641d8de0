// `flowc serve` driven as an operator drives it (docs/state.md, "flowc
// serve"): started in the background, fed by appending to its events file
// (or through a pipe), its wall clock moved through `--clock-file`
// (docs/testing.md), stopped with SIGTERM, reloaded with SIGHUP. Every wait
// polls the activity (or standard error) for what is expected, with a
// 30-second deadline: no sleep decides a result.
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>

#include "background_process.h"
#include "golden.h"
#include "temp_folder.h"

namespace fs = std::filesystem;

using flowc::testing::BackgroundProcess;
using flowc::testing::read_text;
using flowc::testing::TempFolder;
using flowc::testing::wait_until;

namespace {

// A checkout starts a flow: a message at once, another an hour later.
std::string program(const std::string& word, bool second_message = true) {
  std::string text =
      "metric \"Started Checkout\" { value: number }\n"
      "email cart_1 { subject \"" + word + " {{ count(\\\"Received Email\\\") }}\" body \"one\" transactional true }\n"
      "email cart_2 { subject \"Later {{ count(\\\"Received Email\\\") }}\" body \"two\" transactional true }\n"
      "flow \"Cart\" {\n"
      "  trigger metric \"Started Checkout\"\n"
      "  status live\n"
      "  send email cart_1 as first\n";
  if (second_message) text += "  wait 1h as pause\n  send email cart_2 as second\n";
  return text + "}\n";
}

// Profile p<n> starts a checkout at minute n of 2026-11-01T10:00Z.
std::string checkouts(int from, int to) {
  std::string lines;
  for (int n = from; n < to; ++n)
    lines += "{\"type\":\"event\",\"time\":\"2026-11-01T10:" + std::string(n < 10 ? "0" : "") + std::to_string(n) +
             ":00Z\",\"profile\":\"p" + std::to_string(n) + "\",\"email\":\"p" + std::to_string(n) +
             "@example.com\",\"metric\":\"Started Checkout\",\"properties\":{\"value\":5}}\n";
  return lines;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path + ".tmp") << text;
  fs::rename(path + ".tmp", path);  // whole or not at all for the process reading it
}

void append_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::app) << text; }

bool contains(const std::string& path, const std::string& text) {
  return fs::exists(path) && read_text(path).find(text) != std::string::npos;
}

// The activity a plain `flowc run` writes for `events` (no --drain: serve
// does not drain, and these streams have nothing due at their last record).
std::string plain_activity(const TempFolder& dir, const std::string& program_file, const std::string& events) {
  write_file(dir / "plain-events.ndjson", events);
  REQUIRE(flowc::testing::run_command(std::string(FLOWC_BINARY) + " run " + program_file + " -q --events " +
                                      dir / "plain-events.ndjson" + " --out " + dir / "plain.ndjson 2>/dev/null") ==
          0);
  return read_text(dir / "plain.ndjson");
}

std::string serve_command(const TempFolder& dir, const std::string& args) {
  return std::string(FLOWC_BINARY) + " serve " + dir / "p.flow" + " --state " + dir / "s" + " --out " +
         dir / "a.ndjson " + args + " 2>>" + dir / "err.txt";
}

// Profile p<n> starts a checkout at `time` (RFC 3339).
std::string checkout_at(int n, const std::string& time) {
  const std::string id = "p" + std::to_string(n);
  return "{\"type\":\"event\",\"time\":\"" + time + "\",\"profile\":\"" + id + "\",\"email\":\"" + id +
         "@example.com\",\"metric\":\"Started Checkout\",\"properties\":{\"value\":5}}\n";
}

// Does the report (written pretty, `"name": value`) hold this figure?
bool report_says(const std::string& path, const std::string& name, int value) {
  return contains(path, "\"" + name + "\": " + std::to_string(value) + ",") ||
         contains(path, "\"" + name + "\": " + std::to_string(value) + "\n");
}

std::string send_of(int n, const std::string& step) {
  return "\"profile\":\"p" + std::to_string(n) + "\",\"source\":\"flow\",\"name\":\"Cart\",\"step\":\"" + step + "\"";
}

}  // namespace

TEST_CASE("serve --clock wall: a wait's wake-up fires with no input, on the clock file's time", "[serve]") {
  TempFolder dir("flowc-serve-wall");
  write_file(dir / "p.flow", program("Hello"));
  write_file(dir / "ev.ndjson", checkouts(0, 1));
  write_file(dir / "clock", "2026-11-01T10:00:30Z\n");
  BackgroundProcess serve(serve_command(dir, "--events " + dir / "ev.ndjson" + " --follow --clock wall --grace 0s " +
                                                 "--clock-file " + dir / "clock"),
                          false);
  REQUIRE(serve.started());
  REQUIRE(wait_until([&] { return contains(dir / "a.ndjson", send_of(0, "first")); }));
  CHECK_FALSE(contains(dir / "a.ndjson", send_of(0, "second")));
  write_file(dir / "clock", "2026-11-01T11:00:30Z\n");  // past the wait's hour
  REQUIRE(wait_until([&] { return contains(dir / "a.ndjson", send_of(0, "second")); }));
  CHECK(contains(dir / "a.ndjson", "\"time\":\"2026-11-01T11:00:00Z\""));
  serve.signal(SIGTERM);
  CHECK(serve.wait() == 0);
  // The tick was journaled: the state's clock is the clock file's time.
  std::string inspect;
  REQUIRE(flowc::testing::run_command(std::string(FLOWC_BINARY) + " state inspect " + dir / "s", &inspect) == 0);
  CHECK(inspect.find("2026-11-01T11:00:30Z") != std::string::npos);
}

TEST_CASE("serve --follow: appended lines, SIGTERM then restart, rotation: nothing lost or doubled", "[serve]") {
  TempFolder dir("flowc-serve-follow");
  write_file(dir / "p.flow", program("Hello"));
  const std::string expected = plain_activity(dir, dir / "p.flow", checkouts(0, 9));
  write_file(dir / "ev.ndjson", checkouts(0, 3));
  const std::string command = serve_command(dir, "--events " + dir / "ev.ndjson" + " --follow --report " +
                                                     dir / "r.json --report-every 1s");
  {
    BackgroundProcess serve(command, false);
    REQUIRE(wait_until([&] { return contains(dir / "a.ndjson", send_of(2, "first")); }));
    append_file(dir / "ev.ndjson", checkouts(3, 5));
    // A partial line waits for its newline.
    const std::string sixth = checkouts(5, 6);
    append_file(dir / "ev.ndjson", sixth.substr(0, 40));
    REQUIRE(wait_until([&] { return contains(dir / "a.ndjson", send_of(4, "first")); }));
    append_file(dir / "ev.ndjson", sixth.substr(40));
    REQUIRE(wait_until([&] { return contains(dir / "a.ndjson", send_of(5, "first")); }));
    REQUIRE(wait_until([&] { return contains(dir / "r.json", "\"records\": 6") || contains(dir / "r.json", "\"records\":6"); }));
    serve.signal(SIGTERM);
    REQUIRE(serve.wait() == 0);
  }
  append_file(dir / "ev.ndjson", checkouts(6, 7));  // while serve is down
  {
    BackgroundProcess serve(command, false);
    REQUIRE(wait_until([&] { return contains(dir / "a.ndjson", send_of(6, "first")); }));
    // Rotation: the file is renamed and a new one takes its path.
    fs::rename(dir / "ev.ndjson", dir / "ev.ndjson.1");
    write_file(dir / "ev.ndjson", checkouts(7, 9));
    REQUIRE(wait_until([&] { return contains(dir / "a.ndjson", send_of(8, "first")); }));
    serve.signal(SIGINT);
    REQUIRE(serve.wait() == 0);
  }
  CHECK(read_text(dir / "a.ndjson") == expected);
  CHECK(read_text(dir / "err.txt").find("rotated") != std::string::npos);
}

TEST_CASE("serve --events -: killed with -9, restarted with the rest on its pipe", "[serve]") {
  TempFolder dir("flowc-serve-pipe");
  write_file(dir / "p.flow", program("Hello"));
  const std::string expected = plain_activity(dir, dir / "p.flow", checkouts(0, 6));
  const std::string command = serve_command(dir, "--events - --checkpoint-every 2");
  {
    BackgroundProcess serve(command, true);
    REQUIRE(serve.write_stdin(checkouts(0, 3)));
    REQUIRE(wait_until([&] { return contains(dir / "a.ndjson", send_of(2, "first")); }));
    serve.signal(SIGKILL);
    CHECK(serve.wait() == 128 + SIGKILL);
  }
  BackgroundProcess serve(command, true);
  REQUIRE(serve.write_stdin(checkouts(3, 6)));
  serve.close_stdin();  // the end of the stream: serve ends as `flowc run` does
  REQUIRE(serve.wait() == 0);
  CHECK(read_text(dir / "a.ndjson") == expected);
}

TEST_CASE("serve: SIGHUP reloads a text edit, and refuses a program that needs a migration", "[serve]") {
  TempFolder dir("flowc-serve-reload");
  write_file(dir / "p.flow", program("Hello"));
  write_file(dir / "ev.ndjson", checkouts(0, 1));
  BackgroundProcess serve(serve_command(dir, "--events " + dir / "ev.ndjson" + " --follow"), false);
  REQUIRE(wait_until([&] { return contains(dir / "a.ndjson", "\"subject\":\"Hello 0\""); }));

  write_file(dir / "p.flow", program("Welcome"));
  serve.signal(SIGHUP);
  REQUIRE(wait_until([&] { return contains(dir / "err.txt", "reloaded"); }));
  append_file(dir / "ev.ndjson", checkouts(1, 2));
  REQUIRE(wait_until([&] { return contains(dir / "a.ndjson", "\"subject\":\"Welcome 0\""); }));

  write_file(dir / "p.flow", program("Removed", false));  // the wait and the second send are gone
  serve.signal(SIGHUP);
  REQUIRE(wait_until([&] { return contains(dir / "err.txt", "reload refused"); }));
  CHECK(contains(dir / "err.txt", "flowc migrate"));
  append_file(dir / "ev.ndjson", checkouts(2, 3));
  REQUIRE(wait_until([&] { return contains(dir / "a.ndjson", send_of(2, "first")); }));
  CHECK(contains(dir / "a.ndjson", "\"subject\":\"Welcome 0\""));
  CHECK_FALSE(contains(dir / "a.ndjson", "Removed"));
  serve.signal(SIGTERM);
  CHECK(serve.wait() == 0);
}

TEST_CASE("serve --clock wall --grace: a record at the clock minus the grace is on time, a second older is late",
          "[serve]") {
  TempFolder dir("flowc-serve-grace");
  write_file(dir / "p.flow", program("Hello"));
  write_file(dir / "ev.ndjson", checkouts(0, 1));  // p0 at 10:00:00 starts the clock
  write_file(dir / "clock", "2026-11-01T11:05:00Z\n");
  BackgroundProcess serve(serve_command(dir, "--events " + dir / "ev.ndjson" + " --follow --clock wall --grace 5m " +
                                                 "--clock-file " + dir / "clock" + " --report " + dir / "r.json" +
                                                 " --report-every 1s"),
                          false);
  REQUIRE(serve.started());
  // Wall 11:05:00 less 5m: the engine's clock goes to 11:00:00, where p0's
  // `wait 1h` ends.
  REQUIRE(wait_until([&] { return contains(dir / "a.ndjson", send_of(0, "second")); }));
  append_file(dir / "ev.ndjson", checkout_at(1, "2026-11-01T11:00:00Z"));  // at the clock: within the grace
  REQUIRE(wait_until([&] { return report_says(dir / "r.json", "records", 2); }));
  CHECK(report_says(dir / "r.json", "late_records", 0));
  append_file(dir / "ev.ndjson", checkout_at(2, "2026-11-01T10:59:59Z"));  // older than wall - grace: late
  REQUIRE(wait_until([&] { return report_says(dir / "r.json", "records", 3); }));
  CHECK(report_says(dir / "r.json", "late_records", 1));
  // Both were applied: a late record is processed at the clock's time.
  CHECK(contains(dir / "a.ndjson", send_of(1, "first")));
  CHECK(contains(dir / "a.ndjson", send_of(2, "first")));
  serve.signal(SIGTERM);
  CHECK(serve.wait() == 0);
}

TEST_CASE("serve: the progress line's figures (records, late, profiles, waiting runs, lag)", "[serve]") {
  TempFolder dir("flowc-serve-progress");
  write_file(dir / "p.flow", program("Hello"));
  write_file(dir / "ev.ndjson", checkouts(0, 3));  // 10:00, 10:01, 10:02: each waits an hour
  write_file(dir / "clock", "2026-11-01T10:30:00Z\n");
  BackgroundProcess serve(serve_command(dir, "--events " + dir / "ev.ndjson" + " --follow --clock wall --grace 5m " +
                                                 "--clock-file " + dir / "clock" + " --progress-every 1s"),
                          false);
  REQUIRE(serve.started());
  // The clock trails the wall by the grace: lag 300 s.
  REQUIRE(wait_until([&] {
    return contains(dir / "err.txt", "flowc serve: 3 records (0 late), 3 profiles, 3 waiting runs, lag 300s, ");
  }));
  append_file(dir / "ev.ndjson", checkout_at(3, "2026-11-01T10:03:00Z"));  // before the clock (10:25): late
  REQUIRE(wait_until([&] {
    return contains(dir / "err.txt", "flowc serve: 4 records (1 late), 4 profiles, 4 waiting runs, lag 300s, ");
  }));
  write_file(dir / "clock", "2026-11-01T11:06:30Z\n");  // 11:01:30: p0's and p1's waits have ended
  REQUIRE(wait_until([&] {
    return contains(dir / "err.txt", "flowc serve: 4 records (1 late), 4 profiles, 2 waiting runs, lag 300s, ");
  }));
  serve.signal(SIGTERM);
  CHECK(serve.wait() == 0);
  // The rest of the line: a rate and the checkpoint's age, as numbers.
  const std::string err = read_text(dir / "err.txt");
  const size_t at = err.rfind("flowc serve: 4 records");
  REQUIRE(at != std::string::npos);
  const std::string line = err.substr(at, err.find('\n', at) - at);
  INFO(line);
  CHECK(std::regex_search(line, std::regex(R"(, lag 300s, [0-9]+\.[0-9] records/s, last checkpoint [0-9]+s ago$)")));
}

TEST_CASE("serve --follow on a state a plain `run` left goes on after the bytes it applied", "[serve]") {
  TempFolder dir("flowc-serve-after-run");
  write_file(dir / "p.flow", program("Hello"));
  const std::string expected = plain_activity(dir, dir / "p.flow", checkouts(0, 6));
  write_file(dir / "ev.ndjson", checkouts(0, 3));
  const std::string run = std::string(FLOWC_BINARY) + " run " + dir / "p.flow" + " -q --events " + dir / "ev.ndjson" +
                          " --state " + dir / "s" + " --out " + dir / "a.ndjson 2>>" + dir / "err.txt";
  REQUIRE(flowc::testing::run_command(run) == 0);
  append_file(dir / "ev.ndjson", checkouts(3, 5));
  const std::string command =
      serve_command(dir, "--events " + dir / "ev.ndjson" + " --follow --report " + dir / "r.json");
  {
    BackgroundProcess serve(command, false);
    REQUIRE(wait_until([&] { return contains(dir / "a.ndjson", send_of(4, "first")); }));
    serve.signal(SIGTERM);
    REQUIRE(serve.wait() == 0);
  }
  CHECK(report_says(dir / "r.json", "records", 5));
  // Restarted, serve goes on where its own journal says.
  append_file(dir / "ev.ndjson", checkouts(5, 6));
  BackgroundProcess serve(command, false);
  REQUIRE(wait_until([&] { return contains(dir / "a.ndjson", send_of(5, "first")); }));
  serve.signal(SIGTERM);
  REQUIRE(serve.wait() == 0);
  INFO(read_text(dir / "err.txt"));
  CHECK(read_text(dir / "a.ndjson") == expected);
  CHECK(report_says(dir / "r.json", "records", 6));
}

TEST_CASE("serve refuses a file whose bytes a plain `run` applied have changed (exit 3, nothing written)", "[serve]") {
  TempFolder dir("flowc-serve-after-run-changed");
  write_file(dir / "p.flow", program("Hello"));
  write_file(dir / "ev.ndjson", checkouts(0, 3));
  const std::string run = std::string(FLOWC_BINARY) + " run " + dir / "p.flow" + " -q --events " + dir / "ev.ndjson" +
                          " --state " + dir / "s" + " --out " + dir / "a.ndjson 2>>" + dir / "err.txt";
  REQUIRE(flowc::testing::run_command(run) == 0);
  const std::string activity = read_text(dir / "a.ndjson");
  std::string changed = checkouts(0, 3);
  changed[changed.find("\"value\":5")] = ' ';  // same length, another byte
  write_file(dir / "ev.ndjson", changed + checkouts(3, 4));
  BackgroundProcess serve(serve_command(dir, "--events " + dir / "ev.ndjson" + " --follow"), false);
  CHECK(serve.wait() == 3);
  const std::string err = read_text(dir / "err.txt");
  INFO(err);
  CHECK(err.find("are not the ones already applied") != std::string::npos);
  CHECK(read_text(dir / "a.ndjson") == activity);
}
