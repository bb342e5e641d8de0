// The JIT's object cache (`flowc run --jit-cache DIR`, FLOWC_JIT_CACHE):
// one object file per compile unit, named after a hash of the whole module's
// bytes (plus LLVM version, generated-code ABI, optimisation level, the
// code generation choices, host) and the unit, so a later run of the same module loads a
// unit's machine code without generating or optimising any IR. Internal to
// runtime/jit: includes LLVM.
#pragma once

#include <llvm/ExecutionEngine/ObjectCache.h>
#include <llvm/Support/MemoryBuffer.h>

#include <filesystem>
#include <memory>
#include <string>

#include "ir/module.h"

namespace flowc::jit {

class FileCache : public llvm::ObjectCache {
 public:
  // `codegen` names the choices that change the generated code (fast
  // paths, typed code), so objects made with other choices are not loaded.
  FileCache(std::filesystem::path dir, const ir::Module& module, unsigned opt_level, const std::string& codegen);

  // The stored object of a unit, or null. The LLVM module generated for a
  // unit is named by `unit_module_name`, which is how notifyObjectCompiled
  // knows where to store it.
  std::unique_ptr<llvm::MemoryBuffer> load(size_t unit) const;
  static std::string unit_module_name(size_t unit) {
    std::string name = "u";  // appended, not `"u" + ...`: GCC 12 at -O3 warns falsely on that (-Wrestrict)
    name += std::to_string(unit);
    return name;
  }

  // Writes to a temporary file and renames it, so readers never see half an object.
  void notifyObjectCompiled(const llvm::Module* module, llvm::MemoryBufferRef object) override;
  // Loads go through load(), before any IR exists.
  std::unique_ptr<llvm::MemoryBuffer> getObject(const llvm::Module*) override { return nullptr; }

 private:
  std::filesystem::path path(const std::string& unit_name) const;
  std::filesystem::path dir_;
  std::string key_;
};

}  // namespace flowc::jit
