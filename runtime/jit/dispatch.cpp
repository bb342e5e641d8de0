// Lowering of a flow's step dispatch (lowering.h): which target a Branch step
// goes to and whether the profile filters hold, as native code that calls
// the condition chunks one after another on one frame.
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>

#include <algorithm>

#include <cstddef>

#include "jit/lowering.h"
#include "jit/typed_helpers.h"
#include "jit/typed_lowering.h"

namespace flowc::jit {

std::string branch_symbol(size_t flow) { return "flowc_branch_" + std::to_string(flow); }
std::string filters_symbol(size_t flow) { return "flowc_filters_" + std::to_string(flow); }

uint32_t dispatch_frame_slots(const ir::Module& module, size_t flow, const std::vector<ChunkPlan>& plans) {
  uint32_t slots = 1;
  auto need = [&](ir::Index chunk) {
    if (chunk < plans.size()) slots = std::max(slots, plans[chunk].slots);
  };
  const ir::FlowDef& def = module.flows[flow];
  for (ir::Index f : def.filters) need(f);
  for (const ir::StepDef& step : def.steps)
    if (step.kind == ir::StepKind::Branch)
      for (ir::Index c : step.conditions) need(c);
  return slots;
}

namespace {

class DispatchLowering {
 public:
  DispatchLowering(llvm::Module& out, const ir::Module& module, const std::vector<ChunkPlan>& plans,
                   const std::function<ChunkCode(size_t)>& code)
      : out_(out), b_(out.getContext()), module_(module), plans_(plans), code_(code) {}

  void branch(size_t flow) {
    const ir::FlowDef& def = module_.flows[flow];
    auto* type = llvm::FunctionType::get(b_.getInt32Ty(), {b_.getPtrTy(), b_.getInt32Ty()}, false);
    llvm::Function* fn = begin(type, branch_symbol(flow));
    llvm::BasicBlock* other = block("not_a_branch");
    llvm::BasicBlock* entry = &fn->getEntryBlock();
    b_.SetInsertPoint(other);
    b_.CreateRet(b_.getInt32(kNotABranch));
    b_.SetInsertPoint(entry);
    llvm::SwitchInst* table = b_.CreateSwitch(fn->getArg(1), other);
    for (size_t s = 0; s < def.steps.size(); ++s) {
      const ir::StepDef& step = def.steps[s];
      if (step.kind != ir::StepKind::Branch) continue;
      llvm::BasicBlock* here = block("step" + std::to_string(s));
      table->addCase(b_.getInt32(static_cast<uint32_t>(s)), here);
      b_.SetInsertPoint(here);
      // Conditions in order: the first that holds picks its target.
      for (size_t i = 0; i < step.conditions.size() && i < step.targets.size(); ++i) {
        llvm::BasicBlock* taken = block("taken");
        llvm::BasicBlock* next = block("next");
        b_.CreateCondBr(holds(step.conditions[i]), taken, next);
        b_.SetInsertPoint(taken);
        b_.CreateRet(b_.getInt32(step.targets[i]));
        b_.SetInsertPoint(next);
      }
      b_.CreateRet(b_.getInt32(step.else_target));
    }
  }

  void filters(size_t flow) {
    const ir::FlowDef& def = module_.flows[flow];
    auto* type = llvm::FunctionType::get(b_.getInt32Ty(), {b_.getPtrTy()}, false);
    begin(type, filters_symbol(flow));
    llvm::BasicBlock* fails = block("fails");
    for (ir::Index f : def.filters) {
      llvm::BasicBlock* next = block("next");
      b_.CreateCondBr(holds(f), next, fails);
      b_.SetInsertPoint(next);
    }
    b_.CreateRet(b_.getInt32(1));
    b_.SetInsertPoint(fails);
    b_.CreateRet(b_.getInt32(0));
  }

 private:
  llvm::Function* begin(llvm::FunctionType* type, const std::string& name) {
    fn_ = llvm::Function::Create(type, llvm::Function::ExternalLinkage, name, out_);
    payload_ = nullptr;
    fn_->setUWTableKind(llvm::UWTableKind::Default);
    frame_ = fn_->getArg(0);
    b_.SetInsertPoint(llvm::BasicBlock::Create(out_.getContext(), "entry", fn_));
    return fn_;
  }
  llvm::BasicBlock* block(const std::string& name) { return llvm::BasicBlock::Create(out_.getContext(), name, fn_); }

