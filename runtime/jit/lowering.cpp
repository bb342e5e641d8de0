// Lowering of planned chunks to LLVM IR (lowering.h).
#include "jit/lowering.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <cstring>
#include <memory>

namespace flowc::jit {

std::string chunk_symbol(size_t chunk) { return "flowc_chunk_" + std::to_string(chunk); }

namespace {

// Where the fields of a Value and of a Frame are, for the inline fast paths.
struct Layout {
  uint64_t value_size, kind, i, n, result;
};

Layout layout() {
  static_assert(sizeof(ir::ValueKind) == 1, "the fast paths load the kind as one byte");
  ir::Value v;
  Frame f{nullptr, nullptr, nullptr, nullptr, {}};
  auto off = [](const void* base, const void* field) {
    return static_cast<uint64_t>(static_cast<const char*>(field) - static_cast<const char*>(base));
  };
  return {sizeof(ir::Value), off(&v, &v.kind), off(&v, &v.i), off(&v, &v.n), off(&f, &f.result)};
}

// Lowers every compilable chunk to `void flowc_chunk_<N>(ptr frame)`.
//
// With fast paths on, the common operations on scalars run inline instead of
// calling a helper: a scalar Const, the comparisons (same-kind integer-like
// operands, or int/number mixes), + - * on int/number, not, is set, the
// truthiness tests of the jumps and Return. Each tests the operands' kind
// bytes at run time and falls back to the helper for anything else, so the
// helper (and through it the VM's ops) still decides every other case. An
// inline result is written as kind + i + n, which needs the destination
// slot to own nothing (not a String or List, ir/value.h): the lowering
// tracks, per instruction and slot, whether that is known statically
// ("clean": written last by a fast path or by a helper that stores a scalar,
// or never written), and tests the slot's kind at run time when it is not.
class Lowering {
 public:
  Lowering(llvm::LLVMContext& context, llvm::Module& out, bool fast)
      : ctx_(context), out_(out), b_(context), fast_(fast), L_(layout()) {}

