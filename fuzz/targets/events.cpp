// Fuzz target `events`: NDJSON bytes through the event reader and the
// engine, running examples/acme.flow (every kind of flow, campaign and
// automation, so records reach every part of the engine), as `flowc run
// --drain` does.
#include "targets/support.h"
#include "targets/targets.h"

int flowc_fuzz_events(const uint8_t* data, size_t size) {
  static const flowc::ir::Module module = flowc::fuzz::compile_or_abort(FLOWC_SOURCE_DIR "/examples/acme.flow");
  flowc::fuzz::run_events(module, flowc::fuzz::as_text(data, size));
  return 0;
}
