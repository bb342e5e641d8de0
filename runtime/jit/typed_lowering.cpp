// Typed lowering of a chunk to LLVM IR (typed_lowering.h).
//
// The chunk is walked once in instruction order. Jumps only go forward, so
// by the time the walk reaches an instruction every edge into it is known:
// each edge records the block it leaves from and the stack (one register
// pair per depth) it carries, and the instruction's block starts with a phi
// per depth where the edges disagree.
#include "jit/typed_lowering.h"

#include <llvm/Analysis/InstSimplifyFolder.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>

#include <cstddef>
#include <map>
#include <utility>
#include <vector>

#include "jit/lowering.h"
#include "jit/typed_helpers.h"
#include "vm/typed_view.h"

namespace flowc::jit {

std::string typed_symbol(size_t chunk) { return "flowc_typed_" + std::to_string(chunk); }

namespace {

using ir::Opcode;

constexpr uint8_t kUnset = static_cast<uint8_t>(ir::ValueKind::Unset);
constexpr uint8_t kBool = static_cast<uint8_t>(ir::ValueKind::Bool);
constexpr uint8_t kInt = static_cast<uint8_t>(ir::ValueKind::Int);
constexpr uint8_t kNumber = static_cast<uint8_t>(ir::ValueKind::Number);
constexpr uint8_t kDateTime = static_cast<uint8_t>(ir::ValueKind::DateTime);
constexpr uint8_t kConsent = static_cast<uint8_t>(ir::ValueKind::Consent);

// Sets of kinds, a bit per ir::ValueKind.
constexpr uint16_t kind_bit(uint8_t kind) { return static_cast<uint16_t>(1u << kind); }
constexpr uint16_t kind_bit(ir::ValueKind kind) { return kind_bit(static_cast<uint8_t>(kind)); }
constexpr uint16_t kAnyKind = 0x3FF;
constexpr uint16_t kMayUnset = kind_bit(kUnset);
constexpr uint16_t kIntOnly = kind_bit(kInt);
constexpr uint16_t kNumeric = kind_bit(kInt) | kind_bit(kNumber);
constexpr uint16_t kBoolOnly = kind_bit(kBool);
// The kinds compared by their payload when both sides have the same one.
constexpr uint16_t kIntegerLikeKinds = kind_bit(ir::ValueKind::Bool) | kind_bit(ir::ValueKind::Int) |
                                       kind_bit(ir::ValueKind::Date) | kind_bit(ir::ValueKind::DateTime) |
                                       kind_bit(ir::ValueKind::Duration) | kind_bit(ir::ValueKind::Consent);

bool only(uint16_t may, uint16_t allowed) { return (may & ~allowed) == 0; }

// What a profile property of a declared type may hold, besides unset: a
// number slot may hold an int (a `set` of an int expression). The guard
// after the load deoptimises on anything else.
uint16_t kinds_of(ir::Type type) {
  switch (type) {
    case ir::Type::Bool: return kind_bit(ir::ValueKind::Bool);
    case ir::Type::Int: return kIntOnly;
    case ir::Type::Number: return kNumeric;
    case ir::Type::String: return kind_bit(ir::ValueKind::String);
    case ir::Type::Date: return kind_bit(ir::ValueKind::Date);
    case ir::Type::DateTime: return kind_bit(ir::ValueKind::DateTime);
    case ir::Type::Duration: return kind_bit(ir::ValueKind::Duration);
    case ir::Type::Consent: return kind_bit(ir::ValueKind::Consent);
    case ir::Type::ListOfString:
    case ir::Type::ListOfInt:
    case ir::Type::ListOfNumber:
    case ir::Type::ListOfOther: return kind_bit(ir::ValueKind::List);
    case ir::Type::Unknown: break;
  }
  return kAnyKind;
}

// Offsets of the fields typed code reads.
struct ValueLayout {
  uint64_t size, kind, i, n;
};
ValueLayout value_layout() {
  ir::Value v;
  auto off = [&](const void* field) {
    return static_cast<uint64_t>(static_cast<const char*>(field) - reinterpret_cast<const char*>(&v));
  };
  return {sizeof(ir::Value), off(&v.kind), off(&v.i), off(&v.n)};
}

class TypedLowering {
 public:
  TypedLowering(llvm::Module& out)
      : ctx_(out.getContext()), out_(out), b_(ctx_, llvm::InstSimplifyFolder(out.getDataLayout())), V_(value_layout()) {}

  void lower(const ir::Module& module, size_t index, const ChunkPlan& plan) {
    const ir::Chunk& chunk = module.chunks[index];
    const size_t size = chunk.code.size();
    auto* type = llvm::FunctionType::get(b_.getInt8Ty(), {b_.getPtrTy(), b_.getPtrTy()}, false);
    fn_ = llvm::Function::Create(type, llvm::Function::ExternalLinkage, typed_symbol(index), out_);
    fn_->setUWTableKind(llvm::UWTableKind::Default);
    fn_->addFnAttr(kPreFolded);
    view_ = fn_->getArg(0);
    result_ = fn_->getArg(1);
    blocks_.assign(size + 1, nullptr);
    incoming_.assign(size + 1, {});

    // The entry block holds the scratch words and the view's fields, each
    // loaded once when first used (view_field); the code starts after it.
    llvm::BasicBlock* entry = llvm::BasicBlock::Create(ctx_, "entry", fn_);
    llvm::BasicBlock* start = llvm::BasicBlock::Create(ctx_, "start", fn_);
    b_.SetInsertPoint(entry);
    scratch_ = b_.CreateAlloca(b_.getInt64Ty(), nullptr, "scratch");
    size_t most_args = 0;
    for (const ir::Instr& in : chunk.code)
      if (in.op == Opcode::Call) most_args = std::max<size_t>(most_args, in.b);
    if (most_args > 0) {
      arg_kinds_ = b_.CreateAlloca(b_.getInt8Ty(), b_.getInt32(static_cast<uint32_t>(most_args)), "arg.kinds");
      arg_payloads_ = b_.CreateAlloca(b_.getInt64Ty(), b_.getInt32(static_cast<uint32_t>(most_args)), "arg.payloads");
    }
    zeros_ = zero_bytes();
    entry_end_ = b_.CreateBr(start);
    b_.SetInsertPoint(start);
    module_ = &module;

    live_ = true;
    for (size_t pc = 0; pc < size; ++pc) {
      if (!incoming_[pc].empty()) {
        if (live_) jump_to(pc);  // fall through into a join
        start_join(pc);
      }
      if (!live_ || plan.depth[pc] < 0) continue;
      if (vm_gives_up(module, chunk, pc, plan.depth[pc])) {
        jump_to(size);  // the VM gives unset
        continue;
      }
      instruction(module, chunk.code[pc], pc);
    }
    if (live_) jump_to(size);  // fell off the end: unset
    // The end: every jump past the last instruction returns unset.
    if (!incoming_[size].empty()) {
      b_.SetInsertPoint(block(size));
      b_.CreateStore(b_.getInt64(0), result_);
      b_.CreateRet(b_.getInt8(kUnset));
    }
  }

