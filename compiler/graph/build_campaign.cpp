// A campaign: its schedule, then its paths in order. A recipient takes the
// first path whose audience they are in, so each path hands the others on
// to the next ("otherwise"); a path's sends follow it in time order.
#include <fmt/format.h>

#include "graph/builder.h"
#include "ir/value.h"

namespace flowc::graph {

namespace {

std::string local_date_time(const ast::DateTimeValue& at) {
  int64_t days = at.local_minutes >= 0 ? at.local_minutes / 1440 : (at.local_minutes - 1439) / 1440;
  ir::Civil civil = ir::civil_from_days(days);
  std::string date = fmt::format("{:04}-{:02}-{:02}", civil.year, civil.month, civil.day);
  if (!at.has_time) return date;
  return date + " " + time_of_day(static_cast<int>(at.local_minutes - days * 1440));
}

std::string zone_words(const ast::Campaign& c) {
  std::string zone = "account time zone";
  if (c.zone == ast::CampaignZone::Local) zone = "each recipient's local time";
  if (c.zone == ast::CampaignZone::Fixed && c.zone_name) zone = c.zone_name->value;
  if (c.if_passed == ast::IfPassed::NextDay) zone += "; if passed: next day";
  if (c.if_passed == ast::IfPassed::SendNow) zone += "; if passed: send now";
  return zone;
}

std::string names_list(const std::vector<ast::Name>& names) {
  std::vector<std::string> out;
  for (const ast::Name& n : names) out.push_back(quoted(n.text));
  return fmt::format("{}", fmt::join(out, ", "));
}

std::string send_node(Builder& b, const ast::Step& s) {
  std::string what = "send " + s.channel_name.text + (s.inline_body ? "" : " " + quoted(s.message.text));
  if (s.label) what += " as " + s.label->text;
  std::vector<std::string> lines{what};
  if (s.inline_body) lines.push_back("\"" + shortened(s.inline_body->value, 40) + "\"");
  if (s.at) lines.push_back("at " + local_date_time(*s.at));
  if (s.options.stagger_percent) lines.push_back(fmt::format("stagger {}%", *s.options.stagger_percent));
  if (s.options.smart_sending == false) lines.push_back("smart sending off");
  if (s.options.utm == false) lines.push_back("no UTM tags");
  return b.node(Shape::Send, lines);
}

}  // namespace

Graph campaign_graph(const ast::Campaign& campaign, const SourceManager& sources) {
  Builder b(sources);
  b.graph.title = "campaign " + quoted(campaign.name.text);
  std::vector<std::string> start_lines{"campaign " + quoted(campaign.name.text), zone_words(campaign)};
  Ends ends{{b.node(Shape::Trigger, start_lines), ""}};
  Ends finished;
  for (const ast::Path& path : campaign.paths) {
    std::vector<std::string> lines{"path " + quoted(path.name.text), "audience " + names_list(path.include)};
    if (!path.exclude.empty()) lines.push_back("exclude " + names_list(path.exclude));
    std::string id = b.node(Shape::Group, lines);
    b.join(ends, id);
    Ends sends{{id, "in audience"}};
    for (const ast::Step& s : path.sends) {
      std::string send = send_node(b, s);
      b.join(sends, send);
      sends = {{send, ""}};
    }
    finished.insert(finished.end(), sends.begin(), sends.end());
    ends = {{id, "otherwise"}};
  }
  b.join(finished, b.node(Shape::End, {"end"}));
  b.join(ends, b.node(Shape::End, {"not sent"}));
  return std::move(b.graph);
}

}  // namespace flowc::graph
