// The structure of a test file: `program`, shared `given` records, and
// `test "name" { ... }` blocks holding `given`, `run` and `expect` lines, in
// that order. One line is one statement; the `expect` lines themselves are
// read by parse_expectation.cpp.
#include <fmt/format.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "events/reader.h"
#include "scenario/line_cursor.h"
#include "scenario/parse_expectation.h"
#include "scenario/test_file.h"

namespace flowc::cli::scenario {

namespace {

class Parser {
 public:
  Parser(const std::string& path, TestFile& file) : path_(path), file_(file) {}

  void line(const std::string& text, unsigned line_no) {
    line_no_ = line_no;
    line_text_ = text;
    LineCursor cursor(text);
    if (cursor.at_end()) return;
    try {
      if (test_) in_test(cursor);
      else top_level(cursor);
    } catch (const SyntaxError& e) {
      error(e.col, e.what());
    }
  }

  void end() {
    if (test_) {
      line_no_ = test_->at.line;
      error(test_->at.col, fmt::format("test \"{}\" is not closed: a `}}` line is missing", test_->name));
      close_test();
    }
    if (file_.program.empty() && file_.errors.empty()) {
      line_no_ = 1;
      error(1, "no `program \"FILE.flow\"` line: a test file names the program it tests first");
    }
  }

 private:
  void error(unsigned col, const std::string& message) {
    file_.errors.push_back(fmt::format("{}:{}:{}: error: {}", path_, line_no_, col, message));
  }

  void top_level(LineCursor& cursor) {
    unsigned col = cursor.col();
    if (cursor.keyword("program")) return program(cursor, col);
    if (cursor.keyword("given")) return given(cursor, shared_given_);
    if (cursor.keyword("test")) return open_test(cursor, col);
    std::string what = cursor.rest();
    if (what == "}") throw SyntaxError(col, "`}` without a `test` to close");
    throw SyntaxError(col, fmt::format("expected `program`, `given` or `test`, got `{}`", what));
  }

  void program(LineCursor& cursor, unsigned col) {
    if (!file_.program.empty()) throw SyntaxError(col, "a second `program` line: a test file tests one program");
    if (!file_.tests.empty() || test_) throw SyntaxError(col, "`program` comes before the tests");
    std::filesystem::path folder = std::filesystem::path(path_).parent_path();
    while (std::optional<std::string> file = cursor.quoted())
      file_.program.push_back((folder / *file).lexically_normal().string());
    if (file_.program.empty()) throw SyntaxError(cursor.col(), "expected the program's file, as a \"quoted path\"");
    cursor.need_end();
    file_.program_at = {line_no_, col};
  }

  // `given {...}`: a record of the event stream, verbatim; its JSON must be
  // well formed here, its fields are checked against the program when it runs.
  void given(LineCursor& cursor, std::vector<Given>& into) {
    unsigned col = cursor.col();
    std::optional<std::string> json = cursor.json_object();
    if (!json) throw SyntaxError(col, "expected a record: one JSON object such as {\"type\":\"profile\",...}");
    cursor.need_end();
    try {
      nlohmann::json parsed = nlohmann::json::parse(*json);
      (void)parsed;
    } catch (const nlohmann::json::parse_error& e) {
      unsigned at = col + static_cast<unsigned>(e.byte > 0 ? e.byte - 1 : 0);
      throw SyntaxError(at, fmt::format("the record is not valid JSON: {}", short_json_error(e.what())));
    } catch (const nlohmann::json::exception& e) {  // a number out of range (1e400) is not a parse_error
      throw SyntaxError(col, fmt::format("the record is not valid JSON: {}", short_json_error(e.what())));
    }
    into.push_back({*json, {line_no_, col}});
  }

  static std::string short_json_error(const std::string& what) {
    size_t at = what.find("; ");
    return at == std::string::npos ? what : what.substr(at + 2);
  }

