#include "jit/object_cache.h"

#include <llvm/Config/llvm-config.h>
#include <llvm/IR/Module.h>
#include <llvm/TargetParser/Host.h>
#include <xxhash.h>

#include <cstdio>
#include <fstream>

#include "ir/module_io.h"

namespace flowc::jit {

namespace {

// Bump when the generated code or the helpers' signatures change, so cached
// objects from an older flowc are not loaded.
constexpr int kAbiVersion = 5;

std::string cache_key(const ir::Module& module, unsigned opt_level, const std::string& codegen) {
  std::string bytes = ir::serialize(module);
  bytes += "|llvm " LLVM_VERSION_STRING "|abi " + std::to_string(kAbiVersion) + "|O" + std::to_string(opt_level) +
           "|" + codegen + "|" + llvm::sys::getProcessTriple() + "|" + llvm::sys::getHostCPUName().str();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH64(bytes.data(), bytes.size(), 0)));
  return hex;
}

}  // namespace

FileCache::FileCache(std::filesystem::path dir, const ir::Module& module, unsigned opt_level,
                     const std::string& codegen)
    : dir_(std::move(dir)), key_(cache_key(module, opt_level, codegen)) {}

std::filesystem::path FileCache::path(const std::string& unit_name) const {
  return dir_ / ("flowc-" + key_ + "-" + unit_name + ".o");
}

std::unique_ptr<llvm::MemoryBuffer> FileCache::load(size_t unit) const {
  auto buffer = llvm::MemoryBuffer::getFile(path(unit_module_name(unit)).string());
  if (!buffer) return nullptr;
  return std::move(*buffer);
}

void FileCache::notifyObjectCompiled(const llvm::Module* module, llvm::MemoryBufferRef object) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  const std::filesystem::path target = path(module->getModuleIdentifier());
  std::filesystem::path tmp = target;
  tmp += ".tmp" + std::to_string(reinterpret_cast<uintptr_t>(this));
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(object.getBufferStart(), static_cast<std::streamsize>(object.getBufferSize()));
    if (!out) return;
  }
  std::filesystem::rename(tmp, target, ec);
  if (ec) std::filesystem::remove(tmp, ec);
}

}  // namespace flowc::jit
