// The VM's register code (runtime/vm/register_code.h): what the translation
// folds and what it must not, the chunks it refuses, and deoptimising back
// to the stack VM. The differential fuzzer (jit_test.cpp) runs register
// code against the stack VM over thousands of random chunks.
#include <catch2/catch.hpp>

#include <optional>
#include <vector>

#include "engine/property_slots.h"
#include "ir/module.h"
#include "vm/evaluator.h"
#include "vm/register_code.h"
#include "vm/vm.h"

using namespace flowc;
using ir::Instr;
using ir::Opcode;
using ir::Value;
using vm::RegisterOp;

namespace {

// A profile of a few properties, offered both ways: by the context's
// methods (what the stack VM asks) and as the typed layout (what register
// code reads).
struct LayoutContext : vm::EvalContext {
  std::vector<Value> profile;
  engine::PropertySlots slots;
  const void* no_aggregates = nullptr;
  uint64_t no_words = 0;
  ir::Consent consents[ir::kConsentChannels] = {};

  explicit LayoutContext(std::vector<Value> values) : profile(std::move(values)) {
    slots.reset(profile.size());
    for (size_t s = 0; s < profile.size(); ++s) slots.set(s, profile[s]);
  }
  Value profile_property(ir::Index s) override { return s < profile.size() ? profile[s] : Value(); }
  Value builtin_field(ir::BuiltinField) override { return Value::datetime(0); }
  ir::Consent consent(ir::ConsentChannel c) override { return consents[static_cast<int>(c)]; }
  Value event_property(ir::Index) override { return Value(); }
  bool in_list(ir::Index) override { return false; }
  bool in_segment(ir::Index) override { return false; }
  Value aggregate(ir::Index) override { return Value(); }
  Value special(ir::SpecialName) override { return Value(); }
  int64_t now() override { return 0; }
  bool typed_view(vm::TypedView& v) override {
    v.properties = slots.block_address();
    v.aggregates = &no_aggregates;
    v.list_words = v.segment_words = &no_words;
    v.list_count = v.segment_count = 64;
    v.consent = consents;
    v.context = this;
    return true;
  }
};

struct Program {
  ir::Module module;
  ir::Index constant(Value v) {
    module.constants.push_back(std::move(v));
    return static_cast<ir::Index>(module.constants.size() - 1);
  }
  ir::Index chunk(std::vector<Instr> code) {
    module.chunks.push_back(ir::Chunk{std::move(code), "test"});
    return static_cast<ir::Index>(module.chunks.size() - 1);
  }
};

Instr ins(Opcode op, int32_t a = 0, uint16_t b = 0) { return Instr{op, b, a}; }

std::vector<RegisterOp> ops_of(const vm::RegisterCode& code) {
  std::vector<RegisterOp> out;
  for (const vm::RegisterInstr& in : code.code) out.push_back(in.op);
  return out;
}

}  // namespace

TEST_CASE("register code: a constant folds into its operator, and a comparison into the jump after it", "[vm]") {
  Program p;
  const int32_t five = static_cast<int32_t>(p.constant(Value::integer(5)));
  const int32_t two = static_cast<int32_t>(p.constant(Value::integer(2)));
  // profile.p0 * 2 > 5 and profile.p1
  const ir::Index c = p.chunk({ins(Opcode::LoadProfile, 0), ins(Opcode::Const, two), ins(Opcode::Mul),
                               ins(Opcode::Const, five), ins(Opcode::Gt), ins(Opcode::JumpIfFalseOrPop, 7),
                               ins(Opcode::LoadProfile, 1), ins(Opcode::Return)});
  std::optional<vm::RegisterCode> code = vm::translate_to_registers(p.module, p.module.chunks[c]);
  REQUIRE(code);
  CHECK(ops_of(*code) == std::vector<RegisterOp>{RegisterOp::LoadProperty, RegisterOp::ArithmeticK,
                                                 RegisterOp::CompareKJumpIfFalse, RegisterOp::LoadProperty,
                                                 RegisterOp::Return, RegisterOp::GiveUp});
  CHECK(code->code[2].a == 4);  // the jump's target, mapped: the Return

  vm::Interpreter interpreter(p.module);
  for (const auto& [p0, p1] : std::vector<std::pair<Value, Value>>{{Value::integer(3), Value::boolean(true)},
                                                                  {Value::integer(2), Value::boolean(true)},
                                                                  {Value::number(2.6), Value::boolean(false)},
                                                                  {Value(), Value::boolean(true)}}) {
    LayoutContext context({p0, p1});
    vm::TypedView view;
    REQUIRE(context.typed_view(view));
    const Value expected = vm::evaluate(p.module, c, context);
    std::optional<Value> held = vm::evaluate_registers(*code, view, context);
    REQUIRE(held);
    CHECK(held->kind == expected.kind);
    CHECK(held->truthy() == expected.truthy());
    CHECK(interpreter.evaluate(c, context).truthy() == expected.truthy());
  }
}

