// Internal to the engine: what campaigns need while they run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/module.h"

namespace flowc::engine {

// One campaign message waiting for its time (the fan-out to recipients).
struct CampaignMessageRef {
  uint32_t campaign, path, send;
};

// One recipient's copy of a campaign message, waiting for its send time.
struct CampaignDelivery {
  uint32_t message;  // index into CampaignState::messages
  uint32_t profile;
  uint32_t attempt = 0;  // quiet-hours deferrals so far
  // The number the copy's send id is made with: the message's place in
  // CampaignState::messages when it was fanned out. Kept with the copy so a
  // saved copy keeps its send id when the program's campaigns change.
  uint32_t occurrence = 0;
};

// Every message of every campaign, in program order (campaign, path,
// message): what CampaignState::messages holds once campaigns are scheduled.
inline std::vector<CampaignMessageRef> campaign_messages(const ir::Module& module) {
  std::vector<CampaignMessageRef> messages;
  for (uint32_t c = 0; c < module.campaigns.size(); ++c)
    for (uint32_t p = 0; p < module.campaigns[c].paths.size(); ++p)
      for (uint32_t s = 0; s < module.campaigns[c].paths[p].sends.size(); ++s) messages.push_back({c, p, s});
  return messages;
}

struct CampaignState {
  std::vector<CampaignMessageRef> messages;
  // Copies waiting for their time; a delivered or skipped copy's slot is
  // reused (a long-running serve would otherwise keep every copy ever sent).
  std::vector<CampaignDelivery> deliveries;
  std::vector<uint32_t> free_deliveries;
  bool scheduled = false;

  uint32_t add_delivery(const CampaignDelivery& d) {
    if (free_deliveries.empty()) {
      deliveries.push_back(d);
      return static_cast<uint32_t>(deliveries.size() - 1);
    }
    uint32_t slot = free_deliveries.back();
    free_deliveries.pop_back();
    deliveries[slot] = d;
    return slot;
  }
  // The copy is done with: no wake-up names it any more.
  void release_delivery(uint32_t slot) { free_deliveries.push_back(slot); }
};

}  // namespace flowc::engine
