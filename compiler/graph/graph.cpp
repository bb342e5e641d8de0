// Finding what to draw, and the Builder's small pieces.
#include "graph/graph.h"

#include <fmt/format.h>

#include "graph/builder.h"

namespace flowc::graph {

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::Flow: return "flow";
    case Kind::Campaign: return "campaign";
    case Kind::Automation: return "automation";
  }
  return "";
}

std::optional<Graph> build(const check::Symbols& symbols, const SourceManager& sources, Kind kind,
                           const std::string& name) {
  switch (kind) {
    case Kind::Flow: {
      auto it = symbols.flows.find(name);
      if (it == symbols.flows.end()) return std::nullopt;
      return flow_graph(*it->second, sources);
    }
    case Kind::Campaign: {
      auto it = symbols.campaigns.find(name);
      if (it == symbols.campaigns.end()) return std::nullopt;
      return campaign_graph(*it->second, sources);
    }
    case Kind::Automation: {
      auto it = symbols.automations.find(name);
      if (it == symbols.automations.end()) return std::nullopt;
      return automation_graph(*it->second, sources);
    }
  }
  return std::nullopt;
}

std::vector<std::string> names(const check::Symbols& symbols, Kind kind) {
  std::vector<std::string> out;
  auto collect = [&](const auto& map) {
    for (const auto& entry : map) out.push_back(entry.first);  // std::map: sorted
  };
  if (kind == Kind::Flow) collect(symbols.flows);
  if (kind == Kind::Campaign) collect(symbols.campaigns);
  if (kind == Kind::Automation) collect(symbols.automations);
  return out;
}

std::string Builder::node(Shape shape, std::vector<std::string> lines, Look look) {
  Node n;
  n.id = fmt::format("n{}", graph.nodes.size());
  n.shape = shape;
  n.lines = std::move(lines);
  n.look = look;
  graph.nodes.push_back(std::move(n));
  return graph.nodes.back().id;
}

void Builder::edge(const std::string& from, const std::string& to, const std::string& label) {
  graph.edges.push_back({from, to, label});
}

void Builder::join(const Ends& ends, const std::string& to) {
  for (const Loose& end : ends) edge(end.from, to, end.label);
}

std::string Builder::text(const Span& span) const {
  const std::u32string& code_points = sources_.file(span.file).code_points();
  if (span.end > code_points.size() || span.begin > span.end) return "";
  return shortened(encode_utf8(code_points.substr(span.begin, span.end - span.begin)), 100);
}

}  // namespace flowc::graph
