// Mermaid flowcharts, which GitHub and many wikis render inline.
#include <fmt/format.h>

#include "graph/graph.h"

namespace flowc::graph {

namespace {

// Mermaid labels are quoted; the characters that would end the quotes or
// read as markup become entity codes.
std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '"': out += "#quot;"; break;
      case '<': out += "#lt;"; break;
      case '>': out += "#gt;"; break;
      case '#': out += "#35;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string label(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? "<br/>" : "") + escaped(lines[i]);
  return "\"" + out + "\"";
}

std::string shaped(Shape shape, const std::string& text) {
  switch (shape) {
    case Shape::Trigger: return "[/" + text + "\\]";
    case Shape::Filter: return "{{" + text + "}}";
    case Shape::Wait: return "([" + text + "])";
    case Shape::Decision: return "{" + text + "}";
    case Shape::Send: return "(" + text + ")";
    case Shape::Action: return "[" + text + "]";
    case Shape::Exit: return "[[" + text + "]]";
    case Shape::End: return "((" + text + "))";
    case Shape::Group: return "[/" + text + "/]";
  }
  return "[" + text + "]";
}

std::string yaml_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string to_mermaid(const Graph& graph) {
  std::string out = "---\ntitle: " + yaml_quoted(graph.title) + "\n---\nflowchart TD\n";
  for (const Node& n : graph.nodes) out += "  " + n.id + shaped(n.shape, label(n.lines)) + "\n";
  for (const Edge& e : graph.edges) {
    std::string arrow = e.label.empty() ? " --> " : " -->|" + label({e.label}) + "| ";
    out += "  " + e.from + arrow + e.to + "\n";
  }
  bool manual = false, draft = false;
  for (const Node& n : graph.nodes) {
    if (n.look == Look::Manual) out += "  class " + n.id + " manual\n", manual = true;
    if (n.look == Look::Draft) out += "  class " + n.id + " draft\n", draft = true;
  }
  if (manual) out += "  classDef manual stroke-dasharray: 6 3\n";
  if (draft) out += "  classDef draft stroke-dasharray: 2 2,color:#6b7280\n";
  return out;
}

}  // namespace flowc::graph
