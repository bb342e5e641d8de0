#include "ast/dump.h"

#include <fmt/format.h>

namespace flowc::ast {

namespace {

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out + "\"";
}

std::string join_path(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& p : path) out += (out.empty() ? "" : ".") + p;
  return out;
}

const char* window_name(const Expr& e) {
  return e.window == WindowKind::Within ? "within" : e.window == WindowKind::SinceFlowStart ? "since_flow_start" : "";
}

}  // namespace

std::string dump_expr(const Expr& e) {
  switch (e.kind) {
    case ExprKind::IntLiteral: return std::to_string(e.int_value);
    case ExprKind::NumberLiteral: return fmt::format("{}", e.number_value);
    case ExprKind::StringLiteral: return quote(e.text);
    case ExprKind::BoolLiteral: return e.bool_value ? "true" : "false";
    case ExprKind::DurationLiteral: return fmt::format("{}m", e.int_value);
    case ExprKind::PercentLiteral: return fmt::format("{}%", e.number_value);
    case ExprKind::DateLiteral: return fmt::format("(date {})", e.int_value);
    case ExprKind::DateTimeLiteral: return fmt::format("(datetime {})", e.int_value);
    case ExprKind::ProfileRef: return "profile";
    case ExprKind::ProfileProperty: return "profile." + join_path(e.path);
    case ExprKind::EventProperty: return "event." + join_path(e.path);
    case ExprKind::NameRef: return join_path(e.path);
    default: break;
  }
  std::string out = "(";
  switch (e.kind) {
    case ExprKind::ListLiteral: out += "list"; break;
    case ExprKind::Call: out += "call " + e.text; break;
    case ExprKind::Count: out += "count " + quote(e.text); break;
    case ExprKind::Sum: out += "sum " + quote(e.text) + "." + e.property; break;
    case ExprKind::Last: out += "last " + quote(e.text); break;
    case ExprKind::Unary:
    case ExprKind::Binary: out += op_spelling(e.op); break;
    case ExprKind::In: out += e.negated ? "not_in" : "in"; break;
    case ExprKind::AudienceTest:
      out += fmt::format("{} {} {}", e.negated ? "not_in" : "in", e.audience_is_segment ? "segment" : "list",
                         quote(e.text));
      break;
    case ExprKind::IsSet: out += e.negated ? "is_not_set" : "is_set"; break;
    default: break;
  }
  for (const ExprPtr& a : e.args)
    if (a) out += " " + dump_expr(*a);
  if (e.where) out += " where " + dump_expr(*e.where);
  if (e.window != WindowKind::All) out += fmt::format(" {} {}", window_name(e), e.window_minutes);
  if (!e.type.is_error()) out += " : " + e.type.to_string();
  return out + ")";
}

namespace {

class Dumper {
 public:
  explicit Dumper(const SourceManager& sources) : sources_(sources) {}

  std::string out;

  void line(int depth, const std::string& text) { out += std::string(depth * 2, ' ') + text + "\n"; }

  std::string text(const Text& t) {
    std::string s;
    for (const TemplatePart& p : t.parts) {
      if (!p.expr) {
        s += p.literal;
        continue;
      }
      s += "{{" + dump_expr(*p.expr);
      for (const TemplateFilter& f : p.filters) s += " |" + f.name + (f.arg ? ":" + dump_expr(*f.arg) : "");
      s += "}}";
    }
    return quote(s);
  }

  std::string expr(const ExprPtr& e) { return e ? dump_expr(*e) : "<missing>"; }

  void block(int depth, const Block& steps) {
    for (const Step& s : steps) step(depth, s);
  }

