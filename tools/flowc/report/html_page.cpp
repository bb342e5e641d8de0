// The HTML report: one self-contained file (inline CSS and SVG, no network,
// no libraries) a marketer can open or mail. Charts: each flow as a funnel,
// sends per day per channel, revenue by message, skip reasons; then the
// tables of the text summary. The one inline script records script errors
// and the number of charts on the page, so a headless browser can check it.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "report/escape.h"
#include "report/format.h"
#include "report/report.h"
#include "report/svg_charts.h"

namespace flowc::report {

namespace {

const char* const kStyle = R"(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 24px auto; max-width: 1200px; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
.meta { color: #666; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; min-width: 110px; }
.card b { display: block; font-size: 20px; }
.scroll { overflow-x: auto; } table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: right; white-space: nowrap; }
th { background: #f6f6f6; } td.name, th.name { text-align: left; white-space: normal; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 6px 0; }
svg text { font-size: 12px; fill: #333; } svg text.label { text-anchor: end; } svg text.day { text-anchor: middle; font-size: 11px; }
svg text.tick { text-anchor: end; font-size: 11px; } svg text.empty { text-anchor: middle; fill: #999; }
svg line.axis { stroke: #999; }
)";

const char* const kScript = R"(<script>
window.onerror = function (message) {
  document.documentElement.setAttribute("data-script-errors", String(message));
};
document.addEventListener("DOMContentLoaded", function () {
  document.body.setAttribute("data-charts", String(document.querySelectorAll("svg.chart").length));
});
</script>
)";

std::string cell(const std::string& text, bool name = false) {
  return (name ? "<td class=\"name\">" : "<td>") + escape(text) + "</td>";
}

std::string header(const std::vector<std::string>& names, size_t name_columns) {
  std::string out = "<tr>";
  for (size_t i = 0; i < names.size(); ++i)
    out += (i < name_columns ? "<th class=\"name\">" : "<th>") + escape(names[i]) + "</th>";
  return out + "</tr>\n";
}

std::string engagement_cells(const Engagement& e) {
  return cell(std::to_string(e.opens)) + cell(std::to_string(e.clicks)) + cell(rate(e.opens, e.sent)) +
         cell(rate(e.clicks, e.sent)) + cell(std::to_string(e.unsubscribes)) +
         cell(std::to_string(e.conversions)) + cell(money(e.revenue)) +
         cell(per_recipient(e.revenue, e.recipients));
}

const std::vector<std::string> kEngagementHeader = {"opens", "clicks", "open rate", "click rate", "unsubscribes",
                                                    "conversions", "revenue", "rev/recipient"};

std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::string card(const std::string& label, const std::string& value) {
  return fmt::format("<div class=\"card\"><b>{}</b>{}</div>", escape(value), escape(label));
}

// entered → each send step's sent → opens → clicks → conversions.
std::vector<Bar> funnel_stages(const Flow& flow) {
  std::vector<Bar> stages = {{"entered", double(flow.entered), std::to_string(flow.entered)}};
  uint64_t opens = 0, clicks = 0, conversions = 0;
  for (const Step& s : flow.steps) {
    if (s.kind != "send") continue;
    stages.push_back({"sent: " + s.name, double(s.engagement.sent), std::to_string(s.engagement.sent)});
    opens += s.engagement.opens, clicks += s.engagement.clicks, conversions += s.engagement.conversions;
  }
  stages.push_back({"opens", double(opens), std::to_string(opens)});
  stages.push_back({"clicks", double(clicks), std::to_string(clicks)});
  stages.push_back({"conversions", double(conversions), std::to_string(conversions)});
  return stages;
}

std::string flow_section(const Flow& flow) {
  std::string out = fmt::format("<section class=\"flow\"><h3>{}</h3>\n", escape(flow.name));
  out += fmt::format("<p>entered {}, sent {}, pending {}, needs review {}, exited: {}</p>\n", flow.entered, flow.sent,
                     flow.pending, flow.needs_review, escape(listed(flow.exited)));
  out += funnel_chart("Funnel of " + flow.name, funnel_stages(flow));
  out += "<div class=\"scroll\"><table>" + header(joined({"step", "channel", "sent", "skipped", "review", "pending"}, kEngagementHeader), 2);
  for (const Step& s : flow.steps) {
    if (s.kind != "send" && s.pending == 0) continue;
    out += "<tr>" + cell(s.name, true) + cell(s.kind == "send" ? s.channel : s.kind, true) +
           cell(std::to_string(s.engagement.sent)) + cell(listed(s.skipped), true) + cell(std::to_string(s.needs_review)) +
           cell(std::to_string(s.pending)) + (s.kind == "send" ? engagement_cells(s.engagement) : "") + "</tr>\n";
  }
  return out + "</table></div></section>\n";
}

std::string sends_chart(const Report& report) {
  std::vector<std::string> days;
  std::vector<std::vector<double>> values;
  for (const DaySends& d : report.sends_by_day) {
    days.push_back(d.day);
    values.push_back({double(d.email), double(d.sms), double(d.push), double(d.whatsapp)});
  }
  return stacked_columns("sends-per-day", "Sends per day per channel", days, {"email", "sms", "push", "whatsapp"},
                         values);
}

std::vector<Bar> revenue_bars(const Report& report) {
  std::vector<Bar> bars;
  for (const Flow& f : report.flows)
    for (const Step& s : f.steps)
      if (s.kind == "send") bars.push_back({f.name + " / " + s.name, s.engagement.revenue, money(s.engagement.revenue)});
  for (const Message& m : report.messages)
    bars.push_back({m.campaign + " / " + m.name, m.engagement.revenue, money(m.engagement.revenue)});
  return bars;
}

void add(Counts& sum, const Counts& more) {
  for (const auto& [reason, n] : more) {
    auto it = std::find_if(sum.begin(), sum.end(), [&](const auto& p) { return p.first == reason; });
    if (it == sum.end()) sum.emplace_back(reason, n);
    else it->second += n;
  }
}

// Skips of flows, campaigns and automations together, most frequent first.
std::vector<Bar> skip_bars(const Report& report) {
  Counts sum;
  for (const Flow& f : report.flows)
    for (const Step& s : f.steps) add(sum, s.skipped);
  for (const Message& m : report.messages) add(sum, m.skipped);
  for (const Automation& a : report.automations) add(sum, a.skipped);
  // Largest first; equal counts in the order they were summed.
  std::vector<size_t> order(sum.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t i, size_t j) {
    return sum[i].second != sum[j].second ? sum[i].second > sum[j].second : i < j;
  });
  Counts by_count;
  for (size_t i : order) by_count.push_back(sum[i]);
  sum = std::move(by_count);
  std::vector<Bar> bars;
  for (const auto& [reason, n] : sum)
    if (n > 0) bars.push_back({reason, double(n), std::to_string(n)});
  return bars;
}

std::string campaigns_table(const Report& report) {
  if (report.messages.empty()) return "";
  std::string out = "<h2>Campaigns</h2>\n<div class=\"scroll\"><table>" +
                    header(joined({"campaign", "path", "message", "channel", "status", "recipients", "sent", "skipped"},
                                  kEngagementHeader),
                           5);
  for (const Message& m : report.messages)
    out += "<tr>" + cell(m.campaign, true) + cell(m.path, true) + cell(m.name, true) + cell(m.channel, true) +
           cell(m.status, true) + cell(std::to_string(m.audience)) + cell(std::to_string(m.engagement.sent)) +
           cell(listed(m.skipped), true) + engagement_cells(m.engagement) + "</tr>\n";
  return out + "</table></div>\n";
}

std::string automations_table(const Report& report) {
  if (report.automations.empty()) return "";
  std::string out = "<h2>Automations</h2>\n<div class=\"scroll\"><table>" +
                    header({"automation", "sessions", "sent", "skipped", "ended", "recommended"}, 1);
  for (const Automation& a : report.automations)
    out += "<tr>" + cell(a.name, true) + cell(std::to_string(a.sessions)) + cell(std::to_string(a.sent)) +
           cell(listed(a.skipped), true) + cell(listed(a.ended), true) + cell(listed(a.recommended), true) + "</tr>\n";
  return out + "</table></div>\n";
}

std::string usage_table(const Report& report) {
  std::string out = "<h2>Usage</h2>\n<div class=\"scroll\"><table>" + header({"month", "active profiles", "emails sent", "SMS sent",
                                                         "SMS credits", "push sent", "WhatsApp sent"},
                                                        1);
  for (const auto& [month, u] : usage_months(report))
    out += "<tr>" + cell(month, true) + cell(std::to_string(u.active_profiles)) + cell(std::to_string(u.emails_sent)) +
           cell(std::to_string(u.sms_sent)) + cell(std::to_string(u.sms_credits)) + cell(std::to_string(u.push_sent)) +
           cell(std::to_string(u.whatsapp_sent)) + "</tr>\n";
  return out + "</table></div>\n";
}

std::string summary_cards(const Report& report) {
  const Usage& u = report.usage;
  return "<div class=\"cards\">" + card("active profiles", std::to_string(u.active_profiles)) +
         card("emails sent", std::to_string(u.emails_sent)) + card("SMS sent", std::to_string(u.sms_sent)) +
         card("SMS credits", std::to_string(u.sms_credits)) + card("push sent", std::to_string(u.push_sent)) +
         card("WhatsApp sent", std::to_string(u.whatsapp_sent)) + "</div>\n";
}

}  // namespace

std::string html_page(const Report& report, const std::string& title) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>flowc report: {}</title>\n<style>{}</style>\n{}</head>\n<body>\n", escape(title), kStyle,
                     kScript);
  out += fmt::format("<h1>flowc report</h1>\n<p class=\"meta\">{} &middot; {} records, {} late, {} input errors</p>\n",
                     escape(title), report.records, report.late_records, report.input_errors);
  out += summary_cards(report);
  out += "<h2>Sends per day</h2>\n" + sends_chart(report);
  if (report.sends_by_day.empty())
    out += "<p class=\"meta\">The report has no sends per day; give --activity to count them.</p>\n";
  out += "<h2>Revenue by message</h2>\n" + bar_chart("revenue", "Revenue by message", revenue_bars(report));
  out += "<h2>Skip reasons</h2>\n" + bar_chart("skips", "Skip reasons", skip_bars(report));
  out += "<h2>Flows</h2>\n";
  for (const Flow& f : report.flows) out += flow_section(f);
  out += campaigns_table(report) + automations_table(report) + usage_table(report);
  return out + "</body>\n</html>\n";
}

}  // namespace flowc::report
