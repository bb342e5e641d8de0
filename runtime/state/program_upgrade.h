// "Does this program need a migration of this state, and why?": the one
// question `flowc run --state`, `flowc migrate` and `flowc serve` (on a
// reload, SIGHUP) ask before a state goes on under a program
// (docs/state.md, "Program upgrades"). Built on the program shape
// (program_shape.h) and the migration plan (migrate.h); plain data, no
// engine.
//
// A state goes on under a new program with no migration exactly when the
// shapes are equal: text-only edits (a message's text, a subject, a
// filter's value) keep the shape. Anything else needs `--migrate` (or
// `flowc migrate --apply`), and the caller refuses with
// migration_refusal()'s message, which says what changed and how to see
// the plan.
#pragma once

#include <string>
#include <vector>

#include "ir/module.h"
#include "state/logical.h"
#include "state/migrate.h"
#include "state/program_shape.h"

namespace flowc::state {

struct UpgradeCheck {
  ProgramShape saved;  // the shape of the program that wrote the state
  ProgramShape now;    // the shape of the program asked for
  MigrationPlan plan;
  bool needs_migration() const { return plan.needs_migration(); }
};

// The plan for `loaded` under a program of shape `now`. A state that saved
// no shape yet (never committed) is taken as having `now`'s. False, with
// `error`, when the saved shape cannot be read (a newer flowc, damage) or a
// mapping does not fit.
bool check_upgrade(const LoadedState& loaded, const ProgramShape& now, const std::vector<StepMapping>& mappings,
                   UpgradeCheck& check, std::string& error);

// For a program running on a state and the one a reload brings (serve's
// SIGHUP): "" when the state goes on under `next` as it is; otherwise what
// changed, in one line (`flow "Win-back": step `w2` removed; and 1 more
// change`), for the log line that says why the old program keeps running.
std::string migration_needed(const ir::Module& running, const ir::Module& next);

// The message `run` and `serve` refuse a mismatched state with.
std::string migration_refusal(const std::string& state_dir, const std::string& program, const UpgradeCheck& check);

}  // namespace flowc::state
