// Lowering of the segment kernel (segment_kernel.h).
#include "jit/segment_kernel.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>

#include "jit/lowering.h"
#include "jit/typed_helpers.h"
#include "jit/typed_lowering.h"

namespace flowc::jit {

void lower_segment_kernel(llvm::Module& out, const ir::Module& module, const std::function<ChunkCode(size_t)>& code) {
  llvm::LLVMContext& ctx = out.getContext();
  llvm::IRBuilder<> b(ctx);
  auto* type = llvm::FunctionType::get(b.getVoidTy(), {b.getPtrTy(), b.getPtrTy(), b.getPtrTy()}, false);
  llvm::Function* fn = llvm::Function::Create(type, llvm::Function::ExternalLinkage, segment_kernel_symbol(), out);
  fn->setUWTableKind(llvm::UWTableKind::Default);
  fn->addFnAttr(kPreFolded);
  llvm::Value* view = fn->getArg(0);
  llvm::Value* which = fn->getArg(1);
  llvm::Value* members = fn->getArg(2);
  b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", fn));
  llvm::Value* payload = b.CreateAlloca(b.getInt64Ty(), nullptr, "payload");
  auto* typed_type = llvm::FunctionType::get(b.getInt8Ty(), {b.getPtrTy(), b.getPtrTy()}, false);
  auto* holds_type = llvm::FunctionType::get(b.getInt32Ty(), {b.getPtrTy(), b.getInt32Ty()}, false);
  llvm::FunctionCallee holds_helper = out.getOrInsertFunction("flowc_typed_holds", holds_type);
  auto ask_evaluator = [&](uint32_t chunk) {
    return b.CreateICmpNE(b.CreateCall(holds_helper, {view, b.getInt32(chunk)}), b.getInt32(0));
  };

  for (size_t s = 0; s < module.segments.size(); ++s) {
    const uint32_t chunk = module.segments[s].condition;
    const uint64_t bit = uint64_t{1} << (s % 64);
    llvm::Value* word_at = b.CreateConstInBoundsGEP1_64(b.getInt64Ty(), which, s / 64);
    llvm::Value* selected = b.CreateICmpNE(b.CreateAnd(b.CreateLoad(b.getInt64Ty(), word_at), b.getInt64(bit)), b.getInt64(0));
    llvm::BasicBlock* evaluate = llvm::BasicBlock::Create(ctx, llvm::Twine("segment") + llvm::Twine(s), fn);
    llvm::BasicBlock* next = llvm::BasicBlock::Create(ctx, llvm::Twine("after") + llvm::Twine(s), fn);
    b.CreateCondBr(selected, evaluate, next);

    b.SetInsertPoint(evaluate);
    llvm::Value* holds = nullptr;
    if (code(chunk) == ChunkCode::Typed) {
      llvm::Value* kind = b.CreateCall(out.getOrInsertFunction(typed_symbol(chunk), typed_type), {view, payload});
      llvm::BasicBlock* ran = llvm::BasicBlock::Create(ctx, "ran", fn);
      llvm::BasicBlock* deoptimised = llvm::BasicBlock::Create(ctx, "deoptimised", fn);
      llvm::BasicBlock* store = llvm::BasicBlock::Create(ctx, "store", fn);
      b.CreateCondBr(b.CreateICmpEQ(kind, b.getInt8(kDeoptimise)), deoptimised, ran);
      b.SetInsertPoint(ran);
      // A condition holds when it gives Bool true.
      llvm::Value* is_true = b.CreateAnd(b.CreateICmpEQ(kind, b.getInt8(static_cast<uint8_t>(ir::ValueKind::Bool))),
                                         b.CreateICmpNE(b.CreateLoad(b.getInt64Ty(), payload), b.getInt64(0)));
      b.CreateBr(store);
      b.SetInsertPoint(deoptimised);
      llvm::Value* asked = ask_evaluator(chunk);
      b.CreateBr(store);
      b.SetInsertPoint(store);
      llvm::PHINode* phi = b.CreatePHI(b.getInt1Ty(), 2);
      phi->addIncoming(is_true, ran);
      phi->addIncoming(asked, deoptimised);
      holds = phi;
    } else {
      holds = ask_evaluator(chunk);
    }
    llvm::Value* member_at = b.CreateConstInBoundsGEP1_64(b.getInt64Ty(), members, s / 64);
    llvm::Value* word = b.CreateLoad(b.getInt64Ty(), member_at);
    b.CreateStore(b.CreateSelect(holds, b.CreateOr(word, b.getInt64(bit)), b.CreateAnd(word, b.getInt64(~bit))), member_at);
    b.CreateBr(next);
    b.SetInsertPoint(next);
  }
  b.CreateRetVoid();
}

}  // namespace flowc::jit
