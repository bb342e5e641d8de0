// Graphviz DOT: `flowc graph ... | dot -Tsvg > flow.svg`.
#include <fmt/format.h>

#include "graph/graph.h"

namespace flowc::graph {

namespace {

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string label(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? "\\n" : "") + escaped(lines[i]);
  return out;
}

struct Style {
  const char* shape;
  const char* style;
  const char* fill;  // empty: none
};

Style style_of(Shape shape) {
  switch (shape) {
    case Shape::Trigger: return {"house", "filled", "#dbeafe"};
    case Shape::Filter: return {"hexagon", "filled", "#fef3c7"};
    case Shape::Wait: return {"ellipse", "filled", "#f3f4f6"};
    case Shape::Decision: return {"diamond", "filled", "#fde68a"};
    case Shape::Send: return {"box", "rounded,filled", "#dcfce7"};
    case Shape::Action: return {"box", "rounded", ""};
    case Shape::Exit: return {"octagon", "filled", "#fecaca"};
    case Shape::End: return {"doublecircle", "solid", ""};
    case Shape::Group: return {"folder", "filled", "#e0e7ff"};
  }
  return {"box", "solid", ""};
}

std::string node_line(const Node& n) {
  Style s = style_of(n.shape);
  std::string style = s.style;
  std::string extra;
  if (n.look == Look::Manual) style += ",dashed";
  if (n.look == Look::Draft) style += ",dotted", extra = ", fontcolor=\"#6b7280\"";
  std::string fill = *s.fill ? fmt::format(", fillcolor=\"{}\"", s.fill) : "";
  return fmt::format("  {} [shape={}, style=\"{}\"{}{}, label=\"{}\"];\n", n.id, s.shape, style, fill, extra,
                     label(n.lines));
}

}  // namespace

std::string to_dot(const Graph& graph) {
  std::string out = "digraph flowc {\n";
  out += fmt::format("  graph [label=\"{}\", labelloc=t, fontname=\"Helvetica\", fontsize=14];\n",
                     escaped(graph.title));
  out += "  node [fontname=\"Helvetica\", fontsize=11];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  for (const Node& n : graph.nodes) out += node_line(n);
  for (const Edge& e : graph.edges) {
    std::string attrs = e.label.empty() ? "" : fmt::format(" [label=\"{}\"]", escaped(e.label));
    out += fmt::format("  {} -> {}{};\n", e.from, e.to, attrs);
  }
  out += "}\n";
  return out;
}

}  // namespace flowc::graph
