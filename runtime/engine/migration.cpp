// The engine's part of a program upgrade (docs/state.md, "Program
// upgrades"): runtime/state/migrate.h rewrites the saved state for the new
// program on plain data; after the engine has imported it, what needs the
// engine is done here: the runs the migration ended get their `exit`
// records, segments the new program added or redefined are computed from
// the stored data, and the whole state is marked for the next checkpoint.
//
// Computing a segment here starts no flow: a profile found a member now
// counts as one already, and enters a `trigger segment` flow only when it
// joins later (no mass send on upgrade).
#include "engine/engine.h"

namespace flowc::engine {

void Engine::finish_migration(const std::vector<state::MigrationExit>& exits, bool recompute_segments,
                              const std::vector<std::string>& scheduled_date_flows) {
  for (const state::MigrationExit& exit : exits) {
    JsonLine line = activity_.start(clock_, "exit", exit.profile, Origin{"flow", exit.flow, "", nullptr});
    line.str("reason", exit.reason);
    activity_.emit(line);
  }
  if (recompute_segments)
    for (uint32_t index = 0; index < profiles_.size(); ++index) update_segments(index, false);
  // A date flow added, or a flow whose trigger became another date (its old
  // pending dates were dropped): every saved profile's next occurrence after now
  // (none before the migration), as if its date had just been set.
  for (const std::string& name : scheduled_date_flows)
    for (uint32_t f = 0; f < module_.flows.size(); ++f)
      if (module_.flows[f].name == name && module_.flows[f].trigger == ir::TriggerKind::Date)
        for (uint32_t index = 0; index < profiles_.size(); ++index) schedule_date_trigger(index, f);
  // The migration rewrote every record: the next checkpoint writes them all.
  for (uint32_t index = 0; index < profiles_.size(); ++index) changed_profiles_.mark(index);
  origins_taken_ = 0;  // origins of parts gone became account origins
}

}  // namespace flowc::engine
