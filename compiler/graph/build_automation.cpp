// A keyword automation: its triggers, the questions in order, then either
// the recommendations (the first whose condition holds is sent) or its one
// reply. Someone who never answers validly ends at the fallback.
#include <fmt/format.h>

#include "graph/builder.h"

namespace flowc::graph {

namespace {

std::string texts_list(const std::vector<ast::Text>& texts) {
  std::vector<std::string> out;
  for (const ast::Text& t : texts) out.push_back(t.value);
  return fmt::format("{}", fmt::join(out, ", "));
}

std::vector<std::string> trigger_lines(const ast::Automation& a) {
  std::vector<std::string> lines;
  if (!a.keywords.empty()) lines.push_back("keyword " + texts_list(a.keywords));
  for (const ast::ReplyTrigger& r : a.reply_triggers)
    lines.push_back(fmt::format("reply to {} {} with {}", r.source_kind.text, quoted(r.source.text),
                                texts_list(r.keywords)));
  if (a.save_keyword_to) lines.push_back("save keyword to profile." + a.save_keyword_to->text);
  if (lines.empty()) lines.push_back("no trigger");
  return lines;
}

std::string title(const ast::Automation& a) {
  std::vector<std::string> channels;
  for (const ast::Name& c : a.channels) channels.push_back(c.text);
  if (channels.empty()) channels.push_back("sms");
  return fmt::format("automation {} ({}; times out after {})", quoted(a.name.text), fmt::join(channels, ", "),
                     duration_words(a.timeout_minutes.value_or(24 * 60)));
}

// The recommendations as a chain of conditions; a default ends the chain.
Ends recommendations(Builder& b, const ast::Automation& a, Ends ends, Ends& finished) {
  for (const ast::Recommendation& r : a.recommendations) {
    std::vector<std::string> reply{"reply " + quoted(r.name.value), fmt::format("\"{}\"", shortened(r.text.value, 40))};
    if (r.is_default()) {
      std::string id = b.node(Shape::Send, reply);
      b.join(ends, id);
      finished.push_back({id, ""});
      return {};
    }
    std::string decision = b.node(Shape::Decision, {"when " + b.text(*r.when)});
    b.join(ends, decision);
    std::string id = b.node(Shape::Send, reply);
    b.edge(decision, id, "yes");
    finished.push_back({id, ""});
    ends = {{decision, "no"}};
  }
  return ends;
}

}  // namespace

Graph automation_graph(const ast::Automation& a, const SourceManager& sources) {
  Builder b(sources);
  b.graph.title = title(a);
  Ends ends{{b.node(Shape::Trigger, trigger_lines(a)), ""}};
  std::vector<std::string> questions;
  for (const ast::Question& q : a.questions) {
    std::vector<std::string> lines{"ask " + q.name.text, fmt::format("\"{}\"", shortened(q.text.value, 40)),
                                   "choices " + texts_list(q.choices)};
    if (q.save_to) lines.push_back("save to profile." + q.save_to->text);
    std::string id = b.node(Shape::Action, lines);
    b.join(ends, id);
    ends = {{id, "answer"}};
    questions.push_back(id);
  }
  Ends finished;
  if (a.reply) {
    std::string id = b.node(Shape::Send, {"reply", "\"" + shortened(a.reply->value, 40) + "\""});
    b.join(ends, id);
    ends = {{id, ""}};
  }
  ends = recommendations(b, a, ends, finished);
  finished.insert(finished.end(), ends.begin(), ends.end());
  if (a.fallback && !questions.empty()) {
    std::string id = b.node(Shape::Send, {"fallback", "\"" + shortened(a.fallback->value, 40) + "\""});
    std::string after = fmt::format("no valid answer after {} reprompts", a.max_reprompts.value_or(2));
    for (const std::string& q : questions) b.edge(q, id, after);
    finished.push_back({id, ""});
  }
  b.join(finished, b.node(Shape::End, {"end"}));
  return std::move(b.graph);
}

}  // namespace flowc::graph
