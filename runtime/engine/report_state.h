// The report's counters as saved state (state::ReportState), both ways:
// by flow, step label, campaign, path, message and automation name, never
// by program index, so that the counters survive a program edit that keeps
// the names. The kept input errors are saved on their own
// (state::InputErrorState); their counts by kind, total and limit are here.
#pragma once

#include <string>
#include <vector>

#include "engine/module_names.h"
#include "engine/report.h"
#include "state/logical.h"

namespace flowc::engine {

state::ReportState report_state(const Report& report, const ir::Module& module);

// Sets `report` (made for `module`) from `saved` and the kept errors; false
// with `error` set when the saved report names something the module lacks.
bool restore_report(const state::ReportState& saved, std::vector<events::InputError> kept,
                    const ModuleNames& names, Report& report, std::string& error);

}  // namespace flowc::engine
