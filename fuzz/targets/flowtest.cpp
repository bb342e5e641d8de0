// Fuzz target `flowtest`: the text of a .flowtest file through the scenario
// reader (`program`, `given`, `test`, `run` and `expect` lines); reading
// only, so the program it names is never loaded.
#include "scenario/test_file.h"
#include "targets/support.h"
#include "targets/targets.h"

int flowc_fuzz_flowtest(const uint8_t* data, size_t size) {
  flowc::cli::scenario::parse_test_file("fuzz.flowtest", flowc::fuzz::as_text(data, size));
  return 0;
}
