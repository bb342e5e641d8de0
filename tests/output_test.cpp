// What flowc writes, and what it shows of outside data (tools/flowc/output/,
// stdlib/printable.h), through the real binary:
//  - a write that fails (/dev/full, a closed standard output, a file size
//    limit standing in for a full disk) names the file and exits 4;
//  - whole-file outputs replace the old file only when the new one is
//    complete (a failed write leaves the old file as it was), and the
//    activity of a failed run ends at its last complete record;
//  - a folder given as an input file is unreadable input (exit 3);
//  - control characters from events and report files are shown escaped on
//    the terminal, CSV cells cannot start a formula, JUnit XML stays
//    well-formed, and a damaged report is refused, not shown as zeros;
//  - no exception reaches main as an abort.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "commands.h"
#include "flowc_command.h"
#include "golden.h"
#include "internal_error.h"
#include "stdlib/printable.h"

using flowc::testing::read_text;
using flowc::testing::run_command;
using flowc::testing::sh_quote;

namespace {

namespace fs = std::filesystem;

const std::string kSource = FLOWC_SOURCE_DIR;
const std::string kProgram = kSource + "/examples/acme.flow";
const std::string kEvents = kSource + "/examples/acme-month.ndjson";
const std::string kReport = kSource + "/tests/report/report.json";

// `flowc ARGS` through the shell (for redirections in ARGS), standard error
// folded into the output.
int run_flowc(const std::string& args, std::string* output = nullptr) {
  std::string ignored;
  return run_command(std::string(FLOWC_BINARY) + " 2>&1 " + args, output ? output : &ignored);
}

// `flowc ARGS` with files limited to `blocks` blocks of 512 or 1024 bytes (the
// shell's ulimit -f): writes beyond it fail with EFBIG, as on a full disk.
int flowc_with_file_limit(int blocks, const std::string& args, std::string* output = nullptr) {
  std::string ignored;
  return run_command("trap '' XFSZ; ulimit -f " + std::to_string(blocks) + "; " + FLOWC_BINARY + " 2>&1 " + args,
                     output ? output : &ignored);
}

// A fresh folder of its own for each test, removed at the end.
struct Scratch {
  fs::path dir;
  explicit Scratch(const std::string& name) {
    dir = fs::temp_directory_path() / ("flowc-output-" + std::to_string(getpid()) + "-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() { fs::remove_all(dir); }
  std::string path(const std::string& name) const { return (dir / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
  }
  size_t files() const { return static_cast<size_t>(std::distance(fs::directory_iterator(dir), {})); }
};

bool contains(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// xmllint's verdict on `xml` against tests/junit/junit.xsd (the JUnit
// form CI tools read): its exit status, what it said in `said`.
int validate_junit(const std::string& xml, std::string& said) {
  return run_command("xmllint --noout --schema " + kSource + "/tests/junit/junit.xsd " + xml + " 2>&1", &said);
}

bool has_control_bytes(const std::string& text) {
  for (unsigned char c : text)
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return true;
  return false;
}

}  // namespace

TEST_CASE("a failed write exits 4 and names what could not be written", "[output]") {
  std::string out;
  SECTION("standard output to /dev/full") {
    CHECK(run_flowc("explain E013 > /dev/full", &out) == 4);
    CHECK(contains(out, "cannot write `standard output`: No space left on device"));
    CHECK(run_flowc("disasm " + kProgram + " > /dev/full", &out) == 4);
    CHECK(contains(out, "cannot write `standard output`"));
    CHECK(run_flowc("check --format json " + kSource + "/tests/flowtest/broken_program.flow > /dev/full") == 4);
    CHECK(run_flowc("check --format sarif " + kProgram + " > /dev/full") == 4);
    CHECK(run_flowc("dump-ast " + kProgram + " > /dev/full") == 4);
    CHECK(run_flowc("graph " + kProgram + " --flow 'Welcome Series' > /dev/full") == 4);
    CHECK(run_flowc("report " + kReport + " > /dev/full") == 4);
  }
  SECTION("a closed standard output") {
    CHECK(run_flowc("explain E013 >&-", &out) == 4);
    CHECK(contains(out, "cannot write `standard output`"));
  }
  SECTION("the activity, the report, the module, the HTML page, the CSV and the JUnit XML") {
    CHECK(run_flowc("run " + kProgram + " --events " + kEvents + " --out /dev/full -q", &out) == 4);
    CHECK(contains(out, "cannot write `/dev/full`"));
    CHECK(run_flowc("run " + kProgram + " --events " + kEvents + " -q > /dev/full") == 4);
    CHECK(run_flowc("run " + kProgram + " --events " + kEvents + " --out /dev/null --report /dev/full -q") == 4);
    CHECK(run_flowc("build " + kProgram + " -o /dev/full") == 4);
    CHECK(run_flowc("report " + kReport + " --html /dev/full") == 4);
    CHECK(run_flowc("report " + kReport + " --usage-csv /dev/full") == 4);
    CHECK(run_flowc("test " + kSource + "/tests/flowtest/passing.flowtest --junit /dev/full > /dev/null") == 4);
  }
  SECTION("a folder that does not exist") {
    CHECK(run_flowc("report " + kReport + " --html /nonexistent-folder/page.html", &out) == 4);
    CHECK(contains(out, "cannot write `/nonexistent-folder/page.html`: No such file or directory"));
  }
}

TEST_CASE("a whole-file output replaces the old file only when complete", "[output]") {
  Scratch scratch("atomic");
  SECTION("a write that fails leaves the old file as it was, and no temporary file") {
    std::string page = scratch.write("page.html", "the old page\n");
    std::string out;
    CHECK(flowc_with_file_limit(1, "report " + kReport + " --html " + page, &out) == 4);
    CHECK(contains(out, "cannot write `" + page + "`"));
    CHECK(read_text(page) == "the old page\n");
    CHECK(scratch.files() == 1);
  }
  SECTION("so does a formatted file that cannot be written") {
    std::string text = read_text(kSource + "/examples/acme/flows.flow");
    std::string unformatted;  // every line indented one step more: fmt must rewrite it
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) unformatted += (line.empty() ? "" : "  ") + line + "\n";
    std::string file = scratch.write("flows.flow", unformatted);
    CHECK(flowc_with_file_limit(1, "fmt " + file) == 4);
    CHECK(read_text(file) == unformatted);
    CHECK(scratch.files() == 1);
  }
  SECTION("a write that succeeds replaces the file, keeps its permissions and follows a link") {
    std::string csv = scratch.write("usage.csv", "old\n");
    ::chmod(csv.c_str(), 0640);
    fs::create_symlink(csv, scratch.path("link.csv"));
    REQUIRE(run_flowc("report " + kReport + " --usage-csv " + scratch.path("link.csv")) == 0);
    CHECK(contains(read_text(csv), "2026-11,5,5,6,8,0,1"));
    CHECK(fs::is_symlink(scratch.path("link.csv")));
    struct stat status;
    REQUIRE(::stat(csv.c_str(), &status) == 0);
    CHECK((status.st_mode & 0777) == 0640);
    CHECK(scratch.files() == 2);
  }
}

TEST_CASE("a failed activity ends at its last complete record", "[output]") {
  Scratch scratch("activity");
  std::string activity = scratch.path("activity.ndjson"), report = scratch.path("report.json");
  std::string out;
  CHECK(flowc_with_file_limit(8, "run " + kProgram + " --events " + kEvents + " --drain -q --out " + activity +
                                     " --report " + report, &out) == 4);
  CHECK(contains(out, "cannot write `" + activity + "`: File too large"));
  std::string text = read_text(activity);
  REQUIRE(!text.empty());
  CHECK(text.back() == '\n');
  std::istringstream lines(text);
  size_t records = 0;
  for (std::string line; std::getline(lines, line); ++records) {
    INFO("record " << records + 1 << ": " << line);
    CHECK(line.front() == '{');
    CHECK(line.back() == '}');
  }
  CHECK(records > 10);
  CHECK(!fs::exists(report));  // no report of a run whose activity is cut short
}

TEST_CASE("a folder named as an input file is unreadable input", "[output]") {
  Scratch scratch("folder");
  std::string out;
  CHECK(run_flowc("run " + kProgram + " --events " + scratch.dir.string() + " -q", &out) == 3);
  CHECK(contains(out, "cannot read events `" + scratch.dir.string() + "`: it is a folder"));
  CHECK(run_flowc("run " + kProgram + " --events - -q < " + scratch.dir.string(), &out) == 3);
  CHECK(contains(out, "cannot read events `<stdin>`"));
  CHECK(run_flowc("report " + scratch.dir.string(), &out) == 3);
  CHECK(contains(out, "it is a folder"));
  CHECK(run_flowc("report " + kReport + " --activity " + scratch.dir.string() + " --flow 'Welcome Series' --recipients",
              &out) == 3);
  CHECK(contains(out, "it is a folder"));
}

TEST_CASE("control characters from data reach the terminal escaped", "[output]") {
  Scratch scratch("terminal");
  std::string out;
  SECTION("an unknown send_id in the events") {
    std::string events = scratch.write(
        "events.ndjson",
        "{\"type\":\"profile\",\"time\":\"2026-11-02T09:00:00Z\",\"profile\":\"p1\",\"email\":\"p1@x.example\"}\n"
        "{\"type\":\"engagement\",\"time\":\"2026-11-02T10:00:00Z\",\"send_id\":\"\\u001b]0;owned\\u0007\\u009b2J\","
        "\"kind\":\"open\"}\n");
    CHECK(run_flowc("run " + kProgram + " --events " + events + " --out /dev/null -q", &out) == 0);
    CHECK(!has_control_bytes(out));
    CHECK(contains(out, "unknown send_id \"\\u001b]0;owned\\u0007\\u009b2J\""));
  }
  SECTION("names in a report's recipients and text summary") {
    std::string activity = scratch.write(
        "activity.ndjson",
        "{\"time\":\"2026-11-01T09:00:00Z\",\"type\":\"send\",\"profile\":\"\\u001b[31mevil\\u0007\",\"source\":\"flow\","
        "\"name\":\"Welcome Series\",\"step\":\"welcome_1\",\"channel\":\"email\"}\n");
    CHECK(run_flowc("report " + kReport + " --activity " + activity + " --flow 'Welcome Series' --recipients", &out) == 0);
    CHECK(!has_control_bytes(out));
    CHECK(contains(out, "\\u001b[31mevil\\u0007"));
    std::string report = scratch.write("report.json", "{\"flows\": {\"\\u001b[2JWelcome\": {\"entered\": 1}}}");
    CHECK(run_flowc("report " + report, &out) == 0);
    CHECK(!has_control_bytes(out));
    CHECK(contains(out, "\\u001b[2JWelcome"));
  }
}

TEST_CASE("printable and quoted escape controls and bytes that are not UTF-8", "[output]") {
  CHECK(flowc::printable("a\x1b[31mb\x07") == "a\\u001b[31mb\\u0007");
  CHECK(flowc::printable("line\nnext\ttab\r", true) == "line\nnext\ttab\\u000d");
  CHECK(flowc::printable("line\n") == "line\\u000a");
  CHECK(flowc::printable("\xc2\x9b" "2J caf\xc3\xa9 \xe2\x82\xac") == "\\u009b2J caf\xc3\xa9 \xe2\x82\xac");
  CHECK(flowc::printable("\xff \xc0\xbc \xed\xa0\x80 \xe2\x82") == "\\xff \\xc0\\xbc \\xed\\xa0\\x80 \\xe2\\x82");
  CHECK(flowc::quoted("say \"hi\" \\ \x1b") == "\"say \\\"hi\\\" \\\\ \\u001b\"");
  CHECK(flowc::quoted(std::string(100, 'x'), 80) == "\"" + std::string(80, 'x') + "...\"");
}

TEST_CASE("usage CSV cells cannot start a formula", "[output]") {
  Scratch scratch("csv");
  std::string report = scratch.write(
      "report.json",
      "{\"usage\": {}, \"usage_by_month\": {\"=HYPERLINK(\\\"http://x.example\\\",\\\"open\\\")\": {\"emails_sent\": 1},"
      " \"+1\": {}, \"-1\": {}, \"@SUM(A1)\": {}, \"2026-11\": {}}}");
  std::string csv = scratch.path("usage.csv");
  REQUIRE(run_flowc("report " + report + " --usage-csv " + csv) == 0);
  std::string text = read_text(csv);
  CHECK(contains(text, "\n\"'=HYPERLINK(\"\"http://x.example\"\",\"\"open\"\")\",0,1,0,0,0,0\n"));
  CHECK(contains(text, "\n'+1,0,"));
  CHECK(contains(text, "\n'-1,0,"));
  CHECK(contains(text, "\n'@SUM(A1),0,"));
  CHECK(contains(text, "\n2026-11,0,"));
}

TEST_CASE("JUnit XML is well-formed whatever a test name holds", "[output]") {
  Scratch scratch("junit");
  fs::copy_file(kSource + "/tests/flowtest/program.flow", scratch.path("program.flow"));
  std::string test = scratch.write("bad-name.flowtest",
                                   "program \"program.flow\"\n"
                                   "test \"caf\xe9 \xff\xfe \x01 <ok> \xc3\xa9\" {\n"
                                   "  run settle\n"
                                   "  expect report usage.emails_sent == 0\n"
                                   "}\n");
  std::string xml = scratch.path("junit.xml");
  CHECK(run_flowc("test " + test + " --junit " + xml + " > /dev/null") == 0);
  std::string text = read_text(xml);
  CHECK(contains(text, "name=\"caf\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd  &lt;ok&gt; \xc3\xa9\""));
  CHECK(run_command("xmllint --noout " + xml + " 2>&1") == 0);
  std::string said;
  CHECK(validate_junit(xml, said) == 0);
  // junitparser (Debian python3-junitparser), as CI tools read it: every
  // suite has a timestamp and a time, every case a time.
  std::string read;
  const std::string script =
      "import sys, datetime\n"
      "from junitparser import JUnitXml\n"
      "for suite in JUnitXml.fromfile(sys.argv[1]):\n"
      "    datetime.datetime.fromisoformat(suite.timestamp)\n"
      "    assert suite.time >= 0, suite.time\n"
      "    for case in suite:\n"
      "        assert case.time >= 0, case.time\n"
      "        print(suite.timestamp[:2], case.name.startswith(\"caf\"))\n";
  CHECK(run_command("/usr/bin/python3 -c " + sh_quote(script) + " " + xml + " 2>&1", &read) == 0);
  CHECK(read == "20 True\n");
}

TEST_CASE("JUnit XML of failed, broken and unreadable test files validates against a JUnit schema", "[output]") {
  // tests/junit/junit.xsd: the Ant form CI tools read, with `time` on every
  // element and a zone-less `timestamp` on every suite required.
  Scratch scratch("junit-schema");
  const std::string suites = kSource + "/tests/flowtest/";
  std::string xml = scratch.path("junit.xml");
  CHECK(run_flowc("test " + suites + "passing.flowtest " + suites + "failing.flowtest " + suites +
                  "broken_program.flowtest " + scratch.path("missing.flowtest") + " --junit " + xml + " > /dev/null 2>&1") ==
        3);  // 3: a file could not be read (docs/tooling.md); the XML is written all the same
  std::string text = read_text(xml);
  CHECK(contains(text, "<failure message="));
  CHECK(contains(text, "<error message="));
  std::string said;
  const int valid = validate_junit(xml, said);
  INFO(said);
  CHECK(valid == 0);
  // The schema is not a test that cannot fail: a suite without its timestamp is refused.
  std::string stripped = scratch.write("stripped.xml", std::regex_replace(text, std::regex(" timestamp=\"[^\"]*\""), ""));
  std::string refused;
  CHECK(validate_junit(stripped, refused) != 0);
  CHECK(contains(refused, "The attribute 'timestamp' is required"));
}

TEST_CASE("a report with wrong-typed or out-of-range numbers is refused, naming the field", "[output]") {
  Scratch scratch("validate");
  std::string out;
  auto refused = [&](const std::string& json, const std::string& message) {
    std::string report = scratch.write("report.json", json);
    INFO(json);
    CHECK(run_flowc("report " + report, &out) == 3);
    CHECK(contains(out, message));
  };
  refused("{\"flows\": {\"W\": {\"entered\": -3}}}", "`/flows/W/entered` must be a count");
  refused("{\"flows\": {\"W\": {\"entered\": \"5\"}}}", "`/flows/W/entered` must be a count");
  refused("{\"flows\": {\"W\": {\"entered\": 2.5}}}", "got 2.5");
  refused("{\"usage\": {\"sms_sent\": 1e30}}", "`/usage/sms_sent` must be a count");
  refused("{\"usage\": {\"sms_sent\": 18446744073709551616}}", "`/usage/sms_sent` must be a count");
  refused("{\"flows\": {\"W\": {\"steps\": {\"a/b\": {\"kind\": 1}}}}}", "`/flows/W/steps/a~1b/kind` must be a string");
  refused("{\"flows\": 5}", "`/flows` must be an object");
  refused("{\"flows\": {}, \"campaigns\": {\"C\": {\"paths\": {\"p\": {\"messages\": {\"m\": {\"revenue\": \"x\"}}}}}}}",
          "`/campaigns/C/paths/p/messages/m/revenue` must be a number");
  refused("{\"usage\": {}, \"input_errors\": 3}", "`/input_errors` must be an array");
  // Counts at the top of the range are kept, not shown as 0.
  std::string report = scratch.write("report.json", "{\"usage\": {}, \"records\": 18446744073709551615}");
  CHECK(run_flowc("report " + report, &out) == 0);
  CHECK(contains(out, "18446744073709551615 records"));
}

TEST_CASE("no exception ends flowc with an abort", "[output]") {
  // A program that once threw from the parser (std::stoi on a missing
  // time): whatever else is fixed, flowc answers with a diagnostic (1) or,
  // for a bug, "internal error" (70), never an abort (134).
  Scratch scratch("exception");
  std::string program = scratch.write("p.flow", "account {\n  quiet_hours sms 21:00 to\n}\n");
  std::string out;
  CHECK(run_flowc("check " + program, &out) == 1);
  CHECK(contains(out, "p.flow:3:1: error[E001]"));  // the missing time of day, reported
}

TEST_CASE("an exception that escapes a command is an internal error, exit 70", "[output]") {
  // main() runs every command through this guard (tools/flowc/main.cpp).
  std::ostringstream errors;
  auto throwing = []() -> int { throw std::runtime_error("index \x1b[31m out of range"); };
  CHECK(flowc::cli::run_reporting_internal_errors(throwing, errors) == flowc::cli::kInternalError);
  CHECK(flowc::cli::kInternalError == 70);
  CHECK(errors.str() == "flowc: internal error: index \\u001b[31m out of range\n");  // quoted for the terminal
  errors.str("");
  CHECK(flowc::cli::run_reporting_internal_errors([]() -> int { throw 42; }, errors) == 70);
  CHECK(errors.str() == "flowc: internal error: an unknown exception\n");
  errors.str("");
  CHECK(flowc::cli::run_reporting_internal_errors([] { return 3; }, errors) == 3);
  CHECK(errors.str().empty());
}
