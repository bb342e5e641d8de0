// Campaigns: paths with their audiences (lists and segments by index) and
// their timed sends.
#include "lower/lowerer.h"
#include "lower/step_names.h"

namespace flowc::lower {

namespace {

ir::CampaignZone ir_zone(ast::CampaignZone zone) {
  switch (zone) {
    case ast::CampaignZone::Local: return ir::CampaignZone::Local;
    case ast::CampaignZone::Fixed: return ir::CampaignZone::Fixed;
    default: return ir::CampaignZone::Account;
  }
}

}  // namespace

void Lowerer::lower_campaign(const ast::Campaign& c) {
  ir::CampaignDef def;
  def.name = c.name.text;
  def.zone = ir_zone(c.zone);
  if (c.zone_name) def.zone_name = c.zone_name->value;
  def.next_day_if_passed = c.if_passed == ast::IfPassed::NextDay;
  // An audience name is a list or a segment (they share one namespace).
  auto audience = [&](const ast::Name& n) {
    Index segment = segment_index(n.text);
    return segment != kNone ? std::make_pair(true, segment) : std::make_pair(false, list_index(n.text));
  };
  for (const ast::Path& p : c.paths) {
    ir::PathDef path;
    path.name = p.name.text;
    for (const ast::Name& n : p.include) path.include.push_back(audience(n));
    for (const ast::Name& n : p.exclude) path.exclude.push_back(audience(n));
    for (const ast::Step& s : p.sends) {
      if (s.kind != ast::StepKind::Send) continue;  // the checker reported it
      ir::CampaignSendDef send;
      SendTarget target = send_target(s, ExprContext{});  // campaigns have no event
      send.message = target.message;
      send.inline_body = target.inline_body;
      send.channel = ir_channel(s.channel);
      send.name = step_name(s);
      send.local_minutes = s.at ? s.at->local_minutes : 0;
      send.stagger_percent = s.options.stagger_percent.value_or(0);
      send.smart_sending = s.options.smart_sending.value_or(!target.transactional);
      send.utm = s.options.utm.value_or(true);
      path.sends.push_back(std::move(send));
    }
    def.paths.push_back(std::move(path));
  }
  name_sends(def);
  module.campaigns.push_back(std::move(def));
}

}  // namespace flowc::lower
