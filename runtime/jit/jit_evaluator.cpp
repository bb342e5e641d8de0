// The JIT engine (jit_evaluator.h): planning, compiling units on first use,
// and the trampolines that give each call its frame.
#include "jit/jit_evaluator.h"

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <new>

#include "jit/frame.h"
#include "jit/jit.h"
#include "jit/lowering.h"
#include "jit/object_cache.h"
#include "jit/units.h"

namespace flowc::jit {

namespace {

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

bool env_flag(const char* name, bool fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) != "0" : fallback;
}

// A frame of `n` unset slots for one call: on the caller's stack for small
// chunks (like the VM's stack), on the heap otherwise; destroyed on return.
class ScopedFrame {
 public:
  ScopedFrame(uint32_t n, const ir::Module& module, vm::EvalContext& context) : n_(n) {
    if (n <= kInline) {
      slots_ = std::launder(reinterpret_cast<ir::Value*>(inline_slots_));
      std::uninitialized_default_construct_n(slots_, n);
    } else {
      heap_ = std::make_unique<ir::Value[]>(n);
      slots_ = heap_.get();
    }
    frame_ = Frame{slots_, &module, &context, {}};
  }
  ~ScopedFrame() {
    if (n_ <= kInline) std::destroy_n(slots_, n_);
  }
  ScopedFrame(const ScopedFrame&) = delete;
  ScopedFrame& operator=(const ScopedFrame&) = delete;
  Frame* get() { return &frame_; }

 private:
  static constexpr uint32_t kInline = 16;
  uint32_t n_;
  alignas(ir::Value) std::byte inline_slots_[kInline * sizeof(ir::Value)];
  std::unique_ptr<ir::Value[]> heap_;
  ir::Value* slots_;
  Frame frame_;
};

}  // namespace

struct JitEvaluator::Session {
  std::unique_ptr<FileCache> cache;  // declared first: the Jit may use it until it is destroyed
  std::unique_ptr<Jit> jit;
  std::vector<ChunkPlan> plans;      // by chunk
  UnitPlan units;
  bool fast = false;
};

JitEvaluator::JitEvaluator(const ir::Module& module) : module_(module) {}
JitEvaluator::~JitEvaluator() = default;

std::unique_ptr<JitEvaluator> JitEvaluator::create(const ir::Module& module, const JitOptions& options,
                                                   std::string* error) {
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<JitEvaluator> self(new JitEvaluator(module));
  auto session = std::make_unique<Session>();
  const unsigned level = std::min(options.opt_level, 3u);
  session->fast = env_flag("FLOWC_JIT_FAST", options.fast_paths);
  const bool lazy = env_flag("FLOWC_JIT_LAZY", options.lazy);

  for (const ir::Chunk& chunk : module.chunks) {
    session->plans.push_back(plan_chunk(module, chunk));
    self->slots_.push_back(session->plans.back().slots);
  }
  session->units = plan_units(module);
  for (size_t f = 0; f < module.flows.size(); ++f)
    self->dispatch_slots_.push_back(dispatch_frame_slots(module, f, session->plans));
  if (!options.cache_dir.empty()) session->cache = std::make_unique<FileCache>(options.cache_dir, module, level, session->fast);

  auto jit = Jit::Create(level, session->cache.get());
  if (!jit) {
    if (error) *error = llvm::toString(jit.takeError());
    return nullptr;
  }
  session->jit = std::move(*jit);
  self->session_ = std::move(session);

  const size_t units = self->session_->units.units.size();
  self->functions_ = std::make_unique<std::atomic<ChunkFn>[]>(module.chunks.size());
  self->branch_fns_.assign(module.flows.size(), nullptr);
  self->filters_fns_.assign(module.flows.size(), nullptr);
  self->ready_ = std::make_unique<std::atomic<bool>[]>(units);
  self->unit_ok_.assign(units, 0);
  for (size_t c = 0; c < module.chunks.size(); ++c)
    if (!self->compilable(c)) ++self->stats_.chunks_interpreted;
  for (uint32_t u = 0; u < units; ++u)
    if (self->has_code(u)) ++self->stats_.units;
  self->stats_.compile_ms = ms_since(start);
  if (!lazy) {
    for (uint32_t u = 0; u < units; ++u) {
      std::string why = self->compile_unit_or_error(u);
      if (!why.empty()) {
        if (error) *error = why;
        return nullptr;
      }
    }
  }
  return self;
}

bool JitEvaluator::compilable(size_t chunk) const {
  return session_->plans[chunk].compilable && !module_.chunks[chunk].code.empty();
}

// A unit with nothing to compile (a message without templates) is never
// counted as compiled nor given an LLVM module.
bool JitEvaluator::has_code(uint32_t unit) const {
  const CompileUnit& u = session_->units.units[unit];
  if (u.flow != ir::kNone) return true;
  for (ir::Index c : u.chunks)
    if (compilable(c)) return true;
  return false;
}

bool JitEvaluator::compile_unit(uint32_t unit) {
  std::string why = compile_unit_or_error(unit);
  return why.empty();
}

