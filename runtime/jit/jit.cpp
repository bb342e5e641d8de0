// The JIT session (jit.h).
#include "jit/jit.h"

#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/IRCompileLayer.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/IR/PassManager.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Transforms/InstCombine/InstCombine.h>
#include <llvm/Transforms/Scalar/EarlyCSE.h>
#include <llvm/Transforms/Scalar/SimplifyCFG.h>
#include <llvm/Support/TargetSelect.h>

#include <mutex>

#include "jit/frame.h"
#include "jit/lowering.h"
#include "jit/typed_helpers.h"

namespace flowc::jit {

namespace {

void initialize_llvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

llvm::CodeGenOptLevel codegen_level(unsigned level) {
  switch (level) {
    case 0: return llvm::CodeGenOptLevel::None;
    // O1: the cheap IR passes below, then the fast instruction selector:
    // for helper-call code SelectionDAG (CodeGenOptLevel::Less) gains
    // nothing at run time and takes ~4x the compile time (docs/jit.md).
    case 1: return llvm::CodeGenOptLevel::None;
    case 2: return llvm::CodeGenOptLevel::Default;
    default: return llvm::CodeGenOptLevel::Aggressive;
  }
}

void optimize(llvm::Module& module, unsigned level) {
  if (level == 0) return;
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb;
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  if (level == 1) {
    // O1 for generated chunks: the passes that pay off on slot code
    // (forwarding a stored kind to the next instruction's load, folding the
    // then-constant kind tests, merging blocks), not the whole O1 pipeline.
    // Code generated already folded (kPreFolded: typed code, the segment
    // kernel) is left as it is: these passes gain it ~1% at run time for a
    // third of its compile time.
    llvm::FunctionPassManager fpm;
    fpm.addPass(llvm::EarlyCSEPass(true));
    fpm.addPass(llvm::InstCombinePass());
    fpm.addPass(llvm::SimplifyCFGPass());
    fpm.addPass(llvm::EarlyCSEPass(true));
    for (llvm::Function& f : module)
      if (!f.isDeclaration() && !f.hasFnAttribute(kPreFolded)) fpm.run(f, fam);
    return;
  }
  llvm::OptimizationLevel o = level == 1 ? llvm::OptimizationLevel::O1
                              : level == 2 ? llvm::OptimizationLevel::O2
                                           : llvm::OptimizationLevel::O3;
  pb.buildPerModuleDefaultPipeline(o).run(module, mam);
}

}  // namespace

llvm::Expected<std::unique_ptr<Jit>> Jit::Create(unsigned opt_level, llvm::ObjectCache* cache) {
  initialize_llvm();
  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) return jtmb.takeError();
  jtmb->setCodeGenOptLevel(codegen_level(opt_level));
  llvm::orc::LLJITBuilder builder;
  builder.setJITTargetMachineBuilder(std::move(*jtmb));
  if (cache) {
    builder.setCompileFunctionCreator(
        [cache](llvm::orc::JITTargetMachineBuilder machine)
            -> llvm::Expected<std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> {
          return std::make_unique<llvm::orc::ConcurrentIRCompiler>(std::move(machine), cache);
        });
  }
  auto lljit = builder.create();
  if (!lljit) return lljit.takeError();
  (*lljit)->getIRTransformLayer().setTransform(
      [opt_level](llvm::orc::ThreadSafeModule tsm,
                  const llvm::orc::MaterializationResponsibility&) -> llvm::Expected<llvm::orc::ThreadSafeModule> {
        tsm.withModuleDo([&](llvm::Module& m) { optimize(m, opt_level); });
        return tsm;
      });
  std::unique_ptr<Jit> jit(new Jit(std::move(*lljit)));
  if (llvm::Error err = jit->defineHelpers()) return err;
  return jit;
}

// LLJIT's destructor ends the execution session (ExecutionSession::endSession)
// and releases every JITDylib and the memory of the code in them.
Jit::~Jit() { lljit_.reset(); }

