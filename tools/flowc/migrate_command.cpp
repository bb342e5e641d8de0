// `flowc migrate PROGRAM --state DIR [--map FLOW:OLD=NEW]... [--apply
// [--out FILE]] [--format text|json]` (docs/state.md, "Program upgrades").
//
// Without `--apply` the state is read as `flowc state inspect` reads it (no
// lock, nothing written) and the plan printed: what changed, how many runs
// wait at each step and what becomes of them, which segments, aggregates
// and properties change for how many profiles. With `--apply` the folder is
// locked, the plan applied to the logical state (state/migrate.h), the
// result imported into an engine for the part only the engine can do (exit
// records, segments computed from stored data: Engine::finish_migration),
// and committed as one checkpoint. The plan then goes to standard error,
// the exits' activity to `--out`.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "commands.h"
#include "engine/engine.h"
#include "output/line_file.h"
#include "program_input.h"
#include "state/program_upgrade.h"
#include "state/store.h"
#include "state_upgrade.h"
#include "vm/evaluator.h"

namespace flowc::cli {

namespace {

int refuse(int code, const std::string& message) {
  std::cerr << fmt::format("flowc: error: {}\n", message);
  return code;
}

bool parse_mappings(const std::vector<std::string>& texts, std::vector<state::StepMapping>& mappings) {
  for (const std::string& text : texts) {
    state::StepMapping m;
    if (!state::parse_step_mapping(text, m)) {
      refuse(kBadCommandLine, fmt::format("`--map {}` is not FLOW:OLD=NEW (a flow's name, the old step's label, "
                                          "the new step's label)", text));
      return false;
    }
    mappings.push_back(std::move(m));
  }
  return true;
}

// Imports the migrated state, lets the engine finish the migration (its
// exits go to `out`) and commits the whole state as the next checkpoint.
int apply_plan(const MigrateOptions& options, const ir::Module& module, const state::UpgradeCheck& check,
               const std::vector<state::StepMapping>& mappings, state::LoadedState& loaded, state::StateStore& store) {
  const std::vector<state::MigrationExit> exits = state::apply_migration(check.saved, check.now, mappings, loaded);
  LineFile out;
  if (!out.open(options.out)) return kFailedWrite;
  vm::Interpreter evaluator(module);
  engine::ActivityWriter activity(&out.stream());
  engine::Engine engine(module, evaluator, activity);
  std::string error;
  if (!engine.import_state(loaded, error))
    return refuse(kUnreadableInput, fmt::format("state `{}` does not fit the program after migration: {}",
                                                options.state_dir, error));
  engine.finish_migration(exits, check.plan.needs_segment_recompute, check.plan.scheduled_date_flows);
  state::Delta delta;
  engine.take_changes(delta);
  delta.checkpoint = loaded.checkpoint;
  ++delta.checkpoint.number;
  delta.checkpoint.program_hash = program_fingerprint(module);
  delta.has_program = true;
  delta.program = loaded.program;  // the new shape (apply_migration)
  if (loaded.checkpoint.finished) {
    delta.has_final_report = true;
    delta.final_report = engine.final_report().to_json(module);
  }
  if (!out.close()) return kFailedWrite;
  if (!store.commit(delta, error) || !store.close(error))
    return refuse(kFailedWrite, fmt::format("cannot write state `{}`: {}", options.state_dir, error));
  return kOk;
}

}  // namespace

int run_migrate(const MigrateOptions& options) {
  std::vector<state::StepMapping> mappings;
  if (!parse_mappings(options.maps, mappings)) return kBadCommandLine;
  ir::Module module;
  if (int code = load_module(options.files, options.allowed_paths, module)) return code;
  state::LoadedState loaded;
  std::string error;
  std::unique_ptr<state::StateStore> store;
  if (options.apply) {
    store = state::StateStore::open(options.state_dir, "flowc migrate --apply --state " + options.state_dir, loaded, error);
    if (!store) return refuse(kUnreadableInput, error);
  } else if (!state::StateStore::load_read_only(options.state_dir, loaded, error)) {
    return refuse(kUnreadableInput, error);
  }
  state::ProgramShape saved;
  if (!loaded.program.empty() && !state::decode_shape(loaded.program, saved, error))
    return refuse(kUnreadableInput, fmt::format("state `{}`: {}", options.state_dir, error));
  state::UpgradeCheck check;
  if (!state::check_upgrade(loaded, state::shape_of(module), mappings, check, error))
    return refuse(kBadCommandLine, error);
  const std::string plan = options.format == "json" ? state::plan_json(check.plan) : state::plan_text(check.plan);
  (options.apply ? std::cerr : std::cout) << plan;
  if (!options.apply || !check.needs_migration()) return kOk;
  return apply_plan(options, module, check, mappings, loaded, *store);
}

}  // namespace flowc::cli
