// Translating a typed chunk to register code (register_code.h).
//
// One walk in instruction order: each reachable instruction becomes one
// register instruction whose register is the stack depth it writes, a
// constant feeding the operator after it is folded into that operator, and
// a comparison followed by `JumpIfFalseOrPop` becomes one instruction. The
// folding is skipped when the second instruction is a jump target (a path
// arriving there did not run the first). Jump targets are mapped to the
// new indexes at the end; a jump to the chunk's end lands on a final GiveUp.
#include "vm/register_code.h"

#include "vm/chunk_plan.h"

namespace flowc::vm {

namespace {

using ir::Opcode;

bool is_arithmetic(Opcode op) {
  return op == Opcode::Add || op == Opcode::Sub || op == Opcode::Mul || op == Opcode::Div || op == Opcode::Mod;
}
bool is_comparison(Opcode op) {
  return op == Opcode::Eq || op == Opcode::Ne || op == Opcode::Lt || op == Opcode::Le || op == Opcode::Gt ||
         op == Opcode::Ge;
}

class Translation {
 public:
  Translation(const ir::Module& module, const ir::Chunk& chunk, const ChunkPlan& plan)
      : module_(module), chunk_(chunk), plan_(plan), size_(chunk.code.size()) {}

  std::optional<RegisterCode> run() {
    mark_jump_targets();
    index_of_.assign(size_ + 1, 0);
    for (size_t pc = 0; pc < size_; ++pc) {
      index_of_[pc] = static_cast<uint32_t>(out_.code.size());
      if (plan_.depth[pc] < 0) continue;  // unreachable: no code
      pc += translate(pc);
    }
    index_of_[size_] = static_cast<uint32_t>(out_.code.size());
    emit(RegisterOp::GiveUp, 0);
    // Every jump must still go forward, so each instruction runs at most
    // once and a run always ends: checked, not assumed.
    for (size_t i = 0; i < out_.code.size(); ++i) {
      RegisterInstr& in = out_.code[i];
      if (in.op != RegisterOp::Jump && in.op != RegisterOp::JumpIfFalse && in.op != RegisterOp::JumpIfTrue &&
          in.op != RegisterOp::CompareKJumpIfFalse)
        continue;
      in.a = index_of_[in.a];
      if (in.a <= i) return std::nullopt;
    }
    return std::move(out_);
  }

 private:
  bool live(size_t pc) const { return plan_.depth[pc] >= 0 && !vm_gives_up(module_, chunk_, pc, plan_.depth[pc]); }

  void mark_jump_targets() {
    target_.assign(size_ + 1, false);
    for (size_t pc = 0; pc < size_; ++pc) {
      const Opcode op = chunk_.code[pc].op;
      if (live(pc) && (op == Opcode::Jump || op == Opcode::JumpIfFalseOrPop || op == Opcode::JumpIfTrueOrPop))
        target_[static_cast<size_t>(chunk_.code[pc].a)] = true;
    }
  }

  RegisterInstr& emit(RegisterOp op, uint32_t r, uint32_t a = 0) {
    out_.code.push_back(RegisterInstr{op, Opcode::Return, 0, 0, r, a, 0});
    return out_.code.back();
  }
  void immediate(RegisterInstr& in, uint32_t constant) {
    const ir::Value& c = module_.constants[constant];
    in.kind = static_cast<uint8_t>(c.kind);
    in.k = c.payload();  // a string or list borrows the module's
  }
  // Whether instruction `pc` (live) can take the one before it as its
  // immediate: nothing jumps to it, and it runs.
  bool foldable(size_t pc) const { return pc < size_ && !target_[pc] && live(pc); }

