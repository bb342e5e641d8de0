#include "scenario/program_cache.h"

#include <fmt/format.h>

#include <sstream>

#include "check/check.h"
#include "diag/render.h"
#include "driver/load.h"
#include "lower/lower.h"
#if FLOWC_HAVE_JIT
#include "jit/jit_evaluator.h"
#endif

namespace flowc::cli::scenario {

const CompiledProgram* ProgramCache::get(const std::vector<std::string>& files, ProgramProblem& problem) {
  auto it = entries_.find(files);
  if (it == entries_.end()) it = entries_.emplace(files, compile(files)).first;
  problem = it->second.problem;
  return it->second.program.get();
}

ProgramCache::Entry ProgramCache::compile(const std::vector<std::string>& files) const {
  Entry entry;
  SourceManager sources;
  DiagnosticSink sink;
  driver::LoadResult load = driver::load_program(files, sources, sink, allowed_paths_);
  if (!load.unreadable.empty()) {
    entry.problem = {load.unreadable.front().message(), true};
    return entry;
  }
  check::Symbols symbols = check::check_program(load.program, sources, sink);
  if (sink.has_errors()) {
    // Only the errors: warnings are `flowc check`'s business, not the tests'.
    std::vector<Diagnostic> errors;
    for (const Diagnostic& d : sink.sorted())
      if (d.severity == Severity::Error) errors.push_back(d);
    std::ostringstream text;
    text << fmt::format("the program has {} error{}:\n", errors.size(), errors.size() == 1 ? "" : "s");
    render_text(text, sources, errors);
    entry.problem.text = text.str();
    return entry;
  }
  entry.program = std::make_unique<CompiledProgram>();
  entry.program->module = lower::lower_program(load.program, symbols, sources);
#if FLOWC_HAVE_JIT
  if (engine_ == "jit") {
    std::string why;
    entry.program->evaluator = jit::JitEvaluator::create(entry.program->module, jit::JitOptions{}, &why);
    if (!entry.program->evaluator) {
      entry.problem.text = fmt::format("the JIT cannot compile the program: {}", why);
      entry.program.reset();
      return entry;
    }
  }
#endif
  if (!entry.program->evaluator) entry.program->evaluator = std::make_unique<vm::Interpreter>(entry.program->module);
  return entry;
}

}  // namespace flowc::cli::scenario
