// Recipient activity of one flow (or one of its steps), as the seed's
// "Recipient Activity" shows it: who waits, who needs review, who was
// skipped and why, who was sent. One profile per line, grouped by state.
//
// The activity has no record for "still waiting", so pending is inferred:
// a run (from its latest `enter`) that has not exited and whose last step
// comes before a step where the report counts pending runs. A drained run
// has none. Everything else is read straight from the records.
#include <fmt/format.h>

#include <map>

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

// Whether a run whose last step is `last` may be waiting to reach a step
// with pending runs (the one asked for, or any later one).
bool may_be_pending(const Flow& flow, const std::string& last, const std::string& step) {
  size_t from = step_index(flow, last);
  if (from == flow.steps.size()) return false;
  for (size_t i = from + 1; i < flow.steps.size(); ++i) {
    if (!step.empty() && flow.steps[i].name != step) continue;
    if (flow.steps[i].pending > 0) return true;
  }
  return false;
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
  for (const ActivityRecord& r : activity) {
    if (r.source != "flow" || r.name != flow_name) continue;
    if (r.type == "enter") runs[r.profile] = Run{"", r.time, false};
    else if (!r.step.empty()) runs[r.profile].last_step = r.step, runs[r.profile].time = r.time;
    if (r.type == "exit") runs[r.profile].exited = true;
    bool here = step.empty() || r.step == step;
    Key key{r.profile, r.step};
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
  for (auto& [profile, run] : runs)
    if (!run.exited && may_be_pending(*flow, run.last_step, step))
      g.pending.push_back({profile, run.last_step, "after " + run.last_step, run.time});

  bool with_step = step.empty();
  std::string out = step.empty() ? fmt::format("flow {}\n", flow_name) : fmt::format("flow {}, step {}\n", flow_name, step);
  std::string body = section("pending", g.pending, with_step) + section("deferred", g.deferred, with_step) +
                     section("needs review", g.review, with_step) + section("skipped", g.skipped, with_step) +
                     section("sent", g.sent, with_step) + section("exited", g.exited, with_step);
  return out + (body.empty() ? "no recipient activity\n" : body);
}

}  // namespace flowc::report