  // Translates instruction `pc`; returns how many instructions after it it
  // took in too.
  size_t translate(size_t pc) {
    const ir::Instr in = chunk_.code[pc];
    const auto d = static_cast<uint32_t>(plan_.depth[pc]);
    const auto a = static_cast<uint32_t>(in.a);
    if (vm_gives_up(module_, chunk_, pc, plan_.depth[pc])) {
      emit(RegisterOp::GiveUp, 0);
      return 0;
    }
    switch (in.op) {
      case Opcode::Const: return constant(pc, d, a);
      case Opcode::LoadProfile: emit(RegisterOp::LoadProperty, d, a); return 0;
      case Opcode::LoadEvent: emit(RegisterOp::LoadEvent, d, a); return 0;
      case Opcode::LoadBuiltin: emit(RegisterOp::LoadCreated, d); return 0;  // typed: only `created`
      case Opcode::LoadConsent: emit(RegisterOp::LoadConsent, d, a); return 0;
      case Opcode::Now: emit(RegisterOp::Now, d); return 0;
      case Opcode::InList: emit(RegisterOp::InList, d, a); return 0;
      case Opcode::InSegment: emit(RegisterOp::InSegment, d, a); return 0;
      case Opcode::Aggregate: emit(aggregate(a), d, a); return 0;
      case Opcode::Neg: emit(RegisterOp::Neg, d - 1); return 0;
      case Opcode::Not: emit(RegisterOp::Not, d - 1); return 0;
      case Opcode::IsSet: emit(RegisterOp::IsSet, d - 1); return 0;
      case Opcode::In: emit(RegisterOp::In, d - 2); return 0;
      case Opcode::Call: emit(RegisterOp::Call, d - in.b, a).b = in.b; return 0;
      case Opcode::Jump: emit(RegisterOp::Jump, 0, a); return 0;
      case Opcode::JumpIfFalseOrPop: emit(RegisterOp::JumpIfFalse, d - 1, a); return 0;
      case Opcode::JumpIfTrueOrPop: emit(RegisterOp::JumpIfTrue, d - 1, a); return 0;
      case Opcode::Return: emit(RegisterOp::Return, d - 1); return 0;
      default: break;
    }
    if (is_arithmetic(in.op)) emit(RegisterOp::Arithmetic, d - 2).sub = in.op;
    else if (is_comparison(in.op)) emit(RegisterOp::Compare, d - 2).sub = in.op;
    else emit(RegisterOp::GiveUp, 0);  // not in a typed chunk (vm::typed_chunk)
    return 0;
  }

  RegisterOp aggregate(uint32_t a) const {
    if (a >= module_.aggregates.size() || module_.aggregates[a].window != ir::WindowKind::All)
      return RegisterOp::Aggregate;
    switch (module_.aggregates[a].kind) {
      case ir::AggregateKind::Count: return RegisterOp::CountAll;
      case ir::AggregateKind::Sum: return RegisterOp::SumAll;
      case ir::AggregateKind::Last: break;
    }
    return RegisterOp::LastAll;
  }

  // A constant, folded into the operator after it when it can be.
  size_t constant(size_t pc, uint32_t d, uint32_t k) {
    const Opcode next = pc + 1 < size_ ? chunk_.code[pc + 1].op : Opcode::Return;
    if (!foldable(pc + 1) || !(is_arithmetic(next) || is_comparison(next) || next == Opcode::In)) {
      immediate(emit(RegisterOp::Constant, d), k);
      return 0;
    }
    if (next == Opcode::In) {
      immediate(emit(RegisterOp::InK, d - 1), k);
      return 1;
    }
    if (is_arithmetic(next)) {
      RegisterInstr& in = emit(RegisterOp::ArithmeticK, d - 1);
      in.sub = next;
      immediate(in, k);
      return 1;
    }
    // A comparison, and the conditional jump after it when there is one.
    const bool then_jump = foldable(pc + 2) && chunk_.code[pc + 2].op == Opcode::JumpIfFalseOrPop;
    RegisterInstr& in = emit(then_jump ? RegisterOp::CompareKJumpIfFalse : RegisterOp::CompareK, d - 1,
                             then_jump ? static_cast<uint32_t>(chunk_.code[pc + 2].a) : 0);
    in.sub = next;
    immediate(in, k);
    return then_jump ? 2 : 1;
  }

  const ir::Module& module_;
  const ir::Chunk& chunk_;
  const ChunkPlan& plan_;
  const size_t size_;
  std::vector<bool> target_;
  std::vector<uint32_t> index_of_;
  RegisterCode out_;
};

}  // namespace

std::optional<RegisterCode> translate_to_registers(const ir::Module& module, const ir::Chunk& chunk) {
  const ChunkPlan plan = plan_chunk(module, chunk);
  if (!typed_chunk(module, chunk, plan) || plan.slots >= RegisterCode::kMostRegisters) return std::nullopt;
  return Translation(module, chunk, plan).run();
}

}  // namespace flowc::vm
