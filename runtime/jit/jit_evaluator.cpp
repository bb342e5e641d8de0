// The JIT engine (jit_evaluator.h): lowering of planned chunks to LLVM IR,
// the object cache, and the trampoline that gives each call its frame.
#include "jit/jit_evaluator.h"

#include <llvm/Config/llvm-config.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/TargetParser/Host.h>
#include <xxhash.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <new>

#include "ir/module_io.h"
#include "jit/frame.h"
#include "jit/jit.h"

namespace flowc::jit {

namespace {

// Bump when the generated code or the helpers' signatures change, so cached
// objects from an older flowc are not loaded.
constexpr int kAbiVersion = 1;

std::string chunk_symbol(size_t chunk) { return "flowc_chunk_" + std::to_string(chunk); }

// Lowers every compilable chunk to `void flowc_chunk_<N>(ptr frame)`.
class Lowering {
 public:
  Lowering(llvm::LLVMContext& context, llvm::Module& out) : ctx_(context), out_(out), b_(context) {}

  void lower(const ir::Module& module, size_t index, const ChunkPlan& plan) {
    using ir::Opcode;
    const ir::Chunk& chunk = module.chunks[index];
    auto* type = llvm::FunctionType::get(b_.getVoidTy(), {b_.getPtrTy()}, false);
    auto* fn = llvm::Function::Create(type, llvm::Function::ExternalLinkage, chunk_symbol(index), out_);
    fn->setUWTableKind(llvm::UWTableKind::Default);
    frame_ = fn->getArg(0);
    const size_t size = chunk.code.size();
    std::vector<llvm::BasicBlock*> blocks(size, nullptr);
    for (size_t pc = 0; pc < size; ++pc)
      if (plan.depth[pc] >= 0) blocks[pc] = llvm::BasicBlock::Create(ctx_, "i" + std::to_string(pc), fn);
    // Jumps to the end (and falling off it) return with the result unset.
    llvm::BasicBlock* exit = llvm::BasicBlock::Create(ctx_, "exit", fn);
    b_.SetInsertPoint(exit);
    b_.CreateRetVoid();
    auto block = [&](size_t pc) { return pc < size ? blocks[pc] : exit; };

    for (size_t pc = 0; pc < size; ++pc) {
      if (!blocks[pc]) continue;
      b_.SetInsertPoint(blocks[pc]);
      const uint32_t d = static_cast<uint32_t>(plan.depth[pc]);
      if (vm_gives_up(module, chunk, pc, plan.depth[pc])) {
        b_.CreateBr(exit);
        continue;
      }
      const ir::Instr in = chunk.code[pc];
      const uint32_t a = static_cast<uint32_t>(in.a);
      switch (in.op) {
        case Opcode::Const: call("flowc_jit_const", {d, a}); break;
        case Opcode::LoadProfile: call("flowc_jit_load_profile", {d, a}); break;
        case Opcode::LoadBuiltin: call("flowc_jit_load_builtin", {d, a}); break;
        case Opcode::LoadConsent: call("flowc_jit_load_consent", {d, a}); break;
        case Opcode::LoadEvent: call("flowc_jit_load_event", {d, a}); break;
        case Opcode::LoadSpecial: call("flowc_jit_load_special", {d, a}); break;
        case Opcode::Now: call("flowc_jit_now", {d}); break;
        case Opcode::InList: call("flowc_jit_in_list", {d, a}); break;
        case Opcode::InSegment: call("flowc_jit_in_segment", {d, a}); break;
        case Opcode::Aggregate: call("flowc_jit_aggregate", {d, a}); break;
        case Opcode::MakeList: call("flowc_jit_make_list", {d - a, a}); break;
        case Opcode::Add: call("flowc_jit_add", {d - 2}); break;
        case Opcode::Sub: call("flowc_jit_sub", {d - 2}); break;
        case Opcode::Mul: call("flowc_jit_mul", {d - 2}); break;
        case Opcode::Div: call("flowc_jit_div", {d - 2}); break;
        case Opcode::Mod: call("flowc_jit_mod", {d - 2}); break;
        case Opcode::Neg: call("flowc_jit_neg", {d - 1}); break;
        case Opcode::Eq:
        case Opcode::Ne:
        case Opcode::Lt:
        case Opcode::Le:
        case Opcode::Gt:
        case Opcode::Ge: call("flowc_jit_compare", {d - 2, static_cast<uint32_t>(in.op)}); break;
        case Opcode::Not: call("flowc_jit_not", {d - 1}); break;
        case Opcode::IsSet: call("flowc_jit_is_set", {d - 1}); break;
        case Opcode::In: call("flowc_jit_in", {d - 2}); break;
        case Opcode::Call: call("flowc_jit_call", {d - in.b, a, in.b}); break;
        case Opcode::Jump: b_.CreateBr(block(a)); continue;
        case Opcode::JumpIfFalseOrPop: {
          llvm::BasicBlock* set_false = llvm::BasicBlock::Create(ctx_, "false" + std::to_string(pc), fn);
          b_.CreateCondBr(truthy(d - 1), block(pc + 1), set_false);
          b_.SetInsertPoint(set_false);
          call("flowc_jit_set_false", {d - 1});
          b_.CreateBr(block(a));
          continue;
        }
        case Opcode::JumpIfTrueOrPop: b_.CreateCondBr(truthy(d - 1), block(a), block(pc + 1)); continue;
        case Opcode::Return:
          call("flowc_jit_return", {d - 1});
          b_.CreateRetVoid();
          continue;
        case Opcode::Filter: {
          auto filter = static_cast<ir::TemplateFilter>(in.a);
          uint32_t has_arg = filter == ir::TemplateFilter::Default || filter == ir::TemplateFilter::Date;
          llvm::Value* ok = call("flowc_jit_filter", {d - 1 - has_arg, a, has_arg}, true);
          b_.CreateCondBr(b_.CreateICmpNE(ok, b_.getInt32(0)), block(pc + 1), exit);
          continue;
        }
        case Opcode::ToText: call("flowc_jit_to_text", {d - 1}); break;
        case Opcode::Concat: call("flowc_jit_concat", {d - a, a}); break;
      }
      b_.CreateBr(block(pc + 1));
    }
  }