  void step(int depth, const Step& s) {
    std::string head = step_kind_name(s.kind);
    switch (s.kind) {
      case StepKind::Send:
        head += fmt::format(" {} {}", channel_name(s.channel),
                            s.inline_body ? "inline " + text(*s.inline_body) : quote(s.message.text));
        if (s.label) head += " as " + s.label->text;
        if (s.at) head += fmt::format(" at {}", s.at->local_minutes);
        if (s.options.status) head += fmt::format(" status={}", status_name(*s.options.status));
        if (s.options.smart_sending) head += fmt::format(" smart_sending={}", *s.options.smart_sending);
        if (s.options.utm) head += fmt::format(" utm={}", *s.options.utm);
        if (s.options.stagger_percent) head += fmt::format(" stagger={}%", *s.options.stagger_percent);
        break;
      case StepKind::WaitFor:
      case StepKind::WaitUntil:
        if (s.kind == StepKind::WaitFor) head += fmt::format(" {}m", s.duration_minutes);
        if (s.at_minute) head += fmt::format(" at {:02}:{:02}", *s.at_minute / 60, *s.at_minute % 60);
        if (s.days) head += fmt::format(" days={:07b}", s.days);
        break;
      case StepKind::Set: head += " " + s.property.text + " = " + expr(s.value); break;
      case StepKind::Unset: head += " " + s.property.text; break;
      case StepKind::AddToList:
      case StepKind::RemoveFromList: head += " " + quote(s.list.text); break;
      case StepKind::Notify:
        head += " " + (s.notify_to ? text(*s.notify_to) : "") + " " + (s.notify_text ? text(*s.notify_text) : "");
        break;
      default: break;
    }
    if (s.label && s.kind != StepKind::Send) head += " as " + s.label->text;  // a send shows it before `at`
    line(depth, head);
    for (size_t i = 0; i < s.branches.size(); ++i) {
      line(depth + 1, (s.kind == StepKind::Split ? "on " : i ? "else if " : "if ") +
                          (i < s.conditions.size() ? expr(s.conditions[i]) : "<missing>"));
      block(depth + 2, s.branches[i]);
    }
    if (s.has_else) {
      line(depth + 1, "else");
      block(depth + 2, s.else_block);
    }
  }

  void file(const File& f) {
    line(0, "file " + quote(sources_.file(f.file_id).path()));
    for (const Import& i : f.imports) line(1, "import " + text(i.path));
    for (const Account& a : f.accounts) account(a);
    for (const ProfileSchema& p : f.profiles) {
      line(1, "profile");
      for (const SchemaField& field : p.fields) schema_field(2, field);
    }
    for (const Metric& m : f.metrics) {
      line(1, "metric " + quote(m.name.text));
      for (const SchemaField& field : m.fields) schema_field(2, field);
    }
    for (const List& l : f.lists) line(1, "list " + quote(l.name.text));
    for (const Segment& s : f.segments) line(1, "segment " + quote(s.name.text) + " = " + expr(s.condition));
    for (const Message& m : f.messages) {
      line(1, fmt::format("{} {}", channel_name(m.channel), quote(m.name.text)));
      for (const MessageField& field : m.fields) {
        std::string values;
        for (const Text& t : field.texts) values += " " + text(t);
        if (field.flag) values += *field.flag ? " true" : " false";
        line(2, field.key.text + (field.is_file ? " file" : "") + values);
      }
    }
    for (const Flow& fl : f.flows) flow(fl);
    for (const Campaign& c : f.campaigns) campaign(c);
    for (const Automation& a : f.automations) automation(a);
  }

  void schema_field(int depth, const SchemaField& f) {
    std::string type = f.type.name;
    if (f.type.element) type += "<" + f.type.element->name + (f.type.element->optional ? "?" : "") + ">";
    if (f.type.optional) type += "?";
    line(depth, f.name.text + ": " + type + (f.default_value ? " = " + expr(f.default_value) : ""));
  }

  void account(const Account& a) {
    line(1, "account");
    if (a.name) line(2, "name " + text(*a.name));
    if (a.timezone) line(2, "timezone " + text(*a.timezone));
    for (const auto& s : a.senders)
      line(2, "sender " + s.channel.text + " " + text(s.first) + (s.second ? " " + text(*s.second) : ""));
    if (a.push != SettingToggle::Unset) line(2, std::string("push ") + (a.push == SettingToggle::On ? "on" : "off"));
    for (const auto& w : a.smart_sending) line(2, fmt::format("smart_sending {} {}m", w.channel.text, w.minutes));
    for (const auto& w : a.attribution) line(2, fmt::format("attribution {} {}m", w.channel.text, w.minutes));
    if (a.utm != SettingToggle::Unset) line(2, std::string("utm ") + (a.utm == SettingToggle::On ? "on" : "off"));
    for (const auto& p : a.utm_params) line(3, p.key.text + " " + text(p.value));
    for (const auto& q : a.quiet_hours)
      line(2, fmt::format("quiet_hours {} {} {}", q.channel.text, q.start_minute, q.end_minute));
    if (a.conversion) line(2, "conversion " + quote(a.conversion->metric.text) + " value " + expr(a.conversion->value));
    for (const auto& d : a.double_opt_in) line(2, fmt::format("double_opt_in {} {}", d.channel.text, d.on));
    if (a.sms_help) line(2, "sms_help " + text(*a.sms_help));
  }

