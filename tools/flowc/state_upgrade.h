// How `flowc run --state` meets a state written by another version of the
// program (docs/state.md, "Program upgrades"): the state's saved program
// shape is compared with this program's; equal (text-only edits included),
// the run goes on; different, it is refused unless `--migrate` is given,
// and then the migration plan is applied to the loaded state before the
// engine imports it. The engine's part (exit records, segments computed
// from stored data) follows the import: Engine::finish_migration.
#pragma once

#include <string>
#include <vector>

#include "ir/module.h"
#include "state/logical.h"
#include "state/migrate.h"

namespace flowc::cli {

struct StateUpgrade {
  std::string shape;        // this program's shape, as saved in `meta/program`
  bool save_shape = false;  // the state's saved shape differs: the next checkpoint writes it
  bool migrated = false;    // the plan was applied to the loaded state
  std::vector<state::MigrationExit> exits;
  bool recompute_segments = false;
  std::vector<std::string> scheduled_date_flows;  // scheduled for every saved profile (Engine::finish_migration)
};

// Checks `loaded` (the state in `dir`) against `module`; with `migrate`,
// applies the plan to it. Exit code: kOk, kProgramErrors (a mismatch
// without `--migrate`: the message says what changed and how to see the
// plan), kUnreadableInput (an unreadable saved shape).
int prepare_state_upgrade(const std::string& dir, const std::string& program, const ir::Module& module, bool migrate,
                          state::LoadedState& loaded, StateUpgrade& upgrade);

// A hash of the whole compiled module, kept in each checkpoint as
// information (`flowc state inspect`): which build of the program wrote it.
std::string program_fingerprint(const ir::Module& module);

}  // namespace flowc::cli
