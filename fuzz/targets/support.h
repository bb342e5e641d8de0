// What the fuzz targets share: a private scratch folder, and an output
// stream that discards everything.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>

#include "ir/module.h"

namespace flowc::fuzz {

// An empty folder made once per process (under $TMPDIR), for the targets
// that need a path: a program's virtual path there finds no imports, and
// readers that take a file name read a file written there.
const std::string& scratch_dir();

// Writes the bytes to `scratch_dir()/name` and returns the path.
std::string write_scratch_file(const std::string& name, const uint8_t* data, size_t size);

// An ostream whose writes go nowhere (no stream buffer: every write just
// sets badbit, which costs nothing).
class NullStream : public std::ostream {
 public:
  NullStream() : std::ostream(nullptr) {}
};

inline std::string as_text(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace flowc::fuzz

namespace flowc::fuzz {

// The program at `path` (a source file of this tree), checked and lowered;
// aborts when it does not check, since the target would test nothing.
ir::Module compile_or_abort(const std::string& path);

// Runs the module over an NDJSON event stream as `flowc run --drain
// --report` does (the VM engine; activity and report discarded). Bad records
// go to the engine as input errors, as without --strict.
void run_events(const ir::Module& module, const std::string& ndjson);

}  // namespace flowc::fuzz
