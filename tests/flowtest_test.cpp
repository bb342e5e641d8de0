// `flowc test`: scenario test files (.flowtest, docs/tooling.md "Scenario
// tests") run through the real engine.
//
// tests/flowtest/ holds a small program and suites for it: one that passes,
// one that fails on purpose, one full of syntax errors, one whose program
// does not compile and one with a record the schema refuses. The *.expected
// files are the exact output `flowc test` prints for them, run from the
// source folder; after a deliberate change of the output, regenerate with
//   flowc test tests/flowtest/failing.flowtest > tests/flowtest/failing.expected
// (and likewise for the others) and read the diff.
#include <catch2/catch.hpp>

#include <regex>

#include <filesystem>
#include <string>

#include "golden.h"

namespace {

struct Run {
  int status = -1;
  std::string out;
};

// `flowc test ARGS` from the source folder, so paths print as given.
Run flowc_test(const std::string& args) {
  Run r;
  r.status = flowc::testing::run_command(
      "cd " FLOWC_SOURCE_DIR " && " FLOWC_BINARY " test " + args + " 2>/dev/null", &r.out);
  return r;
}

std::string expected(const std::string& name) {
  return flowc::testing::read_text(FLOWC_SOURCE_DIR "/tests/flowtest/" + name);
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("flowtest: a passing suite prints ok per test and exits 0", "[flowtest]") {
  Run r = flowc_test("tests/flowtest/passing.flowtest");
  INFO(r.out);
  CHECK(r.status == 0);
  CHECK(r.out ==
        "ok      tests/flowtest/passing.flowtest: a subscriber gets both welcome emails a day apart\n"
        "ok      tests/flowtest/passing.flowtest: an order ends the run before the second email\n"
        "ok      tests/flowtest/passing.flowtest: without the list nothing happens\n"
        "\n"
        "3 passed, 0 failed\n");
}

TEST_CASE("flowtest: a failing suite shows each failed expectation with expected and got, exit 1", "[flowtest]") {
  Run r = flowc_test("tests/flowtest/failing.flowtest");
  CHECK(r.status == 1);
  CHECK(r.out == expected("failing.expected"));
}

TEST_CASE("flowtest: errors in a test file are file:line:col errors and fail the file", "[flowtest]") {
  Run r = flowc_test("tests/flowtest/syntax_errors.flowtest");
  CHECK(r.status == 1);
  CHECK(r.out == expected("syntax_errors.expected"));
}

TEST_CASE("flowtest: a program with errors, or a record it refuses, fails; the rest still runs", "[flowtest]") {
  Run r = flowc_test("tests/flowtest/broken_program.flowtest tests/flowtest/bad_record.flowtest");
  CHECK(r.status == 1);
  CHECK(r.out == expected("broken.expected"));
}

TEST_CASE("flowtest: exit codes", "[flowtest]") {
  CHECK(flowc_test("tests/flowtest/passing.flowtest").status == 0);
  CHECK(flowc_test("tests/flowtest/passing.flowtest tests/flowtest/failing.flowtest").status == 1);
  CHECK(flowc_test("tests/flowtest/no-such-file.flowtest").status == 3);
  CHECK(flowc_test("--engine cobol tests/flowtest/passing.flowtest").status == 2);
  CHECK(flowc_test("").status == 2);
}

TEST_CASE("flowtest: --junit writes JUnit XML, one testsuite per file and a failure per failed test", "[flowtest]") {
  std::string xml_path = (std::filesystem::temp_directory_path() / "flowc-flowtest-junit.xml").string();
  Run r = flowc_test("tests/flowtest/passing.flowtest tests/flowtest/failing.flowtest tests/flowtest/syntax_errors.flowtest"
                     " --junit " + xml_path);
  CHECK(r.status == 1);
  std::string xml = flowc::testing::read_text(xml_path);
  INFO(xml);
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) == 0);
  CHECK(xml.find("<testsuites name=\"flowc test\" tests=\"6\" failures=\"1\" errors=\"1\" time=\"") != std::string::npos);
  CHECK(xml.find("<testsuite name=\"tests/flowtest/passing.flowtest\" tests=\"3\" failures=\"0\" errors=\"0\" time=\"") !=
        std::string::npos);
  CHECK(xml.find("<testsuite name=\"tests/flowtest/failing.flowtest\" tests=\"2\" failures=\"1\" errors=\"0\" time=\"") !=
        std::string::npos);
  CHECK(xml.find("<testcase classname=\"tests/flowtest/failing.flowtest\" name=\"the first email goes out at once\" "
                 "time=\"") != std::string::npos);
  // The failure's message is the first failed expectation; its text is the
  // whole explanation, escaped.
  CHECK(xml.find("<failure message=\"tests/flowtest/failing.flowtest:14:3: expect p1 receives email welcome_2 at "
                 "2026-03-02T18:00:00Z\">") != std::string::npos);
  CHECK(xml.find("got, the activity of p1 (&gt; marks what it rules out):") != std::string::npos);
  // A file that cannot run is one testcase with an <error>.
  CHECK(xml.find("<error message=\"tests/flowtest/syntax_errors.flowtest:5:7: error: the record is not closed") !=
        std::string::npos);
  CHECK(count_of(xml, "<testsuite ") == 3);
  CHECK(count_of(xml, "<testcase ") == 6);
  CHECK(count_of(xml, "</testsuite>") == 3);
  // Times, as CI services show them: seconds with milliseconds on the
  // run, every suite and every case; a UTC timestamp on every suite, in
  // the JUnit schema's form (no zone).
  const std::regex time_attribute(R"( time="\d+\.\d{3}")");
  CHECK(std::distance(std::sregex_iterator(xml.begin(), xml.end(), time_attribute), std::sregex_iterator()) == 1 + 3 + 6);
  const std::regex timestamp(R"(<testsuite [^>]* timestamp="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}">)");
  CHECK(std::distance(std::sregex_iterator(xml.begin(), xml.end(), timestamp), std::sregex_iterator()) == 3);
}

TEST_CASE("flowtest: the example account's suite passes on the VM", "[flowtest]") {
  Run r = flowc_test("examples/acme/tests/*.flowtest");
  INFO(r.out);
  CHECK(r.status == 0);
  CHECK(r.out.find("FAILED") == std::string::npos);
  CHECK(r.out.find(" passed, 0 failed\n") != std::string::npos);
}

TEST_CASE("flowtest: the example account's suite passes on the JIT, with the same output", "[flowtest]") {
#if !FLOWC_HAVE_JIT
  SUCCEED("this build has no JIT");
#else
  Run vm = flowc_test("examples/acme/tests/*.flowtest");
  Run jit = flowc_test("--engine jit examples/acme/tests/*.flowtest");
  INFO(jit.out);
  CHECK(jit.status == 0);
  CHECK(jit.out == vm.out);
  Run failing = flowc_test("--engine jit tests/flowtest/failing.flowtest");
  CHECK(failing.status == 1);
  CHECK(failing.out == expected("failing.expected"));
#endif
}

TEST_CASE("flowtest: numbers out of range are mistakes of the test file, not a crash", "[flowtest]") {
  Run r = flowc_test("tests/flowtest/hostile_numbers.flowtest");
  CHECK(r.status == 1);
  CHECK(r.out == expected("hostile_numbers.expected"));
}