 private:
  llvm::Value* call(const char* helper, std::initializer_list<uint32_t> args, bool returns_i32 = false) {
    std::vector<llvm::Type*> params{b_.getPtrTy()};
    std::vector<llvm::Value*> values{frame_};
    for (uint32_t arg : args) {
      params.push_back(b_.getInt32Ty());
      values.push_back(b_.getInt32(arg));
    }
    auto* type = llvm::FunctionType::get(returns_i32 ? b_.getInt32Ty() : b_.getVoidTy(), params, false);
    return b_.CreateCall(out_.getOrInsertFunction(helper, type), values);
  }
  llvm::Value* truthy(uint32_t slot) {
    return b_.CreateICmpNE(call("flowc_jit_truthy", {slot}, true), b_.getInt32(0));
  }

  llvm::LLVMContext& ctx_;
  llvm::Module& out_;
  llvm::IRBuilder<> b_;
  llvm::Value* frame_ = nullptr;
};

// Stores the one object this session compiles at `path` (written to a
// temporary file and renamed, so readers never see half an object). Lookups
// go through JitEvaluator::create, which loads a hit before any IR exists.
class FileCache : public llvm::ObjectCache {
 public:
  explicit FileCache(std::filesystem::path path) : path_(std::move(path)) {}
  void notifyObjectCompiled(const llvm::Module*, llvm::MemoryBufferRef object) override {
    std::error_code ec;
    std::filesystem::create_directories(path_.parent_path(), ec);
    std::filesystem::path tmp = path_;
    tmp += ".tmp" + std::to_string(reinterpret_cast<uintptr_t>(this));
    {
      std::ofstream out(tmp, std::ios::binary);
      out.write(object.getBufferStart(), static_cast<std::streamsize>(object.getBufferSize()));
      if (!out) return;
    }
    std::filesystem::rename(tmp, path_, ec);
    if (ec) std::filesystem::remove(tmp, ec);
  }
  std::unique_ptr<llvm::MemoryBuffer> getObject(const llvm::Module*) override { return nullptr; }

 private:
  std::filesystem::path path_;
};

std::string cache_key(const ir::Module& module, unsigned opt_level) {
  std::string bytes = ir::serialize(module);
  bytes += "|llvm " LLVM_VERSION_STRING "|abi " + std::to_string(kAbiVersion) + "|O" + std::to_string(opt_level) +
           "|" + llvm::sys::getProcessTriple() + "|" + llvm::sys::getHostCPUName().str();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH64(bytes.data(), bytes.size(), 0)));
  return hex;
}

}  // namespace

struct JitEvaluator::Session {
  std::unique_ptr<FileCache> cache;  // declared first: the Jit may use it until it is destroyed
  std::unique_ptr<Jit> jit;
};

