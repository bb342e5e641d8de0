// Helpers for tests that run the compiler and the engine in-process rather
// than through the flowc binary: a program compiled from a file or from
// text, file reading, and the scenario folders under tests/run/.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "check/check.h"
#include "driver/load.h"
#include "lower/lower.h"

namespace flowc::testing {

// A program compiled from a file or from text, with what it was compiled from.
struct Program {
  SourceManager sources;
  DiagnosticSink sink;
  driver::LoadResult loaded;
  check::Symbols symbols;
  ir::Module module;
};

inline std::unique_ptr<Program> finish_program(std::unique_ptr<Program> p) {
  p->symbols = check::check_program(p->loaded.program, p->sources, p->sink);
  REQUIRE(p->sink.error_count() == 0);
  p->module = lower::lower_program(p->loaded.program, p->symbols, p->sources);
  return p;
}

inline std::unique_ptr<Program> program_file(const std::string& path) {
  auto p = std::make_unique<Program>();
  p->loaded = driver::load_program({path}, p->sources, p->sink);
  return finish_program(std::move(p));
}

inline std::unique_ptr<Program> program_text(const std::string& text) {
  auto p = std::make_unique<Program>();
  p->loaded = driver::load_program_text(FLOWC_SOURCE_DIR "/tests/run/inline.flow", text, p->sources, p->sink);
  return finish_program(std::move(p));
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The scenario folders under tests/run/ (those with a program.flow), sorted.
inline std::vector<std::filesystem::path> run_scenario_dirs() {
  std::vector<std::filesystem::path> dirs;
  for (const auto& e : std::filesystem::directory_iterator(FLOWC_SOURCE_DIR "/tests/run"))
    if (e.is_directory() && std::filesystem::exists(e.path() / "program.flow")) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

}  // namespace flowc::testing
