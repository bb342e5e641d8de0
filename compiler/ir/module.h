// The IR: a checked program lowered to an engine-neutral module.
//
// This is what `flowc build` writes, what the VM and the JIT execute and what
// the runtime schedules. It holds no AST and no names the runtime must look
// up while running: profile properties, metric properties, lists, segments
// and aggregates are numbered slots; conditions, segment definitions, values
// and templates are bytecode chunks (opcodes.def); each flow is a graph of
// steps addressed by index.
//
// Trade-offs: one flat struct of vectors, easy to serialise and to walk;
// indexes (uint32_t) rather than pointers so the module can be written to a
// file and read back as is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ir/value.h"

namespace flowc::ir {

using Index = uint32_t;
constexpr Index kNone = 0xFFFFFFFF;

enum class Opcode : uint8_t {
#define OPCODE(Name, Effect, Doc) Name,
#include "ir/opcodes.def"
};
const char* opcode_name(Opcode op);

struct Instr {
  Opcode op;
  uint16_t b = 0;
  int32_t a = 0;
};

// What an instruction does to the value stack: how many values it pops and
// pushes (opcodes.def, with the counts of the n-ary ones taken from their
// operands). Conditional jumps are given for the taken path, which keeps the
// tested value; falling through pops it as well. The one place the module
// verifier and the JIT's stack planning read this from.
struct StackEffect {
  int64_t pops = 0;
  int64_t pushes = 1;
};
StackEffect stack_effect(const Instr& in);

// One compiled expression or template.
struct Chunk {
  std::vector<Instr> code;
  std::string source;  // the expression as written, for disassembly and errors
};

enum class BuiltinField : uint8_t { Id, Email, Phone, Created };
enum class ConsentChannel : uint8_t { Email, Sms, SmsTransactional, Push, Whatsapp };
constexpr int kConsentChannels = 5;
const char* consent_channel_name(ConsentChannel c);
enum class SpecialName : uint8_t { UnsubscribeLink, PreferencesLink, OrganizationName };
enum class Builtin : uint8_t { Lower, Upper, Len, Contains, StartsWith, EndsWith, DaysSince, HoursSince, Default };
enum class TemplateFilter : uint8_t { Default, Upper, Lower, Money, Date };
// How the Escape opcode escapes a hole of an HTML body for its place there
// (compiler/html/html_context.h decides; runtime/vm/html_escape.cpp does it).
enum class HtmlEscape : uint8_t { Text, Comment, UrlStart, UrlPath, UrlComponent };
const char* html_escape_name(HtmlEscape e);

enum class Type : uint8_t { Bool, Int, Number, String, Date, DateTime, Duration, ListOfString, ListOfInt,
                            ListOfNumber, ListOfOther, Consent, Unknown };
const char* type_name(Type t);

struct PropertyDef {
  std::string name;
  Type type = Type::Unknown;
  bool optional = true;
  Index default_constant = kNone;  // constants[] index of the declared default
};

struct MetricDef {
  std::string name;
  std::vector<PropertyDef> properties;  // event property slots
  bool builtin = false;
};

// count / sum / last over a metric, as the program uses them. The runtime
// keeps per profile only what these need.
enum class AggregateKind : uint8_t { Count, Sum, Last };
enum class WindowKind : uint8_t { All, Within, SinceFlowStart };
struct AggregateDef {
  AggregateKind kind;
  Index metric;                 // metrics[]
  Index property = kNone;       // event property slot for Sum
  Index where = kNone;          // chunks[]: filter over the counted event
  WindowKind window = WindowKind::All;
  int64_t window_seconds = 0;
};

struct SegmentDef {
  std::string name;
  Index condition;  // chunks[]
  // Segment membership can change with time alone when the definition has a
  // `within` window or calls now()/days_since/hours_since: the runtime then
  // re-evaluates it at wake-ups as well as on data changes.
  bool time_dependent = false;
};

enum class Channel : uint8_t { Email, Sms, Push, Whatsapp };
const char* channel_name(Channel c);

struct MessageDef {
  std::string name;
  Channel channel;
  Index subject = kNone;  // chunks[] (templates); kNone when absent
  Index preview = kNone;
  Index title = kNone;
  Index body = kNone;
  std::string from_name, from_address;  // empty: the account sender
  bool transactional = false;
};

enum class Status : uint8_t { Draft, Manual, Live };
const char* status_name(Status s);

// ---------------------------------------------------------------------------
// Flows: a graph of steps. `next` is the step that follows (kNone: the run
// ends). Branches name their targets.

enum class StepKind : uint8_t { Send, Wait, Branch, Set, Unset, ListAdd, ListRemove, Notify, Exit };
const char* step_kind_name(StepKind k);

enum class WaitKind : uint8_t { For, ForCalendarDays, Until };

struct StepDef {
  StepKind kind{};
  Index next = kNone;
  uint32_t line = 0;  // source line, for tracing and `flowc disasm`
  std::string name{};             // step name: label, message name, or KIND#N (lower/step_names.h)
  // Send
  Index message = kNone;          // messages[]; kNone for an inline body
  Channel channel = Channel::Email;
  Index inline_body = kNone;      // chunks[] (template)
  Status status = Status::Live;   // effective status
  bool smart_sending = true;
  bool utm = true;
  // Wait
  WaitKind wait = WaitKind::For;
  int64_t seconds = 0;            // For: exact span; ForCalendarDays: days * 86400
  int32_t at_minute = -1;         // minutes after midnight, -1: none
  uint8_t days = 0;               // weekday bit set, bit 0 = Monday; 0 = any day
  // Branch (if / split): conditions in order; targets[i] when conditions[i]
  // holds; else_target otherwise. A chain `if / else if` is one Branch.
  std::vector<Index> conditions{};  // chunks[]
  std::vector<Index> targets{};     // steps[]; an empty branch targets the step after the split (kNone: the run ends)
  Index else_target = kNone;
  bool is_split = false;
  // Set / Unset
  Index property = kNone;         // profile property slot
  Index value = kNone;            // chunks[]
  // ListAdd / ListRemove
  Index list = kNone;
  // Notify
  Index notify_to = kNone;        // chunks[] (templates)
  Index notify_text = kNone;
};

enum class TriggerKind : uint8_t { List, Segment, Metric, Date, PriceDrop };
// PerOccurrence: a date trigger's default, once per date (each birthday).
enum class Reentry : uint8_t { Once, Always, After, PerOccurrence };

struct FlowDef {
  std::string name;
  TriggerKind trigger;
  Index trigger_target = kNone;  // lists[] / segments[] / metrics[]
  Index trigger_where = kNone;   // chunks[]: metric trigger filter
  // Date trigger
  Index date_property = kNone;   // profile property slot
  // `trigger date profile.created`: the date is a built-in field, which has
  // no slot. A BuiltinField value then, with date_property kNone; -1 otherwise.
  int32_t date_builtin = -1;
  bool yearly = false;
  int64_t offset_seconds = 0;
  int32_t at_minute = -1;
  // Price drop
  double drop_percent = 0;
  Index drop_key = kNone;        // chunks[]: the product key of a viewed event
  int64_t drop_within_seconds = 0;  // 0: any age
  std::vector<Index> filters;    // chunks[]: profile filters, ANDed
  Reentry reentry = Reentry::Once;
  int64_t reentry_after_seconds = 0;
  bool profile_timezone = false;
  std::vector<StepDef> steps;
  Index entry = kNone;           // first step (kNone: the flow does nothing)
  // What `event.` means in this flow's chunks: a metric, or for price drops
  // the metric plus old_price/new_price/percent (the extra slots at the end).
  Index event_metric = kNone;
};

// ---------------------------------------------------------------------------
// Campaigns and automations (executed by the runtime issue that follows).

struct CampaignSendDef {
  Index message = kNone;
  Channel channel = Channel::Email;
  Index inline_body = kNone;
  std::string name;
  int64_t local_minutes = 0;  // the `at` wall time: minutes since 1970-01-01 00:00 in the campaign's zone
  double stagger_percent = 0;
  bool smart_sending = true;
  bool utm = true;
};
struct PathDef {
  std::string name;
  std::vector<std::pair<bool, Index>> include;  // (is_segment, index)
  std::vector<std::pair<bool, Index>> exclude;
  std::vector<CampaignSendDef> sends;
};
enum class CampaignZone : uint8_t { Account, Local, Fixed };
struct CampaignDef {
  std::string name;
  CampaignZone zone = CampaignZone::Account;
  std::string zone_name;
  bool next_day_if_passed = false;
  std::vector<PathDef> paths;
};

struct QuestionDef {
  std::string name;
  Index text;  // chunks[] (template)
  std::vector<std::string> choices;
  Index save_to = kNone;  // profile property slot
};
struct RecommendationDef {
  std::string name;
  Index when = kNone;  // chunks[] over answers (LoadEvent slot = question index); kNone: default
  Index text;          // chunks[]
};
struct AutomationDef {
  std::string name;
  bool sms = true, whatsapp = false;
  std::vector<std::string> keywords;  // always-on, as written
  struct Reply {
    bool campaign;  // else flow
    std::string source;
    std::vector<std::string> keywords;
  };
  std::vector<Reply> reply_triggers;
  Index save_keyword_to = kNone;
  std::vector<QuestionDef> questions;
  std::vector<RecommendationDef> recommendations;
  Index reprompt = kNone, fallback = kNone, reply = kNone;  // chunks[]
  int64_t max_reprompts = 2;
  int64_t timeout_seconds = 24 * 3600;
};

// ---------------------------------------------------------------------------

struct AccountDef {
  std::string name;
  std::string timezone = "UTC";
  std::string sender_email_name, sender_email_address;
  std::string sender_sms, sender_whatsapp;
  bool push = false;
  int64_t smart_sending_seconds[4] = {16 * 3600, 24 * 3600, 24 * 3600, 24 * 3600};  // by Channel
  int64_t attribution_email_click = 5 * 86400, attribution_email_open = 5 * 86400;
  int64_t attribution_sms_click = 24 * 3600, attribution_push_open = 24 * 3600;
  bool exclude_bot_clicks = false, exclude_privacy_opens = false;
  bool utm = false;
  std::vector<std::pair<std::string, std::string>> utm_params;  // key, value with {channel} {name} {message}
  int32_t quiet_start_minute = -1, quiet_end_minute = -1;       // sms quiet hours; -1: none
  Index conversion_metric = kNone;
  Index conversion_value = kNone;  // chunks[] with the conversion event as `event.`
  bool double_opt_in_email = false;
  std::string sms_help;
};

struct Module {
  static constexpr uint32_t kMagic = 0x43574C46;  // "FLWC"
  static constexpr uint32_t kVersion = 3;  // 3: Escape (HTML bodies escape their holes)

  AccountDef account;
  std::vector<PropertyDef> profile_properties;  // profile slots
  std::vector<MetricDef> metrics;
  std::vector<std::string> lists;
  std::vector<SegmentDef> segments;              // in dependency order: a segment only uses earlier ones
  std::vector<AggregateDef> aggregates;
  std::vector<MessageDef> messages;
  std::vector<FlowDef> flows;
  std::vector<CampaignDef> campaigns;
  std::vector<AutomationDef> automations;
  std::vector<Value> constants;
  std::vector<Chunk> chunks;

  Index find_metric(const std::string& name) const;
  Index find_profile_property(const std::string& name) const;
  Index find_list(const std::string& name) const;
};

}  // namespace flowc::ir
