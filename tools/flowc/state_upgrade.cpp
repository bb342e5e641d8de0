#include "state_upgrade.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <iostream>

#include "commands.h"
#include "ir/module_io.h"
#include "state/program_upgrade.h"

namespace flowc::cli {

int prepare_state_upgrade(const std::string& dir, const std::string& program, const ir::Module& module, bool migrate,
                          state::LoadedState& loaded, StateUpgrade& upgrade) {
  const state::ProgramShape now = state::shape_of(module);
  upgrade.shape = state::encode_shape(now);
  upgrade.save_shape = loaded.program != upgrade.shape;
  if (!loaded.has_checkpoint) return kOk;
  state::UpgradeCheck check;
  std::string error;
  if (!state::check_upgrade(loaded, now, {}, check, error)) {
    std::cerr << fmt::format("flowc: error: state `{}`: {}\n", dir, error);
    return kUnreadableInput;
  }
  if (!check.needs_migration()) return kOk;
  if (!migrate) {
    std::cerr << fmt::format("flowc: error: {}\n", state::migration_refusal(dir, program, check));
    return kProgramErrors;
  }
  upgrade.exits = state::apply_migration(check.saved, check.now, {}, loaded);
  upgrade.recompute_segments = check.plan.needs_segment_recompute;
  upgrade.scheduled_date_flows = check.plan.scheduled_date_flows;
  upgrade.migrated = true;
  return kOk;
}

std::string program_fingerprint(const ir::Module& module) {
  const std::string bytes = ir::serialize(module);
  const XXH128_hash_t hash = XXH3_128bits(bytes.data(), bytes.size());
  return fmt::format("{:016x}{:016x}", hash.high64, hash.low64);
}

}  // namespace flowc::cli
