#include "scenario/run_file.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <ctime>

#include "driver/load.h"
#include "scenario/expectation.h"
#include "scenario/run_test.h"
#include "scenario/test_file.h"

namespace flowc::cli::scenario {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// JUnit's timestamp: ISO 8601 without a zone (the schema's pattern), in UTC.
std::string utc_now() {
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}", fmt::gmtime(std::time(nullptr)));
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

CaseResult check_case(const CompiledProgram& program, const TestFile& file, const TestCase& test) {
  CaseResult result;
  result.name = test.name;
  result.line = test.at.line;
  RunOutput output = run_test(program, file, test);
  if (!output.errors.empty()) {
    // A record the program refuses makes the test meaningless: say so, check nothing.
    result.passed = false;
    result.message = output.errors.front();
    for (const std::string& e : output.errors) result.detail += "  " + e + "\n";
    return result;
  }
  for (const Expectation& e : test.expectations) {
    std::optional<std::string> failure = check_expectation(e, output);
    if (!failure) continue;
    std::string where = fmt::format("{}:{}:{}: {}", file.path, e.at.line, e.at.col, e.text);
    if (result.passed) result.message = where;
    result.passed = false;
    result.detail += "  " + where + "\n" + *failure;
  }
  return result;
}

CaseResult run_case(const CompiledProgram& program, const TestFile& file, const TestCase& test) {
  const Clock::time_point start = Clock::now();
  CaseResult result = check_case(program, file, test);
  result.seconds = seconds_since(start);
  return result;
}

FileResult read_and_run(const std::string& path, ProgramCache& programs) {
  FileResult result;
  result.path = path;
  std::string text;
  if (!driver::read_file(path, text)) {
    result.error = fmt::format("{}: error: cannot read the test file\n", path);
    result.unreadable = true;
    return result;
  }
  TestFile file = parse_test_file(path, text);
  if (!file.errors.empty()) {
    result.error = joined(file.errors);
    return result;
  }
  ProgramProblem problem;
  const CompiledProgram* program = programs.get(file.program, problem);
  if (!program) {
    result.error = fmt::format("{}:{}:{}: error: {}", path, file.program_at.line, file.program_at.col, problem.text);
    if (result.error.back() != '\n') result.error += "\n";
    result.unreadable = problem.unreadable;
    return result;
  }
  for (const TestCase& test : file.tests) result.cases.push_back(run_case(*program, file, test));
  return result;
}

}  // namespace

FileResult run_file(const std::string& path, ProgramCache& programs) {
  const std::string started = utc_now();
  const Clock::time_point start = Clock::now();
  FileResult result = read_and_run(path, programs);
  result.started = started;
  result.seconds = seconds_since(start);
  return result;
}

}  // namespace flowc::cli::scenario
