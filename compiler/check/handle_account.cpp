// The account block (LANGUAGE.md section 4).
#include <algorithm>
#include <fmt/format.h>

#include "check/checker.h"
#include "stdlib/time_zones.h"

namespace flowc::check {

namespace {

const char* public_domains[] = {"gmail.com",   "googlemail.com", "yahoo.com", "yahoo.fr",   "hotmail.com",
                                "hotmail.fr",  "outlook.com",    "live.com",  "msn.com",    "aol.com",
                                "icloud.com",  "me.com",         "mac.com",   "gmx.com",    "gmx.de",
                                "mail.com",    "proton.me",      "protonmail.com", "yandex.com", "orange.fr",
                                "free.fr",     "laposte.net",    "wanadoo.fr", "web.de",    "zoho.com"};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

void Checker::check_account() {
  if (!symbols.account || is_broken(symbols.account->span)) return;
  ast::Account& a = *const_cast<ast::Account*>(symbols.account);
  for (const Span& s : a.repeated)
    sink_.report(DiagnosticKind::InvalidSetting, s, "this account setting is written twice")
        .hint = "keep one; the last one written would silently win";
  if (a.timezone && !stdlib::is_valid_time_zone(a.timezone->value))
    sink_.report(DiagnosticKind::InvalidTimeZone, a.timezone->span,
                 fmt::format("`{}` is not an IANA time zone", a.timezone->value))
        .hint = "write a zone name such as \"America/New_York\" or \"Europe/Paris\"";

  for (const auto& s : a.senders) {
    const std::string& channel = s.channel.text;
    if (channel == "email") {
      const ast::Text& address = s.second ? *s.second : s.first;
      std::string addr = address.value;
      size_t at = addr.rfind('@');
      if (at == std::string::npos) {
        sink_.report(DiagnosticKind::InvalidSetting, address.span, fmt::format("`{}` is not an e-mail address", addr))
            .hint = "write `sender email \"Display Name\" \"hello@yourbrand.example\"`";
        continue;
      }
      std::string domain = lower(addr.substr(at + 1));
      for (const char* d : public_domains) {
        if (domain == d) {
          sink_.report(DiagnosticKind::PublicSenderDomain, address.span,
                       fmt::format("sending from a public mailbox domain (`{}`) hurts deliverability", domain))
              .hint = "use an address on your own sending domain, such as hello@yourbrand.example";
          break;
        }
      }
    } else if (channel == "sms" || channel == "whatsapp") {
      if (s.second)
        sink_.report(DiagnosticKind::InvalidSetting, s.second->span,
                     fmt::format("`sender {}` takes one phone number", channel));
    } else {
      sink_.report(DiagnosticKind::InvalidSetting, s.channel.span, fmt::format("unknown sender channel `{}`", channel))
          .hint = "senders are `email`, `sms` and `whatsapp`; push is enabled with `push on`";
    }
  }

  auto check_windows = [&](const std::vector<ast::ChannelWindow>& windows, std::vector<std::string> keys,
                           const char* setting) {
    std::vector<std::string> seen;
    for (const ast::ChannelWindow& w : windows) {
      if (std::find(keys.begin(), keys.end(), w.channel.text) == keys.end()) {
        std::string list;
        for (const auto& k : keys) list += (list.empty() ? "" : ", ") + k;
        sink_.report(DiagnosticKind::InvalidSetting, w.channel.span,
                     fmt::format("unknown `{}` entry `{}`", setting, w.channel.text))
            .hint = fmt::format("`{}` takes {}", setting, list);
        continue;
      }
      if (std::find(seen.begin(), seen.end(), w.channel.text) != seen.end())
        sink_.report(DiagnosticKind::InvalidSetting, w.span, fmt::format("`{}` is set twice", w.channel.text));
      seen.push_back(w.channel.text);
      if (w.minutes <= 0)
        sink_.report(DiagnosticKind::NonPositiveWindow, w.span,
                     fmt::format("the `{}` window for `{}` must be positive", setting, w.channel.text));
    }
  };
  check_windows(a.smart_sending, {"email", "sms", "push", "whatsapp"}, "smart_sending");
  check_windows(a.attribution, {"email_click", "email_open", "sms_click", "push_open"}, "attribution");

  for (const auto& q : a.quiet_hours) {
    if (q.channel.text != "sms")
      sink_.report(DiagnosticKind::InvalidSetting, q.channel.span, "quiet hours apply only to `sms`");
    else if (q.start_minute == q.end_minute)
      sink_.report(DiagnosticKind::InvalidSetting, q.span, "quiet hours start and end at the same time");
  }
  for (const auto& d : a.double_opt_in)
    if (d.channel.text != "email")
      sink_.report(DiagnosticKind::InvalidSetting, d.channel.span, "double opt-in applies only to `email`");

  static const std::vector<std::string> utm_keys = {"source", "medium", "campaign", "content", "term"};
  for (const auto& p : a.utm_params) {
    if (std::find(utm_keys.begin(), utm_keys.end(), p.key.text) == utm_keys.end())
      sink_.report(DiagnosticKind::InvalidSetting, p.key.span, fmt::format("unknown UTM parameter `{}`", p.key.text))
          .hint = "UTM parameters are source, medium, campaign, content and term";
    // Placeholders: {channel} {name} {message}
    const std::string& v = p.value.value;
    for (size_t open = v.find('{'); open != std::string::npos; open = v.find('{', open + 1)) {
      size_t close = v.find('}', open);
      std::string placeholder = close == std::string::npos ? v.substr(open) : v.substr(open, close - open + 1);
      if (placeholder != "{channel}" && placeholder != "{name}" && placeholder != "{message}")
        sink_.report(DiagnosticKind::InvalidSetting, p.value.span,
                     fmt::format("unknown UTM placeholder `{}`", placeholder))
            .hint = "the placeholders are {channel}, {name} and {message}";
    }
  }

  if (a.conversion) {
    const MetricInfo* metric = resolve_metric(a.conversion->metric.text, a.conversion->metric.span);
    Scope scope;
    scope.place = Place::Conversion;
    scope.event = metric;
    scope.event_unknown = metric == nullptr;
    Type t = check_expr(a.conversion->value.get(), scope);
    if (a.conversion->value && !t.is_error() && !t.is_numeric())
      sink_.report(DiagnosticKind::TypeMismatch, a.conversion->value->span,
                   fmt::format("the conversion value must be a number, but this is `{}`", t.to_string()));
  }
  Scope profile_only;
  profile_only.place = Place::Template;
  profile_only.no_event_reason = "account texts have no event";
  if (a.sms_help) check_text(*a.sms_help, profile_only);
}

}  // namespace flowc::check