  void flow(const Flow& f) {
    line(1, "flow " + quote(f.name.text));
    for (const Trigger& t : f.triggers) {
      std::string head = "trigger ";
      switch (t.kind) {
        case TriggerKind::List: head += "list " + quote(t.target.text); break;
        case TriggerKind::Segment: head += "segment " + quote(t.target.text); break;
        case TriggerKind::Metric: head += "metric " + quote(t.target.text) + (t.where ? " where " + expr(t.where) : ""); break;
        case TriggerKind::Date:
          head += fmt::format("date profile.{}{} offset {}m", t.date_property.text, t.yearly ? " yearly" : "",
                              t.offset_minutes);
          if (t.at_minute) head += fmt::format(" at {:02}:{:02}", *t.at_minute / 60, *t.at_minute % 60);
          break;
        case TriggerKind::PriceDrop:
          head += fmt::format("price_drop {}% on {} by {}", t.percent, quote(t.target.text), expr(t.by));
          if (t.within_minutes) head += fmt::format(" within {}m", *t.within_minutes);
          break;
      }
      line(2, head);
    }
    for (const ExprPtr& e : f.filters) line(2, "filter " + expr(e));
    if (f.reentry != Reentry::Default)
      line(2, f.reentry == Reentry::Once     ? "reentry once"
              : f.reentry == Reentry::Always ? "reentry always"
                                             : fmt::format("reentry after {}m", f.reentry_after_minutes));
    if (f.status) line(2, std::string("status ") + status_name(*f.status));
    if (f.profile_timezone) line(2, "timezone profile");
    block(2, f.steps);
  }

  void campaign(const Campaign& c) {
    line(1, "campaign " + quote(c.name.text));
    for (const Text& t : c.tags) line(2, "tag " + text(t));
    if (c.description) line(2, "description " + text(*c.description));
    line(2, std::string("timezone ") +
                (c.zone == CampaignZone::Local ? "local" : c.zone == CampaignZone::Account ? "account" : "fixed") +
                (c.zone_name ? " " + text(*c.zone_name) : "") +
                (c.if_passed == IfPassed::SendNow ? " if_passed send_now"
                 : c.if_passed == IfPassed::NextDay ? " if_passed next_day" : ""));
    for (const Path& p : c.paths) {
      line(2, "path " + quote(p.name.text));
      std::string audience = "audience";
      for (const Name& n : p.include) audience += " " + quote(n.text);
      if (!p.exclude.empty()) audience += " exclude";
      for (const Name& n : p.exclude) audience += " " + quote(n.text);
      line(3, audience);
      block(3, p.sends);
    }
  }

  void automation(const Automation& a) {
    line(1, "automation " + quote(a.name.text));
    for (const Name& c : a.channels) line(2, "channel " + c.text);
    for (const Text& k : a.keywords) line(2, "keyword " + text(k));
    for (const ReplyTrigger& r : a.reply_triggers) {
      std::string keys;
      for (const Text& k : r.keywords) keys += " " + text(k);
      line(2, "reply_to " + r.source_kind.text + " " + quote(r.source.text) + keys);
    }
    if (a.save_keyword_to) line(2, "save_keyword_to " + a.save_keyword_to->text);
    for (const Question& q : a.questions) {
      std::string choices;
      for (const Text& c : q.choices) choices += " " + text(c);
      line(2, "ask " + q.name.text + " " + text(q.text) + " choices" + choices +
                  (q.save_to ? " save_to " + q.save_to->text : ""));
    }
    for (const Recommendation& r : a.recommendations)
      line(2, "recommend " + text(r.name) + (r.when ? " when " + expr(r.when) : " default") + " " + text(r.text));
    if (a.reprompt) line(2, "reprompt " + text(*a.reprompt));
    if (a.fallback) line(2, "fallback " + text(*a.fallback));
    if (a.max_reprompts) line(2, fmt::format("max_reprompts {}", *a.max_reprompts));
    if (a.timeout_minutes) line(2, fmt::format("timeout {}m", *a.timeout_minutes));
    if (a.reply) line(2, "reply " + text(*a.reply));
  }

 private:
  const SourceManager& sources_;
};

}  // namespace

std::string dump(const Program& program, const SourceManager& sources) {
  Dumper d(sources);
  for (const File& f : program.files) d.file(f);
  return d.out;
}

}  // namespace flowc::ast