  void open_test(LineCursor& cursor, unsigned col) {
    if (file_.program.empty()) throw SyntaxError(col, "a test before the `program` line");
    unsigned name_col = cursor.col();
    std::optional<std::string> name = cursor.quoted();
    if (!name || name->empty()) throw SyntaxError(name_col, "expected the test's name, as a \"quoted string\"");
    cursor.need_keyword("{");
    cursor.need_end();
    // A repeated name is reported, and the test is still read, so its
    // `}` does not count as a stray one.
    if (!names_.insert(*name).second) error(name_col, fmt::format("a second test named \"{}\"", *name));
    test_ = TestCase{};
    test_->name = *name;
    test_->at = {line_no_, col};
    test_->given = shared_given_;
    phase_ = Phase::Given;
    errors_before_test_ = file_.errors.size();
  }

  void in_test(LineCursor& cursor) {
    unsigned col = cursor.col();
    if (cursor.keyword("}")) {
      cursor.need_end();
      bool had_errors = file_.errors.size() > errors_before_test_;
      if (test_->expectations.empty() && !had_errors) error(col, fmt::format("test \"{}\" expects nothing: add `expect` lines", test_->name));
      return close_test();
    }
    if (cursor.keyword("given")) {
      if (phase_ != Phase::Given) throw SyntaxError(col, "`given` after `run` or `expect`: records come first");
      return given(cursor, test_->given);
    }
    if (cursor.keyword("run")) {
      if (phase_ != Phase::Given) throw SyntaxError(col, "one `run` line, after the records and before `expect`");
      phase_ = Phase::Run;
      return run(cursor);
    }
    if (cursor.keyword("expect")) {
      phase_ = Phase::Expect;
      Expectation e = parse_expectation(cursor, {line_no_, col});
      e.text = strip_comment(line_text_);
      test_->expectations.push_back(std::move(e));
      return;
    }
    if (cursor.keyword("test")) throw SyntaxError(col, fmt::format("test \"{}\" is not closed before this one", test_->name));
    throw SyntaxError(col, fmt::format("expected `given`, `run`, `expect` or `}}`, got `{}`", cursor.rest()));
  }

  void run(LineCursor& cursor) {
    if (cursor.keyword("drain")) {
      test_->run = RunMode::Drain;
    } else if (cursor.keyword("settle")) {
      test_->run = RunMode::Settle;
    } else if (cursor.keyword("until")) {
      test_->run = RunMode::Until;
      test_->until = parse_time(cursor);
    } else {
      throw SyntaxError(cursor.col(), "expected `drain`, `settle` or `until TIME`");
    }
    cursor.need_end();
  }

  void close_test() {
    file_.tests.push_back(std::move(*test_));
    test_.reset();
  }

  enum class Phase { Given, Run, Expect };
  const std::string& path_;
  TestFile& file_;
  unsigned line_no_ = 0;
  std::string line_text_;  // the line being read
  std::vector<Given> shared_given_;
  std::optional<TestCase> test_;  // the test being read
  Phase phase_ = Phase::Given;
  std::set<std::string> names_;
  size_t errors_before_test_ = 0;
};

}  // namespace

int64_t parse_time(LineCursor& cursor) {
  unsigned col = cursor.col();
  std::string text = cursor.need_word("a time such as 2026-11-02T10:00:00Z");
  std::optional<int64_t> time = events::parse_rfc3339(text);
  if (!time) throw SyntaxError(col, fmt::format("`{}` is not an RFC 3339 time such as 2026-11-02T10:00:00Z", text));
  return *time;
}

TestFile parse_test_file(const std::string& path, const std::string& text) {
  TestFile file;
  file.path = path;
  Parser parser(path, file);
  std::istringstream in(text);
  std::string line;
  for (unsigned line_no = 1; std::getline(in, line); ++line_no) parser.line(line, line_no);
  parser.end();
  return file;
}

}  // namespace flowc::cli::scenario
