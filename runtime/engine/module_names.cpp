#include "engine/module_names.h"

#include <fmt/format.h>

#include "engine/report.h"

namespace flowc::engine {

std::string missing_name(const std::string& what, const std::string& name) {
  return fmt::format("the state names {} `{}`, which this program does not have", what, name);
}

bool channel_named(const std::string& name, ir::Channel& channel) {
  for (ir::Channel c : {ir::Channel::Email, ir::Channel::Sms, ir::Channel::Push, ir::Channel::Whatsapp})
    if (name == ir::channel_name(c)) {
      channel = c;
      return true;
    }
  return false;
}

ModuleNames::ModuleNames(const ir::Module& module) : module_(module) {
  flows_ = index(module.flows, [](const ir::FlowDef& f) { return f.name; });
  for (const ir::FlowDef& flow : module.flows)
    steps_.push_back(index(flow.steps, [](const ir::StepDef& s) { return step_label(s); }));
  lists_ = index(module.lists, [](const std::string& l) { return l; });
  segments_ = index(module.segments, [](const ir::SegmentDef& s) { return s.name; });
  properties_ = index(module.profile_properties, [](const ir::PropertyDef& p) { return p.name; });
  campaigns_ = index(module.campaigns, [](const ir::CampaignDef& c) { return c.name; });
  for (const ir::CampaignDef& campaign : module.campaigns)
    paths_.push_back(index(campaign.paths, [](const ir::PathDef& p) { return p.name; }));
  automations_ = index(module.automations, [](const ir::AutomationDef& a) { return a.name; });
  for (ir::Index a = 0; a < module.aggregates.size(); ++a) {
    state::AggregateEntry s = aggregate_signature(module, a);
    aggregates_.try_emplace(Signature{s.kind, s.metric, s.property, s.where, s.window, s.since_flow_start}, a);
  }
}

ir::Index ModuleNames::event_property(ir::Index metric, const std::string& name) const {
  if (metric >= module_.metrics.size()) return ir::kNone;
  const std::vector<ir::PropertyDef>& properties = module_.metrics[metric].properties;
  for (size_t s = 0; s < properties.size(); ++s)
    if (properties[s].name == name) return static_cast<ir::Index>(s);
  return ir::kNone;
}

ir::Index ModuleNames::message(ir::Index campaign, ir::Index path, const std::string& name) const {
  const std::vector<ir::CampaignSendDef>& sends = module_.campaigns[campaign].paths[path].sends;
  for (size_t s = 0; s < sends.size(); ++s)
    if (sends[s].name == name) return static_cast<ir::Index>(s);
  return ir::kNone;
}

ir::Index ModuleNames::question(ir::Index automation, const std::string& name) const {
  const std::vector<ir::QuestionDef>& questions = module_.automations[automation].questions;
  for (size_t q = 0; q < questions.size(); ++q)
    if (questions[q].name == name) return static_cast<ir::Index>(q);
  return ir::kNone;
}

ir::Index ModuleNames::aggregate(const state::AggregateEntry& s) const {
  auto it = aggregates_.find(Signature{s.kind, s.metric, s.property, s.where, s.window, s.since_flow_start});
  return it == aggregates_.end() ? ir::kNone : it->second;
}

}  // namespace flowc::engine