  void lower(const ir::Module& module, size_t index, const ChunkPlan& plan) {
    using ir::Opcode;
    const ir::Chunk& chunk = module.chunks[index];
    auto* type = llvm::FunctionType::get(b_.getVoidTy(), {b_.getPtrTy()}, false);
    auto* fn = llvm::Function::Create(type, llvm::Function::ExternalLinkage, chunk_symbol(index), out_);
    fn->setUWTableKind(llvm::UWTableKind::Default);
    fn_ = fn;
    frame_ = fn->getArg(0);
    const size_t size = chunk.code.size();
    std::vector<llvm::BasicBlock*> blocks(size, nullptr);
    for (size_t pc = 0; pc < size; ++pc)
      if (plan.depth[pc] >= 0) blocks[pc] = llvm::BasicBlock::Create(ctx_, llvm::Twine("i") + llvm::Twine(pc), fn);
    // The slots pointer, loaded once (no helper changes it).
    llvm::BasicBlock* entry = llvm::BasicBlock::Create(ctx_, "entry", fn, blocks.empty() ? nullptr : blocks[0]);
    b_.SetInsertPoint(entry);
    slots_ = b_.CreateLoad(b_.getPtrTy(), frame_, "slots");
    if (size > 0 && blocks[0]) b_.CreateBr(blocks[0]);
    // Jumps to the end (and falling off it) return with the result unset.
    llvm::BasicBlock* exit = llvm::BasicBlock::Create(ctx_, "exit", fn);
    if (size == 0 || !blocks[0]) b_.CreateBr(exit);
    b_.SetInsertPoint(exit);
    b_.CreateRetVoid();
    auto block = [&](size_t pc) { return pc < size ? blocks[pc] : exit; };

    // Clean-slot state on entry to each instruction (meet over the forward
    // edges into it); the frame starts all unset, so all clean.
    std::vector<std::vector<bool>> in_state(size);
    std::vector<bool> seen(size, false);
    if (size > 0) {
      in_state[0].assign(plan.slots, true);
      seen[0] = true;
    }
    auto flow = [&](size_t target) {
      if (target >= size) return;
      if (!seen[target]) {
        in_state[target] = clean_;
        seen[target] = true;
      } else {
        for (size_t k = 0; k < clean_.size(); ++k) in_state[target][k] = in_state[target][k] && clean_[k];
      }
    };

    for (size_t pc = 0; pc < size; ++pc) {
      if (!blocks[pc]) continue;
      b_.SetInsertPoint(blocks[pc]);
      clean_ = seen[pc] ? in_state[pc] : std::vector<bool>(plan.slots, false);
      const uint32_t d = static_cast<uint32_t>(plan.depth[pc]);
      if (vm_gives_up(module, chunk, pc, plan.depth[pc])) {
        b_.CreateBr(exit);
        continue;
      }
      const ir::Instr in = chunk.code[pc];
      const uint32_t a = static_cast<uint32_t>(in.a);
      auto dirty = [&](uint32_t s) { clean_[s] = false; };
      auto scalar = [&](uint32_t s) { clean_[s] = true; };  // a helper that stores a fresh scalar
      switch (in.op) {
        case Opcode::Const: {
          const ir::Value& c = module.constants[a];
          if (fast_ && !c.owns()) {
            store_scalar(d, b_.getInt8(static_cast<uint8_t>(c.kind)), b_.getInt64(static_cast<uint64_t>(c.i)),
                         llvm::ConstantFP::get(b_.getDoubleTy(), c.n));
          } else {
            call("flowc_jit_const", {d, a});
            dirty(d);
          }
          break;
        }
        case Opcode::LoadProfile: call("flowc_jit_load_profile", {d, a}), dirty(d); break;
        case Opcode::LoadBuiltin: call("flowc_jit_load_builtin", {d, a}), dirty(d); break;
        case Opcode::LoadConsent: call("flowc_jit_load_consent", {d, a}), scalar(d); break;
        case Opcode::LoadEvent: call("flowc_jit_load_event", {d, a}), dirty(d); break;
        case Opcode::LoadSpecial: call("flowc_jit_load_special", {d, a}), dirty(d); break;
        case Opcode::Now: call("flowc_jit_now", {d}), scalar(d); break;
        case Opcode::InList: call("flowc_jit_in_list", {d, a}), scalar(d); break;
        case Opcode::InSegment: call("flowc_jit_in_segment", {d, a}), scalar(d); break;
        case Opcode::Aggregate: call("flowc_jit_aggregate", {d, a}), dirty(d); break;
        case Opcode::MakeList: call("flowc_jit_make_list", {d - a, a}), dirty(d - a); break;
        case Opcode::Add:
        case Opcode::Sub:
        case Opcode::Mul:
          if (fast_) arithmetic(in.op, d - 2);
          else call(in.op == Opcode::Add ? "flowc_jit_add" : in.op == Opcode::Sub ? "flowc_jit_sub" : "flowc_jit_mul", {d - 2});
          dirty(d - 2);
          break;
        case Opcode::Div: call("flowc_jit_div", {d - 2}), dirty(d - 2); break;
        case Opcode::Mod: call("flowc_jit_mod", {d - 2}), dirty(d - 2); break;
        case Opcode::Neg: call("flowc_jit_neg", {d - 1}), dirty(d - 1); break;
        case Opcode::Eq:
        case Opcode::Ne:
        case Opcode::Lt:
        case Opcode::Le:
        case Opcode::Gt:
        case Opcode::Ge:
          if (fast_) compare(in.op, d - 2);
          else call("flowc_jit_compare", {d - 2, static_cast<uint32_t>(in.op)});
          scalar(d - 2);
          break;
        case Opcode::Not:
          if (fast_) store_scalar(d - 1, b_.getInt8(kBool), b_.CreateZExt(b_.CreateNot(truthy(d - 1)), b_.getInt64Ty()), zero());
          else call("flowc_jit_not", {d - 1});
          scalar(d - 1);
          break;
        case Opcode::IsSet:
          if (fast_)
            store_scalar(d - 1, b_.getInt8(kBool),
                         b_.CreateZExt(b_.CreateICmpNE(kind(d - 1), b_.getInt8(0)), b_.getInt64Ty()), zero());
          else call("flowc_jit_is_set", {d - 1});
          scalar(d - 1);
          break;
        case Opcode::In: call("flowc_jit_in", {d - 2}), scalar(d - 2); break;
        case Opcode::Call: call("flowc_jit_call", {d - in.b, a, in.b}), dirty(d - in.b); break;
        case Opcode::Jump:
          flow(a);
          b_.CreateBr(block(a));
          continue;
        case Opcode::JumpIfFalseOrPop: {
          llvm::BasicBlock* set_false = llvm::BasicBlock::Create(ctx_, "false" + std::to_string(pc), fn);
          b_.CreateCondBr(truthy(d - 1), block(pc + 1), set_false);
          flow(pc + 1);
          b_.SetInsertPoint(set_false);
          if (fast_) store_scalar(d - 1, b_.getInt8(kBool), b_.getInt64(0), zero());
          else call("flowc_jit_set_false", {d - 1});
          scalar(d - 1);
          flow(a);
          b_.CreateBr(block(a));
          continue;
        }
        case Opcode::JumpIfTrueOrPop:
          b_.CreateCondBr(truthy(d - 1), block(a), block(pc + 1));
          flow(a);
          flow(pc + 1);
          continue;
        case Opcode::Return:
          if (fast_) ret(d - 1);
          else call("flowc_jit_return", {d - 1});
          b_.CreateRetVoid();
          continue;
        case Opcode::Filter: {
          auto filter = static_cast<ir::TemplateFilter>(in.a);
          uint32_t has_arg = filter == ir::TemplateFilter::Default || filter == ir::TemplateFilter::Date;
          llvm::Value* ok = call("flowc_jit_filter", {d - 1 - has_arg, a, has_arg}, true);
          dirty(d - 1 - has_arg);
          if (has_arg) dirty(d - 1);  // moved from: empty, but keep it simple
          flow(pc + 1);
          b_.CreateCondBr(b_.CreateICmpNE(ok, b_.getInt32(0)), block(pc + 1), exit);
          continue;
        }
        case Opcode::ToText: call("flowc_jit_to_text", {d - 1}), dirty(d - 1); break;
        case Opcode::Concat: call("flowc_jit_concat", {d - a, a}), dirty(d - a); break;
        case Opcode::Escape: call("flowc_jit_escape", {d - 1, a}), dirty(d - 1); break;
      }
      flow(pc + 1);
      b_.CreateBr(block(pc + 1));
    }
  }