 private:
  // A stack value: two registers, and the kinds it may have at run time
  // (a bit per ir::ValueKind), known from constants, from the schema's
  // property types (checked by a guard) and from the operations.
  struct Operand {
    llvm::Value* kind;     // i8
    llvm::Value* payload;  // i64
    uint16_t may = kAnyKind;
  };
  struct Edge {
    llvm::BasicBlock* from;
    std::vector<Operand> stack;
  };

  // --- control flow

  llvm::BasicBlock* block(size_t pc) {
    if (!blocks_[pc]) blocks_[pc] = llvm::BasicBlock::Create(ctx_, llvm::Twine("i") + llvm::Twine(pc), fn_);
    return blocks_[pc];
  }
  // Ends the current block with a branch to `pc`, carrying the stack.
  void jump_to(size_t pc) {
    b_.CreateBr(block(pc));
    incoming_[pc].push_back(Edge{b_.GetInsertBlock(), stack_});
    live_ = false;
  }
  // A conditional edge: to `pc` with `carried` when `condition` holds, else
  // on in a new block.
  void jump_if(llvm::Value* condition, size_t pc, std::vector<Operand> carried, bool when) {
    llvm::BasicBlock* edge = llvm::BasicBlock::Create(ctx_, "edge", fn_);
    llvm::BasicBlock* on = llvm::BasicBlock::Create(ctx_, "on", fn_);
    b_.CreateCondBr(condition, when ? edge : on, when ? on : edge);
    b_.SetInsertPoint(edge);
    b_.CreateBr(block(pc));
    incoming_[pc].push_back(Edge{edge, std::move(carried)});
    b_.SetInsertPoint(on);
  }
  // Enters the block of a join: the stack from its edges (which all carry
  // the same depth, ChunkPlan), with a phi where they differ.
  void start_join(size_t pc) {
    b_.SetInsertPoint(block(pc));
    const std::vector<Edge>& edges = incoming_[pc];
    stack_.clear();
    for (size_t d = 0; d < edges[0].stack.size(); ++d) {
      auto merged = [&](llvm::Value* Operand::*part, llvm::Type* type) -> llvm::Value* {
        bool same = true;
        for (const Edge& e : edges) same = same && e.stack[d].*part == edges[0].stack[d].*part;
        if (same) return edges[0].stack[d].*part;
        llvm::PHINode* phi = b_.CreatePHI(type, static_cast<unsigned>(edges.size()));
        for (const Edge& e : edges) phi->addIncoming(e.stack[d].*part, e.from);
        return phi;
      };
      llvm::Value* kind = merged(&Operand::kind, b_.getInt8Ty());
      llvm::Value* payload = merged(&Operand::payload, b_.getInt64Ty());
      uint16_t may = 0;
      for (const Edge& e : edges) may |= e.stack[d].may;
      stack_.push_back(Operand{kind, payload, may});
    }
    live_ = true;
  }

  // --- one instruction

