// The flow language's abstract syntax tree.
//
// The parser (compiler/parse) builds it from ANTLR's parse tree; nothing from
// ANTLR survives into it. The checker (compiler/check) annotates expressions
// with their types in place (Expr::type) and otherwise treats the tree as
// read-only. Later phases (lowering to IR) read the checked tree.
//
// Design trade-offs: expressions are one struct with a kind tag and a few
// general fields rather than a class per kind; it keeps the tree easy to
// build, walk, dump and copy, at the cost of some unused fields per node.
// Declarations are plain structs held in vectors in declaration order, which
// is also the order diagnostics and output use.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "check/type.h"
#include "source/source.h"

namespace flowc::ast {

// A name as written: identifier or string.
struct Name {
  std::string text;
  Span span;
};

enum class ExprKind {
#define EXPR_KIND(Name, Dump) Name,
#include "ast/expr_kinds.def"
};
const char* expr_kind_name(ExprKind kind);

enum class Op {
  None,
  Neg, Not,                           // unary
  Add, Sub, Mul, Div, Mod,            // arithmetic
  Eq, Ne, Lt, Le, Gt, Ge,             // comparison
  And, Or,
};
const char* op_spelling(Op op);

// count/sum windows: `within 30d` or `since flow_start`.
enum class WindowKind { All, Within, SinceFlowStart };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind;
  Span span;
  Op op = Op::None;
  bool negated = false;            // `not in`, `is not set`
  std::string text;                // string value, function name, metric name, audience name
  Span name_span;                  // where `text` is written, when it is a name
  std::vector<std::string> path;   // property path segments / dotted name segments
  int64_t int_value = 0;           // int, duration (minutes), date (days since 1970), datetime (local minutes since 1970)
  double number_value = 0;         // number, percent
  bool bool_value = false;
  bool audience_is_segment = false;  // AudienceTest: `segment` vs `list`
  std::string property;            // Sum: the summed property
  Span property_span;
  std::vector<ExprPtr> args;       // operands, call arguments, list items
  ExprPtr where;                   // Count/Sum/Last filter, the counted event in scope
  WindowKind window = WindowKind::All;
  int64_t window_minutes = 0;

  check::Type type;  // set by the checker; Error when unchecked or ill-typed
};

// ---------------------------------------------------------------------------
// Text with `{{ }}` templates.

struct TemplateFilter {
  std::string name;
  Span span;
  ExprPtr arg;  // may be null
};

struct TemplatePart {
  std::string literal;  // when expr is null
  ExprPtr expr;         // a `{{ }}` hole
  std::vector<TemplateFilter> filters;
  Span span;
};

// A string literal as written, decoded, with its template holes parsed.
struct Text {
  std::string value;  // decoded text, holes included verbatim
  Span span;
  std::vector<TemplatePart> parts;
  bool has_holes() const;
  // Whether some hole is exactly the bare name `name` (e.g. unsubscribe_link).
  bool mentions(const std::string& name) const;
};

// ---------------------------------------------------------------------------
// Top-level declarations.

struct Import {
  Text path;
  Span span;
};

enum class SettingToggle { Unset, On, Off };

struct ChannelWindow {
  Name channel;
  int64_t minutes = 0;
  Span span;
};

struct Account {
  Span span;
  std::optional<Text> name;
  std::optional<Text> timezone;
  struct Sender {
    Name channel;
    Text first;                  // email: display name; sms/whatsapp: number
    std::optional<Text> second;  // email: address
    Span span;
  };
  std::vector<Sender> senders;
  SettingToggle push = SettingToggle::Unset;
  Span push_span;
  std::vector<ChannelWindow> smart_sending;
  std::vector<ChannelWindow> attribution;
  SettingToggle exclude_bot_clicks = SettingToggle::Unset;
  SettingToggle exclude_privacy_opens = SettingToggle::Unset;
  SettingToggle utm = SettingToggle::Unset;
  struct UtmParam {
    Name key;
    Text value;
  };
  std::vector<UtmParam> utm_params;
  struct QuietHours {
    Name channel;
    int start_minute = 0, end_minute = 0;  // minutes after midnight
    Span span;
  };
  std::vector<QuietHours> quiet_hours;
  struct Conversion {
    Name metric;
    ExprPtr value;
    Span span;
  };
  std::optional<Conversion> conversion;
  struct DoubleOptIn {
    Name channel;
    bool on = false;
    Span span;
  };
  std::vector<DoubleOptIn> double_opt_in;
  std::optional<Text> sms_help;
  // Settings written twice, for the checker to report.
  std::vector<Span> repeated;
};