llvm::Error Jit::addModule(llvm::orc::ThreadSafeModule module, llvm::orc::ResourceTrackerSP tracker) {
  if (!tracker) tracker = lljit_->getMainJITDylib().getDefaultResourceTracker();
  return lljit_->addIRModule(std::move(tracker), std::move(module));
}

llvm::Error Jit::addObject(std::unique_ptr<llvm::MemoryBuffer> object) {
  return lljit_->addObjectFile(std::move(object));
}

llvm::Expected<llvm::orc::ExecutorAddr> Jit::lookup(llvm::StringRef name) { return lljit_->lookup(name); }

// The helpers are defined as absolute symbols at their addresses in this
// process: no dlsym, so it works for a static executable, with sanitizers,
// and whatever the dynamic symbol table exports.
llvm::Error Jit::defineHelpers() {
  llvm::orc::SymbolMap symbols;
  auto add = [&](const char* name, auto* fn) {
    symbols[lljit_->mangleAndIntern(name)] = {llvm::orc::ExecutorAddr::fromPtr(fn),
                                              llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
  };
#define FLOWC_JIT_HELPER(name) add(#name, &name)
  FLOWC_JIT_HELPER(flowc_jit_const);
  FLOWC_JIT_HELPER(flowc_jit_load_profile);
  FLOWC_JIT_HELPER(flowc_jit_load_builtin);
  FLOWC_JIT_HELPER(flowc_jit_load_consent);
  FLOWC_JIT_HELPER(flowc_jit_load_event);
  FLOWC_JIT_HELPER(flowc_jit_load_special);
  FLOWC_JIT_HELPER(flowc_jit_now);
  FLOWC_JIT_HELPER(flowc_jit_in_list);
  FLOWC_JIT_HELPER(flowc_jit_in_segment);
  FLOWC_JIT_HELPER(flowc_jit_aggregate);
  FLOWC_JIT_HELPER(flowc_jit_make_list);
  FLOWC_JIT_HELPER(flowc_jit_add);
  FLOWC_JIT_HELPER(flowc_jit_sub);
  FLOWC_JIT_HELPER(flowc_jit_mul);
  FLOWC_JIT_HELPER(flowc_jit_div);
  FLOWC_JIT_HELPER(flowc_jit_mod);
  FLOWC_JIT_HELPER(flowc_jit_neg);
  FLOWC_JIT_HELPER(flowc_jit_compare);
  FLOWC_JIT_HELPER(flowc_jit_not);
  FLOWC_JIT_HELPER(flowc_jit_is_set);
  FLOWC_JIT_HELPER(flowc_jit_in);
  FLOWC_JIT_HELPER(flowc_jit_call);
  FLOWC_JIT_HELPER(flowc_jit_truthy);
  FLOWC_JIT_HELPER(flowc_jit_set_false);
  FLOWC_JIT_HELPER(flowc_jit_return);
  FLOWC_JIT_HELPER(flowc_jit_store);
  FLOWC_JIT_HELPER(flowc_jit_filter);
  FLOWC_JIT_HELPER(flowc_jit_to_text);
  FLOWC_JIT_HELPER(flowc_jit_escape);
  FLOWC_JIT_HELPER(flowc_jit_concat);
  FLOWC_JIT_HELPER(flowc_jit_take_truthy);
  FLOWC_JIT_HELPER(flowc_jit_vm_holds);
  FLOWC_JIT_HELPER(flowc_typed_aggregate);
  FLOWC_JIT_HELPER(flowc_typed_arithmetic);
  FLOWC_JIT_HELPER(flowc_typed_neg);
  FLOWC_JIT_HELPER(flowc_typed_compare);
  FLOWC_JIT_HELPER(flowc_typed_in);
  FLOWC_JIT_HELPER(flowc_typed_call);
  FLOWC_JIT_HELPER(flowc_typed_holds);
#undef FLOWC_JIT_HELPER
  return lljit_->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(symbols)));
}

}  // namespace flowc::jit
