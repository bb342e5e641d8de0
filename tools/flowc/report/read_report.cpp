// Reading the report JSON `flowc run --report` writes (docs/runtime.md,
// "Report"). ordered_json keeps the runtime's order: steps in program
// order, campaigns and paths as declared — the order a marketer reads them.
//
// Fields the runtime may not have written (older runtimes) read as 0 or
// empty; a field that is there must be what the runtime writes. A count
// that is negative, fractional, too large or not a number, a section that
// is not an object: the file was edited or damaged, and reading stops with
// the field's JSON Pointer (RFC 6901) rather than show a wrong figure.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "input_file.h"
#include "report/report.h"

namespace flowc::report {

namespace {

using Json = nlohmann::ordered_json;

// The first field that is not what the runtime writes; thrown inside this
// file only, caught by read_report.
struct BadField {
  std::string message;
};

// A JSON value and where it is in the report.
struct Node {
  const Json& json;
  Json::json_pointer path;  // "" for the root, "/flows/Welcome/entered"

  // The member `key`; null (absent) when there is none.
  Node at(const std::string& key) const {
    static const Json kAbsent;
    auto it = json.find(key);
    return {it != json.end() ? *it : kAbsent, path / key};
  }
  bool absent() const { return json.is_null(); }
  [[noreturn]] void bad(const std::string& expected) const {
    std::string got = json.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (got.size() > 60) got = got.substr(0, 60) + "...";
    throw BadField{"`" + path.to_string() + "` must be " + expected + ", got " + got};
  }
};

uint64_t count(const Node& object, const char* key) {
  Node n = object.at(key);
  if (n.absent()) return 0;
  if (n.json.is_number_unsigned()) return n.json.get<uint64_t>();
  if (n.json.is_number_integer() && n.json.get<int64_t>() >= 0) return static_cast<uint64_t>(n.json.get<int64_t>());
  n.bad("a count (a whole number from 0 to 18446744073709551615)");
}

double amount(const Node& object, const char* key) {
  Node n = object.at(key);
  if (n.absent()) return 0;
  if (n.json.is_number() && std::isfinite(n.json.get<double>())) return n.json.get<double>();
  n.bad("a number");
}

std::string text(const Node& object, const char* key) {
  Node n = object.at(key);
  if (n.absent()) return "";
  if (!n.json.is_string()) n.bad("a string");
  return n.json.get<std::string>();
}

// A section: an object, or absent (an empty one).
Node member(const Node& object, const char* key) {
  static const Json kEmpty = Json::object();
  Node n = object.at(key);
  if (n.absent()) return {kEmpty, n.path};
  if (!n.json.is_object()) n.bad("an object");
  return n;
}

// The members of an object section, each with its path.
template <typename Each>
void for_each_member(const Node& object, Each each) {
  for (auto it = object.json.begin(); it != object.json.end(); ++it) {
    Node n = object.at(it.key());
    if (!n.json.is_object()) n.bad("an object");
    each(it.key(), n);
  }
}

Counts counts(const Node& object) {
  Counts out;
  for (auto it = object.json.begin(); it != object.json.end(); ++it)
    out.emplace_back(it.key(), count(object, it.key().c_str()));
  return out;
}

Engagement engagement(const Node& j) {
  Engagement e;
  e.sent = count(j, "sent");
  e.recipients = j.at("recipients").absent() ? e.sent : count(j, "recipients");
  e.opens = count(j, "opens");
  e.clicks = count(j, "clicks");
  e.unsubscribes = count(j, "unsubscribes");
  e.conversions = count(j, "conversions");
  e.revenue = amount(j, "revenue");
  return e;
}

Step step(const std::string& name, const Node& j) {
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

Flow flow(const std::string& name, const Node& j) {
  Flow f;
  f.name = name;
  f.entered = count(j, "entered");
  f.sent = count(j, "sent");
  f.pending = count(j, "pending");
  f.needs_review = count(j, "needs_review");
  f.exited = counts(member(j, "exited"));
  for_each_member(member(j, "steps"), [&](const std::string& key, const Node& s) { f.steps.push_back(step(key, s)); });
  return f;
}

void add_campaign(const std::string& campaign, const Node& j, std::vector<Message>& out) {
  for_each_member(member(j, "paths"), [&](const std::string& path, const Node& p) {
    for_each_member(member(p, "messages"), [&](const std::string& name, const Node& m) {
      Message message;
      message.campaign = campaign;
      message.path = path;
      message.name = name;
      message.channel = text(m, "channel");
      message.status = text(m, "status");
      message.audience = count(m, "recipients");
      message.engagement = engagement(m);
      message.engagement.recipients = message.engagement.sent;
      message.skipped = counts(member(m, "skipped"));
      out.push_back(std::move(message));
    });
  });
}

Automation automation(const std::string& name, const Node& j) {
  Automation a;
  a.name = name;
  a.sessions = count(j, "sessions");
  a.sent = count(j, "sent");
  a.skipped = counts(member(j, "skipped"));
  a.ended = counts(member(j, "ended"));
  a.recommended = counts(member(j, "recommended"));
  return a;
}

Usage usage(const Node& j) {
  Usage u;
  u.active_profiles = count(j, "active_profiles");
  u.emails_sent = count(j, "emails_sent");
  u.sms_sent = count(j, "sms_sent");
  u.sms_credits = count(j, "sms_credits");
  u.push_sent = count(j, "push_sent");
  u.whatsapp_sent = count(j, "whatsapp_sent");
  return u;
}

DaySends day_sends(const std::string& day, const Node& j) {
  DaySends d;
  d.day = day;
  d.email = count(j, "email");
  d.sms = count(j, "sms");
  d.push = count(j, "push");
  d.whatsapp = count(j, "whatsapp");
  return d;
}

void fill(const Node& j, Report& r) {
  for_each_member(member(j, "flows"), [&](const std::string& name, const Node& f) { r.flows.push_back(flow(name, f)); });
  for_each_member(member(j, "campaigns"),
                  [&](const std::string& name, const Node& c) { add_campaign(name, c, r.messages); });
  for_each_member(member(j, "automations"),
                  [&](const std::string& name, const Node& a) { r.automations.push_back(automation(name, a)); });
  r.usage = usage(member(j, "usage"));
  r.has_usage_by_month = !j.at("usage_by_month").absent();
  for_each_member(member(j, "usage_by_month"),
                  [&](const std::string& month, const Node& u) { r.usage_by_month.emplace_back(month, usage(u)); });
  std::sort(r.usage_by_month.begin(), r.usage_by_month.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  r.has_sends_by_day = !j.at("sends_by_day").absent();
  for_each_member(member(j, "sends_by_day"),
                  [&](const std::string& day, const Node& d) { r.sends_by_day.push_back(day_sends(day, d)); });
  std::sort(r.sends_by_day.begin(), r.sends_by_day.end(),
            [](const DaySends& a, const DaySends& b) { return a.day < b.day; });
  r.records = count(j, "records");
  r.late_records = count(j, "late_records");
  Node errors = j.at("input_errors");
  if (!errors.absent() && !errors.json.is_array()) errors.bad("an array");
  r.input_errors = errors.absent() ? 0 : errors.json.size();
  // `input_errors` keeps only the first --max-input-errors in full; the
  // counts by kind hold every one (reports from before them have none).
  if (!j.at("input_error_counts").absent()) r.input_errors = total(counts(member(j, "input_error_counts")));
}

}  // namespace

uint64_t total(const Counts& counts) {
  uint64_t sum = 0;
  for (const auto& [name, n] : counts) sum += n;
  return sum;
}

bool read_report(const std::string& path, Report& report, ReadError& error) {
  std::string bytes, why;
  if (!cli::read_input_file(path, bytes, why)) {
    error = {"cannot read `" + path + "`: " + why, 3};
    return false;
  }
  Json j = Json::parse(bytes, nullptr, false);
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
  try {
    fill(Node{j, Json::json_pointer()}, report);
  } catch (const BadField& bad) {
    error = {"`" + path + "` is not a valid report: " + bad.message, 3};
    return false;
  }
  return true;
}

std::vector<std::pair<std::string, Usage>> usage_months(const Report& report) {
  if (report.has_usage_by_month) return report.usage_by_month;
  return {{"all", report.usage}};
}

}  // namespace flowc::report
