// One test file from start to end: read it, compile its program (through
// the cache), run each test, check each expectation. Problems in the file
// or its program make the whole file one failure; they never stop the run.
#pragma once

#include <string>

#include "scenario/program_cache.h"
#include "scenario/results.h"

namespace flowc::cli::scenario {

FileResult run_file(const std::string& path, ProgramCache& programs);

}  // namespace flowc::cli::scenario
