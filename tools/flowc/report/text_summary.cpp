// The terminal summary of a report: flows, campaign messages, automations
// and usage, in the terms of the seed's flow analytics ("Analyse du flux"):
// sent, skipped and why, waiting, needing review, opens, clicks, rates,
// conversions and revenue.
#include <fmt/format.h>

#include <algorithm>

#include "report/format.h"
#include "report/report.h"
#include "report/table.h"

namespace flowc::report {

namespace {

// Engagement columns shared by flow steps and campaign messages.
const std::vector<std::string> kEngagementHeader = {"opens", "clicks", "open rate", "click rate", "unsubscribes",
                                                    "conversions", "revenue", "rev/recipient"};

std::vector<std::string> engagement_cells(const Engagement& e) {
  return {std::to_string(e.opens),        std::to_string(e.clicks),      rate(e.opens, e.sent),
          rate(e.clicks, e.sent),   std::to_string(e.unsubscribes), std::to_string(e.conversions),
          money(e.revenue),               per_recipient(e.revenue, e.recipients)};
}

std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// A flow's engagement: the sum of its send steps.
Engagement flow_engagement(const Flow& flow) {
  Engagement sum;
  for (const Step& s : flow.steps) {
    if (s.kind != "send") continue;
    sum.sent += s.engagement.sent;
    sum.recipients += s.engagement.recipients;
    sum.opens += s.engagement.opens;
    sum.clicks += s.engagement.clicks;
    sum.conversions += s.engagement.conversions;
    sum.unsubscribes += s.engagement.unsubscribes;
    sum.revenue += s.engagement.revenue;
  }
  return sum;
}

Counts flow_skips(const Flow& flow) {
  Counts sum;
  for (const Step& s : flow.steps)
    for (const auto& [reason, n] : s.skipped) {
      auto it = std::find_if(sum.begin(), sum.end(), [&](const auto& p) { return p.first == reason; });
      if (it == sum.end()) sum.emplace_back(reason, n);
      else it->second += n;
    }
  return sum;
}

std::string flow_section(const Flow& flow) {
  Engagement e = flow_engagement(flow);
  std::string out = fmt::format("  {}\n", flow.name);
  out += fmt::format("    entered {}, sent {}, pending {}, needs review {}, exited: {}\n", flow.entered, flow.sent,
                     flow.pending, flow.needs_review, listed(flow.exited));
  out += fmt::format("    skipped: {}\n", listed(flow_skips(flow)));
  out += fmt::format(
      "    opens {} ({}), clicks {} ({}), unsubscribes {}, conversions {}, revenue {}, revenue per recipient {}\n",
      e.opens, rate(e.opens, e.sent), e.clicks, rate(e.clicks, e.sent), e.unsubscribes, e.conversions,
      money(e.revenue), per_recipient(e.revenue, e.recipients));
  Table table(joined(joined({"step", "channel", "sent", "review", "pending"}, kEngagementHeader), {"skipped"}),
              "llrrrrrrrrrrrl");
  bool any = false;
  for (const Step& s : flow.steps) {
    // Non-send steps only matter here while someone waits at them.
    if (s.kind != "send" && s.pending == 0) continue;
    any = true;
    std::vector<std::string> cells = {s.name, s.kind == "send" ? s.channel : s.kind, std::to_string(s.engagement.sent),
                                      std::to_string(s.needs_review), std::to_string(s.pending)};
    if (s.kind == "send") table.add(joined(joined(cells, engagement_cells(s.engagement)), {listed(s.skipped)}));
    else table.add(cells);
  }
  if (any) out += table.render("    ");
  return out + "\n";
}

std::string campaigns_section(const Report& report) {
  if (report.messages.empty()) return "";
  Table table(joined(joined({"campaign / path / message", "channel", "status", "recipients", "sent"}, kEngagementHeader),
                     {"skipped"}),
              "lllrrrrrrrrrrl");
  for (const Message& m : report.messages)
    table.add(joined(joined({m.campaign + " / " + m.path + " / " + m.name, m.channel, m.status,
                             std::to_string(m.audience), std::to_string(m.engagement.sent)},
                            engagement_cells(m.engagement)),
                     {listed(m.skipped)}));
  return "Campaigns\n" + table.render("  ") + "\n";
}

std::string automations_section(const Report& report) {
  if (report.automations.empty()) return "";
  Table table({"automation", "sessions", "sent", "skipped", "ended", "recommended"}, "lrrlll");
  for (const Automation& a : report.automations)
    table.add({a.name, std::to_string(a.sessions), std::to_string(a.sent), listed(a.skipped), listed(a.ended),
               listed(a.recommended)});
  return "Automations\n" + table.render("  ") + "\n";
}

std::string usage_section(const Report& report) {
  Table table({"month", "active profiles", "emails sent", "SMS sent", "SMS credits", "push sent", "WhatsApp sent"}, "l");
  for (const auto& [month, u] : usage_months(report))
    table.add({month, std::to_string(u.active_profiles), std::to_string(u.emails_sent), std::to_string(u.sms_sent),
               std::to_string(u.sms_credits), std::to_string(u.push_sent), std::to_string(u.whatsapp_sent)});
  return "Usage\n" + table.render("  ");
}

}  // namespace

std::string text_summary(const Report& report) {
  std::string out = fmt::format("{} records, {} late, {} input errors\n\n", report.records, report.late_records,
                                report.input_errors);
  if (!report.flows.empty()) {
    out += "Flows\n";
    for (const Flow& f : report.flows) out += flow_section(f);
  }
  return out + campaigns_section(report) + automations_section(report) + usage_section(report);
}

}  // namespace flowc::report