  // Runs a condition chunk and leaves the frame reset; i1.
  llvm::Value* holds(ir::Index chunk) {
    switch (code_(chunk)) {
      case ChunkCode::Frame: {
        auto* chunk_type = llvm::FunctionType::get(b_.getVoidTy(), {b_.getPtrTy()}, false);
        b_.CreateCall(out_.getOrInsertFunction(chunk_symbol(chunk), chunk_type), {frame_});
        auto* take_type = llvm::FunctionType::get(b_.getInt32Ty(), {b_.getPtrTy(), b_.getInt32Ty()}, false);
        llvm::Value* truth = b_.CreateCall(out_.getOrInsertFunction("flowc_jit_take_truthy", take_type),
                                           {frame_, b_.getInt32(plans_[chunk].slots)});
        return b_.CreateICmpNE(truth, b_.getInt32(0));
      }
      case ChunkCode::Typed: return typed_holds(chunk);
      case ChunkCode::None: break;
    }
    return vm_holds(chunk);
  }
  llvm::Value* vm_holds(ir::Index chunk) {
    auto* vm_type = llvm::FunctionType::get(b_.getInt32Ty(), {b_.getPtrTy(), b_.getInt32Ty()}, false);
    llvm::Value* truth =
        b_.CreateCall(out_.getOrInsertFunction("flowc_jit_vm_holds", vm_type), {frame_, b_.getInt32(chunk)});
    return b_.CreateICmpNE(truth, b_.getInt32(0));
  }
  // Typed code over the frame's view; the VM when there is no view or the
  // code deoptimises. A condition holds when it gives Bool true.
  llvm::Value* typed_holds(ir::Index chunk) {
    llvm::BasicBlock* with_view = block("typed");
    llvm::BasicBlock* ran = block("typed.ran");
    llvm::BasicBlock* in_vm = block("typed.vm");
    llvm::BasicBlock* done = block("typed.done");
    llvm::Value* view = b_.CreateLoad(b_.getPtrTy(), b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), frame_, offsetof(Frame, view)));
    b_.CreateCondBr(b_.CreateIsNull(view), in_vm, with_view);

    b_.SetInsertPoint(with_view);
    if (!payload_) {
      llvm::IRBuilder<> at_entry(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
      payload_ = at_entry.CreateAlloca(b_.getInt64Ty(), nullptr, "payload");
    }
    auto* typed_type = llvm::FunctionType::get(b_.getInt8Ty(), {b_.getPtrTy(), b_.getPtrTy()}, false);
    llvm::Value* kind = b_.CreateCall(out_.getOrInsertFunction(typed_symbol(chunk), typed_type), {view, payload_});
    b_.CreateCondBr(b_.CreateICmpEQ(kind, b_.getInt8(kDeoptimise)), in_vm, ran);

    b_.SetInsertPoint(ran);
    llvm::Value* is_true =
        b_.CreateAnd(b_.CreateICmpEQ(kind, b_.getInt8(static_cast<uint8_t>(ir::ValueKind::Bool))),
                     b_.CreateICmpNE(b_.CreateLoad(b_.getInt64Ty(), payload_), b_.getInt64(0)));
    b_.CreateBr(done);

    b_.SetInsertPoint(in_vm);
    llvm::Value* vm_result = vm_holds(chunk);
    llvm::BasicBlock* vm_end = b_.GetInsertBlock();
    b_.CreateBr(done);

    b_.SetInsertPoint(done);
    llvm::PHINode* result = b_.CreatePHI(b_.getInt1Ty(), 2);
    result->addIncoming(is_true, ran);
    result->addIncoming(vm_result, vm_end);
    return result;
  }

  llvm::Module& out_;
  llvm::IRBuilder<> b_;
  const ir::Module& module_;
  const std::vector<ChunkPlan>& plans_;
  const std::function<ChunkCode(size_t)>& code_;
  llvm::Function* fn_ = nullptr;
  llvm::Value* frame_ = nullptr;
  llvm::Value* payload_ = nullptr;  // typed code's result payload, one per function
};

}  // namespace

void lower_flow_dispatch(llvm::Module& out, const ir::Module& module, size_t flow,
                         const std::vector<ChunkPlan>& plans, const std::function<ChunkCode(size_t)>& code) {
  DispatchLowering lowering(out, module, plans, code);
  lowering.branch(flow);
  lowering.filters(flow);
}

}  // namespace flowc::jit
