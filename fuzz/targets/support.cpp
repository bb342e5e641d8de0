#include "targets/support.h"

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "check/check.h"
#include "diag/render.h"
#include "driver/load.h"
#include "engine/engine.h"
#include "events/reader.h"
#include "lower/lower.h"
#include "vm/evaluator.h"

namespace flowc::fuzz {

const std::string& scratch_dir() {
  static const std::string dir = [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "flowc-fuzz-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot make a scratch folder for the fuzz target");
    return pattern;
  }();
  return dir;
}

std::string write_scratch_file(const std::string& name, const uint8_t* data, size_t size) {
  std::string path = scratch_dir() + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}


ir::Module compile_or_abort(const std::string& path) {
  SourceManager sources;
  DiagnosticSink sink;
  driver::LoadResult load = driver::load_program({path}, sources, sink);
  check::Symbols symbols = check::check_program(load.program, sources, sink);
  if (!load.unreadable.empty() || sink.has_errors()) {
    render_text(std::cerr, sources, sink.sorted());
    std::cerr << "fuzz: the target's program `" << path << "` does not check\n";
    std::abort();
  }
  return lower::lower_program(load.program, symbols, sources);
}

void run_events(const ir::Module& module, const std::string& ndjson) {
  NullStream discard;
  engine::ActivityWriter activity(&discard);
  vm::Interpreter interpreter(module);
  engine::Engine engine(module, interpreter, activity);
  engine.set_input_name("fuzz.ndjson");
  std::istringstream input(ndjson);
  events::EventReader reader(module, input);
  events::Record record;
  events::InputError error;
  for (;;) {
    events::EventReader::Result r = reader.next(record, error);
    if (r == events::EventReader::Result::End) break;
    if (r == events::EventReader::Result::Error) engine.input_error(error);
    else engine.process(record);
  }
  engine.settle();
  engine.drain();
  discard << engine.final_report().to_json(module);
}

}  // namespace flowc::fuzz
