// Keyword automations (RUNTIME.md section 7).
#include "engine/engine.h"

namespace flowc::engine {

void Engine::apply_inbound(const events::Record&) {}
void Engine::session_timeout(uint32_t, uint64_t) {}

}  // namespace flowc::engine
