// Diagrams of flows, campaigns and keyword automations (`flowc graph`).
//
// A diagram is built from the checked AST rather than the IR: the AST still
// has the conditions as written (the IR only has their bytecode), and each
// branch as a block, which is the shape a reader expects. The Graph is plain
// data with one writer per output format (dot.cpp, mermaid.cpp), so a new
// format never touches the building.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "check/symbols.h"
#include "source/source.h"

namespace flowc::graph {

enum class Shape {
  Trigger,   // what starts a run (flow trigger, keyword, campaign start)
  Filter,    // profile filters
  Wait,
  Decision,  // if / split / a recommendation's condition
  Send,      // a message goes out
  Action,    // set, unset, lists, notify, a question, a reply
  Exit,      // `exit`
  End,       // the run ends after the last step
  Group,     // a campaign path: its audience
};

// How an action's status shows: live solid, manual dashed (a review queue),
// draft dotted and grey (nothing goes out).
enum class Look { Normal, Manual, Draft };

struct Node {
  std::string id;                  // n0, n1, ... in the order nodes were made
  Shape shape = Shape::Action;
  std::vector<std::string> lines;  // the label, one entry per line
  Look look = Look::Normal;
};

struct Edge {
  std::string from, to;
  std::string label;  // "yes", "no", ... or empty
};

struct Graph {
  std::string title;  // `flow "Welcome Series" (live)`
  std::vector<Node> nodes;
  std::vector<Edge> edges;
};

enum class Kind { Flow, Campaign, Automation };
const char* kind_name(Kind kind);  // "flow", "campaign", "automation"

// The diagram of the flow, campaign or automation called `name` in a
// program checked without errors; nullopt when there is none by that name.
std::optional<Graph> build(const check::Symbols& symbols, const SourceManager& sources, Kind kind,
                           const std::string& name);

// The names of every flow, campaign or automation, sorted.
std::vector<std::string> names(const check::Symbols& symbols, Kind kind);

// Graphviz DOT (render with `dot -Tsvg`) and a Mermaid flowchart.
std::string to_dot(const Graph& graph);
std::string to_mermaid(const Graph& graph);

}  // namespace flowc::graph
