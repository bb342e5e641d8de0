#include "engine/report.h"

#include <fmt/format.h>

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

void add_engagement(nlohmann::ordered_json& j, const Engagement& e) {
  j["opens"] = e.opens;
  j["clicks"] = e.clicks;
  j["conversions"] = e.conversions;
  j["revenue"] = e.revenue;
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
        add_engagement(js, sc.engagement);
      }
      js["pending"] = sc.pending;
      jsteps[step_label(def)] = js;
    }
    jf["sent"] = sent;
    jf["pending"] = pending;
    jf["needs_review"] = review;
    jf["steps"] = jsteps;
    jflows[module.flows[f].name] = jf;
  }
  root["flows"] = jflows;
  nlohmann::ordered_json jcampaigns = nlohmann::ordered_json::object();
  for (size_t c = 0; c < module.campaigns.size(); ++c) {
    const ir::CampaignDef& def = module.campaigns[c];
    nlohmann::ordered_json jc;
    uint64_t sent = 0;
    nlohmann::ordered_json jpaths = nlohmann::ordered_json::object();
    for (size_t p = 0; p < def.paths.size(); ++p) {
      const CampaignPathCounters& pc = campaigns[c].paths[p];
      nlohmann::ordered_json jp;
      jp["recipients"] = pc.recipients;
      nlohmann::ordered_json jmessages = nlohmann::ordered_json::object();
      for (size_t m = 0; m < def.paths[p].sends.size(); ++m) {
        const CampaignMessageCounters& mc = pc.messages[m];
        sent += mc.sent;
        nlohmann::ordered_json jm;
        jm["channel"] = ir::channel_name(def.paths[p].sends[m].channel);
        jm["status"] = mc.status;
        jm["recipients"] = mc.recipients;
        jm["sent"] = mc.sent;
        jm["skipped"] = counts(mc.skipped);
        add_engagement(jm, mc.engagement);
        jmessages[def.paths[p].sends[m].name] = jm;
      }
      jp["messages"] = jmessages;
      jpaths[def.paths[p].name] = jp;
    }
    jc["sent"] = sent;
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
    jautomations[module.automations[a].name] = ja;
  }
  root["automations"] = jautomations;
  nlohmann::ordered_json ju;
  ju["emails_sent"] = usage.emails_sent;
  ju["sms_sent"] = usage.sms_sent;
  ju["sms_credits"] = usage.sms_credits;
  ju["push_sent"] = usage.push_sent;
  ju["whatsapp_sent"] = usage.whatsapp_sent;
  ju["active_profiles"] = usage.active_profiles;
  root["usage"] = ju;
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  for (const events::InputError& e : input_errors) {
    nlohmann::ordered_json je;
    je["line"] = e.line;
    je["reason"] = e.reason;
    errors.push_back(je);
  }
  root["records"] = records;
  root["input_errors"] = errors;
  root["late_records"] = late_records;
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace flowc::engine