struct TypeRef {
  std::string name;  // "bool", "int", ... or "list"
  std::unique_ptr<TypeRef> element;
  bool optional = false;
  Span span;
};

struct SchemaField {
  Name name;
  TypeRef type;
  ExprPtr default_value;  // a literal, may be null
  Span span;
};

struct ProfileSchema {
  std::vector<SchemaField> fields;
  Span span;
};

struct Metric {
  Name name;
  std::vector<SchemaField> fields;
  Span span;
};

struct List {
  Name name;
  Span span;
};

struct Segment {
  Name name;
  ExprPtr condition;
  Span span;
};

enum class Channel { Email, Sms, Push, Whatsapp, Invalid };
const char* channel_name(Channel channel);
Channel parse_channel(const std::string& text);

// A message field as written: `subject "..."`, `body file "x.html"`,
// `from "Name" "addr"`, `transactional true`.
struct MessageField {
  Name key;
  bool is_file = false;
  std::vector<Text> texts;       // string values
  std::optional<bool> flag;      // true/false value
  Span span;
};

struct Message {
  Channel channel = Channel::Email;
  Name channel_name;
  Name name;
  std::vector<MessageField> fields;
  Span span;
  // Filled by the loader for `body file`: the file's content as a template.
  std::optional<Text> body_from_file;
};

// ---------------------------------------------------------------------------
// Flows

enum class TriggerKind { List, Segment, Metric, Date, PriceDrop };

struct Trigger {
  TriggerKind kind;
  Span span;
  Name target;                 // list, segment or metric
  ExprPtr where;               // metric trigger filter
  // date trigger
  Name date_property;
  bool yearly = false;
  int64_t offset_minutes = 0;
  std::optional<int> at_minute;  // minutes after midnight
  // price drop
  double percent = 0;
  Span percent_span;
  ExprPtr by;
  std::optional<int64_t> within_minutes;
};

enum class Status { Draft, Manual, Live };
const char* status_name(Status status);

enum class Reentry { Default, Once, Always, After };

struct SendOptions {
  std::optional<Status> status;
  Span status_span;
  std::optional<bool> smart_sending;
  std::optional<bool> utm;
  std::optional<double> stagger_percent;
  Span stagger_span;
  // Options written that do not exist or are repeated, for the checker.
  std::vector<Name> invalid;
};

struct DateTimeValue {
  int64_t local_minutes = 0;  // minutes since 1970-01-01 00:00 in the zone of the place
  bool has_time = false;
  Span span;
};

struct Step;
using Block = std::vector<Step>;

enum class StepKind { Send, WaitFor, WaitUntil, If, Split, Set, Unset, AddToList, RemoveFromList, Notify, Exit };
const char* step_kind_name(StepKind kind);

// Weekdays as a bit set: bit 0 = Monday ... bit 6 = Sunday; 0 = any day.
using DaySet = uint8_t;