// Generates the unit's LLVM module (or loads its cached object), has ORC
// compile it, and records the addresses of its functions. Returns "" or why
// LLVM failed; either way the unit is ready afterwards (failed: VM).
std::string JitEvaluator::compile_unit_or_error(uint32_t unit) {
  std::lock_guard<std::mutex> lock(compiling_);
  if (ready_[unit].load(std::memory_order_acquire)) return unit_ok_[unit] ? "" : stats_.first_failure;
  auto start = std::chrono::steady_clock::now();
  Session& s = *session_;
  const CompileUnit& u = s.units.units[unit];
  auto fail = [&](std::string why) {
    ++stats_.units_failed;
    if (stats_.first_failure.empty()) stats_.first_failure = why;
    stats_.compile_ms += ms_since(start);
    ready_[unit].store(true, std::memory_order_release);
    return why;
  };
  auto compiled = [&](size_t chunk) { return compilable(chunk); };
  if (!has_code(unit)) {
    unit_ok_[unit] = 1;
    ready_[unit].store(true, std::memory_order_release);
    return "";
  }

  std::unique_ptr<llvm::MemoryBuffer> cached = s.cache ? s.cache->load(unit) : nullptr;
  if (cached) {
    if (llvm::Error err = s.jit->addObject(std::move(cached))) return fail(llvm::toString(std::move(err)));
    ++stats_.units_from_cache;
  } else {
    auto context = std::make_unique<llvm::LLVMContext>();
    auto out = std::make_unique<llvm::Module>(FileCache::unit_module_name(unit), *context);
    out->setDataLayout(s.jit->getDataLayout());
    out->setTargetTriple(s.jit->getTargetTriple().str());
    for (ir::Index c : u.chunks)
      if (compiled(c)) lower_chunk(*out, module_, c, s.plans[c], s.fast);
    // The dispatch calls its flow's own chunks directly (any other through the VM).
    auto here = [&](size_t chunk) { return compiled(chunk) && s.units.unit_of_chunk[chunk] == unit; };
    if (u.flow != ir::kNone) lower_flow_dispatch(*out, module_, u.flow, s.plans, here);
    std::string broken;
    llvm::raw_string_ostream why(broken);
    if (llvm::verifyModule(*out, &why)) return fail("internal error: the JIT generated invalid IR: " + broken);
    if (llvm::Error err = s.jit->addModule(llvm::orc::ThreadSafeModule(std::move(out), std::move(context))))
      return fail(llvm::toString(std::move(err)));
  }

  // Looking up the first symbol has ORC compile the whole unit. The
  // chunks' code is published only once every symbol is found: a call
  // reads functions_ before the unit's readiness, so a unit that fails
  // half way must leave all of its chunks to the VM.
  std::vector<std::pair<ir::Index, ChunkFn>> found;
  for (ir::Index c : u.chunks) {
    if (!compiled(c)) continue;
    auto address = s.jit->lookup(chunk_symbol(c));
    if (!address) return fail(llvm::toString(address.takeError()));
    found.emplace_back(c, address->toPtr<ChunkFn>());
  }
  if (u.flow != ir::kNone) {
    auto branch = s.jit->lookup(branch_symbol(u.flow));
    if (!branch) return fail(llvm::toString(branch.takeError()));
    auto filters = s.jit->lookup(filters_symbol(u.flow));
    if (!filters) return fail(llvm::toString(filters.takeError()));
    branch_fns_[u.flow] = branch->toPtr<BranchFn>();
    filters_fns_[u.flow] = filters->toPtr<FiltersFn>();
  }
  for (const auto& [c, fn] : found) functions_[c].store(fn, std::memory_order_release);
  const size_t chunks = found.size();
  stats_.chunks_compiled += chunks;
  ++stats_.units_compiled;
  stats_.compile_ms += ms_since(start);
  unit_ok_[unit] = 1;
  ready_[unit].store(true, std::memory_order_release);
  return "";
}

ir::Value JitEvaluator::evaluate(ir::Index chunk, vm::EvalContext& context) {
  if (chunk >= module_.chunks.size()) return {};
  ChunkFn fn = functions_[chunk].load(std::memory_order_acquire);
  if (!fn) {
    if (!ensure_unit(session_->units.unit_of_chunk[chunk])) return vm::evaluate(module_, chunk, context);
    fn = functions_[chunk].load(std::memory_order_acquire);
    if (!fn) return vm::evaluate(module_, chunk, context);
  }
  ScopedFrame frame(slots_[chunk], module_, context);
  fn(frame.get());
  return std::move(frame.get()->result);
}

ir::Index JitEvaluator::branch_target(ir::Index flow, ir::Index step, vm::EvalContext& context) {
  if (flow < branch_fns_.size() && ensure_unit(session_->units.unit_of_flow[flow])) {
    ScopedFrame frame(dispatch_slots_[flow], module_, context);
    uint32_t target = branch_fns_[flow](frame.get(), step);
    if (target != kNotABranch) return target;
  }
  return Evaluator::branch_target(flow, step, context);
}

bool JitEvaluator::filters_hold(ir::Index flow, vm::EvalContext& context) {
  if (flow < filters_fns_.size() && ensure_unit(session_->units.unit_of_flow[flow])) {
    ScopedFrame frame(dispatch_slots_[flow], module_, context);
    return filters_fns_[flow](frame.get()) != 0;
  }
  return Evaluator::filters_hold(flow, context);
}

}  // namespace flowc::jit