 private:
  static constexpr uint8_t kBool = static_cast<uint8_t>(ir::ValueKind::Bool);
  static constexpr uint8_t kInt = static_cast<uint8_t>(ir::ValueKind::Int);
  static constexpr uint8_t kNumber = static_cast<uint8_t>(ir::ValueKind::Number);

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
  llvm::BasicBlock* new_block(const char* name) { return llvm::BasicBlock::Create(ctx_, name, fn_); }
  llvm::Value* zero() { return llvm::ConstantFP::get(b_.getDoubleTy(), 0.0); }

  // Field addresses of slot `s`, or of the frame's result.
  llvm::Value* field(uint32_t s, uint64_t offset) {
    return b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), slots_, s * L_.value_size + offset);
  }
  llvm::Value* kind(uint32_t s) { return b_.CreateLoad(b_.getInt8Ty(), field(s, L_.kind)); }
  llvm::Value* int_of(uint32_t s) { return b_.CreateLoad(b_.getInt64Ty(), field(s, L_.i)); }
  llvm::Value* number_of(uint32_t s) { return b_.CreateLoad(b_.getDoubleTy(), field(s, L_.n)); }
  // Value::as_number() of a slot known to hold an int or a number.
  llvm::Value* as_number(uint32_t s, llvm::Value* k) {
    return b_.CreateSelect(b_.CreateICmpEQ(k, b_.getInt8(kNumber)), number_of(s),
                           b_.CreateSIToFP(int_of(s), b_.getDoubleTy()));
  }
  llvm::Value* is_numeric(llvm::Value* k) {
    return b_.CreateOr(b_.CreateICmpEQ(k, b_.getInt8(kInt)), b_.CreateICmpEQ(k, b_.getInt8(kNumber)));
  }
  // Value::truthy(): kind Bool and i != 0.
  llvm::Value* truthy(uint32_t s) {
    if (!fast_) return b_.CreateICmpNE(call("flowc_jit_truthy", {s}, true), b_.getInt32(0));
    return b_.CreateAnd(b_.CreateICmpEQ(kind(s), b_.getInt8(kBool)), b_.CreateICmpNE(int_of(s), b_.getInt64(0)));
  }
  // Whether slot `s` owns nothing (Value::owns(): neither String nor List).
  llvm::Value* owns_nothing(uint32_t s) {
    llvm::Value* k = kind(s);
    return b_.CreateAnd(b_.CreateICmpNE(k, b_.getInt8(static_cast<uint8_t>(ir::ValueKind::String))),
                        b_.CreateICmpNE(k, b_.getInt8(static_cast<uint8_t>(ir::ValueKind::List))));
  }
  void store_fields(llvm::Value* base, llvm::Value* k, llvm::Value* i, llvm::Value* n) {
    b_.CreateStore(k, b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), base, L_.kind));
    b_.CreateStore(i, b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), base, L_.i));
    b_.CreateStore(n, b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), base, L_.n));
  }
  // Emits `inline_fields()` where slot s owns nothing and `helper()` where
  // it may own a string or list, then goes on after both; a clean slot needs
  // no run-time test.
  template <typename Inline, typename Helper>
  void by_ownership(uint32_t s, Inline inline_fields, Helper helper) {
    if (clean_[s]) return inline_fields();
    llvm::BasicBlock* fast = new_block("owns.nothing");
    llvm::BasicBlock* slow = new_block("owns.maybe");
    llvm::BasicBlock* done = new_block("owns.done");
    b_.CreateCondBr(owns_nothing(s), fast, slow);
    b_.SetInsertPoint(fast);
    inline_fields();
    b_.CreateBr(done);
    b_.SetInsertPoint(slow);
    helper();
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
  }
  // slots[s] = a scalar Value {k, i, n} (the helper releases what it held);
  // leaves the insertion point after it.
  void store_scalar(uint32_t s, llvm::Value* k, llvm::Value* i, llvm::Value* n) {
    by_ownership(
        s, [&] { store_fields(field(s, 0), k, i, n); },
        [&] {
          auto* type = llvm::FunctionType::get(
              b_.getVoidTy(), {b_.getPtrTy(), b_.getInt32Ty(), b_.getInt32Ty(), b_.getInt64Ty(), b_.getDoubleTy()}, false);
          b_.CreateCall(out_.getOrInsertFunction("flowc_jit_store", type),
                        {frame_, b_.getInt32(s), b_.CreateZExt(k, b_.getInt32Ty()), i, n});
        });
  }
  // Return: a slot that owns nothing is copied field by field into the
  // (fresh, empty) result; anything else is moved by the helper.
  void ret(uint32_t s) {
    llvm::Value* result = b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), frame_, L_.result);
    by_ownership(
        s, [&] { store_fields(result, kind(s), int_of(s), number_of(s)); },
        [&] { call("flowc_jit_return", {s}); });
  }

  // Eq Ne Lt Le Gt Ge on slots l, l+1 into l. Inline: two set values of the
  // same kind among Bool Int Date DateTime Duration Consent compare their i
  // (compare.cpp's order() and values_equal()); two numerics of which one is
  // a number compare as doubles (NaN: unordered, so only != holds). Anything
  // else (unset, strings, lists, mixed kinds) goes to the helper.
  void compare(ir::Opcode op, uint32_t l) {
    using ir::Opcode;
    const uint32_t r = l + 1;
    llvm::Value* kl = kind(l);
    llvm::Value* kr = kind(r);
    constexpr uint32_t kIntegerLike = (1u << 1) | (1u << 2) | (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8);
    static_assert(static_cast<int>(ir::ValueKind::Bool) == 1 && static_cast<int>(ir::ValueKind::Int) == 2 &&
                      static_cast<int>(ir::ValueKind::Date) == 5 && static_cast<int>(ir::ValueKind::DateTime) == 6 &&
                      static_cast<int>(ir::ValueKind::Duration) == 7 && static_cast<int>(ir::ValueKind::Consent) == 8,
                  "kIntegerLike lists the kinds compared by their i");
    llvm::Value* shift = b_.CreateZExt(b_.CreateAnd(kl, b_.getInt8(31)), b_.getInt32Ty());
    llvm::Value* integer_like =
        b_.CreateICmpNE(b_.CreateAnd(b_.CreateLShr(b_.getInt32(kIntegerLike), shift), b_.getInt32(1)), b_.getInt32(0));
    llvm::BasicBlock* ints = new_block("cmp.int");
    llvm::BasicBlock* check_numbers = new_block("cmp.numeric?");
    llvm::BasicBlock* numbers = new_block("cmp.number");
    llvm::BasicBlock* slow = new_block("cmp.helper");
    llvm::BasicBlock* store = new_block("cmp.store");
    llvm::BasicBlock* next = new_block("cmp.done");
    b_.CreateCondBr(b_.CreateAnd(b_.CreateICmpEQ(kl, kr), integer_like), ints, check_numbers);

    b_.SetInsertPoint(ints);
    llvm::Value* il = int_of(l);
    llvm::Value* ir_ = int_of(r);
    llvm::Value* int_result = nullptr;
    switch (op) {
      case Opcode::Eq: int_result = b_.CreateICmpEQ(il, ir_); break;
      case Opcode::Ne: int_result = b_.CreateICmpNE(il, ir_); break;
      case Opcode::Lt: int_result = b_.CreateICmpSLT(il, ir_); break;
      case Opcode::Le: int_result = b_.CreateICmpSLE(il, ir_); break;
      case Opcode::Gt: int_result = b_.CreateICmpSGT(il, ir_); break;
      default: int_result = b_.CreateICmpSGE(il, ir_); break;
    }
    b_.CreateBr(store);

    b_.SetInsertPoint(check_numbers);
    b_.CreateCondBr(b_.CreateAnd(is_numeric(kl), is_numeric(kr)), numbers, slow);
    b_.SetInsertPoint(numbers);
    llvm::Value* dl = as_number(l, kl);
    llvm::Value* dr = as_number(r, kr);
    llvm::Value* number_result = nullptr;
    switch (op) {
      case Opcode::Eq: number_result = b_.CreateFCmpOEQ(dl, dr); break;
      case Opcode::Ne: number_result = b_.CreateFCmpUNE(dl, dr); break;
      case Opcode::Lt: number_result = b_.CreateFCmpOLT(dl, dr); break;
      case Opcode::Le: number_result = b_.CreateFCmpOLE(dl, dr); break;
      case Opcode::Gt: number_result = b_.CreateFCmpOGT(dl, dr); break;
      default: number_result = b_.CreateFCmpOGE(dl, dr); break;
    }
    b_.CreateBr(store);

    b_.SetInsertPoint(store);
    llvm::PHINode* result = b_.CreatePHI(b_.getInt1Ty(), 2);
    result->addIncoming(int_result, ints);
    result->addIncoming(number_result, numbers);
    store_scalar(l, b_.getInt8(kBool), b_.CreateZExt(result, b_.getInt64Ty()), zero());
    b_.CreateBr(next);

    b_.SetInsertPoint(slow);
    call("flowc_jit_compare", {l, static_cast<uint32_t>(op)});
    b_.CreateBr(next);
    b_.SetInsertPoint(next);
  }

  // + - * on slots l, l+1 into l (arithmetic.cpp): int with int checks
  // overflow (unset), int/number mixes compute in double and give unset when
  // the result is not finite. Anything else goes to the helper.
  void arithmetic(ir::Opcode op, uint32_t l) {
    using ir::Opcode;
    const uint32_t r = l + 1;
    llvm::Value* kl = kind(l);
    llvm::Value* kr = kind(r);
    llvm::BasicBlock* ints = new_block("arith.int");
    llvm::BasicBlock* check_numbers = new_block("arith.numeric?");
    llvm::BasicBlock* numbers = new_block("arith.number");
    llvm::BasicBlock* slow = new_block("arith.helper");
    llvm::BasicBlock* store = new_block("arith.store");
    llvm::BasicBlock* next = new_block("arith.done");
    b_.CreateCondBr(b_.CreateAnd(b_.CreateICmpEQ(kl, b_.getInt8(kInt)), b_.CreateICmpEQ(kr, b_.getInt8(kInt))), ints,
                    check_numbers);

    b_.SetInsertPoint(ints);
    llvm::Intrinsic::ID id = op == Opcode::Add   ? llvm::Intrinsic::sadd_with_overflow
                             : op == Opcode::Sub ? llvm::Intrinsic::ssub_with_overflow
                                                 : llvm::Intrinsic::smul_with_overflow;
    llvm::Value* pair = b_.CreateBinaryIntrinsic(id, int_of(l), int_of(r));
    llvm::Value* overflow = b_.CreateExtractValue(pair, 1);
    llvm::Value* int_kind = b_.CreateSelect(overflow, b_.getInt8(0), b_.getInt8(kInt));
    llvm::Value* int_value = b_.CreateSelect(overflow, b_.getInt64(0), b_.CreateExtractValue(pair, 0));
    b_.CreateBr(store);

    b_.SetInsertPoint(check_numbers);
    b_.CreateCondBr(b_.CreateAnd(is_numeric(kl), is_numeric(kr)), numbers, slow);
    b_.SetInsertPoint(numbers);
    llvm::Value* dl = as_number(l, kl);
    llvm::Value* dr = as_number(r, kr);
    llvm::Value* x = op == Opcode::Add ? b_.CreateFAdd(dl, dr) : op == Opcode::Sub ? b_.CreateFSub(dl, dr) : b_.CreateFMul(dl, dr);
    llvm::Value* finite = b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x),
                                           llvm::ConstantFP::getInfinity(b_.getDoubleTy()));
    llvm::Value* number_kind = b_.CreateSelect(finite, b_.getInt8(kNumber), b_.getInt8(0));
    llvm::Value* number_value = b_.CreateSelect(finite, x, zero());
    b_.CreateBr(store);

    b_.SetInsertPoint(store);
    llvm::PHINode* k = b_.CreatePHI(b_.getInt8Ty(), 2);
    k->addIncoming(int_kind, ints);
    k->addIncoming(number_kind, numbers);
    llvm::PHINode* i = b_.CreatePHI(b_.getInt64Ty(), 2);
    i->addIncoming(int_value, ints);
    i->addIncoming(b_.getInt64(0), numbers);
    llvm::PHINode* n = b_.CreatePHI(b_.getDoubleTy(), 2);
    n->addIncoming(zero(), ints);
    n->addIncoming(number_value, numbers);
    store_scalar(l, k, i, n);
    b_.CreateBr(next);

    b_.SetInsertPoint(slow);
    call(op == Opcode::Add ? "flowc_jit_add" : op == Opcode::Sub ? "flowc_jit_sub" : "flowc_jit_mul", {l});
    b_.CreateBr(next);
    b_.SetInsertPoint(next);
  }

  llvm::LLVMContext& ctx_;
  llvm::Module& out_;
  llvm::IRBuilder<> b_;
  const bool fast_;
  const Layout L_;
  llvm::Function* fn_ = nullptr;
  llvm::Value* frame_ = nullptr;
  llvm::Value* slots_ = nullptr;
  std::vector<bool> clean_;  // per slot, at the instruction being lowered
};

}  // namespace

void lower_chunk(llvm::Module& out, const ir::Module& module, size_t chunk, const ChunkPlan& plan, bool fast) {
  Lowering(out.getContext(), out, fast).lower(module, chunk, plan);
}

}  // namespace flowc::jit
