// `flowc graph FILE (--flow|--campaign|--automation) NAME [--format dot|mermaid]`:
// one flow, campaign or automation of a program as a diagram on stdout.
#include <fmt/format.h>

#include <iostream>

#include "check/check.h"
#include "commands.h"
#include "diag/render.h"
#include "driver/load.h"
#include "graph/graph.h"
#include "terminal_color.h"

namespace flowc::cli {

namespace {

// The one kind asked for, or an error message.
bool chosen_kind(const GraphOptions& options, graph::Kind& kind, std::string& name) {
  int given = 0;
  if (!options.flow.empty()) kind = graph::Kind::Flow, name = options.flow, ++given;
  if (!options.campaign.empty()) kind = graph::Kind::Campaign, name = options.campaign, ++given;
  if (!options.automation.empty()) kind = graph::Kind::Automation, name = options.automation, ++given;
  return given == 1;
}

std::string listed(const std::vector<std::string>& names) {
  std::vector<std::string> quoted;
  for (const std::string& n : names) quoted.push_back("`" + n + "`");
  return fmt::format("{}", fmt::join(quoted, ", "));
}

}  // namespace

int run_graph(const GraphOptions& options) {
  graph::Kind kind = graph::Kind::Flow;
  std::string name;
  if (!chosen_kind(options, kind, name)) {
    std::cerr << "flowc: error: give exactly one of --flow, --campaign or --automation\n";
    return kBadCommandLine;
  }
  SourceManager sources;
  DiagnosticSink sink;
  driver::LoadResult load = driver::load_program({options.file}, sources, sink, options.allowed_paths);
  for (const driver::UnreadableRoot& root : load.unreadable) std::cerr << "flowc: error: " << root.message() << "\n";
  if (!load.unreadable.empty()) return kUnreadableInput;
  check::Symbols symbols = check::check_program(load.program, sources, sink);
  if (sink.has_errors()) {
    render_text(std::cerr, sources, sink.sorted(), diagnostics_color());
    std::cerr << "flowc: error: the program has errors; fix them first (`flowc check`)\n";
    return kProgramErrors;
  }
  std::optional<graph::Graph> g = graph::build(symbols, sources, kind, name);
  if (!g) {
    std::vector<std::string> names = graph::names(symbols, kind);
    const char* what = graph::kind_name(kind);
    std::cerr << fmt::format("flowc: error: no {} named `{}`", what, name);
    std::cerr << (names.empty() ? fmt::format("; the program has no {}s\n", what)
                                : fmt::format("; the {}s are: {}\n", what, listed(names)));
    return kBadCommandLine;
  }
  std::cout << (options.format == "mermaid" ? graph::to_mermaid(*g) : graph::to_dot(*g));
  return kOk;
}

}  // namespace flowc::cli