struct Step {
  StepKind kind;
  Span span;
  // send
  Name channel_name;
  Channel channel = Channel::Email;
  Name message;                 // a named message, or
  std::optional<Text> inline_body;  // an inline body (sms/push/whatsapp)
  std::optional<Name> label;    // `as LABEL`
  SendOptions options;
  std::optional<DateTimeValue> at;  // campaign sends
  // waits
  int64_t duration_minutes = 0;
  std::optional<int> at_minute;  // `wait 2d at 10:00`, `wait until 09:00`
  DaySet days = 0;
  // if / split: branches[i] guarded by conditions[i]; else_block may be empty
  std::vector<ExprPtr> conditions;
  std::vector<Block> branches;
  Block else_block;
  bool has_else = false;
  // set / unset
  Name property;
  ExprPtr value;
  // list changes
  Name list;
  // notify
  std::optional<Text> notify_to;
  std::optional<Text> notify_text;
};

struct Flow {
  Name name;
  Span span;
  std::vector<Trigger> triggers;  // the checker requires exactly one
  std::vector<ExprPtr> filters;
  Reentry reentry = Reentry::Default;
  int64_t reentry_after_minutes = 0;
  Span reentry_span;
  std::optional<Status> status;
  Span status_span;
  bool profile_timezone = false;
  Span timezone_span;
  Block steps;
  std::vector<Span> repeated;  // settings written twice
  const Trigger* trigger() const { return triggers.empty() ? nullptr : &triggers.front(); }
};

// ---------------------------------------------------------------------------
// Campaigns

enum class CampaignZone { Account, Local, Fixed };
enum class IfPassed { Default, SendNow, NextDay };

struct Path {
  Name name;
  Span span;
  std::vector<Name> include;
  std::vector<Name> exclude;
  bool has_audience = false;
  Span audience_span;
  Block sends;  // only Send steps are valid here
};

struct Campaign {
  Name name;
  Span span;
  std::vector<Text> tags;
  std::optional<Text> description;
  CampaignZone zone = CampaignZone::Account;
  std::optional<Text> zone_name;  // CampaignZone::Fixed
  Span zone_span;
  IfPassed if_passed = IfPassed::Default;
  Span if_passed_span;
  std::vector<Path> paths;
  std::vector<Span> repeated;
};

// ---------------------------------------------------------------------------
// Keyword automations

struct Question {
  Name name;
  Text text;
  std::vector<Text> choices;
  std::optional<Name> save_to;
  Span span;
};

struct Recommendation {
  Text name;
  ExprPtr when;  // null for default
  Text text;
  Span span;
  bool is_default() const { return !when; }
};

struct ReplyTrigger {
  Name source_kind;  // "campaign" | "flow"
  Name source;
  std::vector<Text> keywords;
  Span span;
};

// The kinds of automation items, in the order they were written, so the
// checker can enforce the product's ordering rules.
enum class AutomationItem { Setting, Ask, Recommend, Reply };

struct Automation {
  Name name;
  Span span;
  std::vector<Name> channels;  // empty: sms
  std::vector<Text> keywords;  // always-on triggers
  std::vector<ReplyTrigger> reply_triggers;
  std::optional<Name> save_keyword_to;
  std::vector<Question> questions;
  std::vector<Recommendation> recommendations;
  std::optional<Text> reprompt;
  std::optional<Text> fallback;
  std::optional<int64_t> max_reprompts;
  Span max_reprompts_span;
  std::optional<int64_t> timeout_minutes;
  Span timeout_span;
  std::optional<Text> reply;
  std::vector<std::pair<AutomationItem, Span>> order;
  std::vector<Span> repeated;
};

// ---------------------------------------------------------------------------

// One parsed file. Declarations keep file order.
struct File {
  FileId file_id = 0;
  std::vector<Import> imports;
  std::vector<Account> accounts;
  std::vector<ProfileSchema> profiles;
  std::vector<Metric> metrics;
  std::vector<List> lists;
  std::vector<Segment> segments;
  std::vector<Message> messages;
  std::vector<Flow> flows;
  std::vector<Campaign> campaigns;
  std::vector<Automation> automations;
  // Spans of declarations that contain a syntax error: the checker skips
  // their bodies to avoid follow-on errors, but still knows their names.
  std::vector<Span> broken;
};

// A whole program: the root file and everything it imports, root first.
struct Program {
  std::vector<File> files;
};

}  // namespace flowc::ast
