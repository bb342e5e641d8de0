// A scenario test file (`.flowtest`), as data: the program it tests, the
// records every test starts from, and its tests, each with its records, how
// far to run, and what it expects. The format is specified in
// docs/tooling.md ("Scenario tests: `flowc test`"); parse_test_file.cpp
// reads it, run_test.cpp runs one test, expectation.cpp checks its results.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace flowc::cli::scenario {

// A place in the test file, for `file:line:col: error: ...`; 1-based.
struct Place {
  unsigned line = 0;
  unsigned col = 0;
};

// One input record, written exactly as in the event stream (RUNTIME.md
// section 2); checked against the program's schema only when the test runs.
struct Given {
  std::string json;
  Place at;  // where the record starts
};

// What to do after the records: `run drain` (the default), `run until T`,
// or `run settle` (stop at the time of the last record): the three ways
// `flowc run` ends.
enum class RunMode { Drain, Until, Settle };

enum class ExpectKind {
  Send,        // P receives C M / receives nothing [on C] / does not receive C [M]
  SendCount,   // P receives N messages [on C]
  Skip,        // P gets C M skipped [because R]
  Defer,       // P gets C M deferred [until T]
  Review,      // P gets C M queued for review
  Enter,       // P enters F
  Exit,        // P exits F [with R]
  ListChange,  // P joins list L / leaves list L
  Property,    // P has NAME set to VALUE
  Alert,       // alert to ADDR [for P] [containing TEXT]
  SessionEnd,  // P ends session A [with R]
  Report,      // report PATH OP VALUE
};

// One `expect` line. Fields left empty (or unset) match anything.
struct Expectation {
  ExpectKind kind = ExpectKind::Send;
  Place at;
  std::string text;       // the line as written (without its comment), for failure messages
  bool negated = false;   // `does not ...`, `receives nothing`, `no alert`
  std::string profile;
  std::string channel;    // email, sms, push, whatsapp
  std::string step;       // the message name or `as` label (activity `step`)
  std::string name;       // the flow, automation, list or alert address the form names
  std::string from;       // `from X`: the flow, campaign or automation (activity `name`)
  std::string reason;     // `because R` / `with R`
  std::string containing; // text the rendered subject, title, body or alert text contains
  std::string action;     // list change: add | remove
  std::optional<int64_t> time;   // `at T`
  std::optional<int64_t> until;  // `deferred until T`
  int64_t count = 0;             // `receives N messages`
  // Report and property expectations: the path into the report JSON (or the
  // property name), the comparison and the JSON value compared with.
  std::vector<std::string> path;
  std::string op = "==";
  nlohmann::json value;
};

struct TestCase {
  std::string name;
  Place at;
  std::vector<Given> given;  // the file's shared records, then the test's own
  RunMode run = RunMode::Drain;
  int64_t until = 0;  // RunMode::Until
  std::vector<Expectation> expectations;
};

struct TestFile {
  std::string path;                  // as named on the command line
  std::vector<std::string> program;  // the program's files, resolved against the test file's folder
  Place program_at;
  std::vector<TestCase> tests;
  // "path:line:col: error: message", in file order; a file with errors runs
  // none of its tests.
  std::vector<std::string> errors;
};

TestFile parse_test_file(const std::string& path, const std::string& text);

}  // namespace flowc::cli::scenario
