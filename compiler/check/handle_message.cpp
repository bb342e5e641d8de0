// Messages (LANGUAGE.md section 5): fields per channel, the unsubscribe link,
// SMS length, and the templates checked against every place that sends them.
#include <algorithm>
#include <set>
#include <fmt/format.h>

#include "check/checker.h"
#include "diag/suggest.h"
#include "stdlib/sms.h"

namespace flowc::check {

namespace {

struct FieldRule {
  const char* key;
  bool required;
  int strings;  // how many strings the value has; 0: a true/false flag
};

std::vector<FieldRule> field_rules(ast::Channel channel) {
  switch (channel) {
    case ast::Channel::Email:
      return {{"subject", true, 1}, {"preview", false, 1}, {"from", false, 2}, {"body", true, 1},
              {"transactional", false, 0}};
    case ast::Channel::Sms:
    case ast::Channel::Whatsapp: return {{"body", true, 1}, {"transactional", false, 0}};
    case ast::Channel::Push: return {{"title", true, 1}, {"body", true, 1}, {"transactional", false, 0}};
    case ast::Channel::Invalid: return {};
  }
  return {};
}

// A rough rendering of a template for length estimates: holes count as
// eight characters, which is what a first name or an amount usually takes.
std::string estimated_text(const ast::Text& text) {
  std::string out;
  for (const ast::TemplatePart& p : text.parts) out += p.expr ? std::string(8, 'x') : p.literal;
  return out;
}

}  // namespace

const ast::MessageField* Checker::field(const ast::Message& m, const char* key) const {
  for (const ast::MessageField& f : m.fields)
    if (f.key.text == key) return &f;
  return nullptr;
}

void Checker::check_message(ast::Message& m) {
  if (m.channel == ast::Channel::Invalid) return;  // reported by the parser
  if (!symbols.channel_enabled(m.channel)) {
    const char* how = m.channel == ast::Channel::Sms        ? "add `sender sms \"+1...\"` to the account"
                      : m.channel == ast::Channel::Whatsapp ? "add `sender whatsapp \"+1...\"` to the account"
                                                            : "add `push on` to the account";
    sink_.report(DiagnosticKind::ChannelNotEnabled, m.channel_name.span,
                 fmt::format("message `{}` uses {}, which the account has not enabled", m.name.text,
                             ast::channel_name(m.channel)))
        .hint = how;
  }
  std::vector<FieldRule> rules = field_rules(m.channel);
  std::vector<std::string> seen;
  for (const ast::MessageField& f : m.fields) {
    const FieldRule* rule = nullptr;
    for (const FieldRule& r : rules)
      if (f.key.text == r.key) rule = &r;
    if (!rule) {
      std::vector<std::string> keys;
      for (const FieldRule& r : rules) keys.push_back(r.key);
      auto& d = sink_.report(DiagnosticKind::InvalidField, f.key.span,
                             fmt::format("{} messages have no field `{}`", ast::channel_name(m.channel), f.key.text));
      std::string suggestion = did_you_mean(f.key.text, keys);
      std::string list;
      for (const auto& k : keys) list += (list.empty() ? "" : ", ") + k;
      d.hint = suggestion.empty() ? fmt::format("the fields are {}", list) : suggestion;
      continue;
    }
    if (std::find(seen.begin(), seen.end(), f.key.text) != seen.end()) {
      sink_.report(DiagnosticKind::InvalidField, f.key.span, fmt::format("field `{}` is written twice", f.key.text));
      continue;
    }
    seen.push_back(f.key.text);
    bool shape_ok = rule->strings == 0 ? (f.flag.has_value() && f.texts.empty())
                                       : (!f.flag && !f.texts.empty() && f.texts.size() <= size_t(rule->strings));
    if (f.is_file && f.key.text != "body") shape_ok = false;
    if (f.is_file && f.texts.size() != 1) shape_ok = false;
    if (!shape_ok) {
      std::string expected = rule->strings == 0 ? "`true` or `false`"
                             : rule->strings == 2 ? "a name and an address: `from \"Name\" \"hello@brand.example\"`"
                             : f.key.text == "body" ? "one string, or `file \"path\"`"
                                                    : "one string";
      sink_.report(DiagnosticKind::InvalidField, f.key.span, fmt::format("field `{}` takes {}", f.key.text, expected));
    }
  }
  std::vector<std::string> missing;
  for (const FieldRule& r : rules)
    if (r.required && std::find(seen.begin(), seen.end(), r.key) == seen.end()) missing.push_back(r.key);
  if (!missing.empty()) {
    std::string list;
    for (const auto& k : missing) list += (list.empty() ? "`" : ", `") + k + "`";
    sink_.report(DiagnosticKind::MissingField, m.name.span,
                 fmt::format("{} message `{}` has no {}", ast::channel_name(m.channel), m.name.text, list));
  }

  const ast::MessageField* transactional = field(m, "transactional");
  bool is_transactional = transactional && transactional->flag && *transactional->flag;
  const ast::MessageField* body = field(m, "body");
  const ast::Text* body_text = body && body->is_file ? (m.body_from_file ? &*m.body_from_file : nullptr)
                               : body && !body->texts.empty() ? &body->texts[0]
                                                              : nullptr;
  if (m.channel == ast::Channel::Email && !is_transactional && body_text && !body_text->mentions("unsubscribe_link")) {
    sink_.report(DiagnosticKind::MissingUnsubscribeLink, m.name.span,
                 fmt::format("marketing email `{}` has no unsubscribe link", m.name.text))
        .hint = "add `<a href=\"{{ unsubscribe_link }}\">Unsubscribe</a>` to the body, or mark the message "
                "`transactional true` if it is not marketing";
  }
  if (m.channel == ast::Channel::Email && body_text) check_html_body(*body_text);
  if (m.channel == ast::Channel::Sms && !is_transactional && body_text) {
    stdlib::SmsSize size = stdlib::sms_size(estimated_text(*body_text));
    if (size.segments > 3)
      sink_.report(DiagnosticKind::LongSms, body_text->span,
                   fmt::format("this SMS takes about {} segments ({} {} characters); marketing SMS should fit in 3",
                               size.segments, size.units, size.gsm7 ? "GSM-7" : "UCS-2"))
          .hint = size.gsm7 ? "shorten the text: each segment costs one SMS credit"
                            : "shorten the text or avoid characters outside GSM-7 (emoji, curly quotes), "
                              "which shrink segments to 67 characters";
  }
}

void Checker::check_message_templates(ast::Message& m) {
  if (m.channel == ast::Channel::Invalid) return;
  std::vector<ast::Text*> texts;
  for (ast::MessageField& f : m.fields)
    if (!f.is_file)
      for (ast::Text& t : f.texts) texts.push_back(&t);
  if (m.body_from_file) texts.push_back(&*m.body_from_file);

  auto it = symbols.send_sites.find(&m);
  if (it == symbols.send_sites.end() || it->second.empty()) {
    sink_.report(DiagnosticKind::UnusedMessage, m.name.span,
                 fmt::format("message `{}` is never sent", m.name.text))
        .hint = "send it from a flow or a campaign, or remove it";
    Scope scope;
    scope.place = Place::Template;
    scope.in_message = true;
    scope.event_unknown = true;
    for (ast::Text* t : texts) check_text(*t, scope);
    return;
  }
  auto check_from = [&](const SendSite& site) {
    Scope scope;
    scope.place = Place::Template;
    scope.in_message = true;
    scope.event = site.event;
    scope.no_event_reason = fmt::format("message `{}` is sent from {}, which has no trigger event", m.name.text,
                                        site.place);
    size_t before = sink_.diagnostics().size();
    for (ast::Text* t : texts) check_text(*t, scope);
    // Point from an event error in the template to the send that causes it.
    for (size_t i = before; i < sink_.diagnostics().size(); ++i) {
      const Diagnostic& d = sink_.diagnostics()[i];
      if (d.kind == DiagnosticKind::EventOutOfScope || d.kind == DiagnosticKind::UnknownEventProperty)
        const_cast<Diagnostic&>(d).notes.push_back({site.span, "sent from here"});
    }
  };
  // Sites with the same trigger event (or, without one, the same place) check
  // the templates alike: a second check would only report duplicates, which
  // the sink drops. Checking once per event keeps a message sent from
  // thousands of steps linear in the program.
  std::set<std::pair<const MetricInfo*, std::string>> checked;
  const SendSite* last_checked = nullptr;
  for (const SendSite& site : it->second) {
    if (!checked.emplace(site.event, site.event ? std::string() : site.place).second) continue;
    check_from(site);
    last_checked = &site;
  }
  // The expressions keep the types of the last check, which the lowering
  // reads: end with the last site's event, as checking every site did.
  const SendSite& last = it->second.back();
  if (last_checked->event != last.event) check_from(last);
}

}  // namespace flowc::check