TEST_CASE("register code: a constant before a jump target is not folded into the operator there", "[vm]") {
  Program p;
  const int32_t seven = static_cast<int32_t>(p.constant(Value::integer(7)));
  // 7 == (profile.p0 or 7): the jump arrives at Eq with the profile's value
  // on top, the fall-through with the constant 7.
  const ir::Index c = p.chunk({ins(Opcode::Const, seven), ins(Opcode::LoadProfile, 0), ins(Opcode::JumpIfTrueOrPop, 4),
                               ins(Opcode::Const, seven), ins(Opcode::Eq), ins(Opcode::Return)});
  std::optional<vm::RegisterCode> code = vm::translate_to_registers(p.module, p.module.chunks[c]);
  REQUIRE(code);
  CHECK(ops_of(*code) == std::vector<RegisterOp>{RegisterOp::Constant, RegisterOp::LoadProperty, RegisterOp::JumpIfTrue,
                                                 RegisterOp::Constant, RegisterOp::Compare, RegisterOp::Return,
                                                 RegisterOp::GiveUp});
  for (bool flag : {true, false}) {
    LayoutContext context({Value::boolean(flag)});
    vm::TypedView view;
    REQUIRE(context.typed_view(view));
    std::optional<Value> held = vm::evaluate_registers(*code, view, context);
    REQUIRE(held);
    CHECK(held->truthy() == !flag);  // true jumps with `true` on top: 7 == true is false
    CHECK(held->truthy() == vm::evaluate(p.module, c, context).truthy());
  }
}

TEST_CASE("register code: chunks it refuses, and a run that deoptimises to the stack VM", "[vm]") {
  Program p;
  const int32_t a = static_cast<int32_t>(p.constant(Value::string("a")));
  const int32_t b = static_cast<int32_t>(p.constant(Value::string("b")));
  // A template makes text: not a typed chunk.
  const ir::Index text = p.chunk({ins(Opcode::Const, a), ins(Opcode::ToText), ins(Opcode::Return)});
  CHECK_FALSE(vm::translate_to_registers(p.module, p.module.chunks[text]));
  // Deeper than the registers there are.
  std::vector<Instr> deep(vm::RegisterCode::kMostRegisters + 1, ins(Opcode::Const, a));
  deep.push_back(ins(Opcode::Return));
  const ir::Index too_deep = p.chunk(deep);
  CHECK_FALSE(vm::translate_to_registers(p.module, p.module.chunks[too_deep]));
  // "a" + "b" is typed, but its result would own a new string.
  const ir::Index joined = p.chunk({ins(Opcode::Const, a), ins(Opcode::Const, b), ins(Opcode::Add), ins(Opcode::Return)});
  std::optional<vm::RegisterCode> code = vm::translate_to_registers(p.module, p.module.chunks[joined]);
  REQUIRE(code);
  LayoutContext context({});
  vm::TypedView view;
  REQUIRE(context.typed_view(view));
  CHECK_FALSE(vm::evaluate_registers(*code, view, context));
  vm::Interpreter interpreter(p.module);
  CHECK(interpreter.evaluate(joined, context).str() == "ab");
  CHECK(interpreter.evaluate(too_deep, context).str() == "a");
  // A string the chunk returns is shared with the profile, and outlives the view.
  const ir::Index name = p.chunk({ins(Opcode::LoadProfile, 0), ins(Opcode::Return)});
  vm::Interpreter again(p.module);
  Value kept;
  {
    LayoutContext owner({Value::string("Ada Lovelace, a name longer than any small-string buffer")});
    kept = again.evaluate(name, owner);
  }
  CHECK(kept.str() == "Ada Lovelace, a name longer than any small-string buffer");
}
