#include "engine/report.h"

#include "engine/civil_date.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace flowc::engine {

// Every step has a name since the lowering numbers the unnamed ones
// (compiler/lower/step_names.h); a module from an older flowc may lack it.
std::string step_label(const ir::StepDef& step) {
  if (!step.name.empty()) return step.name;
  return fmt::format("{}@{}", ir::step_kind_name(step.kind), step.line);
}

Report::Report(const ir::Module& module) {
  flows.resize(module.flows.size());
  for (size_t i = 0; i < module.flows.size(); ++i) flows[i].steps.resize(module.flows[i].steps.size());
  campaigns.resize(module.campaigns.size());
  for (size_t c = 0; c < module.campaigns.size(); ++c) {
    campaigns[c].paths.resize(module.campaigns[c].paths.size());
    for (size_t p = 0; p < module.campaigns[c].paths.size(); ++p)
      campaigns[c].paths[p].messages.resize(module.campaigns[c].paths[p].sends.size());
  }
  automations.resize(module.automations.size());
}

namespace {

nlohmann::ordered_json counts(const std::map<std::string, uint64_t>& by_reason) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& [reason, n] : by_reason) j[reason] = n;
  return j;
}

// A share, rounded to 4 decimals (0 when nothing was sent).
double rate(double part, double whole) { return whole > 0 ? std::round(part / whole * 10000) / 10000 : 0; }

// Rates are per send; revenue per recipient is per profile sent to
// (`recipients`: the figure the object already has, or the engagement's).
void add_engagement(nlohmann::ordered_json& j, const Engagement& e, uint64_t sent) {
  j["opens"] = e.opens;
  j["clicks"] = e.clicks;
  j["conversions"] = e.conversions;
  j["revenue"] = std::round(e.revenue * 100) / 100;
  if (!j.contains("recipients")) j["recipients"] = e.recipients;
  j["bounces"] = e.bounces;
  j["unsubscribes"] = e.unsubscribes;
  j["open_rate"] = rate(static_cast<double>(e.opens), static_cast<double>(sent));
  j["click_rate"] = rate(static_cast<double>(e.clicks), static_cast<double>(sent));
  j["revenue_per_recipient"] = e.recipients ? std::round(e.revenue / e.recipients * 100) / 100 : 0.0;
}

nlohmann::ordered_json usage_json(const Usage& usage) {
  nlohmann::ordered_json ju;
  ju["emails_sent"] = usage.emails_sent;
  ju["sms_sent"] = usage.sms_sent;
  ju["sms_credits"] = usage.sms_credits;
  ju["push_sent"] = usage.push_sent;
  ju["whatsapp_sent"] = usage.whatsapp_sent;
  ju["active_profiles"] = usage.active_profiles;
  return ju;
}

nlohmann::ordered_json usage_by_month_json(const std::map<int64_t, Usage>& months) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& [month, u] : months) {
    int64_t year = 1970 + floor_div(month, 12);
    j[fmt::format("{:04}-{:02}", year, month - (year - 1970) * 12 + 1)] = usage_json(u);
  }
  return j;
}

nlohmann::ordered_json sends_by_day_json(const std::map<int64_t, DaySends>& days) {
  static const char* const kChannels[] = {"email", "sms", "push", "whatsapp"};
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& [day, sends] : days) {
    auto [y, m, d] = civil_from_days(day);
    nlohmann::ordered_json jd = nlohmann::ordered_json::object();
    for (size_t c = 0; c < sends.size(); ++c)
      if (sends[c]) jd[kChannels[c]] = sends[c];
    j[fmt::format("{:04}-{:02}-{:02}", y, m, d)] = jd;
  }
  return j;
}

}  // namespace

