// The JIT engine (jit_evaluator.h): planning, compiling units on first use,
// and the trampolines that give each call its frame.
#include "jit/jit_evaluator.h"

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/raw_ostream.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <new>

#include "jit/frame.h"
#include "jit/jit.h"
#include "jit/lowering.h"
#include "jit/object_cache.h"
#include "jit/segment_kernel.h"
#include "jit/typed_helpers.h"
#include "jit/typed_lowering.h"
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
    frame_ = Frame{slots_, &module, &context, nullptr, {}};
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

// FLOWC_JIT_DUMP=DIR: each unit's IR as generated (before optimisation)
// in DIR/<unit>.ll, for reading what the lowerings make.
void dump_ir(const llvm::Module& unit) {
  const char* dir = std::getenv("FLOWC_JIT_DUMP");
  if (!dir || !*dir) return;
  std::error_code ec;
  llvm::raw_fd_ostream out(std::string(dir) + "/" + unit.getModuleIdentifier() + ".ll", ec);
  if (!ec) unit.print(out, nullptr);
}

}  // namespace

struct JitEvaluator::Session {
  std::unique_ptr<FileCache> cache;  // declared first: the Jit may use it until it is destroyed
  std::unique_ptr<Jit> jit;
  std::vector<ChunkPlan> plans;      // by chunk
  UnitPlan units;
  std::vector<uint8_t> typed;        // by chunk: given typed code as well
  // The unit holding every segment condition, which also gets the segment
  // kernel (with typed code on); kNone: no kernel.
  uint32_t segment_unit = ir::kNone;
  bool kernel = true;
  bool fast = false;
};

namespace {

// The unit of the segment conditions when one unit holds them all.
uint32_t segment_unit_of(const ir::Module& module, const UnitPlan& units) {
  if (module.segments.empty()) return ir::kNone;
  uint32_t unit = ir::kNone;
  for (const ir::SegmentDef& s : module.segments) {
    if (s.condition >= units.unit_of_chunk.size()) return ir::kNone;
    const uint32_t u = units.unit_of_chunk[s.condition];
    if (unit != ir::kNone && u != unit) return ir::kNone;
    unit = u;
  }
  return unit;
}

}  // namespace

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

  const bool typed = env_flag("FLOWC_JIT_TYPED", options.typed);
  for (const ir::Chunk& chunk : module.chunks) {
    session->plans.push_back(plan_chunk(module, chunk));
    self->slots_.push_back(session->plans.back().slots);
    session->typed.push_back(typed && vm::typed_chunk(module, chunk, session->plans.back()));
  }
  for (const ir::Value& c : module.constants) self->constant_payloads_.push_back(c.payload());
  session->units = plan_units(module);
  if (typed) session->segment_unit = segment_unit_of(module, session->units);
  session->kernel = env_flag("FLOWC_JIT_KERNEL", options.segment_kernel);
  for (size_t f = 0; f < module.flows.size(); ++f)
    self->dispatch_slots_.push_back(dispatch_frame_slots(module, f, session->plans));
  if (!options.cache_dir.empty()) {
    const std::string codegen = std::string(session->fast ? "fast" : "slow") + (typed ? "+typed" : "");
    session->cache = std::make_unique<FileCache>(options.cache_dir, module, level, codegen);
  }

  auto jit = Jit::Create(level, session->cache.get());
  if (!jit) {
    if (error) *error = llvm::toString(jit.takeError());
    return nullptr;
  }
  session->jit = std::move(*jit);
  self->session_ = std::move(session);

  const size_t units = self->session_->units.units.size();
  self->functions_ = std::make_unique<std::atomic<ChunkFn>[]>(module.chunks.size());
  self->typed_fns_ = std::make_unique<std::atomic<TypedFn>[]>(module.chunks.size());
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
    // One form of code per chunk: typed where it can be, else the frame's.
    for (ir::Index c : u.chunks) {
      if (!compiled(c)) continue;
      if (s.typed[c]) lower_typed_chunk(*out, module_, c, s.plans[c]);
      else lower_chunk(*out, module_, c, s.plans[c], s.fast);
    }
    // The dispatch calls its flow's own chunks directly (any other through the VM).
    auto here = [&](size_t chunk) {
      if (!compiled(chunk) || s.units.unit_of_chunk[chunk] != unit) return ChunkCode::None;
      return s.typed[chunk] ? ChunkCode::Typed : ChunkCode::Frame;
    };
    if (u.flow != ir::kNone) lower_flow_dispatch(*out, module_, u.flow, s.plans, here);
    if (unit == s.segment_unit && s.kernel) lower_segment_kernel(*out, module_, here);
    std::string broken;
    llvm::raw_string_ostream why(broken);
    if (llvm::verifyModule(*out, &why)) return fail("internal error: the JIT generated invalid IR: " + broken);
    dump_ir(*out);
    if (llvm::Error err = s.jit->addModule(llvm::orc::ThreadSafeModule(std::move(out), std::move(context))))
      return fail(llvm::toString(std::move(err)));
  }

  // Looking up the first symbol has ORC compile the whole unit. The
  // chunks' code is published only once every symbol is found: a call
  // reads functions_ before the unit's readiness, so a unit that fails
  // half way must leave all of its chunks to the VM.
  std::vector<std::pair<ir::Index, ChunkFn>> found;
  std::vector<std::pair<ir::Index, TypedFn>> found_typed;
  for (ir::Index c : u.chunks) {
    if (!compiled(c)) continue;
    auto address = s.jit->lookup(s.typed[c] ? typed_symbol(c) : chunk_symbol(c));
    if (!address) return fail(llvm::toString(address.takeError()));
    if (s.typed[c]) found_typed.emplace_back(c, address->toPtr<TypedFn>());
    else found.emplace_back(c, address->toPtr<ChunkFn>());
  }
  if (u.flow != ir::kNone) {
    auto branch = s.jit->lookup(branch_symbol(u.flow));
    if (!branch) return fail(llvm::toString(branch.takeError()));
    auto filters = s.jit->lookup(filters_symbol(u.flow));
    if (!filters) return fail(llvm::toString(filters.takeError()));
    branch_fns_[u.flow] = branch->toPtr<BranchFn>();
    filters_fns_[u.flow] = filters->toPtr<FiltersFn>();
  }
  SegmentKernelFn kernel = nullptr;
  if (unit == s.segment_unit && s.kernel) {
    auto address = s.jit->lookup(segment_kernel_symbol());
    if (!address) return fail(llvm::toString(address.takeError()));
    kernel = address->toPtr<SegmentKernelFn>();
  }
  if (kernel) {
    segment_kernel_.store(kernel, std::memory_order_release);
    stats_.segment_kernel = true;
  }
  for (const auto& [c, fn] : found_typed) typed_fns_[c].store(fn, std::memory_order_release);
  for (const auto& [c, fn] : found) functions_[c].store(fn, std::memory_order_release);
  stats_.chunks_compiled += found.size() + found_typed.size();
  stats_.chunks_typed += found_typed.size();
  ++stats_.units_compiled;
  stats_.compile_ms += ms_since(start);
  unit_ok_[unit] = 1;
  ready_[unit].store(true, std::memory_order_release);
  return "";
}

