// Recipient activity of one flow (or one of its steps), as the seed's
// "Recipient Activity" shows it: who waits, who needs review, who was
// skipped and why, who was sent. One profile per line, grouped by state.
//
// The activity has no record for "still waiting", so pending is inferred:
// a run (from its latest `enter`) that has not exited waits for the first
// step after its last recorded one where the report counts pending runs.
// A drained run has none. A review's decision (a send or skip of a queued step, maybe
// days later) is not the run moving on. Everything else is read straight
// from the records.
#include <fmt/format.h>

#include <map>
#include <set>

#include "report/report.h"
#include "report/table.h"

namespace flowc::report {

namespace {

// One line of the listing: the profile, then what identifies the event.
struct Line {
  std::string profile, step, detail, time;
};

struct Groups {
  std::vector<Line> pending, deferred, review, skipped, sent, exited;
};

// Where a profile's latest run stands.
struct Run {
  std::string last_step, time;
  bool exited = false;
};

// Outstanding review or deferral of a (profile, step): settled by its send or skip.
using Key = std::pair<std::string, std::string>;

size_t step_index(const Flow& flow, const std::string& step) {
  for (size_t i = 0; i < flow.steps.size(); ++i)
    if (flow.steps[i].name == step) return i;
  return flow.steps.size();
}

// The step a run whose last step is `last` waits for: the first later step
// where the report counts pending runs; empty when there is none.
std::string awaited_step(const Flow& flow, const std::string& last) {
  // A run with no step yet (the flow starts with a wait) waits from the top.
  size_t from = last.empty() ? 0 : step_index(flow, last) + 1;
  for (size_t i = from; i < flow.steps.size(); ++i)
    if (flow.steps[i].pending > 0) return flow.steps[i].name;
  return "";
}

std::string section(const char* title, const std::vector<Line>& lines, bool with_step) {
  if (lines.empty()) return "";
  // Every column left-aligned; the header row is only there to be dropped.
  Table table(with_step ? std::vector<std::string>{"", "", "", ""} : std::vector<std::string>{"", "", ""}, "llll");
  for (const Line& l : lines) {
    std::vector<std::string> row = {l.profile};
    if (with_step) row.push_back(l.step);
    row.push_back(l.detail);
    row.push_back(l.time);
    table.add(std::move(row));
  }
  std::string body = table.render("  ");
  body = body.substr(body.find('\n') + 1);
  return fmt::format("{} ({})\n{}", title, lines.size(), body);
}

}  // namespace

std::string recipients_listing(const Report& report, const std::vector<ActivityRecord>& activity,
                               const std::string& flow_name, const std::string& step) {
  const Flow* flow = nullptr;
  for (const Flow& f : report.flows)
    if (f.name == flow_name) flow = &f;
  if (!flow) return "";
  Groups g;
  std::map<Key, Line> review, deferred;
  std::map<std::string, Run> runs;
  std::set<Key> queued;  // queued for review, every step: their decision is no progress of the run
  for (const ActivityRecord& r : activity) {
    if (r.source != "flow" || r.name != flow_name) continue;
    Key key{r.profile, r.step};
    bool decided = (r.type == "send" || r.type == "skip") && queued.erase(key) > 0;
    if (r.type == "review_queued") queued.insert(key);
    if (r.type == "enter") runs[r.profile] = Run{"", r.time, false};
    else if (!r.step.empty() && !decided) runs[r.profile].last_step = r.step, runs[r.profile].time = r.time;
    if (r.type == "exit") runs[r.profile].exited = true;
    bool here = step.empty() || r.step == step;
    if (r.type == "send" || r.type == "skip") review.erase(key), deferred.erase(key);
    if (!here) continue;
    if (r.type == "send") g.sent.push_back({r.profile, r.step, r.channel, r.time});
    else if (r.type == "skip") g.skipped.push_back({r.profile, r.step, r.reason, r.time});
    else if (r.type == "review_queued") review[key] = {r.profile, r.step, r.channel, r.time};
    else if (r.type == "deferred") deferred[key] = {r.profile, r.step, r.reason + " until " + r.until, r.time};
    else if (r.type == "exit" && step.empty()) g.exited.push_back({r.profile, r.step, r.reason, r.time});
  }
  for (auto& [key, line] : review) g.review.push_back(line);
  for (auto& [key, line] : deferred) g.deferred.push_back(line);
  for (auto& [profile, run] : runs) {
    std::string awaited = run.exited ? "" : awaited_step(*flow, run.last_step);
    if (!awaited.empty() && (step.empty() || awaited == step))
      g.pending.push_back({profile, awaited, "after " + run.last_step, run.time});
  }

  size_t at = step_index(*flow, step);
  uint64_t counted = step.empty() ? flow->pending : at < flow->steps.size() ? flow->steps[at].pending : 0;
  bool with_step = step.empty();
  std::string out = step.empty() ? fmt::format("flow {}\n", flow_name) : fmt::format("flow {}, step {}\n", flow_name, step);
  std::string body = section("pending", g.pending, with_step) + section("deferred", g.deferred, with_step) +
                     section("needs review", g.review, with_step) + section("skipped", g.skipped, with_step) +
                     section("sent", g.sent, with_step) + section("exited", g.exited, with_step);
  // Concurrent runs of one profile, or a branch that ends the flow early,
  // defeat the inference: say so rather than list a wrong number silently.
  if (counted != g.pending.size())
    out += fmt::format("note: the report counts {} pending; {} listed, inferred from the activity (docs/reporting.md)\n",
                       counted, g.pending.size());
  return out + (body.empty() ? "no recipient activity\n" : body);
}

}  // namespace flowc::report