  void instruction(const ir::Module& module, const ir::Instr& in, size_t pc) {
    const uint32_t a = static_cast<uint32_t>(in.a);
    switch (in.op) {
      case Opcode::Const: return push(constant(module, a));
      case Opcode::LoadProfile: return push(load_property(a));
      case Opcode::LoadEvent: return push(load_event(a));
      case Opcode::LoadBuiltin:  // `created` (vm::typed_chunk)
        return push({b_.getInt8(kDateTime), view_field(b_.getInt64Ty(), offsetof(vm::TypedView, created)),
                     kind_bit(kDateTime)});
      case Opcode::LoadConsent: {
        llvm::Value* consent = view_field(b_.getPtrTy(), offsetof(vm::TypedView, consent));
        llvm::Value* status = b_.CreateLoad(b_.getInt8Ty(), b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), consent, a));
        return push({b_.getInt8(kConsent), b_.CreateZExt(status, b_.getInt64Ty()), kind_bit(kConsent)});
      }
      case Opcode::Now:
        return push({b_.getInt8(kDateTime), view_field(b_.getInt64Ty(), offsetof(vm::TypedView, now)),
                     kind_bit(kDateTime)});
      case Opcode::InList:
        return push(boolean(bit(offsetof(vm::TypedView, list_words), offsetof(vm::TypedView, list_count), a)));
      case Opcode::InSegment:
        return push(boolean(bit(offsetof(vm::TypedView, segment_words), offsetof(vm::TypedView, segment_count), a)));
      case Opcode::Aggregate: {
        if (a < module.aggregates.size() && module.aggregates[a].window == ir::WindowKind::All)
          return push(aggregate_over_all_time(module.aggregates[a].kind, a));
        llvm::Value* kind = call_helper("flowc_typed_aggregate", b_.getInt8Ty(),
                                        {view_, b_.getInt32(a), scratch_});
        return push(checked({kind, nullptr}));
      }
      case Opcode::Add:
      case Opcode::Sub:
      case Opcode::Mul: {
        Operand r = pop(), l = pop();
        return push(arithmetic(in.op, l, r));
      }
      case Opcode::Div: {
        Operand r = pop(), l = pop();
        return push(divide(l, r));
      }
      case Opcode::Mod: {
        Operand r = pop(), l = pop();
        return push(remainder(l, r));
      }
      case Opcode::Neg: {
        Operand x = pop();
        llvm::Value* kind = call_helper("flowc_typed_neg", b_.getInt8Ty(), {x.kind, x.payload, scratch_});
        return push(checked({kind, nullptr}));
      }
      case Opcode::Eq:
      case Opcode::Ne:
      case Opcode::Lt:
      case Opcode::Le:
      case Opcode::Gt:
      case Opcode::Ge: {
        Operand r = pop(), l = pop();
        return push(boolean(compare(in.op, l, r)));
      }
      case Opcode::Not: return push(boolean(b_.CreateNot(truthy(pop()))));
      case Opcode::IsSet: {
        Operand x = pop();
        if (!(x.may & kMayUnset)) return push(boolean(b_.getTrue()));
        return push(boolean(b_.CreateICmpNE(x.kind, b_.getInt8(kUnset))));
      }
      case Opcode::In: {
        Operand list = pop(), item = pop();
        llvm::Value* holds = call_helper("flowc_typed_in", b_.getInt32Ty(),
                                         {item.kind, item.payload, list.kind, list.payload});
        return push(boolean(b_.CreateICmpNE(holds, b_.getInt32(0))));
      }
      case Opcode::Call: return push(builtin(a, in.b));
      case Opcode::Jump: return jump_to(a);
      case Opcode::JumpIfFalseOrPop: {
        // Not true: the tested value is left as false and the jump taken.
        llvm::Value* holds = truthy(stack_.back());
        std::vector<Operand> carried = stack_;
        carried.back() = boolean(b_.getFalse());
        jump_if(holds, a, std::move(carried), false);
        stack_.pop_back();
        return;
      }
      case Opcode::JumpIfTrueOrPop: {
        llvm::Value* holds = truthy(stack_.back());
        jump_if(holds, a, stack_, true);
        stack_.pop_back();
        return;
      }
      case Opcode::Return: {
        Operand x = pop();
        b_.CreateStore(x.payload, result_);
        b_.CreateRet(x.kind);
        live_ = false;
        return;
      }
      default:  // not a typed chunk (vm::typed_chunk)
        (void)pc;
        return jump_to(blocks_.size() - 1);
    }
  }

  // --- values

  void push(Operand x) { stack_.push_back(x); }
  Operand pop() {
    Operand x = stack_.back();
    stack_.pop_back();
    return x;
  }
  Operand boolean(llvm::Value* bit) { return {b_.getInt8(kBool), b_.CreateZExt(bit, b_.getInt64Ty()), kBoolOnly}; }
  // Value::truthy(): kind Bool and a non-zero payload.
  llvm::Value* truthy(Operand x) {
    llvm::Value* nonzero = b_.CreateICmpNE(x.payload, b_.getInt64(0));
    if (only(x.may, kBoolOnly)) return nonzero;
    return b_.CreateAnd(b_.CreateICmpEQ(x.kind, b_.getInt8(kBool)), nonzero);
  }
  // Whether both are set (unset has kind 0), folded when known.
  llvm::Value* both_set(Operand l, Operand r) {
    llvm::Value* set = b_.getTrue();
    if (l.may & kMayUnset) set = b_.CreateICmpNE(l.kind, b_.getInt8(kUnset));
    if (r.may & kMayUnset) set = b_.CreateAnd(set, b_.CreateICmpNE(r.kind, b_.getInt8(kUnset)));
    return set;
  }
  llvm::Value* as_double(llvm::Value* payload) { return b_.CreateBitCast(payload, b_.getDoubleTy()); }
  llvm::Value* is_numeric(llvm::Value* kind) {
    return b_.CreateOr(b_.CreateICmpEQ(kind, b_.getInt8(kInt)), b_.CreateICmpEQ(kind, b_.getInt8(kNumber)));
  }
  // Value::as_number() of an int or a number (`kinds`: which it may be).
  llvm::Value* as_number(Operand x, uint16_t kinds = kNumeric) {
    if (only(kinds, kind_bit(kNumber))) return as_double(x.payload);
    if (only(kinds, kIntOnly)) return b_.CreateSIToFP(x.payload, b_.getDoubleTy());
    return b_.CreateSelect(b_.CreateICmpEQ(x.kind, b_.getInt8(kNumber)), as_double(x.payload),
                           b_.CreateSIToFP(x.payload, b_.getDoubleTy()));
  }

  Operand constant(const ir::Module& module, uint32_t a) {
    const ir::Value& c = module.constants[a];
    llvm::Value* kind = b_.getInt8(static_cast<uint8_t>(c.kind));
    const uint16_t may = kind_bit(c.kind);
    if (!c.owns()) return {kind, b_.getInt64(c.payload()), may};
    // A string or list: its address is this process's, so it is read from
    // the evaluator's table (an object cached on disk must not hold it).
    llvm::Value* table = view_field(b_.getPtrTy(), offsetof(vm::TypedView, constant_payloads));
    return {kind, b_.CreateLoad(b_.getInt64Ty(), b_.CreateConstInBoundsGEP1_64(b_.getInt64Ty(), table, a)), may};
  }

