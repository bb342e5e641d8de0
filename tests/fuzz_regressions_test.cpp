// [fuzz] The inputs the fuzzers found crashes with (tests/fuzz_regressions/
// <target>/<name>), replayed through the fuzz targets' own entry functions
// (fuzz/targets/), in the normal sanitized build: an input that crashes
// again, or trips AddressSanitizer or UndefinedBehaviorSanitizer, fails this
// test. docs/testing.md says how inputs get here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "targets/targets.h"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> stored_inputs(const std::string& target) {
  std::vector<fs::path> inputs;
  fs::path dir = fs::path(FLOWC_SOURCE_DIR) / "tests" / "fuzz_regressions" / target;
  if (fs::is_directory(dir))
    for (const fs::directory_entry& entry : fs::directory_iterator(dir))
      if (entry.is_regular_file()) inputs.push_back(entry.path());
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

}  // namespace

TEST_CASE("every stored fuzz input runs through its target without a crash", "[fuzz]") {
  size_t replayed = 0;
  for (const FlowcFuzzTarget& target : kFlowcFuzzTargets) {
    for (const fs::path& path : stored_inputs(target.name)) {
      INFO("tests/fuzz_regressions/" << target.name << "/" << path.filename().string());
      std::ifstream in(path, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      CHECK(target.entry(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()) == 0);
      ++replayed;
    }
  }
  CHECK(replayed > 0);  // the folder is where they are: an empty replay means it moved
}
