// `flowc serve` on SIGHUP: the program is compiled again and, when the
// state goes on under it as it is (state/program_upgrade.h: equal shapes,
// such as an edited message text), the engine is rebuilt on it between two
// records: checkpoint, export the whole state, a new engine (and JIT) on
// the new module, import, a `P hash` journal entry, checkpoint. A program
// that needs a migration is refused and the running one goes on: a
// migration is `flowc migrate`'s plan, looked at by a person, never implied
// by a signal. Cost: one export and import, O(state).
#include <fmt/format.h>

#include <iostream>

#include "state/program_upgrade.h"
#include "state_run.h"

namespace flowc::cli {

namespace {

std::string program_files(const RunOptions& options) {
  std::string files;
  for (const std::string& file : options.files) files += (files.empty() ? "" : " ") + file;
  return files;
}

}  // namespace

bool StateRun::reload() {
  const std::string files = program_files(options_);
  auto next = std::make_unique<ProgramInstance>();
  if (!loader_ || loader_(*next) != kOk) {
    std::cerr << fmt::format("flowc serve: reload failed: `{}` does not compile (above); the running program goes on\n",
                             files);
    return true;
  }
  if (const std::string why = state::migration_needed(setup_->module, next->setup.module); !why.empty()) {
    std::cerr << fmt::format(
        "flowc serve: reload refused: {}; run `flowc migrate {} --state {}` to see the plan; the running program "
        "goes on\n",
        why, files, options_.state_dir);
    return true;
  }
  if (!checkpoint(false, nullptr)) return false;
  state::LoadedState whole;
  engine_->export_state(whole);
  whole.has_checkpoint = true;
  auto engine = std::make_unique<engine::Engine>(next->setup.module, *next->evaluator, *activity_);
  configure_engine(*engine, options_, next->setup);
  if (std::string error; !engine->import_state(whole, error)) {
    std::cerr << fmt::format("flowc serve: reload refused: the state does not fit `{}`: {}; the running program "
                             "goes on\n",
                             files, error);
    return true;
  }
  // The reader decodes records by the module's metrics and properties: a
  // new one on the new module goes on at the same line and latest time.
  auto reader = std::make_unique<events::EventReader>(next->setup.module, no_input_, next->setup.limits);
  events::ReaderPosition position = reader->position();
  const events::ReaderPosition old = reader_->position();
  position.line_no = old.line_no;
  position.has_latest_time = old.has_latest_time;
  position.latest_time = old.latest_time;
  std::string why;
  if (!reader->resume(position, why)) return true;  // nothing is read: cannot fail
  engine_ = std::move(engine);
  reader_ = std::move(reader);
  setup_ = &next->setup;
  evaluator_ = next->evaluator.get();
  reloaded_ = std::move(next);  // after the old engine, which used the old program, is gone
  program_ = program_fingerprint(setup_->module);
  std::string error;
  if (!journal_->append(fmt::format("P {}\n", program_), error)) {
    std::cerr << fmt::format("flowc: error: cannot write the journal of state `{}`: {}\n", options_.state_dir, error);
    return false;
  }
  applied_ = journal_->end();
  if (!checkpoint(false, nullptr)) return false;
  std::cerr << fmt::format("flowc serve: reloaded `{}`\n", files);
  return true;
}

}  // namespace flowc::cli