  // The view's field at `offset`, loaded once in the entry block (typed
  // code writes nothing the view points at, and no field changes).
  llvm::Value* view_field(llvm::Type* type, uint64_t offset) {
    llvm::Value*& loaded = view_fields_[offset];
    if (!loaded) {
      llvm::IRBuilder<> at_entry(entry_end_);
      loaded = at_entry.CreateLoad(type, at_entry.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), view_, offset));
    }
    return loaded;
  }
  // `base + offset` when `inside`, else the address of zero bytes (an
  // unset value, a clear word): one load, no branch.
  llvm::Value* guarded(llvm::Value* inside, llvm::Value* base, uint64_t offset) {
    return b_.CreateSelect(inside, b_.CreateConstGEP1_64(b_.getInt8Ty(), base, offset), zeros_);
  }
  llvm::Value* below(uint32_t index, uint64_t count_offset) {
    return b_.CreateICmpULT(b_.getInt32(index), view_field(b_.getInt32Ty(), count_offset));
  }

  // A profile property. When the schema gives its type, a guard checks the
  // kind loaded is one the type allows (kinds_of) and deoptimises
  // otherwise, so the code after it may assume the type.
  Operand load_property(uint32_t slot) {
    const PropertyBlock& block = property_block();
    llvm::Value* inside = b_.CreateICmpULT(b_.getInt32(slot), block.count);
    llvm::Value* kind_at = b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), block.kinds, slot);
    llvm::Value* payload_at = b_.CreateConstInBoundsGEP1_64(b_.getInt64Ty(), block.payloads, slot);
    Operand x{b_.CreateLoad(b_.getInt8Ty(), b_.CreateSelect(inside, kind_at, zeros_)),
              b_.CreateLoad(b_.getInt64Ty(), b_.CreateSelect(inside, payload_at, zeros_))};
    const uint16_t allowed =
        slot < module_->profile_properties.size() ? kinds_of(module_->profile_properties[slot].type) : kAnyKind;
    if (allowed == kAnyKind) return x;
    llvm::Value* ok = b_.CreateICmpEQ(x.kind, b_.getInt8(kUnset));
    for (uint8_t k = 1; k < 16; ++k)
      if (allowed & kind_bit(k)) ok = b_.CreateOr(ok, b_.CreateICmpEQ(x.kind, b_.getInt8(k)));
    deoptimise_unless(ok);
    x.may = static_cast<uint16_t>(allowed | kMayUnset);
    return x;
  }
  // The profile's property block (typed_layout), followed once in the
  // entry block: its slot count (0 without a block) and its two arrays.
  struct PropertyBlock {
    llvm::Value *count, *kinds, *payloads;
  };
  // The block whose address the view's field at `offset` points at, loaded
  // in the entry block, and an address to read its header at: the block,
  // or zeros when there is none (a count of 0).
  std::pair<llvm::Value*, llvm::Value*> follow(uint64_t offset) {
    llvm::Value* where = view_field(b_.getPtrTy(), offset);
    llvm::IRBuilder<> e(entry_end_);
    llvm::Value* block = e.CreateLoad(e.getPtrTy(), where);
    return {block, e.CreateSelect(e.CreateIsNull(block), zeros_, block)};
  }
  const PropertyBlock& property_block() {
    if (!property_block_.count) {
      auto [block, readable] = follow(offsetof(vm::TypedView, properties));
      llvm::IRBuilder<> e(entry_end_);
      llvm::Value* count = e.CreateLoad(e.getInt32Ty(), readable);
      llvm::Value* at = e.CreateAnd(e.CreateAdd(e.CreateZExt(count, e.getInt64Ty()),
                                                e.getInt64(vm::typed_layout::kPropertyKinds + 7)),
                                    e.getInt64(~uint64_t{7}));
      property_block_ = {count, e.CreateConstInBoundsGEP1_64(e.getInt8Ty(), block, vm::typed_layout::kPropertyKinds),
                         e.CreateInBoundsGEP(e.getInt8Ty(), block, at)};
    }
    return property_block_;
  }
  // The profile's aggregate block (typed_layout): how many states it
  // holds (0 without a block), where they start and where their indexes do.
  struct AggregateBlock {
    llvm::Value *count, *states, *indexes;
  };
  const AggregateBlock& aggregate_block() {
    if (!aggregate_block_.count) {
      auto [block, readable] = follow(offsetof(vm::TypedView, aggregates));
      llvm::IRBuilder<> e(entry_end_);
      llvm::Value* count = e.CreateLoad(e.getInt32Ty(), readable);
      llvm::Value* capacity = e.CreateLoad(
          e.getInt32Ty(), e.CreateConstInBoundsGEP1_64(e.getInt8Ty(), readable, vm::typed_layout::kAggregateCapacity));
      llvm::Value* states = e.CreateConstInBoundsGEP1_64(e.getInt8Ty(), block, vm::typed_layout::kAggregateStates);
      llvm::Value* bytes = e.CreateMul(e.CreateZExt(capacity, e.getInt64Ty()), e.getInt64(vm::typed_layout::kAggregateStateBytes));
      aggregate_block_ = {count, states, e.CreateInBoundsGEP(e.getInt8Ty(), states, bytes)};
    }
    return aggregate_block_;
  }

  // An ir::Value of the event: its payload is `n`'s bits for a number,
  // string or list (one union), `i` otherwise.
  Operand load_event(uint32_t slot) {
    llvm::Value* inside = below(slot, offsetof(vm::TypedView, event_count));
    llvm::Value* event = view_field(b_.getPtrTy(), offsetof(vm::TypedView, event));
    const uint64_t at = uint64_t{slot} * V_.size;
    llvm::Value* kind = b_.CreateLoad(b_.getInt8Ty(), guarded(inside, event, at + V_.kind));
    llvm::Value* i = b_.CreateLoad(b_.getInt64Ty(), guarded(inside, event, at + V_.i));
    llvm::Value* n = b_.CreateLoad(b_.getInt64Ty(), guarded(inside, event, at + V_.n));
    llvm::Value* in_n = b_.CreateOr(
        b_.CreateICmpEQ(kind, b_.getInt8(kNumber)),
        b_.CreateOr(b_.CreateICmpEQ(kind, b_.getInt8(static_cast<uint8_t>(ir::ValueKind::String))),
                    b_.CreateICmpEQ(kind, b_.getInt8(static_cast<uint8_t>(ir::ValueKind::List)))));
    return {kind, b_.CreateSelect(in_n, n, i)};
  }
  // Bit `index` of a membership set (false past its end).
  llvm::Value* bit(uint64_t words_offset, uint64_t count_offset, uint32_t index) {
    llvm::Value* inside = below(index, count_offset);
    llvm::Value* words = view_field(b_.getPtrTy(), words_offset);
    llvm::Value* word = b_.CreateLoad(b_.getInt64Ty(), guarded(inside, words, uint64_t{index / 64} * 8));
    return b_.CreateICmpNE(b_.CreateAnd(word, b_.getInt64(uint64_t{1} << (index % 64))), b_.getInt64(0));
  }

  // count / sum / last over all time (Engine::aggregate_value): the figure
  // of the profile's state for `aggregate`, found by a scan of its few
  // states; none counted yet gives 0, 0.0 or unset.
  Operand aggregate_over_all_time(ir::AggregateKind kind, uint32_t aggregate) {
    const AggregateBlock& block = aggregate_block();
    llvm::Value* count = block.count;
    llvm::Value* indexes = block.indexes;
    llvm::Value* states = block.states;
    llvm::BasicBlock* before = b_.GetInsertBlock();
    llvm::BasicBlock* scan = llvm::BasicBlock::Create(ctx_, "agg.scan", fn_);
    llvm::BasicBlock* test = llvm::BasicBlock::Create(ctx_, "agg.test", fn_);
    llvm::BasicBlock* found = llvm::BasicBlock::Create(ctx_, "agg.found", fn_);
    llvm::BasicBlock* done = llvm::BasicBlock::Create(ctx_, "agg.done", fn_);
    b_.CreateBr(scan);

    b_.SetInsertPoint(scan);
    llvm::PHINode* i = b_.CreatePHI(b_.getInt32Ty(), 2);
    i->addIncoming(b_.getInt32(0), before);
    b_.CreateCondBr(b_.CreateICmpULT(i, count), test, done);

    b_.SetInsertPoint(test);
    llvm::Value* index = b_.CreateLoad(b_.getInt32Ty(), b_.CreateInBoundsGEP(b_.getInt32Ty(), indexes, i));
    i->addIncoming(b_.CreateAdd(i, b_.getInt32(1)), test);
    b_.CreateCondBr(b_.CreateICmpEQ(index, b_.getInt32(aggregate)), found, scan);

    b_.SetInsertPoint(found);
    llvm::Value* at = b_.CreateMul(b_.CreateZExt(i, b_.getInt64Ty()), b_.getInt64(vm::typed_layout::kAggregateStateBytes));
    llvm::Value* figure = b_.CreateLoad(b_.getInt64Ty(), b_.CreateInBoundsGEP(b_.getInt8Ty(), states, at));
    b_.CreateBr(done);

    b_.SetInsertPoint(done);
    llvm::PHINode* counted = b_.CreatePHI(b_.getInt64Ty(), 2);
    counted->addIncoming(figure, found);
    // Nothing counted: count 0, sum +0.0 (all zero bits), last -1 (never).
    counted->addIncoming(b_.getInt64(kind == ir::AggregateKind::Last ? static_cast<uint64_t>(-1) : 0), scan);
    switch (kind) {
      case ir::AggregateKind::Count: return {b_.getInt8(kInt), counted, kIntOnly};
      case ir::AggregateKind::Sum: return {b_.getInt8(kNumber), counted, kind_bit(kNumber)};
      case ir::AggregateKind::Last: break;
    }
    llvm::Value* never = b_.CreateICmpSLT(counted, b_.getInt64(0));
    return {b_.CreateSelect(never, b_.getInt8(kUnset), b_.getInt8(kDateTime)),
            b_.CreateSelect(never, b_.getInt64(0), counted), static_cast<uint16_t>(kMayUnset | kind_bit(kDateTime))};
  }

  // --- operations

  // A helper's result: its kind, and the payload it wrote to the scratch
  // word; kDeoptimise returns at once.
  Operand checked(Operand from_helper) {
    deoptimise_unless(b_.CreateICmpNE(from_helper.kind, b_.getInt8(kDeoptimise)));
    return {from_helper.kind, b_.CreateLoad(b_.getInt64Ty(), scratch_)};
  }
  // Goes on when `ok`, else returns kDeoptimise (one block per function).
  void deoptimise_unless(llvm::Value* ok) {
    if (!deoptimise_) {
      deoptimise_ = llvm::BasicBlock::Create(ctx_, "deoptimise", fn_);
      llvm::IRBuilder<> there(deoptimise_);
      there.CreateRet(there.getInt8(kDeoptimise));
    }
    llvm::BasicBlock* on = llvm::BasicBlock::Create(ctx_, "on", fn_);
    b_.CreateCondBr(ok, on, deoptimise_);
    b_.SetInsertPoint(on);
  }
  Operand arithmetic_helper(Opcode op, Operand l, Operand r) {
    llvm::Value* kind = call_helper("flowc_typed_arithmetic", b_.getInt8Ty(),
                                    {b_.getInt32(static_cast<uint32_t>(op)), l.kind, l.payload, r.kind, r.payload, scratch_});
    return checked({kind, nullptr});
  }

  // + - * when the kinds are known to be numbers (or unset): no branch.
  // Otherwise the run-time kind tests of dynamic_arithmetic.
  Operand arithmetic(Opcode op, Operand l, Operand r) {
    const uint16_t lk = l.may & ~kMayUnset, rk = r.may & ~kMayUnset;
    if (!lk || !rk || !only(lk, kNumeric) || !only(rk, kNumeric)) return dynamic_arithmetic(op, l, r);
    llvm::Value* set = both_set(l, r);
    const bool ints_possible = (lk & kIntOnly) && (rk & kIntOnly);
    const bool numbers_possible = !only(lk, kIntOnly) || !only(rk, kIntOnly);
    llvm::Value* ints = !numbers_possible ? b_.getTrue()
                        : !ints_possible  ? b_.getFalse()
                                          : b_.CreateAnd(b_.CreateICmpEQ(l.kind, b_.getInt8(kInt)),
                                                         b_.CreateICmpEQ(r.kind, b_.getInt8(kInt)));
    // int with int: overflow gives unset.
    llvm::Intrinsic::ID id = op == Opcode::Add   ? llvm::Intrinsic::sadd_with_overflow
                             : op == Opcode::Sub ? llvm::Intrinsic::ssub_with_overflow
                                                 : llvm::Intrinsic::smul_with_overflow;
    llvm::Value* pair = b_.CreateBinaryIntrinsic(id, l.payload, r.payload);
    llvm::Value* int_ok = b_.CreateNot(b_.CreateExtractValue(pair, 1));
    llvm::Value* int_value = b_.CreateExtractValue(pair, 0);
    // a number on either side: in double, a result that is not finite gives unset.
    llvm::Value* number_ok = b_.getFalse();
    llvm::Value* number_value = b_.getInt64(0);
    if (numbers_possible) {
      llvm::Value* dl = as_number(l, lk);
      llvm::Value* dr = as_number(r, rk);
      llvm::Value* x = op == Opcode::Add   ? b_.CreateFAdd(dl, dr)
                       : op == Opcode::Sub ? b_.CreateFSub(dl, dr)
                                           : b_.CreateFMul(dl, dr);
      number_ok = b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x),
                                   llvm::ConstantFP::getInfinity(b_.getDoubleTy()));
      number_value = b_.CreateBitCast(x, b_.getInt64Ty());
    }
    llvm::Value* ok = b_.CreateAnd(set, b_.CreateSelect(ints, int_ok, number_ok));
    llvm::Value* kind = b_.CreateSelect(ints, b_.getInt8(kInt), b_.getInt8(kNumber));
    llvm::Value* value = b_.CreateSelect(ints, int_value, number_value);
    const uint16_t may = static_cast<uint16_t>(kMayUnset | (ints_possible ? kIntOnly : 0) |
                                               (numbers_possible ? kind_bit(kNumber) : 0));
    return {b_.CreateSelect(ok, kind, b_.getInt8(kUnset)), b_.CreateSelect(ok, value, b_.getInt64(0)), may};
  }

  // `/` of known numbers (arithmetic.cpp): always a number, unset when
  // either is unset, the divisor is zero or the result is not finite.
  Operand divide(Operand l, Operand r) {
    const uint16_t lk = l.may & ~kMayUnset, rk = r.may & ~kMayUnset;
    if (!lk || !rk || !only(lk, kNumeric) || !only(rk, kNumeric)) return arithmetic_helper(Opcode::Div, l, r);
    llvm::Value* d = as_number(r, rk);
    llvm::Value* x = b_.CreateFDiv(as_number(l, lk), d);
    llvm::Value* finite = b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x),
                                           llvm::ConstantFP::getInfinity(b_.getDoubleTy()));
    llvm::Value* ok = b_.CreateAnd(b_.CreateAnd(both_set(l, r), b_.CreateFCmpUNE(d, llvm::ConstantFP::get(b_.getDoubleTy(), 0.0))), finite);
    return {b_.CreateSelect(ok, b_.getInt8(kNumber), b_.getInt8(kUnset)),
            b_.CreateSelect(ok, b_.CreateBitCast(x, b_.getInt64Ty()), b_.getInt64(0)),
            static_cast<uint16_t>(kMayUnset | kind_bit(kNumber))};
  }
  // `%` of two known ints: C's remainder, unset by zero, 0 for any x % -1
  // (INT64_MIN % -1 traps on x86). Anything else through the helper.
  Operand remainder(Operand l, Operand r) {
    const uint16_t lk = l.may & ~kMayUnset, rk = r.may & ~kMayUnset;
    if (!lk || !rk || !only(lk, kIntOnly) || !only(rk, kIntOnly)) return arithmetic_helper(Opcode::Mod, l, r);
    llvm::Value* ok = b_.CreateAnd(both_set(l, r), b_.CreateICmpNE(r.payload, b_.getInt64(0)));
    llvm::Value* minus_one = b_.CreateICmpEQ(r.payload, b_.getInt64(static_cast<uint64_t>(-1)));
    // The divisor given to srem is never 0 or -1, so it cannot trap.
    llvm::Value* safe = b_.CreateSelect(b_.CreateOr(b_.CreateNot(ok), minus_one), b_.getInt64(1), r.payload);
    llvm::Value* value = b_.CreateSelect(minus_one, b_.getInt64(0), b_.CreateSRem(l.payload, safe));
    return {b_.CreateSelect(ok, b_.getInt8(kInt), b_.getInt8(kUnset)), b_.CreateSelect(ok, value, b_.getInt64(0)),
            static_cast<uint16_t>(kMayUnset | kIntOnly)};
  }

  // Eq Ne Lt Le Gt Ge when the kinds are known: both numeric (int pairs
  // exactly, else as doubles), or both the same integer-like kind (their
  // payloads); false when either is unset. Two strings compare in the
  // helper only. Otherwise the run-time kind tests of dynamic_compare.
  llvm::Value* compare(Opcode op, Operand l, Operand r) {
    const uint16_t lk = l.may & ~kMayUnset, rk = r.may & ~kMayUnset;
    if (lk && rk && only(lk, kNumeric) && only(rk, kNumeric)) {
      llvm::Value* exact = integer_compare(op, l.payload, r.payload);
      llvm::Value* result = exact;
      if (!only(lk, kIntOnly) || !only(rk, kIntOnly)) {
        llvm::Value* as_doubles = number_compare(op, as_number(l, lk), as_number(r, rk));
        const bool ints_possible = (lk & kIntOnly) && (rk & kIntOnly);
        result = !ints_possible ? as_doubles
                                : b_.CreateSelect(b_.CreateAnd(b_.CreateICmpEQ(l.kind, b_.getInt8(kInt)),
                                                               b_.CreateICmpEQ(r.kind, b_.getInt8(kInt))),
                                                  exact, as_doubles);
      }
      return b_.CreateAnd(both_set(l, r), result);
    }
    const bool one_kind = lk && lk == rk && (lk & (lk - 1)) == 0;
    if (one_kind && (lk & kIntegerLikeKinds)) return b_.CreateAnd(both_set(l, r), integer_compare(op, l.payload, r.payload));
    if (one_kind && lk == kind_bit(ir::ValueKind::String)) return compare_helper(op, l, r);
    return dynamic_compare(op, l, r);
  }
  llvm::Value* integer_compare(Opcode op, llvm::Value* l, llvm::Value* r) {
    switch (op) {
      case Opcode::Eq: return b_.CreateICmpEQ(l, r);
      case Opcode::Ne: return b_.CreateICmpNE(l, r);
      case Opcode::Lt: return b_.CreateICmpSLT(l, r);
      case Opcode::Le: return b_.CreateICmpSLE(l, r);
      case Opcode::Gt: return b_.CreateICmpSGT(l, r);
      default: return b_.CreateICmpSGE(l, r);
    }
  }
  // NaN is unordered: only != holds.
  llvm::Value* number_compare(Opcode op, llvm::Value* l, llvm::Value* r) {
    switch (op) {
      case Opcode::Eq: return b_.CreateFCmpOEQ(l, r);
      case Opcode::Ne: return b_.CreateFCmpUNE(l, r);
      case Opcode::Lt: return b_.CreateFCmpOLT(l, r);
      case Opcode::Le: return b_.CreateFCmpOLE(l, r);
      case Opcode::Gt: return b_.CreateFCmpOGT(l, r);
      default: return b_.CreateFCmpOGE(l, r);
    }
  }
  llvm::Value* compare_helper(Opcode op, Operand l, Operand r) {
    llvm::Value* holds = call_helper("flowc_typed_compare", b_.getInt32Ty(),
                                     {b_.getInt32(static_cast<uint32_t>(op)), l.kind, l.payload, r.kind, r.payload});
    return b_.CreateICmpNE(holds, b_.getInt32(0));
  }

  // + - * (arithmetic.cpp): int with int checks overflow (unset), int and
  // number mixes compute in double and give unset when not finite; the
  // rest through the helper.
  Operand dynamic_arithmetic(Opcode op, Operand l, Operand r) {
    llvm::BasicBlock* ints = llvm::BasicBlock::Create(ctx_, "arith.int", fn_);
    llvm::BasicBlock* numeric_test = llvm::BasicBlock::Create(ctx_, "arith.numeric?", fn_);
    llvm::BasicBlock* numbers = llvm::BasicBlock::Create(ctx_, "arith.number", fn_);
    llvm::BasicBlock* slow = llvm::BasicBlock::Create(ctx_, "arith.helper", fn_);
    llvm::BasicBlock* done = llvm::BasicBlock::Create(ctx_, "arith.done", fn_);
    b_.CreateCondBr(b_.CreateAnd(b_.CreateICmpEQ(l.kind, b_.getInt8(kInt)), b_.CreateICmpEQ(r.kind, b_.getInt8(kInt))),
                    ints, numeric_test);

    b_.SetInsertPoint(ints);
    llvm::Intrinsic::ID id = op == Opcode::Add   ? llvm::Intrinsic::sadd_with_overflow
                             : op == Opcode::Sub ? llvm::Intrinsic::ssub_with_overflow
                                                 : llvm::Intrinsic::smul_with_overflow;
    llvm::Value* pair = b_.CreateBinaryIntrinsic(id, l.payload, r.payload);
    llvm::Value* overflow = b_.CreateExtractValue(pair, 1);
    Operand int_result{b_.CreateSelect(overflow, b_.getInt8(kUnset), b_.getInt8(kInt)),
                       b_.CreateSelect(overflow, b_.getInt64(0), b_.CreateExtractValue(pair, 0))};
    b_.CreateBr(done);

    b_.SetInsertPoint(numeric_test);
    b_.CreateCondBr(b_.CreateAnd(is_numeric(l.kind), is_numeric(r.kind)), numbers, slow);
    b_.SetInsertPoint(numbers);
    llvm::Value* dl = as_number(l);
    llvm::Value* dr = as_number(r);
    llvm::Value* x = op == Opcode::Add ? b_.CreateFAdd(dl, dr) : op == Opcode::Sub ? b_.CreateFSub(dl, dr) : b_.CreateFMul(dl, dr);
    llvm::Value* finite = b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x),
                                           llvm::ConstantFP::getInfinity(b_.getDoubleTy()));
    Operand number_result{b_.CreateSelect(finite, b_.getInt8(kNumber), b_.getInt8(kUnset)),
                          b_.CreateSelect(finite, b_.CreateBitCast(x, b_.getInt64Ty()), b_.getInt64(0))};
    b_.CreateBr(done);

    b_.SetInsertPoint(slow);
    Operand slow_result = arithmetic_helper(op, l, r);
    llvm::BasicBlock* slow_end = b_.GetInsertBlock();
    b_.CreateBr(done);

    b_.SetInsertPoint(done);
    return merge({{int_result, ints}, {number_result, numbers}, {slow_result, slow_end}});
  }

  // Eq Ne Lt Le Gt Ge (compare.cpp): two set values of one kind among Bool
  // Int Date DateTime Duration Consent compare their payloads; an int and
  // a number, or two numbers, compare as doubles (NaN: unordered, so only
  // != holds); everything else (unset, strings, lists, mixed kinds) through
  // the helper.
  llvm::Value* dynamic_compare(Opcode op, Operand l, Operand r) {
    constexpr uint32_t kIntegerLike = (1u << 1) | (1u << 2) | (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8);
    static_assert(static_cast<int>(ir::ValueKind::Bool) == 1 && static_cast<int>(ir::ValueKind::Int) == 2 &&
                      static_cast<int>(ir::ValueKind::Date) == 5 && static_cast<int>(ir::ValueKind::DateTime) == 6 &&
                      static_cast<int>(ir::ValueKind::Duration) == 7 && static_cast<int>(ir::ValueKind::Consent) == 8,
                  "kIntegerLike lists the kinds compared by their payload");
    // Both inline answers are computed and one is selected, so the common
    // cases are one block; only the rest branches to the helper.
    llvm::Value* shift = b_.CreateZExt(b_.CreateAnd(l.kind, b_.getInt8(31)), b_.getInt32Ty());
    llvm::Value* integer_like =
        b_.CreateICmpNE(b_.CreateAnd(b_.CreateLShr(b_.getInt32(kIntegerLike), shift), b_.getInt32(1)), b_.getInt32(0));
    llvm::Value* ints = b_.CreateAnd(b_.CreateICmpEQ(l.kind, r.kind), integer_like);
    llvm::Value* numbers = b_.CreateAnd(is_numeric(l.kind), is_numeric(r.kind));
    llvm::Value* int_result = integer_compare(op, l.payload, r.payload);
    llvm::Value* number_result = number_compare(op, as_number(l), as_number(r));
    // An int pair is both `ints` and `numbers`: it must compare exactly.
    llvm::Value* fast_result = b_.CreateSelect(ints, int_result, number_result);
    llvm::BasicBlock* fast = b_.GetInsertBlock();
    llvm::BasicBlock* slow = llvm::BasicBlock::Create(ctx_, "cmp.helper", fn_);
    llvm::BasicBlock* done = llvm::BasicBlock::Create(ctx_, "cmp.done", fn_);
    b_.CreateCondBr(b_.CreateOr(ints, numbers), done, slow);

    b_.SetInsertPoint(slow);
    llvm::Value* slow_result = compare_helper(op, l, r);
    b_.CreateBr(done);

    b_.SetInsertPoint(done);
    llvm::PHINode* result = b_.CreatePHI(b_.getInt1Ty(), 2);
    result->addIncoming(fast_result, fast);
    result->addIncoming(slow_result, slow);
    return result;
  }

  // A built-in function: its arguments stored in two small arrays for the
  // helper.
  Operand builtin(uint32_t fn, uint32_t argc) {
    std::vector<Operand> args(argc);
    for (uint32_t k = argc; k > 0; --k) args[k - 1] = pop();
    for (uint32_t k = 0; k < argc; ++k) {
      b_.CreateStore(args[k].kind, b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), arg_kinds_, k));
      b_.CreateStore(args[k].payload, b_.CreateConstInBoundsGEP1_64(b_.getInt64Ty(), arg_payloads_, k));
    }
    llvm::Value* none = llvm::ConstantPointerNull::get(b_.getPtrTy());
    llvm::Value* kind = call_helper("flowc_typed_call", b_.getInt8Ty(),
                                    {view_, b_.getInt32(fn), b_.getInt32(argc), argc ? arg_kinds_ : none,
                                     argc ? arg_payloads_ : none, scratch_});
    return checked({kind, nullptr});
  }

  Operand merge(std::initializer_list<std::pair<Operand, llvm::BasicBlock*>> from) {
    llvm::PHINode* kind = b_.CreatePHI(b_.getInt8Ty(), static_cast<unsigned>(from.size()));
    llvm::PHINode* payload = b_.CreatePHI(b_.getInt64Ty(), static_cast<unsigned>(from.size()));
    for (const auto& [x, block] : from) {
      kind->addIncoming(x.kind, block);
      payload->addIncoming(x.payload, block);
    }
    return {kind, payload};
  }

  llvm::Value* call_helper(const char* name, llvm::Type* result, std::initializer_list<llvm::Value*> args) {
    std::vector<llvm::Type*> params;
    for (llvm::Value* arg : args) params.push_back(arg->getType());
    auto* type = llvm::FunctionType::get(result, params, false);
    return b_.CreateCall(out_.getOrInsertFunction(name, type), std::vector<llvm::Value*>(args));
  }

  // 32 zero bytes, which any guarded load may read instead (an unset
  // ir::Value is all zeros).
  llvm::Value* zero_bytes() {
    static_assert(sizeof(ir::Value) <= 32, "the zero block covers one ir::Value");
    const char* name = "flowc_typed_zeros";
    if (llvm::GlobalVariable* existing = out_.getNamedGlobal(name)) return existing;
    auto* type = llvm::ArrayType::get(b_.getInt8Ty(), 32);
    auto* zeros = new llvm::GlobalVariable(out_, type, true, llvm::GlobalValue::PrivateLinkage,
                                           llvm::ConstantAggregateZero::get(type), name);
    zeros->setAlignment(llvm::Align(8));
    return zeros;
  }

  llvm::LLVMContext& ctx_;
  llvm::Module& out_;
  // Folds as it builds (select on a known condition, `and true`, compares
  // of known kinds), so what the optimiser and code generator get is small.
  llvm::IRBuilder<llvm::InstSimplifyFolder> b_;
  const ValueLayout V_;
  llvm::Function* fn_ = nullptr;
  llvm::Value* view_ = nullptr;
  llvm::Value* result_ = nullptr;
  llvm::Value* scratch_ = nullptr;
  llvm::Value* arg_kinds_ = nullptr;
  llvm::Value* arg_payloads_ = nullptr;
  llvm::Value* zeros_ = nullptr;
  llvm::Instruction* entry_end_ = nullptr;   // the entry block's branch: view fields are loaded before it
  llvm::BasicBlock* deoptimise_ = nullptr;   // returns kDeoptimise
  std::map<uint64_t, llvm::Value*> view_fields_;
  PropertyBlock property_block_{};
  AggregateBlock aggregate_block_{};
  const ir::Module* module_ = nullptr;
  std::vector<llvm::BasicBlock*> blocks_;  // by instruction, and one for the end
  std::vector<std::vector<Edge>> incoming_;
  std::vector<Operand> stack_;
  bool live_ = false;  // the current block is reachable and open
};

}  // namespace

void lower_typed_chunk(llvm::Module& out, const ir::Module& module, size_t chunk, const ChunkPlan& plan) {
  TypedLowering(out).lower(module, chunk, plan);
}

}  // namespace flowc::jit
