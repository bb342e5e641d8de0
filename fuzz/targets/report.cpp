// Fuzz target `report`: the bytes as a report.json (read_report, then the
// outputs of `flowc report`: summary, usage CSV, HTML page) and as an
// activity file (read_activity, then the recipients listing of every flow
// of the report). The readers take a path, so the bytes go to a file in the
// scratch folder first.
#include <vector>

#include "report/report.h"
#include "targets/support.h"
#include "targets/targets.h"

int flowc_fuzz_report(const uint8_t* data, size_t size) {
  using namespace flowc;
  std::string path = fuzz::write_scratch_file("fuzz.json", data, size);
  report::Report read;
  report::ReadError error;
  if (report::read_report(path, read, error)) {
    report::text_summary(read);
    report::usage_csv(read);
    report::html_page(read, "fuzz");
  }
  std::vector<report::ActivityRecord> activity;
  if (report::read_activity(path, activity, error)) {
    report::sends_by_day(activity);
    for (const report::Flow& flow : read.flows) report::recipients_listing(read, activity, flow.name, "");
  }
  return 0;
}
