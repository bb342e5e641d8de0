// Migrating a saved state to a new program (docs/state.md, "Program
// upgrades"; design section 3.11): the plan, and its application to the
// logical state, before the engine imports it. Plain data in, plain data
// out: no engine, no module, only the two program shapes.
//
// Runs are matched by flow name and step label. The rules, one per kind of
// change, all here so that the plan and what `--apply` does never disagree:
// - a run at a step still there, of the same kind, stays; a waiting run
//   keeps its scheduled wake-up (a changed wait applies to runs that reach
//   it later) and resumes at the wait's *new* next step;
// - a run at a step gone, or whose kind changed, exits with reason
//   `step_removed`, unless `--map FLOW:OLD=NEW` moves it (a waiting run to a
//   wait, a deferred send to a send); an open review there is dropped
//   (nothing is sent for it);
// - a flow added: nobody enters at the migration; a date flow's next
//   occurrence after the migration is scheduled for each saved profile
//   (Engine::finish_migration; nothing retroactive);
// - a flow gone: its runs exit with `flow_removed`, its reviews, price-drop
//   views, date wake-ups and counters go;
// - a flow whose trigger changed keeps its runs; the old trigger's pending
//   dates and price-drop views go, and a date trigger is scheduled as for a
//   flow added;
// - a segment added or whose condition changed is computed from the stored
//   data by the engine after import, triggering nothing
//   (`needs_segment_recompute`); a segment gone is dropped;
// - an aggregate the old program did not keep starts empty; one gone is
//   dropped;
// - a property whose type changed is converted when no information is lost
//   (int -> number; number -> int when integral and |x| <= 2^53; date ->
//   datetime at 00:00 UTC; datetime -> date at 00:00 UTC; bool or int ->
//   string), otherwise cleared to its new default (unset when it has
//   none); a property added gets its default on every saved profile, as a
//   profile created now would; a property gone is dropped;
// - campaign messages (their copies not sent yet), automations and
//   questions (their open sessions, with their timeouts), lists and event
//   properties that are gone are dropped where the state names them; sends that came
//   from a flow step, campaign message or automation that is gone stay in
//   the send log (smart sending, unsubscribes) as account messages, whose
//   engagement is counted nowhere.
// Deterministic: profiles in ordinal order, runs in saved order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "state/logical.h"
#include "state/program_shape.h"

namespace flowc::state {

// `--map FLOW:OLD=NEW`: runs at step OLD of FLOW continue at NEW.
struct StepMapping {
  std::string flow, from, to;
};
// Parses "FLOW:OLD=NEW"; false when it is not of that form.
bool parse_step_mapping(const std::string& text, StepMapping& mapping);

// What becomes of the runs at one saved step.
enum class RunFate : uint8_t { Stays, Moves, ExitsStepRemoved, ExitsFlowRemoved };

// The runs (and open reviews) at one saved flow and step.
struct StepGroup {
  std::string flow, step;
  uint64_t waiting = 0, deferred = 0, reviews = 0;
  RunFate fate = RunFate::Stays;
  std::string moves_to;  // Moves: the new step's label
  bool wait_changed = false;  // Stays at a wait whose parameters changed: wake-ups kept
};

// A named part of the program and the profiles it touches.
struct PartCount {
  std::string part;   // "segment", "aggregate", "property", ...
  std::string name;
  std::string what;   // what happens: "computed from stored data", "cleared", ...
  uint64_t profiles = 0;
};

// A run that exits at the migration: one `exit` activity record.
struct MigrationExit {
  std::string profile;  // id
  std::string flow;
  std::string reason;   // step_removed | flow_removed
};

struct MigrationPlan {
  std::vector<ShapeChange> changes;  // empty: nothing to migrate
  std::vector<StepGroup> groups;     // by saved flow, then step, where runs are
  std::vector<PartCount> parts;      // segments, aggregates, properties, ...
  bool needs_segment_recompute = false;
  // Flows the migration adds with a date trigger, or whose trigger became
  // another date: the engine schedules each saved profile's next occurrence
  // after the migration (Engine::finish_migration).
  std::vector<std::string> scheduled_date_flows;
  bool needs_migration() const { return !changes.empty(); }
};

// The plan for `state` (written under `saved`) under a program of shape
// `now`. False, with `error`, when a mapping does not fit (an unknown flow
// or step, a run that cannot wait there).
bool plan_migration(const LoadedState& state, const ProgramShape& saved, const ProgramShape& now,
                    const std::vector<StepMapping>& mappings, MigrationPlan& plan, std::string& error);

// Applies the plan to `state` in place (what `--apply` commits), and
// returns the runs it ended, in profile order, for the activity. The state
// then names only what `now` has, and its `program` is `now`'s shape.
// `mappings` must have passed plan_migration.
std::vector<MigrationExit> apply_migration(const ProgramShape& saved, const ProgramShape& now,
                                           const std::vector<StepMapping>& mappings, LoadedState& state);

// The plan for people ("flow "Win-back": step `w2` removed ..."), and as
// one JSON document.
std::string plan_text(const MigrationPlan& plan);
std::string plan_json(const MigrationPlan& plan);

// One line on what changed, for the refusal of `run` and `serve`:
// `flow "Win-back": step `w2` removed (310 runs there); and 2 more changes`.
std::string plan_summary(const MigrationPlan& plan);

}  // namespace flowc::state
