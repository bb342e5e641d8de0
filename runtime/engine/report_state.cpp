#include "engine/report_state.h"

namespace flowc::engine {

namespace {

std::vector<state::NamedCount> named_counts(const std::map<std::string, uint64_t>& counts) {
  std::vector<state::NamedCount> out;
  for (const auto& [name, count] : counts) out.push_back({name, count});
  return out;
}
std::map<std::string, uint64_t> count_map(const std::vector<state::NamedCount>& counts) {
  std::map<std::string, uint64_t> out;
  for (const state::NamedCount& c : counts) out[c.name] = c.count;
  return out;
}

state::EngagementCounts engagement_counts(const Engagement& e) {
  return {e.recipients, e.opens, e.clicks, e.bounces, e.unsubscribes, e.conversions, e.revenue};
}
Engagement engagement_from(const state::EngagementCounts& e) {
  return {e.recipients, e.opens, e.clicks, e.bounces, e.unsubscribes, e.conversions, e.revenue};
}

state::UsageCounts usage_counts(const Usage& u) {
  return {u.emails_sent, u.sms_sent, u.sms_credits, u.push_sent, u.whatsapp_sent, u.active_profiles};
}
Usage usage_from(const state::UsageCounts& u) {
  return {u.emails_sent, u.sms_sent, u.sms_credits, u.push_sent, u.whatsapp_sent, u.active_profiles};
}

void add_flows(state::ReportState& out, const Report& report, const ir::Module& module) {
  for (size_t f = 0; f < module.flows.size(); ++f) {
    const FlowCounters& fc = report.flows[f];
    state::FlowReport fr{module.flows[f].name, fc.entered, fc.recipients, named_counts(fc.exited), {}};
    for (size_t s = 0; s < fc.steps.size(); ++s) {
      const StepCounters& sc = fc.steps[s];
      fr.steps.push_back({step_label(module.flows[f].steps[s]), sc.sent, sc.needs_review, sc.pending,
                          engagement_counts(sc.engagement), named_counts(sc.skipped)});
    }
    out.flows.push_back(std::move(fr));
  }
}

void add_campaigns(state::ReportState& out, const Report& report, const ir::Module& module) {
  for (size_t c = 0; c < module.campaigns.size(); ++c) {
    const ir::CampaignDef& def = module.campaigns[c];
    state::CampaignReport cr{def.name, report.campaigns[c].reached, {}};
    for (size_t p = 0; p < def.paths.size(); ++p) {
      const CampaignPathCounters& pc = report.campaigns[c].paths[p];
      state::CampaignPathReport pr{def.paths[p].name, pc.recipients, pc.reached, {}};
      for (size_t m = 0; m < def.paths[p].sends.size(); ++m) {
        const CampaignMessageCounters& mc = pc.messages[m];
        pr.messages.push_back({def.paths[p].sends[m].name, mc.status, mc.recipients, mc.sent,
                               engagement_counts(mc.engagement), named_counts(mc.skipped)});
      }
      cr.paths.push_back(std::move(pr));
    }
    out.campaigns.push_back(std::move(cr));
  }
}

}  // namespace

state::ReportState report_state(const Report& report, const ir::Module& module) {
  state::ReportState out;
  add_flows(out, report, module);
  add_campaigns(out, report, module);
  for (size_t a = 0; a < module.automations.size(); ++a) {
    const AutomationCounters& ac = report.automations[a];
    out.automations.push_back({module.automations[a].name, ac.sessions, ac.sent, named_counts(ac.skipped),
                               named_counts(ac.ended), named_counts(ac.recommended), engagement_counts(ac.engagement)});
  }
  out.usage = usage_counts(report.usage);
  for (const auto& [month, usage] : report.usage_by_month) out.usage_by_month.push_back({month, usage_counts(usage)});
  for (const auto& [day, sends] : report.sends_by_day)
    out.sends_by_day.push_back({day, std::vector<uint64_t>(sends.begin(), sends.end())});
  for (size_t k = 0; k < events::kInputErrorKinds; ++k) {
    const auto kind = static_cast<events::InputErrorKind>(k);
    if (report.input_errors.count(kind) > 0)
      out.input_error_counts.push_back({events::input_error_code(kind), report.input_errors.count(kind)});
  }
  out.input_errors_total = report.input_errors.total();
  out.input_errors_limit = report.input_errors.limit();
  out.late_records = report.late_records;
  out.records = report.records;
  return out;
}

namespace {

bool restore_flows(const state::ReportState& saved, const ModuleNames& names, Report& report, std::string& error) {
  for (const state::FlowReport& fr : saved.flows) {
    const ir::Index f = names.flow(fr.flow);
    if (f == ir::kNone) return error = missing_name("flow", fr.flow), false;
    FlowCounters& fc = report.flows[f];
    fc.entered = fr.entered;
    fc.recipients = fr.recipients;
    fc.exited = count_map(fr.exited);
    for (const state::StepReport& sr : fr.steps) {
      const ir::Index s = names.step(f, sr.step);
      if (s == ir::kNone) return error = missing_name("step", fr.flow + "/" + sr.step), false;
      StepCounters& sc = fc.steps[s];
      sc.sent = sr.sent;
      sc.needs_review = sr.needs_review;
      sc.pending = sr.pending;
      sc.engagement = engagement_from(sr.engagement);
      sc.skipped = count_map(sr.skipped);
    }
  }
  return true;
}

bool restore_campaigns(const state::ReportState& saved, const ModuleNames& names, Report& report, std::string& error) {
  for (const state::CampaignReport& cr : saved.campaigns) {
    const ir::Index c = names.campaign(cr.campaign);
    if (c == ir::kNone) return error = missing_name("campaign", cr.campaign), false;
    report.campaigns[c].reached = cr.reached;
    for (const state::CampaignPathReport& pr : cr.paths) {
      const ir::Index p = names.path(c, pr.path);
      if (p == ir::kNone) return error = missing_name("campaign path", cr.campaign + "/" + pr.path), false;
      CampaignPathCounters& pc = report.campaigns[c].paths[p];
      pc.recipients = pr.recipients;
      pc.reached = pr.reached;
      for (const state::CampaignMessageReport& mr : pr.messages) {
        const ir::Index m = names.message(c, p, mr.message);
        if (m == ir::kNone)
          return error = missing_name("campaign message", cr.campaign + "/" + pr.path + "/" + mr.message), false;
        CampaignMessageCounters& mc = pc.messages[m];
        mc.status = mr.status;
        mc.recipients = mr.recipients;
        mc.sent = mr.sent;
        mc.engagement = engagement_from(mr.engagement);
        mc.skipped = count_map(mr.skipped);
      }
    }
  }
  return true;
}

bool restore_input_errors(const state::ReportState& saved, std::vector<events::InputError> kept, Report& report,
                          std::string& error) {
  std::array<uint64_t, events::kInputErrorKinds> counts{};
  for (const state::NamedCount& c : saved.input_error_counts) {
    size_t k = 0;
    while (k < events::kInputErrorKinds && c.name != events::input_error_code(static_cast<events::InputErrorKind>(k)))
      ++k;
    if (k == events::kInputErrorKinds) return error = "the state names an unknown kind of input error `" + c.name + "`", false;
    counts[k] = c.count;
  }
  report.input_errors.set_limit(saved.input_errors_limit);
  report.input_errors.restore(std::move(kept), counts, saved.input_errors_total);
  return true;
}

}  // namespace

bool restore_report(const state::ReportState& saved, std::vector<events::InputError> kept, const ModuleNames& names,
                    Report& report, std::string& error) {
  if (!restore_flows(saved, names, report, error) || !restore_campaigns(saved, names, report, error)) return false;
  for (const state::AutomationReport& ar : saved.automations) {
    const ir::Index a = names.automation(ar.automation);
    if (a == ir::kNone) return error = missing_name("automation", ar.automation), false;
    AutomationCounters& ac = report.automations[a];
    ac.sessions = ar.sessions;
    ac.sent = ar.sent;
    ac.skipped = count_map(ar.skipped);
    ac.ended = count_map(ar.ended);
    ac.recommended = count_map(ar.recommended);
    ac.engagement = engagement_from(ar.engagement);
  }
  report.usage = usage_from(saved.usage);
  for (const state::MonthUsage& m : saved.usage_by_month) report.usage_by_month[m.month] = usage_from(m.usage);
  for (const state::DaySends& d : saved.sends_by_day) {
    DaySends& sends = report.sends_by_day[d.day];
    for (size_t c = 0; c < sends.size() && c < d.by_channel.size(); ++c) sends[c] = d.by_channel[c];
  }
  report.late_records = saved.late_records;
  report.records = saved.records;
  return restore_input_errors(saved, std::move(kept), report, error);
}

}  // namespace flowc::engine
