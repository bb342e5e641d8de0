// Fuzz target `parse`: source text through the front end as `flowc check`
// runs it (parse, check, render the diagnostics), and a program that checks
// through the lowering and a module file round trip. The program's virtual
// path is in an empty scratch folder, so relative imports and `body file`
// find nothing.
//
// Property checked beyond "no crash": a module the lowering produced must
// pass the module verifier (compiler/ir/module_io.cpp), or the verifier
// would refuse a module `flowc build` wrote.
#include <cstdlib>
#include <iostream>

#include "check/check.h"
#include "diag/render.h"
#include "driver/load.h"
#include "ir/module_io.h"
#include "lower/lower.h"
#include "targets/support.h"
#include "targets/targets.h"

int flowc_fuzz_parse(const uint8_t* data, size_t size) {
  using namespace flowc;
  static const std::string path = fuzz::scratch_dir() + "/fuzz.flow";
  SourceManager sources;
  DiagnosticSink sink;
  driver::LoadResult load = driver::load_program_text(path, fuzz::as_text(data, size), sources, sink);
  check::Symbols symbols = check::check_program(load.program, sources, sink);
  fuzz::NullStream discard;
  render_text(discard, sources, sink.sorted(), /*color=*/true);
  if (sink.has_errors()) return 0;

  ir::Module module = lower::lower_program(load.program, symbols, sources);
  ir::Module back;
  std::string error;
  if (!ir::deserialize(ir::serialize(module), back, error)) {
    std::cerr << "fuzz parse: the verifier refuses the module the lowering made: " << error << "\n";
    std::abort();
  }
  return 0;
}
