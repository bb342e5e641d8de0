// What `flowc run` settles before it reads a line, and the pieces of a run
// that the plain run (run_commands.cpp) and the run on a state folder
// (state_run.cpp) share.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>

#include "commands.h"
#include "engine/engine.h"
#include "events/reader.h"
#include "ir/module.h"
#include "record_loop.h"
#include "vm/evaluator.h"

namespace flowc::cli {

struct RunSetup {
  ir::Module module;
  events::ReaderLimits limits;   // --max-clock-jump
  std::optional<int64_t> until;  // --until
};

// The engine settings the command line gives (--max-input-errors, ...).
void configure_engine(engine::Engine& engine, const RunOptions& options, const RunSetup& setup);
FeedSettings feed_settings(const RunOptions& options, uint64_t lines_before);
// At the end of the input: the wake-ups due at the last record, then
// --until or --drain.
void end_of_stream(engine::Engine& engine, const RunOptions& options, const RunSetup& setup);
// "flowc run: 1200 records, ..." and a line per flow, campaign, automation.
void print_run_summary(const ir::Module& module, const engine::Report& report, std::ostream& out);

// A program compiled again for serve's reload (SIGHUP): the module, the
// reader's limits and the evaluator that runs it.
struct ProgramInstance {
  RunSetup setup;
  std::unique_ptr<vm::Evaluator> evaluator;
};
// Compiles the program of `options` again; kOk or the exit code (said on
// standard error).
using ProgramLoader = std::function<int(ProgramInstance&)>;

// state_run.cpp: `flowc run --state DIR` (docs/state.md). The options a
// state needs (`--out` and `--report` regular files, `--checkpoint-every`),
// checked before the program is compiled: exit code, or kOk.
int check_state_options(const RunOptions& options);
// serve.cpp: the options only `flowc serve` has (`--grace`, `--report-every`, ...).
int check_serve_options(const RunOptions& options);
// `loader`: serve's reload (SIGHUP); empty for `flowc run`.
int run_with_state(const RunOptions& options, const RunSetup& setup, vm::Evaluator& evaluator,
                   ProgramLoader loader = {});

}  // namespace flowc::cli
