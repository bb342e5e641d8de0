// Omnichannel campaigns (RUNTIME.md section 6).
#include "engine/engine.h"

namespace flowc::engine {

void Engine::schedule_campaigns() {}
void Engine::fan_out_campaign_message(uint32_t) {}
void Engine::deliver_campaign_message(uint32_t) {}

}  // namespace flowc::engine
