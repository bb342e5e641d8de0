// Omnichannel campaigns (LANGUAGE.md section 7).
#include <fmt/format.h>

#include <set>

#include "check/checker.h"
#include "stdlib/time_zones.h"

namespace flowc::check {

namespace {

constexpr size_t kMaxPaths = 10;
constexpr size_t kMaxMessages = 30;

std::pair<std::set<std::string>, std::set<std::string>> audience_key(const ast::Path& p) {
  std::set<std::string> include, exclude;
  for (const ast::Name& n : p.include) include.insert(n.text);
  for (const ast::Name& n : p.exclude) exclude.insert(n.text);
  return {include, exclude};
}

}  // namespace

void Checker::check_campaign(ast::Campaign& c) {
  for (const Span& s : c.repeated)
    sink_.report(DiagnosticKind::InvalidCampaignSetting, s, "this campaign setting is written twice");
  if (c.zone == ast::CampaignZone::Fixed && c.zone_name && !stdlib::is_valid_time_zone(c.zone_name->value))
    sink_.report(DiagnosticKind::InvalidTimeZone, c.zone_name->span,
                 fmt::format("`{}` is not an IANA time zone", c.zone_name->value))
        .hint = "write `local`, `account`, or a zone name such as \"Europe/Paris\"";
  if (c.if_passed != ast::IfPassed::Default && c.zone != ast::CampaignZone::Local)
    sink_.report(DiagnosticKind::InvalidCampaignSetting, c.if_passed_span,
                 "`if_passed` applies only to `timezone local`")
        .hint = "with one time zone for everyone, the send time cannot have passed for some recipients only";

  std::string place = fmt::format("campaign `{}`", c.name.text);
  Scope scope;
  scope.place = Place::Template;
  scope.no_event_reason = place + " has no trigger event";
  size_t message_count = 0;
  std::map<std::string, const ast::Path*> path_names;
  for (size_t i = 0; i < c.paths.size(); ++i) {
    ast::Path& path = c.paths[i];
    if (i == kMaxPaths)
      sink_.report(DiagnosticKind::TooManyPaths, path.name.span,
                   fmt::format("campaign `{}` has more than {} paths", c.name.text, kMaxPaths))
          .hint = "merge paths, or split the campaign in two";
    if (!path_names.emplace(path.name.text, &path).second)
      sink_.report(DiagnosticKind::DuplicateName, path.name.span,
                   fmt::format("campaign `{}` has two paths named `{}`", c.name.text, path.name.text));
    if (!path.has_audience || path.include.empty())
      sink_.report(DiagnosticKind::MissingAudience, path.name.span,
                   fmt::format("path `{}` has no audience", path.name.text))
          .hint = "add `audience LIST_OR_SEGMENT, ... [exclude ...]`";
    for (const ast::Name& n : path.include) resolve_audience(n, "");
    for (const ast::Name& n : path.exclude) resolve_audience(n, "");
    for (size_t j = 0; j < i; ++j) {
      const ast::Path& other = c.paths[j];
      if (path.has_audience && other.has_audience && !path.include.empty() &&
          audience_key(path) == audience_key(other)) {
        sink_.report(DiagnosticKind::IdenticalAudiences, path.audience_span,
                     fmt::format("paths `{}` and `{}` have the same audience", other.name.text, path.name.text));
        sink_.note(other.audience_span, "the other audience is here");
        sink_.hint("a profile belongs to the first path whose audience includes it, so this path receives nobody");
        break;
      }
    }
    if (path.sends.empty())
      sink_.report(DiagnosticKind::EmptyPath, path.name.span, fmt::format("path `{}` sends no message", path.name.text));
    for (ast::Step& s : path.sends) {
      if (s.kind != ast::StepKind::Send) {
        sink_.report(DiagnosticKind::MisplacedExpression, s.span,
                     fmt::format("a campaign path contains only `send` steps, not `{}`", ast::step_kind_name(s.kind)))
            .hint = "campaigns only send messages; use a flow for waits, splits and profile updates";
        continue;
      }
      ++message_count;
      if (message_count == kMaxMessages + 1)
        sink_.report(DiagnosticKind::TooManyCampaignMessages, s.span,
                     fmt::format("campaign `{}` has more than {} messages", c.name.text, kMaxMessages));
      check_send(s, scope, place, true);
      if (!s.at)
        sink_.report(DiagnosticKind::MissingSendTime, s.span, "a campaign message needs a send time")
            .hint = "add `at 2026-11-27 09:00` after the message name";
      if (s.options.stagger_percent && (*s.options.stagger_percent < 10 || *s.options.stagger_percent > 50))
        sink_.report(DiagnosticKind::InvalidStagger, s.options.stagger_span,
                     fmt::format("stagger {}% is outside 10%-50%", *s.options.stagger_percent))
            .hint = "a staggered send reaches 10% to 50% of the audience each hour";
    }
  }
}

}  // namespace flowc::check
