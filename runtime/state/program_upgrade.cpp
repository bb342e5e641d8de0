#include "state/program_upgrade.h"

#include <fmt/format.h>

namespace flowc::state {

bool check_upgrade(const LoadedState& loaded, const ProgramShape& now, const std::vector<StepMapping>& mappings,
                   UpgradeCheck& check, std::string& error) {
  check.now = now;
  if (loaded.program.empty()) {
    check.saved = now;
  } else if (!decode_shape(loaded.program, check.saved, error)) {
    return false;
  }
  return plan_migration(loaded, check.saved, check.now, mappings, check.plan, error);
}

std::string migration_needed(const ir::Module& running, const ir::Module& next) {
  MigrationPlan plan;
  plan.changes = diff_shapes(shape_of(running), shape_of(next));
  return plan_summary(plan);
}

std::string migration_refusal(const std::string& state_dir, const std::string& program, const UpgradeCheck& check) {
  return fmt::format(
      "the program differs from the one that wrote state `{}`: {}; see what migrating the state would do with "
      "`flowc migrate {} --state {}`, then run again with `--migrate`",
      state_dir, plan_summary(check.plan), program, state_dir);
}

}  // namespace flowc::state
