#include "jit/units.h"

namespace flowc::jit {

namespace {

class UnitPlanner {
 public:
  explicit UnitPlanner(const ir::Module& module) : module_(module) {
    plan_.unit_of_chunk.assign(module.chunks.size(), kUnclaimed);
    plan_.units.push_back({"program", {}, ir::kNone});  // unit 0
  }

  UnitPlan plan() {
    for (const ir::SegmentDef& s : module_.segments) claim(0, s.condition);
    for (const ir::AggregateDef& a : module_.aggregates) claim(0, a.where);
    claim(0, module_.account.conversion_value);
    for (size_t f = 0; f < module_.flows.size(); ++f) flow(f);
    for (const ir::MessageDef& m : module_.messages) {
      uint32_t u = add("message " + m.name);
      for (ir::Index c : {m.subject, m.preview, m.title, m.body}) claim(u, c);
    }
    for (const ir::CampaignDef& c : module_.campaigns) {
      uint32_t u = add("campaign " + c.name);
      for (const ir::PathDef& path : c.paths)
        for (const ir::CampaignSendDef& send : path.sends) claim(u, send.inline_body);
    }
    for (const ir::AutomationDef& a : module_.automations) {
      uint32_t u = add("automation " + a.name);
      for (const ir::QuestionDef& q : a.questions) claim(u, q.text);
      for (const ir::RecommendationDef& r : a.recommendations) claim(u, r.when), claim(u, r.text);
      for (ir::Index c : {a.reprompt, a.fallback, a.reply}) claim(u, c);
    }
    for (size_t c = 0; c < plan_.unit_of_chunk.size(); ++c)
      if (plan_.unit_of_chunk[c] == kUnclaimed) claim(0, static_cast<ir::Index>(c));
    for (size_t c = 0; c < plan_.unit_of_chunk.size(); ++c) plan_.units[plan_.unit_of_chunk[c]].chunks.push_back(c);
    return std::move(plan_);
  }

 private:
  static constexpr uint32_t kUnclaimed = 0xFFFFFFFF;

  void flow(size_t f) {
    const ir::FlowDef& def = module_.flows[f];
    uint32_t u = add("flow " + def.name);
    plan_.units[u].flow = static_cast<ir::Index>(f);
    plan_.unit_of_flow.push_back(u);
    claim(u, def.trigger_where);
    claim(u, def.drop_key);
    for (ir::Index c : def.filters) claim(u, c);
    for (const ir::StepDef& step : def.steps) {
      for (ir::Index c : {step.inline_body, step.value, step.notify_to, step.notify_text}) claim(u, c);
      for (ir::Index c : step.conditions) claim(u, c);
    }
  }

  uint32_t add(std::string what) {
    plan_.units.push_back({std::move(what), {}, ir::kNone});
    return static_cast<uint32_t>(plan_.units.size() - 1);
  }
  // First claim wins; indexes out of range (kNone) are ignored.
  void claim(uint32_t unit, ir::Index chunk) {
    if (chunk < plan_.unit_of_chunk.size() && plan_.unit_of_chunk[chunk] == kUnclaimed) plan_.unit_of_chunk[chunk] = unit;
  }

  const ir::Module& module_;
  UnitPlan plan_;
};

}  // namespace

UnitPlan plan_units(const ir::Module& module) { return UnitPlanner(module).plan(); }

}  // namespace flowc::jit
