// Checking one expectation against what the engine wrote. Activity
// expectations look for a record of their type with every field the line
// names (fields it leaves out match anything); `does not` / `nothing` /
// `no alert` ask that no record matches. Report expectations follow a path
// into the report JSON and compare.
//
// A failure is explained as "expected ... / got ...": the record the line
// asks for (or rules out), in the same one-line form as the activity, above
// the profile's actual activity, so the difference shows at a glance.
#pragma once

#include <optional>
#include <string>

#include "scenario/run_test.h"
#include "scenario/test_file.h"

namespace flowc::cli::scenario {

// Empty when the expectation holds; otherwise the explanation, several
// lines each ending in "\n", indented by four spaces.
std::optional<std::string> check_expectation(const Expectation& expectation, const RunOutput& output);

}  // namespace flowc::cli::scenario
