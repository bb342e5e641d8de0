// The programs a test run needs, each checked, lowered and made ready for
// the chosen engine once, however many test files name it. The JIT compiles
// a unit on first use and keeps it, so later tests of the same program
// reuse the native code.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ir/module.h"
#include "vm/evaluator.h"

namespace flowc::cli::scenario {

struct CompiledProgram {
  ir::Module module;
  std::unique_ptr<vm::Evaluator> evaluator;  // runs `module`'s chunks; stateless between runs
};

// Why a program cannot be tested: its diagnostics or what could not be read.
struct ProgramProblem {
  std::string text;         // ready to print: the rendered errors, or "cannot read `x`"
  bool unreadable = false;  // a file could not be read (exit code 3)
};

class ProgramCache {
 public:
  // `allowed_paths`: the `--allow-path` folders (the programs' own folders are allowed anyway).
  ProgramCache(std::string engine, std::vector<std::string> allowed_paths)
      : engine_(std::move(engine)), allowed_paths_(std::move(allowed_paths)) {}

  // The program made of `files`, or null with `problem` filled.
  const CompiledProgram* get(const std::vector<std::string>& files, ProgramProblem& problem);

 private:
  struct Entry {
    std::unique_ptr<CompiledProgram> program;
    ProgramProblem problem;
  };
  Entry compile(const std::vector<std::string>& files) const;

  std::string engine_;  // vm | jit
  std::vector<std::string> allowed_paths_;
  std::map<std::vector<std::string>, Entry> entries_;
};

}  // namespace flowc::cli::scenario
