// Running the flowc binary from a test, the way a user runs it: the example
// account and its month, `flowc run` with extra arguments, any `flowc`
// command with its exit code, standard output and standard error, and a
// digest of a folder (equal before and after: nothing in it changed).
// Header-only: each test file that drives the binary includes it.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <string>

#include "golden.h"
#include "temp_folder.h"

namespace flowc::testing {

inline const std::string kExampleProgram = std::string(FLOWC_SOURCE_DIR) + "/examples/acme.flow";
inline const std::string kExampleMonth = std::string(FLOWC_SOURCE_DIR) + "/examples/acme-month.ndjson";

inline std::string sh_quote(const std::string& s) { return "'" + s + "'"; }

// `ENV flowc run PROGRAM -q ARGS`, standard error dropped: its exit code.
inline int flowc_run_program(const std::string& program, const std::string& args, const std::string& env = "") {
  return run_command(env + " " + FLOWC_BINARY + " run " + program + " -q " + args + " 2>/dev/null");
}

// The same on the example account.
inline int flowc_run(const std::string& args, const std::string& env = "") {
  return flowc_run_program(kExampleProgram, args, env);
}

struct FlowcResult {
  int status = 0;
  std::string out, err;
};

// `flowc ARGS`, its standard error kept in `scratch`/stderr.txt.
inline FlowcResult run_flowc(const std::string& args, const TempFolder& scratch) {
  FlowcResult r;
  const std::string err = scratch / "stderr.txt";
  r.status = run_command(std::string(FLOWC_BINARY) + " " + args + " 2>" + sh_quote(err), &r.out);
  r.err = read_text(err);
  return r;
}

// Every file and folder under `dir` with its digest.
inline std::string tree_digest(const std::string& dir) {
  std::string out;
  run_command("cd " + sh_quote(dir) + " && find . -print0 | LC_ALL=C sort -z | xargs -0 sha256sum 2>&1", &out);
  return out;
}

// `actual` against the expected file at `path`; FLOWC_UPDATE_GOLDEN=1
// rewrites the file instead.
inline void check_golden_file(const std::string& path, const std::string& actual) {
  if (std::getenv("FLOWC_UPDATE_GOLDEN")) std::ofstream(path, std::ios::binary) << actual;
  INFO(path);
  CHECK(actual == read_text(path));
}

}  // namespace flowc::testing
