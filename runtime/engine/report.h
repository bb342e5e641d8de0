// The run report (RUNTIME.md section 8): counts per flow and step, usage,
// input errors and late records, written as one JSON object.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "events/record.h"
#include "ir/module.h"

namespace flowc::engine {

// Engagement and attribution of one message (filled by engagement tracking).
struct Engagement {
  uint64_t opens = 0, clicks = 0, conversions = 0;
  double revenue = 0;
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
  std::vector<CampaignMessageCounters> messages;  // by send index in the path
};
struct CampaignCounters {
  std::vector<CampaignPathCounters> paths;
};

// One keyword automation.
struct AutomationCounters {
  uint64_t sessions = 0;  // conversations started by a trigger
  uint64_t sent = 0;      // replies sent (questions, reprompts, recommendations, replies)
  std::map<std::string, uint64_t> skipped;  // by reason
  std::map<std::string, uint64_t> ended;    // session_end by reason
  std::map<std::string, uint64_t> recommended;  // by recommendation name
};

struct Usage {
  uint64_t emails_sent = 0, sms_sent = 0, sms_credits = 0, push_sent = 0, whatsapp_sent = 0;
  uint64_t active_profiles = 0;  // profiles that were sent at least one message
};

struct Report {
  std::vector<FlowCounters> flows;
  std::vector<CampaignCounters> campaigns;
  std::vector<AutomationCounters> automations;
  Usage usage;
  std::vector<events::InputError> input_errors;
  uint64_t late_records = 0;
  uint64_t records = 0;

  explicit Report(const ir::Module& module);
  std::string to_json(const ir::Module& module) const;
};

// The name a step has in the report and in activity: the send's step name,
// else KIND@LINE ("wait@12").
std::string step_label(const ir::StepDef& step);

}  // namespace flowc::engine
