// Reading the report JSON `flowc run --report` writes (docs/runtime.md,
// "Report"). ordered_json keeps the runtime's order: steps in program
// order, campaigns and paths as declared — the order a marketer reads them.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "report/report.h"

namespace flowc::report {

namespace {

using Json = nlohmann::ordered_json;

uint64_t count(const Json& object, const char* key) {
  if (!object.is_object()) return 0;
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return 0;
  if (it->is_number_float()) return it->get<double>() > 0 ? static_cast<uint64_t>(it->get<double>()) : 0;
  return it->is_number_unsigned() ? it->get<uint64_t>() : static_cast<uint64_t>(std::max<int64_t>(0, it->get<int64_t>()));
}

double amount(const Json& object, const char* key) {
  if (!object.is_object()) return 0;
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : 0;
}

std::string text(const Json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

const Json& member(const Json& object, const char* key) {
  static const Json kEmpty = Json::object();
  if (!object.is_object()) return kEmpty;
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : kEmpty;
}

Counts counts(const Json& object) {
  Counts out;
  for (auto it = object.begin(); it != object.end(); ++it)
    if (it->is_number()) out.emplace_back(it.key(), count(object, it.key().c_str()));
  return out;
}

Engagement engagement(const Json& j) {
  Engagement e;
  e.sent = count(j, "sent");
  e.recipients = j.contains("recipients") ? count(j, "recipients") : e.sent;
  e.opens = count(j, "opens");
  e.clicks = count(j, "clicks");
  e.unsubscribes = count(j, "unsubscribes");
  e.conversions = count(j, "conversions");
  e.revenue = amount(j, "revenue");
  return e;
}

Step step(const std::string& name, const Json& j) {
  Step s;
  s.name = name;
  s.kind = text(j, "kind");
  s.channel = text(j, "channel");
  s.engagement = engagement(j);
  s.skipped = counts(member(j, "skipped"));
  s.needs_review = count(j, "needs_review");
  s.pending = count(j, "pending");
  return s;
}

Flow flow(const std::string& name, const Json& j) {
  Flow f;
  f.name = name;
  f.entered = count(j, "entered");
  f.sent = count(j, "sent");
  f.pending = count(j, "pending");
  f.needs_review = count(j, "needs_review");
  f.exited = counts(member(j, "exited"));
  const Json& steps = member(j, "steps");
  for (auto it = steps.begin(); it != steps.end(); ++it) f.steps.push_back(step(it.key(), *it));
  return f;
}

void add_campaign(const std::string& campaign, const Json& j, std::vector<Message>& out) {
  const Json& paths = member(j, "paths");
  for (auto p = paths.begin(); p != paths.end(); ++p) {
    const Json& messages = member(*p, "messages");
    for (auto m = messages.begin(); m != messages.end(); ++m) {
      Message message;
      message.campaign = campaign;
      message.path = p.key();
      message.name = m.key();
      message.channel = text(*m, "channel");
      message.status = text(*m, "status");
      message.audience = count(*m, "recipients");
      message.engagement = engagement(*m);
      message.engagement.recipients = message.engagement.sent;
      message.skipped = counts(member(*m, "skipped"));
      out.push_back(std::move(message));
    }
  }
}

Automation automation(const std::string& name, const Json& j) {
  Automation a;
  a.name = name;
  a.sessions = count(j, "sessions");
  a.sent = count(j, "sent");
  a.skipped = counts(member(j, "skipped"));
  a.ended = counts(member(j, "ended"));
  a.recommended = counts(member(j, "recommended"));
  return a;
}

Usage usage(const Json& j) {
  Usage u;
  u.active_profiles = count(j, "active_profiles");
  u.emails_sent = count(j, "emails_sent");
  u.sms_sent = count(j, "sms_sent");
  u.sms_credits = count(j, "sms_credits");
  u.push_sent = count(j, "push_sent");
  u.whatsapp_sent = count(j, "whatsapp_sent");
  return u;
}

DaySends day_sends(const std::string& day, const Json& j) {
  DaySends d;
  d.day = day;
  d.email = count(j, "email");
  d.sms = count(j, "sms");
  d.push = count(j, "push");
  d.whatsapp = count(j, "whatsapp");
  return d;
}

void fill(const Json& j, Report& r) {
  const Json& flows = member(j, "flows");
  for (auto it = flows.begin(); it != flows.end(); ++it) r.flows.push_back(flow(it.key(), *it));
  const Json& campaigns = member(j, "campaigns");
  for (auto it = campaigns.begin(); it != campaigns.end(); ++it) add_campaign(it.key(), *it, r.messages);
  const Json& automations = member(j, "automations");
  for (auto it = automations.begin(); it != automations.end(); ++it)
    r.automations.push_back(automation(it.key(), *it));
  r.usage = usage(member(j, "usage"));
  r.has_usage_by_month = j.contains("usage_by_month");
  const Json& months = member(j, "usage_by_month");
  for (auto it = months.begin(); it != months.end(); ++it) r.usage_by_month.emplace_back(it.key(), usage(*it));
  std::sort(r.usage_by_month.begin(), r.usage_by_month.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  r.has_sends_by_day = j.contains("sends_by_day");
  const Json& days = member(j, "sends_by_day");
  for (auto it = days.begin(); it != days.end(); ++it) r.sends_by_day.push_back(day_sends(it.key(), *it));
  std::sort(r.sends_by_day.begin(), r.sends_by_day.end(),
            [](const DaySends& a, const DaySends& b) { return a.day < b.day; });
  r.records = count(j, "records");
  r.late_records = count(j, "late_records");
  auto errors = j.find("input_errors");
  r.input_errors = errors != j.end() && errors->is_array() ? errors->size() : 0;
}

}  // namespace

uint64_t total(const Counts& counts) {
  uint64_t sum = 0;
  for (const auto& [name, n] : counts) sum += n;
  return sum;
}

bool read_report(const std::string& path, Report& report, ReadError& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = {"cannot read `" + path + "`", 3};
    return false;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  Json j = Json::parse(buffer.str(), nullptr, false);
  if (j.is_discarded()) {
    error = {"`" + path + "` is not JSON (expected the report `flowc run --report` writes)", 3};
    return false;
  }
  // Any JSON object with none of a report's sections is the wrong file.
  if (!j.is_object() || (!j.contains("flows") && !j.contains("usage") && !j.contains("campaigns"))) {
    error = {"`" + path + "` is not a flowc report (no `flows`, `campaigns` or `usage`)", 3};
    return false;
  }
  report = Report{};
  fill(j, report);
  return true;
}

std::vector<std::pair<std::string, Usage>> usage_months(const Report& report) {
  if (report.has_usage_by_month) return report.usage_by_month;
  return {{"all", report.usage}};
}

}  // namespace flowc::report
