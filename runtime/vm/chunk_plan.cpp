// The static plan of a chunk (chunk_plan.h).
#include "vm/chunk_plan.h"

#include <algorithm>

namespace flowc::vm {

namespace {

template <typename T>
bool valid_enum(int32_t a, T last) {
  return a >= 0 && a <= static_cast<int32_t>(last);
}

}  // namespace

bool vm_gives_up(const ir::Module& module, const ir::Chunk& chunk, size_t pc, int32_t d) {
  using ir::Opcode;
  const ir::Instr in = chunk.code[pc];
  const size_t size = chunk.code.size();
  auto has = [&](int64_t n) { return n >= 0 && n <= d; };
  auto forward = [&](int32_t target) {
    return target >= 0 && static_cast<size_t>(target) >= pc + 1 && static_cast<size_t>(target) <= size;
  };
  switch (in.op) {
    case Opcode::Const: return in.a < 0 || static_cast<size_t>(in.a) >= module.constants.size();
    case Opcode::LoadBuiltin: return !valid_enum(in.a, ir::BuiltinField::Created);
    case Opcode::LoadConsent: return !valid_enum(in.a, ir::ConsentChannel::Whatsapp);
    case Opcode::LoadSpecial: return !valid_enum(in.a, ir::SpecialName::OrganizationName);
    case Opcode::LoadProfile:
    case Opcode::LoadEvent:
    case Opcode::Now:
    case Opcode::InList:
    case Opcode::InSegment:
    case Opcode::Aggregate: return false;
    case Opcode::Call: return !has(in.b) || !valid_enum(in.a, ir::Builtin::Default);
    case Opcode::Jump: return !forward(in.a);
    case Opcode::JumpIfFalseOrPop:
    case Opcode::JumpIfTrueOrPop: return !has(1) || !forward(in.a);
    case Opcode::Escape: return !has(1) || !valid_enum(in.a, ir::HtmlEscape::UrlComponent);
    case Opcode::Filter: {
      if (!valid_enum(in.a, ir::TemplateFilter::Date)) return true;
      auto filter = static_cast<ir::TemplateFilter>(in.a);
      bool has_arg = filter == ir::TemplateFilter::Default || filter == ir::TemplateFilter::Date;
      return !has(has_arg ? 2 : 1);
    }
    default:
      // Everything else gives up only when the stack is too short.
      return static_cast<int>(in.op) > static_cast<int>(Opcode::Escape) || !has(ir::stack_effect(in).pops);
  }
}

ChunkPlan plan_chunk(const ir::Module& module, const ir::Chunk& chunk) {
  using ir::Opcode;
  ChunkPlan plan;
  const size_t size = chunk.code.size();
  plan.depth.assign(size, -1);
  if (size == 0) return plan;
  plan.depth[0] = 0;
  int64_t max_depth = 1;
  auto reach = [&](size_t target, int32_t d) {
    max_depth = std::max<int64_t>(max_depth, d);
    if (target >= size) return;  // falls off the end: unset
    if (plan.depth[target] == -1) plan.depth[target] = d;
    else if (plan.depth[target] != d) plan.compilable = false;
  };
  for (size_t pc = 0; pc < size; ++pc) {
    const int32_t d = plan.depth[pc];
    if (d < 0 || vm_gives_up(module, chunk, pc, d)) continue;
    const ir::Instr in = chunk.code[pc];
    const ir::StackEffect effect = ir::stack_effect(in);
    const int32_t after = static_cast<int32_t>(d - effect.pops + effect.pushes);
    switch (in.op) {
      case Opcode::Jump: reach(static_cast<size_t>(in.a), after); break;
      case Opcode::JumpIfFalseOrPop:
      case Opcode::JumpIfTrueOrPop:
        reach(static_cast<size_t>(in.a), after);  // the taken path keeps the tested value
        reach(pc + 1, after - 1);
        break;
      case Opcode::Return: break;
      default: reach(pc + 1, after); break;
    }
  }
  plan.slots = static_cast<uint32_t>(max_depth);
  return plan;
}


bool typed_chunk(const ir::Module& module, const ir::Chunk& chunk, const ChunkPlan& plan) {
  using ir::Opcode;
  if (!plan.compilable || chunk.code.empty()) return false;
  for (size_t pc = 0; pc < chunk.code.size(); ++pc) {
    if (plan.depth[pc] < 0 || vm_gives_up(module, chunk, pc, plan.depth[pc])) continue;
    const ir::Instr in = chunk.code[pc];
    switch (in.op) {
      case Opcode::LoadBuiltin:
        if (static_cast<ir::BuiltinField>(in.a) != ir::BuiltinField::Created) return false;
        break;
      case Opcode::Call: {
        auto fn = static_cast<ir::Builtin>(in.a);
        if (fn == ir::Builtin::Lower || fn == ir::Builtin::Upper) return false;
        if (in.b > kMostTypedArguments) return false;
        break;
      }
      case Opcode::LoadSpecial:
      case Opcode::MakeList:
      case Opcode::Filter:
      case Opcode::ToText:
      case Opcode::Concat:
      case Opcode::Escape: return false;
      default: break;
    }
  }
  return true;
}

}  // namespace flowc::vm
