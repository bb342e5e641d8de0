// The run report (RUNTIME.md section 8): counts per flow and step, usage,
// input errors and late records, written as one JSON object.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/input_error_log.h"
#include "events/record.h"
#include "ir/module.h"

namespace flowc::engine {

// Engagement and attribution of one message, step or automation
// (engagement.cpp; the rules are in docs/runtime.md, "Engagement and
// attribution"). Opens, clicks, bounces and unsubscribes count sends (a
// send opened three times is one open); recipients count profiles.
struct Engagement {
  uint64_t recipients = 0;  // unique profiles sent to (counted as sends happen: recipient_groups.h)
  uint64_t opens = 0, clicks = 0, bounces = 0, unsubscribes = 0, conversions = 0;
  double revenue = 0;

  Engagement& operator+=(const Engagement& o) {
    opens += o.opens;
    clicks += o.clicks;
    bounces += o.bounces;
    unsubscribes += o.unsubscribes;
    conversions += o.conversions;
    revenue += o.revenue;
    return *this;  // recipients do not add up: a profile may get several steps
  }
};

struct StepCounters {
  uint64_t sent = 0;
  uint64_t needs_review = 0;  // queued for review and not yet decided
  uint64_t pending = 0;       // runs waiting at this step when the run stopped
  Engagement engagement;
  std::map<std::string, uint64_t> skipped;  // by reason
};

struct FlowCounters {
  uint64_t entered = 0;
  uint64_t recipients = 0;  // unique profiles sent any of its messages
  std::map<std::string, uint64_t> exited;  // by reason
  std::vector<StepCounters> steps;         // by ir step index
};

// One campaign message: its status and counts.
struct CampaignMessageCounters {
  std::string status = "scheduled";  // scheduled | sent | cancelled_no_recipients
  uint64_t recipients = 0, sent = 0;
  Engagement engagement;
  std::map<std::string, uint64_t> skipped;
};
struct CampaignPathCounters {
  uint64_t recipients = 0;  // profiles assigned to this path (the largest audience of its messages)
  uint64_t reached = 0;     // unique profiles sent any of its messages (revenue per recipient)
  std::vector<CampaignMessageCounters> messages;  // by send index in the path
};
struct CampaignCounters {
  uint64_t reached = 0;  // unique profiles sent any of its messages
  std::vector<CampaignPathCounters> paths;
};

// One keyword automation.
struct AutomationCounters {
  uint64_t sessions = 0;  // conversations started by a trigger
  uint64_t sent = 0;      // replies sent (questions, reprompts, recommendations, replies)
  std::map<std::string, uint64_t> skipped;  // by reason
  std::map<std::string, uint64_t> ended;    // session_end by reason
  std::map<std::string, uint64_t> recommended;  // by recommendation name
  Engagement engagement;                        // of its replies
};

struct Usage {
  uint64_t emails_sent = 0, sms_sent = 0, sms_credits = 0, push_sent = 0, whatsapp_sent = 0;
  uint64_t active_profiles = 0;  // profiles that were sent at least one message
};

// Sends of one local day, by channel (ir::Channel order).
using DaySends = std::array<uint64_t, 4>;

struct Report {
  std::vector<FlowCounters> flows;
  std::vector<CampaignCounters> campaigns;
  std::vector<AutomationCounters> automations;
  Usage usage;
  // In the account's time zone: usage per month (months since 1970-01) and
  // sends per day (days since 1970-01-01), for `flowc report`'s charts and
  // the usage export.
  std::map<int64_t, Usage> usage_by_month;
  std::map<int64_t, DaySends> sends_by_day;
  InputErrorLog input_errors;
  uint64_t late_records = 0;
  uint64_t records = 0;

  explicit Report(const ir::Module& module);
  std::string to_json(const ir::Module& module) const;
};

// The name a step has in the report and in activity: the send's step name,
// else KIND@LINE ("wait@12").
std::string step_label(const ir::StepDef& step);

}  // namespace flowc::engine