std::string Report::to_json(const ir::Module& module) const {
  nlohmann::ordered_json root;
  nlohmann::ordered_json jflows = nlohmann::ordered_json::object();
  for (size_t f = 0; f < module.flows.size(); ++f) {
    const FlowCounters& fc = flows[f];
    nlohmann::ordered_json jf;
    jf["entered"] = fc.entered;
    jf["exited"] = counts(fc.exited);
    uint64_t sent = 0, pending = 0, review = 0;
    Engagement total;
    total.recipients = fc.recipients;
    nlohmann::ordered_json jsteps = nlohmann::ordered_json::object();
    for (size_t s = 0; s < fc.steps.size(); ++s) {
      const StepCounters& sc = fc.steps[s];
      const ir::StepDef& def = module.flows[f].steps[s];
      sent += sc.sent;
      pending += sc.pending;
      review += sc.needs_review;
      nlohmann::ordered_json js;
      js["kind"] = ir::step_kind_name(def.kind);
      if (def.kind == ir::StepKind::Send) {
        js["channel"] = ir::channel_name(def.channel);
        js["sent"] = sc.sent;
        js["skipped"] = counts(sc.skipped);
        js["needs_review"] = sc.needs_review;
        add_engagement(js, sc.engagement, sc.sent);
        total += sc.engagement;
      }
      js["pending"] = sc.pending;
      jsteps[step_label(def)] = js;
    }
    jf["sent"] = sent;
    jf["pending"] = pending;
    jf["needs_review"] = review;
    add_engagement(jf, total, sent);
    jf["steps"] = jsteps;
    jflows[module.flows[f].name] = jf;
  }
  root["flows"] = jflows;
  nlohmann::ordered_json jcampaigns = nlohmann::ordered_json::object();
  for (size_t c = 0; c < module.campaigns.size(); ++c) {
    const ir::CampaignDef& def = module.campaigns[c];
    nlohmann::ordered_json jc;
    uint64_t sent = 0;
    Engagement campaign_total;
    campaign_total.recipients = campaigns[c].reached;
    nlohmann::ordered_json jpaths = nlohmann::ordered_json::object();
    for (size_t p = 0; p < def.paths.size(); ++p) {
      const CampaignPathCounters& pc = campaigns[c].paths[p];
      nlohmann::ordered_json jp;
      jp["recipients"] = pc.recipients;
      uint64_t path_sent = 0;
      Engagement path_total;
      path_total.recipients = pc.reached;
      nlohmann::ordered_json jmessages = nlohmann::ordered_json::object();
      for (size_t m = 0; m < def.paths[p].sends.size(); ++m) {
        const CampaignMessageCounters& mc = pc.messages[m];
        sent += mc.sent;
        path_sent += mc.sent;
        path_total += mc.engagement;
        nlohmann::ordered_json jm;
        jm["channel"] = ir::channel_name(def.paths[p].sends[m].channel);
        jm["status"] = mc.status;
        jm["recipients"] = mc.recipients;
        jm["sent"] = mc.sent;
        jm["skipped"] = counts(mc.skipped);
        add_engagement(jm, mc.engagement, mc.sent);
        jmessages[def.paths[p].sends[m].name] = jm;
      }
      add_engagement(jp, path_total, path_sent);
      campaign_total += path_total;
      jp["messages"] = jmessages;
      jpaths[def.paths[p].name] = jp;
    }
    jc["sent"] = sent;
    add_engagement(jc, campaign_total, sent);
    jc["paths"] = jpaths;
    jcampaigns[def.name] = jc;
  }
  root["campaigns"] = jcampaigns;
  nlohmann::ordered_json jautomations = nlohmann::ordered_json::object();
  for (size_t a = 0; a < module.automations.size(); ++a) {
    const AutomationCounters& ac = automations[a];
    nlohmann::ordered_json ja;
    ja["sessions"] = ac.sessions;
    ja["sent"] = ac.sent;
    ja["skipped"] = counts(ac.skipped);
    ja["ended"] = counts(ac.ended);
    ja["recommended"] = counts(ac.recommended);
    add_engagement(ja, ac.engagement, ac.sent);
    jautomations[module.automations[a].name] = ja;
  }
  root["automations"] = jautomations;
  root["usage"] = usage_json(usage);
  root["usage_by_month"] = usage_by_month_json(usage_by_month);
  root["sends_by_day"] = sends_by_day_json(sends_by_day);
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  for (const events::InputError& e : input_errors.kept()) {
    nlohmann::ordered_json je;
    je["line"] = e.line;
    je["reason"] = e.reason;
    je["kind"] = events::input_error_code(e.kind);
    errors.push_back(je);
  }
  // Every error, kept or not, by kind (only the kinds that occurred).
  nlohmann::ordered_json error_counts = nlohmann::ordered_json::object();
  for (size_t k = 0; k < events::kInputErrorKinds; ++k) {
    const auto kind = static_cast<events::InputErrorKind>(k);
    if (input_errors.count(kind) > 0) error_counts[events::input_error_code(kind)] = input_errors.count(kind);
  }
  root["records"] = records;
  root["input_errors"] = errors;
  root["input_error_counts"] = error_counts;
  root["late_records"] = late_records;
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace flowc::engine
