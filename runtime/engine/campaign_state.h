// Internal to the engine: what campaigns need while they run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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

struct CampaignState {
  std::vector<CampaignMessageRef> messages;
  std::vector<CampaignDelivery> deliveries;
  bool scheduled = false;
};

}  // namespace flowc::engine
