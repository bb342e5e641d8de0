// The logical state of a flowc run (docs/state.md, docs/state-design.md
// section 1): plain structs that name everything -- flows, steps, lists,
// segments, properties, campaigns, automations -- by name and hold typed
// values, never an index into today's program or engine layout. The engine
// exports into them and imports from them; runtime/state encodes and stores
// them and knows nothing of the engine.
//
// Conventions: times are UTC seconds since 1970 (-1 or `has_*` = none), an
// empty string is "none", a step is named by its label (`send as LABEL`, or
// the generated `kind#n`), and every list is in a deterministic order chosen
// by the exporter. Adding a field here means adding it, with a new tag, to
// schema.h; nothing else changes. Every field has an initializer (`{}` for
// names and lists), so a record braced with only its first fields is
// complete.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "ir/value.h"
#include "state/encoded_profiles.h"

namespace flowc::state {

// A name and a typed value: a profile property, an event property, a
// session's answer.
struct NamedValue {
  std::string name{};
  ir::Value value{};
};

// A name and a counter: report counters by reason, reply counters by
// automation ("" = compliance replies).
struct NamedCount {
  std::string name{};
  uint64_t count = 0;
};

// A name and a time: smart sending's last send per channel name.
struct NamedTime {
  std::string name{};
  int64_t time = 0;
};

struct ConsentEntry {
  std::string channel{};  // consent channel name: email, sms, push, whatsapp, ...
  std::string status{};   // consent name: never_subscribed | subscribed | unsubscribed
  bool has_since = false;
  int64_t since = 0;
};

struct WindowEntry {
  int64_t time = 0;
  ir::Value value{};
};

// An aggregate, keyed by its signature (the fields the compiler dedups
// aggregates on), so that a program edit that keeps the aggregate keeps its
// data.
struct AggregateEntry {
  std::string kind{};    // count | sum | last | ...
  std::string metric{};
  std::string property{};  // "" when the aggregate reads no property
  std::string where{};     // the `where` condition's source text, "" for none
  int64_t window = 0;      // seconds of a `within` window, 0 = none
  uint64_t count = 0;
  double sum = 0;        // exact bits
  ir::Value last{};
  std::vector<WindowEntry> entries{};
  bool since_flow_start = false;  // the window is `since flow_start` (window 0)
};

struct FlowEntryCount {
  std::string flow{};
  uint64_t count = 0;  // numbers the runs' send ids (FlowRun::occurrence)
  int64_t last = 0;
};

// Where a run stands between two records.
enum class RunPosition : uint8_t {
  Waiting = 0,   // at a wait, until its wake-up (or for ever)
  Deferred = 1,  // at a send held for quiet hours
  Ended = 2,     // finished, kept while reviews of it are open
};
inline constexpr uint32_t kRunPositionCount = 3;

struct RunState {
  std::string flow{};
  uint64_t occurrence = 0;  // with the profile and flow, the run's identity
  RunPosition position = RunPosition::Waiting;
  std::string resume_at{};  // label of the step it continues at, "" = the end
  std::string waiting_at{}; // label of the wait it waits at, "" = none
  int64_t waiting_since = 0;
  int64_t started = 0;
  bool has_event = false;
  std::vector<NamedValue> event{}; // the trigger event's properties it reads
};

// What a pending wake-up does (engine Scheduler's kinds).
enum class WakeKind : uint8_t {
  ResumeRun = 0,         // flow + occurrence
  DateTrigger = 1,       // flow; time is the occurrence
  SegmentRecheck = 2,
  CampaignMessage = 3,   // campaign, path, message
  CampaignDelivery = 4,  // campaign, path, message, occurrence (the delivery's)
  SessionTimeout = 5,    // channel, generation
  SegmentSweep = 6,      // a global one: the daily sweep of segments on days_since/now
};
inline constexpr uint32_t kWakeKindCount = 7;

// A pending wake-up with its scheduling sequence number: (time, seq) is the
// order they run in, so the seq is saved, never renumbered.
struct WakeState {
  WakeKind kind = WakeKind::ResumeRun;
  int64_t time = 0;
  uint64_t seq = 0;
  std::string flow{};
  uint64_t occurrence = 0;
  std::string campaign{}, path{}, message{};
  std::string channel{};
  uint64_t generation = 0;
};

// An open review of a send step; `seq` is the queue order.
struct ReviewState {
  std::string flow{};
  std::string step{};        // the send's label
  uint64_t occurrence = 0;   // the run it belongs to
  uint64_t seq = 0;
  bool has_event = false;
  std::vector<NamedValue> event{};
};

// An open automation conversation.
struct SessionState {
  std::string automation{};
  std::string channel{};
  std::string question{}; // the current question's name, "" = none
  uint64_t reprompts = 0;
  std::vector<NamedValue> answers{};
  int64_t last_message = 0;
  uint64_t timeout_generation = 0;
};

// A campaign copy not sent yet (staggered, local time, deferred).
struct DeliveryState {
  std::string campaign{}, path{}, message{};
  uint64_t attempt = 0;
  uint64_t occurrence = 0;  // the number in its send id
};

// The latest product view of a profile in a price-drop flow.
struct ViewState {
  std::string flow{};
  std::string product{};
  int64_t time = 0;
  std::vector<NamedValue> event{};
};

// The latest engagement of a kind (email_click, sms_click, email_open,
// push_open) and the origin of the send it was on (for conversions).
struct EngagementState {
  std::string kind{};
  int64_t time = 0;
  uint32_t origin = 0;  // an OriginState id
};

// A profile's latest send on a channel, by its number in the send log (it
// may be older than the log's first kept send: then it no longer counts).
struct ChannelSend {
  std::string channel{};
  uint64_t seq = 0;
};

struct FlowOccurrence {
  std::string flow{};
  int64_t occurrence = 0;
};

// Everything kept for one profile, stored under its id.
struct ProfileState {
  std::string id{};
  uint32_t ordinal = 0;  // creation order: observable (price-drop order)
  std::string email{}, phone{};
  bool owns_phone = false;  // the profile inbound messages from `phone` go to
  int64_t created = 0;
  std::vector<NamedValue> properties{};  // set properties only
  std::vector<NamedTime> last_sent{};    // by channel name
  std::vector<std::string> lists{};
  std::vector<std::string> segments{};
  bool segments_evaluated = false;
  std::vector<AggregateEntry> aggregates{};
  std::vector<ConsentEntry> consents{};
  std::vector<std::string> suppressed{}; // channel names
  bool email_pending_confirmation = false;
  std::vector<std::string> lists_pending_confirmation{};
  int64_t messaged_month = -1;  // -1 = none
  bool has_last_outbound = false;
  std::string last_outbound_source{}, last_outbound_name{};
  std::vector<ChannelSend> latest_sends{};
  int64_t recheck_at = -1;
  int64_t last_activity = -1;
  std::vector<FlowEntryCount> flows_entered{};
  // The groups it has been counted a recipient of, each a level and names
  // joined by U+001F: "origin", then "flow" FLOW STEP or "campaign" CAMPAIGN
  // PATH MESSAGE (one sending step or message); "owner", then "flow" FLOW,
  // "campaign" CAMPAIGN or "automation" AUTOMATION; "path", CAMPAIGN PATH.
  std::vector<std::string> recipient_groups{};
  std::vector<EngagementState> engagements{};
  std::vector<RunState> runs{};
  std::vector<WakeState> wakes{};
  std::vector<ReviewState> reviews{};
  std::vector<SessionState> sessions{};
  std::vector<DeliveryState> deliveries{};
  std::vector<ViewState> views{};
  std::vector<NamedCount> replies{};
  std::vector<NamedCount> entries_at_instant{}; // flow name -> entries this instant
  std::vector<FlowOccurrence> fired_dates{};
};

// The engine's few global parts.
struct GlobalState {
  int64_t clock = 0;
  bool started = false;
  uint64_t next_wake_seq = 0;
  int64_t max_work_time = 0;
  uint64_t next_review_seq = 0;
  uint64_t next_send_seq = 0;
  uint64_t next_origin = 0;
  bool campaigns_scheduled = false;
  int64_t entries_instant = 0;
  std::vector<WakeState> wakes{};  // campaign-message wake-ups (no profile)
  uint64_t first_send_seq = 0;     // the send log's first kept send; older ones are past retention
};

// One send of the send log, stored under its seq (send ids can repeat).
struct SendState {
  uint64_t send_id = 0;
  uint64_t seq = 0;  // log order
  int64_t time = 0;
  uint32_t profile = 0;  // the profile's ordinal
  uint32_t origin = 0;   // an OriginState id
  bool opened = false, clicked = false, unsubscribed = false, bounced = false;
};

// Where sends come from, stored under a state-local id.
struct OriginState {
  uint32_t id = 0;
  std::string kind{}; // flow | campaign | automation | account
  std::string channel{};
  std::string owner{}, part{}, send{}; // names: flow/campaign/automation, path, message
  std::string source{}, name{}, step{}, message{};
};

struct PriceState {
  std::string product{};
  double price = 0;
};

struct InputErrorState {
  uint64_t index = 0;
  uint64_t line = 0;  // in the whole stream (continuations add up)
  std::string kind{};
  std::string reason{};
};

// The report's counters, by name.
struct EngagementCounts {
  uint64_t recipients = 0, opens = 0, clicks = 0, bounces = 0, unsubscribes = 0, conversions = 0;
  double revenue = 0;  // exact bits
};

struct StepReport {
  std::string step{}; // label
  uint64_t sent = 0, needs_review = 0, pending = 0;
  EngagementCounts engagement{};
  std::vector<NamedCount> skipped{};
};

struct FlowReport {
  std::string flow{};
  uint64_t entered = 0, recipients = 0;
  std::vector<NamedCount> exited{};
  std::vector<StepReport> steps{};
};

struct CampaignMessageReport {
  std::string message{};
  std::string status{};
  uint64_t recipients = 0, sent = 0;
  EngagementCounts engagement{};
  std::vector<NamedCount> skipped{};
};

struct CampaignPathReport {
  std::string path{};
  uint64_t recipients = 0, reached = 0;
  std::vector<CampaignMessageReport> messages{};
};

struct CampaignReport {
  std::string campaign{};
  uint64_t reached = 0;
  std::vector<CampaignPathReport> paths{};
};

struct AutomationReport {
  std::string automation{};
  uint64_t sessions = 0, sent = 0;
  std::vector<NamedCount> skipped{}, ended{}, recommended{};
  EngagementCounts engagement{};
};

struct UsageCounts {
  uint64_t emails_sent = 0, sms_sent = 0, sms_credits = 0, push_sent = 0, whatsapp_sent = 0;
  uint64_t active_profiles = 0;
};

struct MonthUsage {
  int64_t month = 0;
  UsageCounts usage{};
};

struct DaySends {
  int64_t day = 0;
  std::vector<uint64_t> by_channel{}; // email, sms, push, whatsapp
};

struct ReportState {
  std::vector<FlowReport> flows{};
  std::vector<CampaignReport> campaigns{};
  std::vector<AutomationReport> automations{};
  UsageCounts usage{};
  std::vector<MonthUsage> usage_by_month{};
  std::vector<DaySends> sends_by_day{};
  std::vector<NamedCount> input_error_counts{}; // by kind
  uint64_t input_errors_total = 0;
  uint64_t input_errors_limit = 0;
  uint64_t late_records = 0;
  uint64_t records = 0;
};

// The consistent cut a checkpoint commits: input and output positions.
struct CheckpointState {
  uint64_t number = 0;
  std::string input_path{};    // for messages only: identity is the content
  uint64_t consumed = 0;       // input bytes applied
  std::string input_digest{};  // XXH3-128 of those bytes (16 bytes)
  uint64_t line_no = 0;
  int64_t latest_time = 0;
  uint64_t lines_before = 0;  // lines of earlier parts (continuation)
  std::string output_path{};
  uint64_t output_length = 0;
  bool finished = false;
  std::string options_fingerprint{};
  std::string program_hash{};
  uint64_t journal_segment = 0;
  uint64_t journal_offset = 0;
};

// The `meta/format` record: which format wrote the database.
struct FormatState {
  uint64_t version = 0;
  std::string created_by{}; // "flowc 0.12.0"
};

// What one checkpoint writes: the records that changed since the last one
// (profiles whole), the global records, and the checkpoint itself.
struct Delta {
  CheckpointState checkpoint{};
  GlobalState globals{};
  ReportState report{};
  EncodedProfiles profiles{};                   // encoded (encoded_profiles.h)
  std::vector<SendState> sends{};               // new or changed (engagement flags)
  uint64_t sends_dropped_before = 0;            // sends with a lower seq are deleted (0: none)
  std::vector<OriginState> origins{};           // new
  std::vector<PriceState> prices{};             // changed
  std::vector<InputErrorState> input_errors{};  // new
  bool has_program = false;
  std::string program{};                     // the program's shape, when it changed
  bool has_final_report = false;
  std::string final_report{};                // the report's JSON, when the run finished
};

// Everything a state folder holds, as loaded: profiles in ordinal order,
// sends in log order, origins and input errors by number.
struct LoadedState {
  FormatState format{};
  bool has_checkpoint = false;  // false: the state was made but never committed
  CheckpointState checkpoint{};
  GlobalState globals{};
  ReportState report{};
  std::vector<ProfileState> profiles{};
  std::vector<SendState> sends{};
  std::vector<OriginState> origins{};
  std::vector<PriceState> prices{};
  std::vector<InputErrorState> input_errors{};
  std::string program{};
  std::string final_report{};
};

}  // namespace flowc::state
