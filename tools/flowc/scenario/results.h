// What a `flowc test` run found, per test file and per test: what the
// console summary and the JUnit XML are both written from.
#pragma once

#include <string>
#include <vector>

namespace flowc::cli::scenario {

struct CaseResult {
  std::string name;
  unsigned line = 0;        // of its `test` line
  bool passed = true;
  std::string message;      // the first failure in one line: "file:line:col: expect ..."
  std::string detail;       // every failure, with expected / got
  double seconds = 0;       // how long it ran (JUnit's `time`)
};

struct FileResult {
  std::string path;
  std::vector<CaseResult> cases;
  // Why the file's tests could not run (syntax errors, a program with
  // errors); the file then counts as one failure.
  std::string error;
  bool unreadable = false;  // the file or its program could not be read (exit 3)
  std::string started;      // UTC, "2026-12-06T20:15:03" (JUnit's `timestamp`)
  double seconds = 0;       // the whole file: reading, compiling its program, its tests

  bool failed() const { return !error.empty(); }
};

}  // namespace flowc::cli::scenario
