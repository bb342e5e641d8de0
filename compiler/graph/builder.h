// Internal to compiler/graph: what the per-kind builders share — making
// nodes and edges, and putting the program's pieces into words.
#pragma once

#include <string>
#include <vector>

#include "graph/graph.h"

namespace flowc::graph {

// Where arrows still have to go: the node they leave and their label. A
// block's steps are chained by handing the ends of one to the next.
struct Loose {
  std::string from;
  std::string label;
};
using Ends = std::vector<Loose>;

class Builder {
 public:
  explicit Builder(const SourceManager& sources) : sources_(sources) {}

  Graph graph;

  std::string node(Shape shape, std::vector<std::string> lines, Look look = Look::Normal);
  void edge(const std::string& from, const std::string& to, const std::string& label = "");
  // Connects every loose end to `to`.
  void join(const Ends& ends, const std::string& to);

  // An expression or name as written, on one line.
  std::string text(const Span& span) const;
  std::string text(const ast::Expr& expr) const { return text(expr.span); }

 private:
  const SourceManager& sources_;
};

// Words for the pieces of a diagram (describe.cpp).
std::string duration_words(int64_t minutes);   // "1 day 12 hours", "2 weeks"
std::string time_of_day(int minute);           // "09:00"
std::string days_words(ast::DaySet days);      // "weekdays", "Mon, Wed or Fri"
std::string wait_words(const ast::Step& step);  // "wait 2 calendar days, until 10:00"
std::string quoted(const std::string& name);    // Newsletter, "SMS Subscribers"
std::string shortened(const std::string& text, size_t max = 48);
std::string status_words(ast::Status status);   // "live", "manual: held for review", "draft: not sent"
Look look_of(ast::Status status);

// One builder per kind.
Graph flow_graph(const ast::Flow& flow, const SourceManager& sources);
Graph campaign_graph(const ast::Campaign& campaign, const SourceManager& sources);
Graph automation_graph(const ast::Automation& automation, const SourceManager& sources);

}  // namespace flowc::graph
