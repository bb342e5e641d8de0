// `flowc build`, `flowc disasm` and `flowc run`.
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "commands.h"
#include "engine/engine.h"
#include "events/reader.h"
#include "ir/disasm.h"
#include "ir/module_io.h"
#include "vm/evaluator.h"
#if FLOWC_HAVE_JIT
#include <cstdlib>

#include "jit/jit_evaluator.h"
#endif
#include "input_file.h"
#include "output/line_file.h"
#include "output/whole_file.h"
#include "program_input.h"
#include "record_loop.h"
#include "run_setup.h"
#include "stdlib/duration.h"
#include "stdlib/printable.h"

namespace flowc::cli {

int run_build(const std::vector<std::string>& files, const std::vector<std::string>& allowed_paths,
              const std::string& output) {
  ir::Module module;
  if (int code = load_module(files, allowed_paths, module)) return code;
  std::string bytes = ir::serialize(module);
  if (!write_whole_file(output, bytes)) return kFailedWrite;
  std::cerr << fmt::format("flowc: wrote {} ({} bytes: {} flows, {} messages, {} chunks)\n", output, bytes.size(),
                           module.flows.size(), module.messages.size(), module.chunks.size());
  return kOk;
}

int run_disasm(const std::vector<std::string>& files, const std::vector<std::string>& allowed_paths) {
  ir::Module module;
  if (int code = load_module(files, allowed_paths, module)) return code;
  std::cout << ir::disassemble(module);
  return kOk;
}

void print_run_summary(const ir::Module& module, const engine::Report& report, std::ostream& out) {
  const engine::InputErrorLog& errors = report.input_errors;
  std::string not_kept = errors.not_kept() == 0 ? ""
                         : fmt::format(" ({} not kept in full: over --max-input-errors)", errors.not_kept());
  out << fmt::format("flowc run: {} records, {} input errors{}, {} late\n", report.records, errors.total(), not_kept,
                     report.late_records);
  for (size_t f = 0; f < module.flows.size(); ++f) {
    const engine::FlowCounters& fc = report.flows[f];
    uint64_t sent = 0, skipped = 0, pending = 0, review = 0;
    for (const engine::StepCounters& sc : fc.steps) {
      sent += sc.sent;
      pending += sc.pending;
      review += sc.needs_review;
      for (const auto& [reason, n] : sc.skipped) skipped += n;
    }
    out << fmt::format("  flow {:<28} entered {:>5}  sent {:>5}  skipped {:>5}  pending {:>4}  review {:>3}\n",
                       "\"" + module.flows[f].name + "\"", fc.entered, sent, skipped, pending, review);
  }
  for (size_t c = 0; c < module.campaigns.size(); ++c) {
    uint64_t sent = 0, skipped = 0, cancelled = 0;
    for (const engine::CampaignPathCounters& pc : report.campaigns[c].paths)
      for (const engine::CampaignMessageCounters& mc : pc.messages) {
        sent += mc.sent;
        for (const auto& [reason, n] : mc.skipped) skipped += n;
        cancelled += mc.status == "cancelled_no_recipients";
      }
    out << fmt::format("  campaign {:<24} sent {:>5}  skipped {:>5}  cancelled messages {}\n",
                       "\"" + module.campaigns[c].name + "\"", sent, skipped, cancelled);
  }
  for (size_t a = 0; a < module.automations.size(); ++a) {
    const engine::AutomationCounters& ac = report.automations[a];
    uint64_t completed = ac.ended.count("completed") ? ac.ended.at("completed") : 0;
    out << fmt::format("  automation {:<22} sessions {:>4}  replies {:>5}  completed {:>4}\n",
                       "\"" + module.automations[a].name + "\"", ac.sessions, ac.sent, completed);
  }
  const engine::Usage& u = report.usage;
  out << fmt::format("  usage: {} emails, {} SMS ({} credits), {} push, {} WhatsApp; {} active profiles\n",
                     u.emails_sent, u.sms_sent, u.sms_credits, u.push_sent, u.whatsapp_sent, u.active_profiles);
}

namespace {

#if FLOWC_HAVE_JIT
// "jit: 120 chunks compiled at O1 in 14.2 ms (5 of 31 units used; 97 as
// typed code; segment kernel; ...)".
std::string jit_summary(const jit::JitStats& js, unsigned level) {
  std::string how = js.units_from_cache == 0 ? "compiled"
                    : js.units_from_cache == js.units_compiled ? "loaded (object cache)"
                                                              : "compiled or loaded (object cache)";
  std::string line = fmt::format("  jit: {} chunks {} at O{} in {:.1f} ms ({} of {} units used", js.chunks_compiled, how,
                                 level, js.compile_ms, js.units_compiled + js.units_failed, js.units);
  if (js.chunks_typed) line += fmt::format("; {} as typed code", js.chunks_typed);
  if (js.segment_kernel) line += "; segment kernel";
  if (js.chunks_interpreted) line += fmt::format("; {} chunks in the VM", js.chunks_interpreted);
  if (js.units_failed) line += fmt::format("; {} units in the VM: {}", js.units_failed, js.first_failure);
  return line + ")\n";
}
#endif

}  // namespace

bool engine_available(const std::string& engine) {
#if !FLOWC_HAVE_JIT
  if (engine != "vm") {
    std::cerr << fmt::format("flowc: error: engine `{}` is not available in this build; use `--engine vm`\n", engine);
    return false;
  }
#endif
  return true;
}

namespace {

// The evaluator `--engine` names, with what the summary says of the JIT.
struct EvaluatorChoice {
  std::unique_ptr<vm::Evaluator> evaluator;
#if FLOWC_HAVE_JIT
  const jit::JitStats* jit_stats = nullptr;  // the summary is printed at the end: units compile on first use
  unsigned jit_level = 0;
#endif
};

int choose_evaluator(const RunOptions& options, const ir::Module& module, EvaluatorChoice& choice) {
#if FLOWC_HAVE_JIT
  if (options.engine == "jit") {
    // --jit-cache DIR (or FLOWC_JIT_CACHE=DIR): the object cache;
    // FLOWC_JIT_OPT=0..3: LLVM's optimisation level (default 1).
    jit::JitOptions jit_options;
    if (const char* dir = std::getenv("FLOWC_JIT_CACHE")) jit_options.cache_dir = dir;
    if (!options.jit_cache.empty()) jit_options.cache_dir = options.jit_cache;
    if (const char* level = std::getenv("FLOWC_JIT_OPT")) jit_options.opt_level = static_cast<unsigned>(std::atoi(level));
    std::string why;
    std::unique_ptr<jit::JitEvaluator> jit_evaluator = jit::JitEvaluator::create(module, jit_options, &why);
    if (!jit_evaluator) {
      std::cerr << fmt::format("flowc: error: the JIT cannot compile this program: {}\n", why);
      return kUnreadableInput;
    }
    choice.jit_stats = &jit_evaluator->stats();
    choice.jit_level = std::min(jit_options.opt_level, 3u);
    choice.evaluator = std::move(jit_evaluator);
  }
#endif
  if (!choice.evaluator) choice.evaluator = std::make_unique<vm::Interpreter>(module);
  return kOk;
}

// A run that keeps no state: the stream, then the end of the run.
int run_without_state(const RunOptions& options, const RunSetup& setup, vm::Evaluator& evaluator) {
  std::ifstream events_file;
  std::istream* events_in = &std::cin;
  if (options.events != "-") {
    std::string why;
    if (!open_input_file(options.events, events_file, why)) {
      std::cerr << fmt::format("flowc: error: cannot read events `{}`: {}\n", options.events, why);
      return kUnreadableInput;
    }
    events_in = &events_file;
  }
  LineFile activity_file;
  if (!activity_file.open(options.out)) return kFailedWrite;
  engine::ActivityWriter activity(&activity_file.stream());
  engine::Engine engine(setup.module, evaluator, activity);
  configure_engine(engine, options, setup);
  events::EventReader reader(setup.module, *events_in, setup.limits);
  // A failed activity ends the run: its report would not match.
  const int fed = feed_events(engine, reader, *events_in, feed_settings(options, 0),
                              [&] { return !activity_file.failed(); });
  if (fed != kOk) {
    activity_file.close();
    return fed;
  }
  end_of_stream(engine, options, setup);
  const engine::Report report = engine.final_report();
  if (!activity_file.close()) return kFailedWrite;
  if (!options.report.empty() && !write_whole_file(options.report, report.to_json(setup.module)))
    return kFailedWrite;
  if (!options.quiet) print_run_summary(setup.module, report, std::cerr);
  return kOk;
}

}  // namespace

void configure_engine(engine::Engine& engine, const RunOptions& options, const RunSetup& setup) {
  engine.set_input_name(options.events == "-" ? "<stdin>" : options.events);  // names records in the engine's own errors
  engine.set_max_input_errors(options.max_input_errors);
  engine.set_max_clock_jump(setup.limits.max_clock_jump);
}

FeedSettings feed_settings(const RunOptions& options, uint64_t lines_before) {
  return FeedSettings{options.events == "-" ? "<stdin>" : options.events, options.strict, lines_before};
}

void end_of_stream(engine::Engine& engine, const RunOptions& options, const RunSetup& setup) {
  engine.settle();
  if (setup.until) engine.advance_to(*setup.until);
  else if (options.drain) engine.drain();
}

int run_run(const RunOptions& options) {
  if (!engine_available(options.engine)) return kBadCommandLine;
  RunSetup setup;
  if (!options.until.empty()) {
    setup.until = events::parse_rfc3339(options.until);
    if (!setup.until) {
      std::cerr << fmt::format("flowc: error: `--until {}` is not an RFC 3339 time in the years 0001 to 9999, such as "
                               "2026-12-01T00:00:00Z\n",
                               options.until);
      return kBadCommandLine;
    }
  }
  constexpr int64_t kLongestJumpMinutes = INT64_MAX / 60;
  if (std::optional<int64_t> jump = stdlib::parse_duration_minutes(options.max_clock_jump, kLongestJumpMinutes);
      jump && *jump > 0) {
    setup.limits.max_clock_jump = *jump * 60;  // seconds, as the reader counts time
  } else {
    std::cerr << fmt::format("flowc: error: `--max-clock-jump {}` is not a duration such as 400d, 12h or 2w\n",
                             options.max_clock_jump);
    return kBadCommandLine;
  }
  if (!options.state_dir.empty()) {
    if (int code = check_state_options(options)) return code;
  }
  if (int code = load_module(options.files, options.allowed_paths, setup.module)) return code;
  EvaluatorChoice choice;
  if (int code = choose_evaluator(options, setup.module, choice)) return code;
  // serve's reload (SIGHUP): the same files compiled again, the same limits.
  ProgramLoader loader = [&options, &setup](ProgramInstance& next) {
    next.setup.limits = setup.limits;
    if (int code = load_module(options.files, options.allowed_paths, next.setup.module)) return code;
    EvaluatorChoice next_choice;
    if (int code = choose_evaluator(options, next.setup.module, next_choice)) return code;
    next.evaluator = std::move(next_choice.evaluator);
    return static_cast<int>(kOk);
  };
  const int code = options.state_dir.empty() ? run_without_state(options, setup, *choice.evaluator)
                                             : run_with_state(options, setup, *choice.evaluator, loader);
#if FLOWC_HAVE_JIT
  if (code == kOk && !options.quiet && choice.jit_stats) std::cerr << jit_summary(*choice.jit_stats, choice.jit_level);
#endif
  return code;
}

}  // namespace flowc::cli
