// The JIT session: one small class in the manner of LLVM's KaleidoscopeJIT.
//
// It owns an ORC LLJIT (execution session, object linking and IR compile
// layers), optimises each module it is given with the new pass manager at a
// fixed level, and resolves the flowc_jit_* helpers (frame.h) to their
// addresses in this process, so generated code links against them whether or
// not flowc is built with sanitizers. Destroying the Jit ends the session and
// frees all code it compiled: function pointers looked up from it must not
// outlive it.
//
// This header includes LLVM; only runtime/jit/jit.cpp and
// runtime/jit/jit_evaluator.cpp include it.
#pragma once

#include <llvm/ExecutionEngine/ObjectCache.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/Support/Error.h>

#include <memory>

namespace flowc::jit {

class Jit {
 public:
  // `opt_level` 0-3 is both the IR pipeline (O0..O3) and the code generator
  // level. `cache` (may be null, must outlive the Jit) sees every object the
  // session compiles.
  static llvm::Expected<std::unique_ptr<Jit>> Create(unsigned opt_level, llvm::ObjectCache* cache = nullptr);
  ~Jit();
  Jit(const Jit&) = delete;
  Jit& operator=(const Jit&) = delete;

  const llvm::DataLayout& getDataLayout() const { return lljit_->getDataLayout(); }
  const llvm::Triple& getTargetTriple() const { return lljit_->getTargetTriple(); }

  // Adds IR (optimised when it is materialised) or a previously compiled
  // object; with no tracker, the main library's default one.
  llvm::Error addModule(llvm::orc::ThreadSafeModule module, llvm::orc::ResourceTrackerSP tracker = nullptr);
  llvm::Error addObject(std::unique_ptr<llvm::MemoryBuffer> object);

  // The address of a symbol (compiling its module on first lookup).
  llvm::Expected<llvm::orc::ExecutorAddr> lookup(llvm::StringRef name);

 private:
  explicit Jit(std::unique_ptr<llvm::orc::LLJIT> lljit) : lljit_(std::move(lljit)) {}
  llvm::Error defineHelpers();

  std::unique_ptr<llvm::orc::LLJIT> lljit_;
};

}  // namespace flowc::jit
