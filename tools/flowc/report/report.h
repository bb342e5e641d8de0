// `flowc report`: what a run's report JSON (and optionally its activity)
// says, for a marketer. The report is read once into the plain structs
// below; each output (text summary, usage CSV, recipients listing, HTML
// page) is a function of them, so every output sees the same numbers.
//
// Fields the runtime does not write yet (`usage_by_month`, `sends_by_day`,
// per-step `recipients`) are optional: the `has_*` flags say whether the
// report had them, and the outputs fall back (usage totals as one "all"
// month, sends per day counted from the activity, sent as recipients).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace flowc::report {

// Name → count, in the order the report lists them.
using Counts = std::vector<std::pair<std::string, uint64_t>>;

uint64_t total(const Counts& counts);

// Engagement and attribution of one message (a flow's send step or a
// campaign message). Rates are over recipients.
struct Engagement {
  uint64_t recipients = 0;  // unique profiles sent; the report's, else `sent`
  uint64_t sent = 0, opens = 0, clicks = 0, unsubscribes = 0, conversions = 0;
  double revenue = 0;
};

struct Step {
  std::string name, kind, channel;  // channel: empty unless kind is "send"
  Engagement engagement;
  Counts skipped;
  uint64_t needs_review = 0, pending = 0;
};

struct Flow {
  std::string name;
  uint64_t entered = 0, sent = 0, pending = 0, needs_review = 0;
  Counts exited;
  std::vector<Step> steps;  // in program order
};

struct Message {
  std::string campaign, path, name, channel, status;
  // The report's `recipients` of a campaign message is its audience, skips
  // included; the engagement's recipients are the profiles sent.
  uint64_t audience = 0;
  Engagement engagement;
  Counts skipped;
};

struct Automation {
  std::string name;
  uint64_t sessions = 0, sent = 0;
  Counts skipped, ended, recommended;
};

struct Usage {
  uint64_t active_profiles = 0, emails_sent = 0, sms_sent = 0, sms_credits = 0, push_sent = 0, whatsapp_sent = 0;
};

// Sends of one UTC day, per channel.
struct DaySends {
  std::string day;  // YYYY-MM-DD
  uint64_t email = 0, sms = 0, push = 0, whatsapp = 0;
};

struct Report {
  std::vector<Flow> flows;
  std::vector<Message> messages;  // campaign by campaign, path by path
  std::vector<Automation> automations;
  Usage usage;
  std::vector<std::pair<std::string, Usage>> usage_by_month;  // "YYYY-MM", sorted
  std::vector<DaySends> sends_by_day;                         // sorted by day
  bool has_usage_by_month = false, has_sends_by_day = false;
  uint64_t records = 0, late_records = 0, input_errors = 0;
};

// One activity record, reduced to what the report needs.
struct ActivityRecord {
  std::string time, type, profile, source, name, step, channel, reason, until;
};

// Reading fails with a message and the exit code to give (commands.h).
struct ReadError {
  std::string message;
  int exit_code = 3;
};

// The report file; false (and `error`) when it cannot be read or is not a
// report. Missing counters read as 0.
bool read_report(const std::string& path, Report& report, ReadError& error);

// The activity NDJSON. A line that is not a JSON object is an error: the
// file was not written by `flowc run`.
bool read_activity(const std::string& path, std::vector<ActivityRecord>& records, ReadError& error);

// Sends per UTC day and channel, counted from `send` records.
std::vector<DaySends> sends_by_day(const std::vector<ActivityRecord>& records);

// The usage months to show: the report's, or its totals as one "all" row.
std::vector<std::pair<std::string, Usage>> usage_months(const Report& report);

// The outputs.
std::string text_summary(const Report& report);
std::string usage_csv(const Report& report);
// `step` empty: every step of the flow. The flow must be in the report.
std::string recipients_listing(const Report& report, const std::vector<ActivityRecord>& activity,
                               const std::string& flow, const std::string& step);
std::string html_page(const Report& report, const std::string& title);

}  // namespace flowc::report
