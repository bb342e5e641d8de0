// `flowc report REPORT.json [--activity A.ndjson] [--html OUT.html]
// [--usage-csv OUT.csv] [--flow NAME [--step S] --recipients]`: what a run
// did, for a marketer (docs/reporting.md). The work is in report/; this file
// checks the options, reads the inputs and writes the outputs.
#include <fmt/format.h>

#include <iostream>

#include "commands.h"
#include "output/whole_file.h"
#include "report/report.h"
#include "stdlib/printable.h"

namespace flowc::cli {

namespace {

int fail(const report::ReadError& error) {
  std::cerr << "flowc: error: " << printable(error.message) << "\n";
  return error.exit_code;
}

// The options that only make sense together, checked before reading anything.
bool options_consistent(const ReportOptions& o) {
  const char* problem = nullptr;
  if (o.recipients && o.flow.empty()) problem = "--recipients needs --flow NAME";
  else if (!o.flow.empty() && !o.recipients) problem = "--flow is for --recipients (add --recipients)";
  else if (!o.step.empty() && o.flow.empty()) problem = "--step needs --flow NAME --recipients";
  else if (o.recipients && o.activity.empty()) problem = "--recipients needs --activity ACTIVITY.ndjson";
  if (problem) std::cerr << "flowc: error: " << problem << "\n";
  return problem == nullptr;
}

// An unknown flow or step is named with the ones there are.
bool known(const report::Report& r, const ReportOptions& o) {
  for (const report::Flow& f : r.flows) {
    if (f.name != o.flow) continue;
    if (o.step.empty()) return true;
    std::string steps;
    for (const report::Step& s : f.steps) {
      if (s.name == o.step) return true;
      steps += (steps.empty() ? "`" : ", `") + s.name + "`";
    }
    std::cerr << printable(fmt::format("flowc: error: flow `{}` has no step `{}`; its steps are: {}\n", o.flow, o.step, steps),
                           true);
    return false;
  }
  std::string flows;
  for (const report::Flow& f : r.flows) flows += (flows.empty() ? "`" : ", `") + f.name + "`";
  // Names come from the report file: shown escaped, like all its text.
  std::cerr << printable(fmt::format("flowc: error: the report has no flow `{}`{}\n", o.flow,
                                     flows.empty() ? "; it has no flows" : "; its flows are: " + flows),
                         true);
  return false;
}

}  // namespace

int run_report(const ReportOptions& options) {
  if (!options_consistent(options)) return kBadCommandLine;
  report::Report r;
  report::ReadError error;
  if (!report::read_report(options.report, r, error)) return fail(error);
  std::vector<report::ActivityRecord> activity;
  if (!options.activity.empty() && !report::read_activity(options.activity, activity, error)) return fail(error);
  // Sends per day come from the report when the runtime wrote them.
  if (!r.has_sends_by_day && !options.activity.empty()) r.sends_by_day = report::sends_by_day(activity);

  if (options.recipients) {
    if (!known(r, options)) return kBadCommandLine;
    std::cout << printable(report::recipients_listing(r, activity, options.flow, options.step), true);
    return kOk;
  }
  bool wrote = false;
  if (!options.usage_csv.empty()) {
    if (!write_whole_file(options.usage_csv, report::usage_csv(r))) return kFailedWrite;
    wrote = true;
  }
  if (!options.html.empty()) {
    if (!write_whole_file(options.html, report::html_page(r, options.report))) return kFailedWrite;
    wrote = true;
  }
  // The text summary is the default output, not printed over a file export.
  // Names and reasons in the report may hold control characters: shown escaped.
  if (!wrote) std::cout << printable(report::text_summary(r), true);
  return kOk;
}

}  // namespace flowc::cli
