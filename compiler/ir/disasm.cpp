// `flowc disasm`: the whole module as text, one section per table, then
// every chunk with its instructions. Operands are resolved to names in
// comments; LoadEvent is named after the event of the place that uses the
// chunk (found by walking the module), answers after their question.
//
// Values are printed as the language writes literals (strings quoted, dates
// as YYYY-MM-DD, durations as 1d12h) rather than as templates display them,
// so a disassembly shows what the constant is, not what it renders to.
#include "ir/disasm.h"

#include <fmt/format.h>

#include <cmath>

namespace flowc::ir {

namespace {

// ---------------------------------------------------------------------------
// Values

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

// Days since 1970-01-01 -> year, month, day (proleptic Gregorian; H. Hinnant).
std::string civil_date(int64_t days) {
  if (days > (int64_t{1} << 40) || days < -(int64_t{1} << 40)) return fmt::format("date#{}", days);  // no overflow below
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  int64_t y = yoe + era * 400 + (m <= 2);
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string clock(int64_t minute_of_day) { return fmt::format("{:02}:{:02}", minute_of_day / 60, minute_of_day % 60); }

// Minutes since 1970-01-01 00:00 -> "YYYY-MM-DD HH:MM".
std::string date_time_minutes(int64_t minutes) {
  int64_t days = floor_div(minutes, 1440);
  return civil_date(days) + " " + clock(minutes - days * 1440);
}

std::string duration(int64_t seconds) {
  if (seconds == 0) return "0s";
  std::string out = seconds < 0 ? "-" : "";
  uint64_t s = seconds < 0 ? static_cast<uint64_t>(-(seconds + 1)) + 1 : static_cast<uint64_t>(seconds);
  const std::pair<uint64_t, const char*> units[] = {{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}};
  for (const auto& [size, unit] : units) {
    if (s >= size) out += fmt::format("{}{}", s / size, unit);
    s %= size;
  }
  return out;
}

const char* consent_word(int64_t c) {
  switch (c) {
    case 0: return "never_subscribed";
    case 1: return "subscribed";
    case 2: return "unsubscribed";
    default: return "?";
  }
}

std::string literal(const Value& v) {
  switch (v.kind) {
    case ValueKind::Unset: return "unset";
    case ValueKind::Bool: return v.i ? "true" : "false";
    case ValueKind::Int: return std::to_string(v.i);
    case ValueKind::Number:
      // A number that is whole still reads as a number.
      return std::isfinite(v.n) && v.n == std::floor(v.n) && std::fabs(v.n) < 1e15 ? fmt::format("{:.1f}", v.n)
                                                                                    : fmt::format("{}", v.n);
    case ValueKind::String: return quoted(v.str());
    case ValueKind::Date: return civil_date(v.i);
    case ValueKind::DateTime: return "datetime " + date_time_minutes(floor_div(v.i, 60));
    case ValueKind::Duration: return duration(v.i);
    case ValueKind::Consent: return consent_word(v.i);
    case ValueKind::List: {
      std::string out = "[";
      for (size_t i = 0; i < v.items().size(); ++i) out += (i ? ", " : "") + literal(v.items()[i]);
      return out + "]";
    }
  }
  return "?";
}

// ---------------------------------------------------------------------------
// Names of things by index, tolerant of bad indexes.

template <typename T>
const T* at(const std::vector<T>& v, Index i) {
  return i < v.size() ? &v[i] : nullptr;
}

const char* builtin_field_name(int64_t f) {
  static const char* const names[] = {"id", "email", "phone", "created"};
  return f >= 0 && f < 4 ? names[f] : "?";
}

const char* special_name(int64_t s) {
  static const char* const names[] = {"unsubscribe_link", "preferences_link", "organization.name"};
  return s >= 0 && s < 3 ? names[s] : "?";
}

const char* builtin_name(int64_t b) {
  static const char* const names[] = {"lower",      "upper",       "len",         "contains", "starts_with",
                                      "ends_with", "days_since", "hours_since", "default"};
  return b >= 0 && b < 9 ? names[b] : "?";
}

const char* filter_name(int64_t f) {
  static const char* const names[] = {"default", "upper", "lower", "money", "date"};
  return f >= 0 && f < 5 ? names[f] : "?";
}

const char* weekday_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string days_text(uint8_t days) {
  std::string out;
  for (int d = 0; d < 7; ++d)
    if (days & (1u << d)) out += (out.empty() ? "" : ",") + std::string(weekday_names[d]);
  return out;
}

std::string ref(Index i, const char* prefix) { return i == kNone ? "none" : fmt::format("{}{}", prefix, i); }

// What a chunk's LoadEvent reads: a metric's slots, or automation answers.
struct ChunkContext {
  Index metric = kNone;
  const AutomationDef* automation = nullptr;
};

class Disassembler {
 public:
  explicit Disassembler(const Module& m) : m_(m), context_(m.chunks.size()) { find_contexts(); }

  std::string module() {
    out_ += fmt::format("; flowc module, format version {}\n", Module::kVersion);
    account();
    profile();
    metrics();
    lists_and_segments();
    aggregates();
    messages();
    for (const FlowDef& f : m_.flows) flow(f);
    for (const CampaignDef& c : m_.campaigns) campaign(c);
    for (const AutomationDef& a : m_.automations) automation(a);
    constants();
    out_ += "\nchunks\n";
    for (Index i = 0; i < m_.chunks.size(); ++i) chunk(i);
    return std::move(out_);
  }

  std::string one_chunk(Index i) {
    chunk(i);
    return std::move(out_);
  }

 private:
  // ---- contexts
  void set_context(Index chunk, Index metric, const AutomationDef* automation = nullptr) {
    if (chunk < context_.size() && context_[chunk].metric == kNone && !context_[chunk].automation)
      context_[chunk] = ChunkContext{metric, automation};
  }

  void find_contexts() {
    for (const AggregateDef& a : m_.aggregates) set_context(a.where, a.metric);
    set_context(m_.account.conversion_value, m_.account.conversion_metric);
    for (const FlowDef& f : m_.flows) {
      set_context(f.trigger_where, f.trigger_target);
      set_context(f.drop_key, f.trigger_target);
      for (const StepDef& s : f.steps) {
        for (Index c : s.conditions) set_context(c, f.event_metric);
        for (Index c : {s.inline_body, s.value, s.notify_to, s.notify_text}) set_context(c, f.event_metric);
        if (const MessageDef* msg = at(m_.messages, s.message))
          for (Index c : {msg->subject, msg->preview, msg->title, msg->body}) set_context(c, f.event_metric);
      }
    }
    for (const AutomationDef& a : m_.automations)
      for (const RecommendationDef& r : a.recommendations) set_context(r.when, kNone, &a);
  }

  // ---- names
  std::string metric_name(Index i) const {
    const MetricDef* m = at(m_.metrics, i);
    return m ? quoted(m->name) : "?";
  }
  std::string profile_name(Index i) const {
    const PropertyDef* p = at(m_.profile_properties, i);
    return p ? p->name : "?";
  }
  std::string list_name(Index i) const {
    const std::string* l = at(m_.lists, i);
    return l ? *l : "?";
  }
  std::string segment_name(Index i) const {
    const SegmentDef* s = at(m_.segments, i);
    return s ? s->name : "?";
  }
  std::string event_property(Index metric, Index slot) const {
    const MetricDef* m = at(m_.metrics, metric);
    const PropertyDef* p = m ? at(m->properties, slot) : nullptr;
    return p ? p->name : fmt::format("#{}", slot);
  }
  std::string chunk_ref(Index i) const { return ref(i, "chunk "); }

  std::string aggregate_text(const AggregateDef& a) const {
    const char* kind = a.kind == AggregateKind::Count ? "count" : a.kind == AggregateKind::Sum ? "sum" : "last";
    std::string out = fmt::format("{}(m{} {}", kind, a.metric, metric_name(a.metric));
    if (a.kind == AggregateKind::Sum) out += fmt::format(".{} (e{})", event_property(a.metric, a.property), a.property);
    if (a.where != kNone) out += " where " + chunk_ref(a.where);
    if (a.window == WindowKind::Within) out += " within " + duration(a.window_seconds);
    if (a.window == WindowKind::SinceFlowStart) out += " since flow_start";
    return out + ")";
  }

  // ---- sections
  void account() {
    const AccountDef& a = m_.account;
    out_ += fmt::format("\naccount {}\n  timezone {}\n", quoted(a.name), quoted(a.timezone));
    out_ += fmt::format("  sender email {} {}\n", quoted(a.sender_email_name), quoted(a.sender_email_address));
    out_ += fmt::format("  sender sms {}\n  sender whatsapp {}\n", quoted(a.sender_sms), quoted(a.sender_whatsapp));
    out_ += fmt::format("  push {}\n", a.push ? "on" : "off");
    out_ += "  smart_sending";
    for (int c = 0; c < 4; ++c)
      out_ += fmt::format(" {} {}", channel_name(static_cast<Channel>(c)), duration(a.smart_sending_seconds[c]));
    out_ += fmt::format("\n  attribution email_click {} email_open {} sms_click {} push_open {}\n",
                        duration(a.attribution_email_click), duration(a.attribution_email_open),
                        duration(a.attribution_sms_click), duration(a.attribution_push_open));
    out_ += fmt::format("  exclude_bot_clicks {}\n  exclude_privacy_opens {}\n", a.exclude_bot_clicks ? "on" : "off",
                        a.exclude_privacy_opens ? "on" : "off");
    out_ += fmt::format("  utm {}", a.utm ? "on" : "off");
    for (const auto& [k, v] : a.utm_params) out_ += fmt::format(" {} {}", k, quoted(v));
    out_ += "\n";
    if (a.quiet_start_minute >= 0)
      out_ += fmt::format("  quiet_hours sms {} to {}\n", clock(a.quiet_start_minute), clock(a.quiet_end_minute));
    if (a.conversion_metric != kNone || a.conversion_value != kNone)
      out_ += fmt::format("  conversion m{} {} value {}\n", a.conversion_metric, metric_name(a.conversion_metric),
                          chunk_ref(a.conversion_value));
    out_ += fmt::format("  double_opt_in email {}\n", a.double_opt_in_email ? "on" : "off");
    out_ += fmt::format("  sms_help {}\n", quoted(a.sms_help));
  }

  std::string property_text(const PropertyDef& p) const {
    std::string out = fmt::format("{}: {}{}", p.name, type_name(p.type), p.optional ? "?" : "");
    if (p.default_constant != kNone) {
      const Value* v = at(m_.constants, p.default_constant);
      out += fmt::format(" = {} (k{})", v ? literal(*v) : "?", p.default_constant);
    }
    return out;
  }

  void profile() {
    out_ += "\nprofile\n";
    for (Index i = 0; i < m_.profile_properties.size(); ++i)
      out_ += fmt::format("  p{} {}\n", i, property_text(m_.profile_properties[i]));
  }

  void metrics() {
    out_ += "\nmetrics\n";
    for (Index i = 0; i < m_.metrics.size(); ++i) {
      const MetricDef& m = m_.metrics[i];
      out_ += fmt::format("  m{} {}{}\n", i, quoted(m.name), m.builtin ? " (built-in)" : "");
      for (Index j = 0; j < m.properties.size(); ++j)
        out_ += fmt::format("    e{} {}\n", j, property_text(m.properties[j]));
    }
  }

  void lists_and_segments() {
    out_ += "\nlists\n";
    for (Index i = 0; i < m_.lists.size(); ++i) out_ += fmt::format("  l{} {}\n", i, quoted(m_.lists[i]));
    out_ += "\nsegments\n";
    for (Index i = 0; i < m_.segments.size(); ++i) {
      const SegmentDef& s = m_.segments[i];
      out_ += fmt::format("  s{} {} = {}{}\n", i, quoted(s.name), chunk_ref(s.condition),
                          s.time_dependent ? "  time-dependent" : "");
    }
  }

  void aggregates() {
    out_ += "\naggregates\n";
    for (Index i = 0; i < m_.aggregates.size(); ++i)
      out_ += fmt::format("  a{} {}\n", i, aggregate_text(m_.aggregates[i]));
  }

  void messages() {
    out_ += "\nmessages\n";
    for (Index i = 0; i < m_.messages.size(); ++i) {
      const MessageDef& msg = m_.messages[i];
      out_ += fmt::format("  msg{} {} {}{}\n", i, channel_name(msg.channel), msg.name,
                          msg.transactional ? "  transactional" : "");
      const std::pair<const char*, Index> fields[] = {
          {"subject", msg.subject}, {"preview", msg.preview}, {"title", msg.title}, {"body", msg.body}};
      for (const auto& [name, c] : fields)
        if (c != kNone) out_ += fmt::format("    {} {}\n", name, chunk_ref(c));
      if (!msg.from_name.empty() || !msg.from_address.empty())
        out_ += fmt::format("    from {} {}\n", quoted(msg.from_name), quoted(msg.from_address));
    }
  }

  std::string trigger_text(const FlowDef& f) const {
    switch (f.trigger) {
      case TriggerKind::List: return fmt::format("list l{} {}", f.trigger_target, quoted(list_name(f.trigger_target)));
      case TriggerKind::Segment:
        return fmt::format("segment s{} {}", f.trigger_target, quoted(segment_name(f.trigger_target)));
      case TriggerKind::Metric: {
        std::string out = fmt::format("metric m{} {}", f.trigger_target, metric_name(f.trigger_target));
        return f.trigger_where == kNone ? out : out + " where " + chunk_ref(f.trigger_where);
      }
      case TriggerKind::Date: {
        std::string out = f.date_builtin >= 0 ? fmt::format("date profile.{}", builtin_field_name(f.date_builtin))
                                              : fmt::format("date p{} profile.{}", f.date_property,
                                                            profile_name(f.date_property));
        if (f.yearly) out += " yearly";
        if (f.offset_seconds) out += " offset " + duration(f.offset_seconds);
        if (f.at_minute >= 0) out += " at " + clock(f.at_minute);
        return out;
      }
      case TriggerKind::PriceDrop: {
        std::string out = fmt::format("price_drop {}% on m{} {} by {}", f.drop_percent, f.trigger_target,
                                      metric_name(f.trigger_target), chunk_ref(f.drop_key));
        return f.drop_within_seconds ? out + " within " + duration(f.drop_within_seconds) : out;
      }
    }
    return "?";
  }

  void flow(const FlowDef& f) {
    out_ += fmt::format("\nflow {}\n  trigger {}\n", quoted(f.name), trigger_text(f));
    for (Index c : f.filters) out_ += fmt::format("  filter {}\n", chunk_ref(c));
    const char* reentry = f.reentry == Reentry::Once             ? "once"
                          : f.reentry == Reentry::Always         ? "always"
                          : f.reentry == Reentry::PerOccurrence ? "once per date"
                                                                 : "after";
    out_ += fmt::format("  reentry {}{}\n", reentry,
                        f.reentry == Reentry::After ? " " + duration(f.reentry_after_seconds) : "");
    out_ += fmt::format("  timezone {}\n", f.profile_timezone ? "profile" : "account");
    if (f.event_metric != kNone) out_ += fmt::format("  event m{} {}\n", f.event_metric, metric_name(f.event_metric));
    out_ += fmt::format("  entry {}\n", step_ref(f.entry));
    for (Index i = 0; i < f.steps.size(); ++i) step(i, f.steps[i]);
  }

  static std::string step_ref(Index i) { return i == kNone ? "end" : fmt::format("{}", i); }

  void step(Index i, const StepDef& s) {
    std::string text = fmt::format("  {:>3}  line {:<4} {}", i, s.line, step_kind_name(s.kind));
    switch (s.kind) {
      case StepKind::Send:
        text += fmt::format(" {} {}", channel_name(s.channel), quoted(s.name));
        text += s.message != kNone ? fmt::format(" msg{}", s.message) : " inline " + chunk_ref(s.inline_body);
        text += fmt::format(" {}{}{}", status_name(s.status), s.smart_sending ? " smart_sending" : "",
                            s.utm ? " utm" : "");
        break;
      case StepKind::Wait:
        if (s.wait == WaitKind::For) text += " for " + duration(s.seconds);
        else if (s.wait == WaitKind::ForCalendarDays) text += fmt::format(" {} calendar days", s.seconds / 86400);
        else text += " until";
        if (s.at_minute >= 0) text += (s.wait == WaitKind::Until ? " " : " at ") + clock(s.at_minute);
        if (s.days) text += " on " + days_text(s.days);
        break;
      case StepKind::Branch:
        text += s.is_split ? " split" : " if";
        for (size_t k = 0; k < s.conditions.size(); ++k)
          text += fmt::format(" {} -> {};", chunk_ref(s.conditions[k]),
                              step_ref(k < s.targets.size() ? s.targets[k] : kNone));
        text += " else -> " + step_ref(s.else_target);
        break;
      case StepKind::Set:
        text += fmt::format(" p{} profile.{} = {} {}", s.property, profile_name(s.property), chunk_ref(s.value),
                            status_name(s.status));
        break;
      case StepKind::Unset:
        text += fmt::format(" p{} profile.{} {}", s.property, profile_name(s.property), status_name(s.status));
        break;
      case StepKind::ListAdd:
      case StepKind::ListRemove:
        text += fmt::format(" l{} {} {}", s.list, quoted(list_name(s.list)), status_name(s.status));
        break;
      case StepKind::Notify:
        text += fmt::format(" to {} text {} {}", chunk_ref(s.notify_to), chunk_ref(s.notify_text),
                            status_name(s.status));
        break;
      case StepKind::Exit: break;
    }
    if (s.kind != StepKind::Branch && s.kind != StepKind::Exit) text += " -> " + step_ref(s.next);
    out_ += text + "\n";
  }

  std::string audience_text(const std::vector<std::pair<bool, Index>>& audience) const {
    std::string out;
    for (const auto& [is_segment, i] : audience)
      out += is_segment ? fmt::format(" segment s{} {}", i, quoted(segment_name(i)))
                        : fmt::format(" list l{} {}", i, quoted(list_name(i)));
    return out;
  }

  void campaign(const CampaignDef& c) {
    const char* zone = c.zone == CampaignZone::Account ? "account" : c.zone == CampaignZone::Local ? "local" : "fixed";
    out_ += fmt::format("\ncampaign {}\n  timezone {}", quoted(c.name), zone);
    if (c.zone == CampaignZone::Fixed) out_ += " " + quoted(c.zone_name);
    out_ += fmt::format(" if_passed {}\n", c.next_day_if_passed ? "next_day" : "send_now");
    for (const PathDef& p : c.paths) {
      out_ += fmt::format("  path {}\n    audience{}\n", quoted(p.name), audience_text(p.include));
      if (!p.exclude.empty()) out_ += fmt::format("    exclude{}\n", audience_text(p.exclude));
      for (const CampaignSendDef& s : p.sends) {
        out_ += fmt::format("    send {} {}", channel_name(s.channel), quoted(s.name));
        out_ += s.message != kNone ? fmt::format(" msg{}", s.message) : " inline " + chunk_ref(s.inline_body);
        out_ += " at " + date_time_minutes(s.local_minutes);
        if (s.stagger_percent > 0) out_ += fmt::format(" stagger {}%", s.stagger_percent);
        out_ += fmt::format("{}{}\n", s.smart_sending ? " smart_sending" : "", s.utm ? " utm" : "");
      }
    }
  }

  void automation(const AutomationDef& a) {
    out_ += fmt::format("\nautomation {}\n  channels{}{}\n", quoted(a.name), a.sms ? " sms" : "",
                        a.whatsapp ? " whatsapp" : "");
    for (const std::string& k : a.keywords) out_ += fmt::format("  keyword {}\n", quoted(k));
    for (const AutomationDef::Reply& r : a.reply_triggers) {
      out_ += fmt::format("  reply to {} {} keyword", r.campaign ? "campaign" : "flow", quoted(r.source));
      for (const std::string& k : r.keywords) {
        out_ += ' ';
        out_ += quoted(k);
      }
      out_ += "\n";
    }
    if (a.save_keyword_to != kNone)
      out_ += fmt::format("  save keyword to p{} profile.{}\n", a.save_keyword_to, profile_name(a.save_keyword_to));
    for (size_t i = 0; i < a.questions.size(); ++i) {
      const QuestionDef& q = a.questions[i];
      out_ += fmt::format("  ask #{} {} text {} choices", i, q.name, chunk_ref(q.text));
      for (const std::string& c : q.choices) {
        out_ += ' ';
        out_ += quoted(c);
      }
      if (q.save_to != kNone) out_ += fmt::format(" save to p{} profile.{}", q.save_to, profile_name(q.save_to));
      out_ += "\n";
    }
    for (const RecommendationDef& r : a.recommendations)
      out_ += fmt::format("  recommend {} {} text {}\n", quoted(r.name),
                          r.when == kNone ? "default" : "when " + chunk_ref(r.when), chunk_ref(r.text));
    const std::pair<const char*, Index> texts[] = {{"reprompt", a.reprompt}, {"fallback", a.fallback}, {"reply", a.reply}};
    for (const auto& [name, c] : texts)
      if (c != kNone) out_ += fmt::format("  {} {}\n", name, chunk_ref(c));
    out_ += fmt::format("  max_reprompts {}\n  timeout {}\n", a.max_reprompts, duration(a.timeout_seconds));
  }

  void constants() {
    out_ += "\nconstants\n";
    for (Index i = 0; i < m_.constants.size(); ++i) out_ += fmt::format("  k{} {}\n", i, literal(m_.constants[i]));
  }

  // ---- chunks
  std::string comment(const Instr& in, const ChunkContext& cx) const {
    switch (in.op) {
      case Opcode::Const: {
        const Value* v = at(m_.constants, static_cast<Index>(in.a));
        return v ? literal(*v) : "?";
      }
      case Opcode::LoadProfile: return "profile." + profile_name(static_cast<Index>(in.a));
      case Opcode::LoadBuiltin: return fmt::format("profile.{}", builtin_field_name(in.a));
      case Opcode::LoadConsent:
        return in.a >= 0 && in.a < kConsentChannels
                   ? fmt::format("profile.consent.{}", consent_channel_name(static_cast<ConsentChannel>(in.a)))
                   : "?";
      case Opcode::LoadEvent:
        if (cx.automation) {
          const QuestionDef* q = at(cx.automation->questions, static_cast<Index>(in.a));
          return q ? "answer " + q->name : "?";
        }
        return "event." + event_property(cx.metric, static_cast<Index>(in.a));
      case Opcode::LoadSpecial: return special_name(in.a);
      case Opcode::InList: return "list " + quoted(list_name(static_cast<Index>(in.a)));
      case Opcode::InSegment: return "segment " + quoted(segment_name(static_cast<Index>(in.a)));
      case Opcode::Aggregate: {
        const AggregateDef* a = at(m_.aggregates, static_cast<Index>(in.a));
        return a ? aggregate_text(*a) : "?";
      }
      case Opcode::Call: return fmt::format("{}/{}", builtin_name(in.a), in.b);
      case Opcode::Filter: return filter_name(in.a);
      case Opcode::Escape:
        return in.a >= 0 && in.a <= static_cast<int32_t>(HtmlEscape::UrlComponent)
                   ? html_escape_name(static_cast<HtmlEscape>(in.a))
                   : "?";
      default: return {};
    }
  }

  static bool has_operand(Opcode op) {
    switch (op) {
      case Opcode::Now:
      case Opcode::Add: case Opcode::Sub: case Opcode::Mul: case Opcode::Div: case Opcode::Mod: case Opcode::Neg:
      case Opcode::Eq: case Opcode::Ne: case Opcode::Lt: case Opcode::Le: case Opcode::Gt: case Opcode::Ge:
      case Opcode::Not: case Opcode::IsSet: case Opcode::In: case Opcode::Return: case Opcode::ToText: return false;
      default: return true;
    }
  }

  void chunk(Index i) {
    const Chunk* c = at(m_.chunks, i);
    if (!c) {
      out_ += fmt::format("chunk {}: no such chunk\n", i);
      return;
    }
    out_ += fmt::format("chunk {}  ; {}\n", i, quoted(c->source));
    ChunkContext cx = i < context_.size() ? context_[i] : ChunkContext{};
    for (size_t pc = 0; pc < c->code.size(); ++pc) {
      const Instr& in = c->code[pc];
      std::string operands;
      if (in.op == Opcode::Call) operands = fmt::format("{} {}", in.a, in.b);
      else if (has_operand(in.op)) operands = fmt::format("{}", in.a);
      std::string line = fmt::format("  {:>4}  {:<17} {}", pc, opcode_name(in.op), operands);
      std::string note = comment(in, cx);
      if (!note.empty()) line = fmt::format("{:<34} ; {}", line, note);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out_ += line + "\n";
    }
  }

  const Module& m_;
  std::vector<ChunkContext> context_;
  std::string out_;
};

}  // namespace

std::string disassemble(const Module& module) { return Disassembler(module).module(); }

std::string disassemble_chunk(const Module& module, Index chunk) { return Disassembler(module).one_chunk(chunk); }

}  // namespace flowc::ir