JitEvaluator::JitEvaluator(const ir::Module& module) : module_(module) {}
JitEvaluator::~JitEvaluator() = default;

std::unique_ptr<JitEvaluator> JitEvaluator::create(const ir::Module& module, const JitOptions& options,
                                                   std::string* error) {
  auto fail = [&](llvm::Error err) -> std::unique_ptr<JitEvaluator> {
    if (error) *error = llvm::toString(std::move(err));
    return nullptr;
  };
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<JitEvaluator> self(new JitEvaluator(module));
  self->session_ = std::make_unique<Session>();
  const unsigned level = std::min(options.opt_level, 3u);

  std::vector<ChunkPlan> plans;
  plans.reserve(module.chunks.size());
  bool any = false;
  for (const ir::Chunk& chunk : module.chunks) {
    plans.push_back(plan_chunk(module, chunk));
    if (plans.back().compilable && !chunk.code.empty()) any = true;
    self->slots_.push_back(plans.back().slots);
  }
  auto compiled = [&](size_t i) { return plans[i].compilable && !module.chunks[i].code.empty(); };

  std::filesystem::path cache_path;
  std::unique_ptr<llvm::MemoryBuffer> cached;
  if (!options.cache_dir.empty() && any) {
    cache_path = std::filesystem::path(options.cache_dir) / ("flowc-" + cache_key(module, level) + ".o");
    auto buffer = llvm::MemoryBuffer::getFile(cache_path.string());
    if (buffer) cached = std::move(*buffer);
    else self->session_->cache = std::make_unique<FileCache>(cache_path);
  }

  auto jit = Jit::Create(level, self->session_->cache.get());
  if (!jit) return fail(jit.takeError());
  self->session_->jit = std::move(*jit);
  Jit& session = *self->session_->jit;

  if (cached) {
    if (llvm::Error err = session.addObject(std::move(cached))) return fail(std::move(err));
    self->stats_.cache_hit = true;
  } else if (any) {
    auto context = std::make_unique<llvm::LLVMContext>();
    auto out = std::make_unique<llvm::Module>("flowc", *context);
    out->setDataLayout(session.getDataLayout());
    out->setTargetTriple(session.getTargetTriple().str());
    Lowering lowering(*context, *out);
    for (size_t i = 0; i < module.chunks.size(); ++i)
      if (compiled(i)) lowering.lower(module, i, plans[i]);
    std::string broken;
    llvm::raw_string_ostream why(broken);
    if (llvm::verifyModule(*out, &why)) {
      if (error) *error = "flowc: internal error: the JIT generated invalid IR: " + broken;
      return nullptr;
    }
    if (llvm::Error err = session.addModule(llvm::orc::ThreadSafeModule(std::move(out), std::move(context))))
      return fail(std::move(err));
  }

  self->functions_.assign(module.chunks.size(), nullptr);
  for (size_t i = 0; i < module.chunks.size(); ++i) {
    if (!compiled(i)) {
      ++self->stats_.chunks_interpreted;
      continue;
    }
    auto address = session.lookup(chunk_symbol(i));
    if (!address) return fail(address.takeError());
    self->functions_[i] = address->toPtr<ChunkFn>();
    ++self->stats_.chunks_compiled;
  }
  self->stats_.compile_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return self;
}

ir::Value JitEvaluator::evaluate(ir::Index chunk, vm::EvalContext& context) {
  if (chunk >= functions_.size()) return {};
  ChunkFn fn = functions_[chunk];
  if (!fn) return vm::evaluate(module_, chunk, context);
  // The frame: slots live on this stack frame for small chunks (like the
  // VM's stack), constructed unset and destroyed when the call returns.
  constexpr uint32_t kInline = 16;
  const uint32_t n = slots_[chunk];
  alignas(ir::Value) std::byte inline_slots[kInline * sizeof(ir::Value)];
  std::unique_ptr<ir::Value[]> heap;
  ir::Value* slots;
  if (n <= kInline) {
    slots = std::launder(reinterpret_cast<ir::Value*>(inline_slots));
    std::uninitialized_default_construct_n(slots, n);
  } else {
    heap = std::make_unique<ir::Value[]>(n);
    slots = heap.get();
  }
  Frame frame{slots, &module_, &context, {}};
  struct Destroy {
    ir::Value* slots;
    uint32_t n;
    bool inline_frame;
    ~Destroy() {
      if (inline_frame) std::destroy_n(slots, n);
    }
  } destroy{slots, n, n <= kInline};
  fn(&frame);
  return std::move(frame.result);
}

}  // namespace flowc::jit
