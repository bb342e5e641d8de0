// Omnichannel campaigns (RUNTIME.md section 6).
//
// Each campaign message is fanned out once, at its time: the audience of its
// path is evaluated then, and every profile whose *first* matching path (in
// file order) is this one becomes a recipient. Each recipient's copy is a
// delivery with its own wake-up, so local-time sends and staggered batches
// are just different delivery times. At delivery, reachability and smart
// sending are checked per recipient, and SMS marketing respects quiet hours.
//
// `timezone local`: the campaign is sent when the first time zone reaches the
// wall time (UTC+14), or when the run starts if that is later. A recipient
// whose local time is still ahead gets the message then; one whose local time
// has already passed gets it at once (`if_passed send_now`, the default) or
// at that wall time the next day (`if_passed next_day`).
#include <algorithm>
#include <cmath>

#include "engine/engine.h"
#include "events/reader.h"

namespace flowc::engine {

namespace {

constexpr int64_t kHour = 3600;
constexpr int64_t kEarliestZoneOffset = 14 * kHour;  // UTC+14, the first zone to reach a wall time

bool audience_contains(const ir::PathDef& path, const Profile& p, bool include) {
  const auto& list = include ? path.include : path.exclude;
  for (const auto& [is_segment, index] : list) {
    bool member = is_segment ? index < p.segments.size() && p.segments[index] : index < p.lists.size() && p.lists[index];
    if (member) return true;
  }
  return false;
}

}  // namespace

// The path a profile belongs to: the first whose audience includes it.
static int first_path(const ir::CampaignDef& campaign, const Profile& p) {
  for (size_t i = 0; i < campaign.paths.size(); ++i)
    if (audience_contains(campaign.paths[i], p, true) && !audience_contains(campaign.paths[i], p, false))
      return static_cast<int>(i);
  return -1;
}

void Engine::schedule_campaigns() {
  if (campaigns_.scheduled) return;
  campaigns_.scheduled = true;
  campaigns_.messages = campaign_messages(module_);
  for (uint32_t message = 0; message < campaigns_.messages.size(); ++message) {
    const CampaignMessageRef& ref = campaigns_.messages[message];
    const ir::CampaignDef& campaign = module_.campaigns[ref.campaign];
    rt::Zone zone = campaign.zone == ir::CampaignZone::Fixed ? rt::find_zone(campaign.zone_name) : account_zone_;
    if (!zone) zone = account_zone_;
    const ir::CampaignSendDef& send = campaign.paths[ref.path].sends[ref.send];
    int64_t at = campaign.zone == ir::CampaignZone::Local ? send.local_minutes * 60 - kEarliestZoneOffset
                                                          : rt::local_to_instant(send.local_minutes, zone);
    // A message whose time is before the stream started goes out now, at
    // the first instant of the stream.
    scheduler_.schedule(std::max(at, clock_), WakeKind::CampaignMessage, 0, message);
  }
}

void Engine::fan_out_campaign_message(uint32_t message) {
  const CampaignMessageRef& ref = campaigns_.messages[message];
  const ir::CampaignDef& campaign = module_.campaigns[ref.campaign];
  const ir::CampaignSendDef& send = campaign.paths[ref.path].sends[ref.send];
  CampaignPathCounters& path_counters = report_.campaigns[ref.campaign].paths[ref.path];
  CampaignMessageCounters& counters = path_counters.messages[ref.send];

  // Recipients in a deterministic order: by profile id.
  // Read through the const store: reading every profile must not mark
  // every profile changed (dirty_set.h).
  const ProfileStore& profiles = profiles_;
  std::vector<uint32_t> recipients;
  for (uint32_t i = 0; i < profiles.size(); ++i)
    if (first_path(campaign, profiles[i]) == static_cast<int>(ref.path)) recipients.push_back(i);
  std::sort(recipients.begin(), recipients.end(),
            [&](uint32_t a, uint32_t b) { return profiles[a].id() < profiles[b].id(); });
  counters.recipients = recipients.size();
  path_counters.recipients = std::max<uint64_t>(path_counters.recipients, recipients.size());
  if (recipients.empty()) {
    counters.status = "cancelled_no_recipients";
    activity_.emit(activity_.start(clock_, "cancelled_no_recipients", "",
                                   Origin{"campaign", campaign.name, send.name, ir::channel_name(send.channel)}));
    return;
  }
  counters.status = "sent";
  // Staggered sending: P% of the recipients each hour from the scheduled time.
  size_t batch = recipients.size();
  if (send.stagger_percent > 0)
    batch = std::max<size_t>(1, static_cast<size_t>(std::ceil(recipients.size() * send.stagger_percent / 100.0)));
  for (size_t i = 0; i < recipients.size(); ++i) {
    uint32_t profile = recipients[i];
    int64_t at = clock_;
    if (campaign.zone == ir::CampaignZone::Local) {
      rt::Zone zone = zone_for(profiles[profile], true);
      int64_t local = rt::local_to_instant(send.local_minutes, zone);
      if (local >= clock_) at = local;
      else if (campaign.next_day_if_passed) at = rt::local_to_instant(send.local_minutes + 1440, zone);
    }
    at += static_cast<int64_t>(i / batch) * kHour;
    uint32_t delivery = campaigns_.add_delivery(CampaignDelivery{message, profile, 0, message});
    changed_profiles_.mark(profile);  // the copy is saved with its recipient
    scheduler_.schedule(at, WakeKind::CampaignDelivery, profile, delivery);
  }
}

void Engine::deliver_campaign_message(uint32_t delivery) {
  CampaignDelivery& d = campaigns_.deliveries[delivery];
  const CampaignMessageRef& ref = campaigns_.messages[d.message];
  const ir::CampaignDef& campaign = module_.campaigns[ref.campaign];
  const ir::CampaignSendDef& send = campaign.paths[ref.path].sends[ref.send];
  CampaignMessageCounters& counters = report_.campaigns[ref.campaign].paths[ref.path].messages[ref.send];
  Profile& p = profiles_[d.profile];
  Origin origin{"campaign", campaign.name, send.name, ir::channel_name(send.channel)};
  auto skip = [&](const std::string& reason) {
    ++counters.skipped[reason];
    JsonLine line = activity_.start(clock_, "skip", p.id(), origin);
    line.str("reason", reason);
    activity_.emit(line);
    campaigns_.release_delivery(delivery);
  };
  // A local-time copy waits for its recipient's wall time; the audience may
  // have changed since the message was fanned out.
  if (first_path(campaign, p) != static_cast<int>(ref.path)) return skip("left_audience");
  const ir::MessageDef* message = send.message != ir::kNone ? &module_.messages[send.message] : nullptr;
  bool transactional = message && message->transactional;
  std::string reason = send_blocker(p, send.channel, transactional, send.smart_sending);
  if (!reason.empty()) return skip(reason);
  int64_t until = defer_for_quiet_hours(p, origin, send.channel, transactional);
  if (until >= 0) {
    ++d.attempt;
    scheduler_.schedule(until, WakeKind::CampaignDelivery, d.profile, delivery);
    return;
  }
  ir::StepDef step;
  step.kind = ir::StepKind::Send;
  step.name = send.name;
  step.message = send.message;
  step.channel = send.channel;
  step.inline_body = send.inline_body;
  step.smart_sending = send.smart_sending;
  step.utm = send.utm;
  ++counters.sent;
  uint32_t send_origin =
      sends_.origin(SendOrigin{SendOrigin::Kind::Campaign, send.channel, ref.campaign, ref.path, ref.send, "campaign",
                               campaign.name, send.name, message ? message->name : send.name});
  emit_send(d.profile, origin, step, nullptr, clock_, d.occurrence, send_origin);
  campaigns_.release_delivery(delivery);
}

}  // namespace flowc::engine
