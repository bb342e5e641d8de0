// Running one test: its records go through the real engine, exactly as
// `flowc run --events ... [--until T | --drain]` would play them, and what
// the engine writes (activity NDJSON, report JSON) is read back as JSON for
// the expectations. Event time only: the same test gives the same output on
// every machine and on either engine.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scenario/program_cache.h"
#include "scenario/test_file.h"

namespace flowc::cli::scenario {

struct RunOutput {
  std::vector<nlohmann::json> activity;  // one object per activity line, in order
  nlohmann::json report;
  // "file:line:col: error: ..." for records the engine refused (a wrong
  // field, a property the schema does not declare); the test fails.
  std::vector<std::string> errors;
};

RunOutput run_test(const CompiledProgram& program, const TestFile& file, const TestCase& test);

}  // namespace flowc::cli::scenario