ir::Value JitEvaluator::evaluate(ir::Index chunk, vm::EvalContext& context) {
  if (chunk >= module_.chunks.size()) return {};
  TypedFn typed = typed_fns_[chunk].load(std::memory_order_acquire);
  ChunkFn fn = typed ? nullptr : functions_[chunk].load(std::memory_order_acquire);
  if (!typed && !fn) {
    if (!ensure_unit(session_->units.unit_of_chunk[chunk])) return vm::evaluate(module_, chunk, context);
    typed = typed_fns_[chunk].load(std::memory_order_acquire);
    fn = functions_[chunk].load(std::memory_order_acquire);
  }
  if (typed) {
    // Typed code needs the typed layout; without it, or when the chunk
    // needs what typed code cannot hold, the VM runs it.
    vm::TypedView view;
    if (fill_view(context, view)) {
      uint64_t payload = 0;
      const uint8_t kind = typed(&view, &payload);
      if (kind != kDeoptimise) return ir::Value::from_payload(static_cast<ir::ValueKind>(kind), payload);
    }
    return vm::evaluate(module_, chunk, context);
  }
  if (!fn) return vm::evaluate(module_, chunk, context);
  ScopedFrame frame(slots_[chunk], module_, context);
  fn(frame.get());
  return std::move(frame.get()->result);
}

// The dispatch's typed conditions read `view` through the frame (null:
// the context has no typed layout, and they run in the VM).
void JitEvaluator::offer_view(Frame& frame, vm::TypedView& view) {
  if (fill_view(*frame.context, view)) frame.view = &view;
}

// The context's typed layout, with what the evaluator adds; false when the
// context has none.
bool JitEvaluator::fill_view(vm::EvalContext& context, vm::TypedView& view) {
  if (!context.typed_view(view)) return false;
  view.constant_payloads = constant_payloads_.data();
  view.evaluator = this;
  return true;
}

// The kernel when there is one and the context offers the typed layout;
// otherwise one condition at a time (each through evaluate(), so typed
// code still runs it).
void JitEvaluator::segment_pass(const uint64_t* which, uint64_t* members, vm::EvalContext& context) {
  const uint32_t unit = session_->segment_unit;
  if (unit != ir::kNone && ensure_unit(unit)) {
    SegmentKernelFn kernel = segment_kernel_.load(std::memory_order_acquire);
    vm::TypedView view;
    if (kernel && fill_view(context, view)) return kernel(&view, which, members);
  }
  Evaluator::segment_pass(which, members, context);
}

ir::Index JitEvaluator::branch_target(ir::Index flow, ir::Index step, vm::EvalContext& context) {
  if (flow < branch_fns_.size() && ensure_unit(session_->units.unit_of_flow[flow])) {
    ScopedFrame frame(dispatch_slots_[flow], module_, context);
    vm::TypedView view;
    offer_view(*frame.get(), view);
    uint32_t target = branch_fns_[flow](frame.get(), step);
    if (target != kNotABranch) return target;
  }
  return Evaluator::branch_target(flow, step, context);
}

bool JitEvaluator::filters_hold(ir::Index flow, vm::EvalContext& context) {
  if (flow < filters_fns_.size() && ensure_unit(session_->units.unit_of_flow[flow])) {
    ScopedFrame frame(dispatch_slots_[flow], module_, context);
    vm::TypedView view;
    offer_view(*frame.get(), view);
    return filters_fns_[flow](frame.get()) != 0;
  }
  return Evaluator::filters_hold(flow, context);
}

}  // namespace flowc::jit
