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
#include "stdlib/duration.h"
#include "stdlib/printable.h"

namespace flowc::cli {

int run_build(const std::vector<std::string>& files, const std::vector<std::string>& allowed_paths,
              const std::string& output) {
  ir::Module module;
  if (int code = load_module(files, allowed_paths, module, false)) return code;
  std::string bytes = ir::serialize(module);
  if (!write_whole_file(output, bytes)) return kFailedWrite;
  std::cerr << fmt::format("flowc: wrote {} ({} bytes: {} flows, {} messages, {} chunks)\n", output, bytes.size(),
                           module.flows.size(), module.messages.size(), module.chunks.size());
  return kOk;
}

int run_disasm(const std::vector<std::string>& files, const std::vector<std::string>& allowed_paths) {
  ir::Module module;
  if (int code = load_module(files, allowed_paths, module, false)) return code;
  std::cout << ir::disassemble(module);
  return kOk;
}

namespace {

void print_summary(const ir::Module& module, const engine::Report& report, std::ostream& out) {
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

#if FLOWC_HAVE_JIT
// "jit: 120 chunks compiled at O1 in 14.2 ms (5 of 31 units used; ...)".
std::string jit_summary(const jit::JitStats& js, unsigned level) {
  std::string how = js.units_from_cache == 0 ? "compiled"
                    : js.units_from_cache == js.units_compiled ? "loaded (object cache)"
                                                              : "compiled or loaded (object cache)";
  std::string line = fmt::format("  jit: {} chunks {} at O{} in {:.1f} ms ({} of {} units used", js.chunks_compiled, how,
                                 level, js.compile_ms, js.units_compiled + js.units_failed, js.units);
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

int run_run(const RunOptions& options) {
  if (!engine_available(options.engine)) return kBadCommandLine;
  if (!options.state_dir.empty()) {
    std::cerr << "flowc: error: `--state` (saving state between runs) is not supported yet\n";
    return kBadCommandLine;
  }
  std::optional<int64_t> until;
  if (!options.until.empty()) {
    until = events::parse_rfc3339(options.until);
    if (!until) {
      std::cerr << fmt::format("flowc: error: `--until {}` is not an RFC 3339 time in the years 0001 to 9999, such as "
                               "2026-12-01T00:00:00Z\n",
                               options.until);
      return kBadCommandLine;
    }
  }
  events::ReaderLimits limits;
  constexpr int64_t kLongestJumpMinutes = INT64_MAX / 60;
  if (std::optional<int64_t> jump = stdlib::parse_duration_minutes(options.max_clock_jump, kLongestJumpMinutes);
      jump && *jump > 0) {
    limits.max_clock_jump = *jump * 60;  // seconds, as the reader counts time
  } else {
    std::cerr << fmt::format("flowc: error: `--max-clock-jump {}` is not a duration such as 400d, 12h or 2w\n",
                             options.max_clock_jump);
    return kBadCommandLine;
  }
  ir::Module module;
  if (int code = load_module(options.files, options.allowed_paths, module, false)) return code;

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
  std::unique_ptr<vm::Evaluator> evaluator;
#if FLOWC_HAVE_JIT
  const jit::JitStats* jit_stats = nullptr;  // the summary is printed at the end: units compile on first use
  unsigned jit_level = 0;
#endif
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
    jit_stats = &jit_evaluator->stats();
    jit_level = std::min(jit_options.opt_level, 3u);
    evaluator = std::move(jit_evaluator);
  }
#endif
  if (!evaluator) evaluator = std::make_unique<vm::Interpreter>(module);
  engine::Engine engine(module, *evaluator, activity);
  engine.set_input_name(options.events == "-" ? "<stdin>" : options.events);  // names records in the engine's own errors
  engine.set_max_input_errors(options.max_input_errors);
  engine.set_max_clock_jump(limits.max_clock_jump);
  events::EventReader reader(module, *events_in, limits);
  events::Record record;
  events::InputError error;
  while (!activity_file.failed()) {  // a failed activity ends the run: its report would not match
    events::EventReader::Result r = reader.next(record, error);
    if (r == events::EventReader::Result::End) break;
    if (r == events::EventReader::Result::Error) {
      // Past --max-input-errors a bad line is only counted, here as in the report.
      if (engine.input_error(error) || options.strict)
        std::cerr << fmt::format("{}:{}: bad record: {}\n", options.events == "-" ? "<stdin>" : options.events,
                                 error.line, printable(error.reason));
      if (options.strict) return kUnreadableInput;
      continue;
    }
    engine.process(record);
  }
  // A read that failed (EIO; a folder as standard input, which std::cin
  // reads through C's stdin) is not the end of the events.
  if (events_in->bad() || (events_in == &std::cin && std::ferror(stdin))) {
    std::cerr << fmt::format("flowc: error: cannot read events `{}`: a read failed\n",
                             options.events == "-" ? "<stdin>" : options.events);
    return kUnreadableInput;
  }
  engine.settle();
  if (until) engine.advance_to(*until);
  else if (options.drain) engine.drain();
  const engine::Report report = engine.final_report();
  if (!activity_file.close()) return kFailedWrite;
  if (!options.report.empty() && !write_whole_file(options.report, report.to_json(module)))
    return kFailedWrite;
  if (!options.quiet) print_summary(module, report, std::cerr);
#if FLOWC_HAVE_JIT
  if (!options.quiet && jit_stats) std::cerr << jit_summary(*jit_stats, jit_level);
#endif
  return kOk;
}

}  // namespace flowc::cli
