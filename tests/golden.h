// Golden diagnostic tests: a .flow program carries its expected diagnostics
// as comments on the lines they point at:
//
//   if profile.vipp {        # expect: error E013
//   send sms x               # expect: error E045, warning W046
//   # expect-line 12: error E001      (for lines that cannot hold a comment)
//   list L101 )              # expect: note N001   (the error limit's note)
//
// The runner checks the program and compares the exact multiset of
// (file, line, severity, code) with the expectations.
#pragma once

#include <string>
#include <vector>

namespace flowc::testing {

struct Expected {
  std::string file;
  unsigned line = 0;
  std::string severity;
  std::string code;
  bool operator<(const Expected& o) const;
  bool operator==(const Expected& o) const;
  std::string to_string() const;
};

struct GoldenResult {
  std::vector<Expected> expected;
  std::vector<Expected> actual;
  std::string rendered;  // the diagnostics as flowc prints them
  bool matches() const { return expected == actual; }
  std::string diff() const;
};

// Checks the program rooted at `path` and collects both sides, sorted.
GoldenResult run_golden(const std::string& path);

// Every case under a directory: *.flow files and */main.flow.
std::vector<std::string> golden_cases(const std::string& dir);

// A whole file as text ("" when it cannot be read).
std::string read_text(const std::string& path);

// Runs a command, returning its exit status and standard output.
int run_command(const std::string& command, std::string* output = nullptr);

}  // namespace flowc::testing
