// The expression VM over hand-built chunks: every opcode, unset propagation,
// short-circuit and/or, built-ins, template filters, display and JSON text,
// and the defensive paths (malformed chunks give unset, never a crash).
#include "vm/vm.h"

#include <catch2/catch.hpp>
#include <climits>
#include <cmath>
#include <limits>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cctype>
#include <string_view>

#include "ir/module.h"
#include "ir/value.h"
#include "vm/ops.h"

using namespace flowc;
using ir::Builtin;
using ir::Consent;
using ir::Instr;
using ir::Opcode;
using ir::TemplateFilter;
using ir::Value;
using ir::ValueKind;

namespace {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
int64_t at(int64_t y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  return days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
}

// A profile store in miniature that counts every question the VM asks.
struct FakeContext : vm::EvalContext {
  std::vector<Value> profile, event, aggregates;
  std::map<ir::BuiltinField, Value> fields;
  Consent consents[ir::kConsentChannels] = {};
  std::set<ir::Index> lists, segments;
  std::map<ir::SpecialName, Value> specials;
  int64_t now_seconds = at(2026, 11, 1, 10, 0, 0);
  int calls = 0;
  std::function<bool(ir::Index)> segment_hook;  // for nested evaluation

  static Value slot(const std::vector<Value>& v, ir::Index i) { return i < v.size() ? v[i] : Value(); }
  Value profile_property(ir::Index s) override {
    ++calls;
    return slot(profile, s);
  }
  Value builtin_field(ir::BuiltinField f) override {
    ++calls;
    return fields[f];
  }
  Consent consent(ir::ConsentChannel c) override {
    ++calls;
    return consents[static_cast<int>(c)];
  }
  Value event_property(ir::Index s) override {
    ++calls;
    return slot(event, s);
  }
  bool in_list(ir::Index l) override {
    ++calls;
    return lists.count(l) > 0;
  }
  bool in_segment(ir::Index s) override {
    ++calls;
    return segment_hook ? segment_hook(s) : segments.count(s) > 0;
  }
  Value aggregate(ir::Index a) override {
    ++calls;
    return slot(aggregates, a);
  }
  Value special(ir::SpecialName n) override {
    ++calls;
    return specials[n];
  }
  int64_t now() override {
    ++calls;
    return now_seconds;
  }
};

Instr ins(Opcode op, int32_t a = 0, uint16_t b = 0) {
  Instr i{op};
  i.a = a;
  i.b = b;
  return i;
}

// Builds one chunk: constants are appended to the module as they are used.
struct Chunk {
  ir::Module module;
  std::vector<Instr> code;

  Chunk& c(Value v) {
    module.constants.push_back(std::move(v));
    code.push_back(ins(Opcode::Const, static_cast<int32_t>(module.constants.size() - 1)));
    return *this;
  }
  Chunk& op(Opcode o, int32_t a = 0, uint16_t b = 0) {
    code.push_back(ins(o, a, b));
    return *this;
  }
  int32_t here() const { return static_cast<int32_t>(code.size()); }
  Value run(vm::EvalContext& ctx) {
    module.chunks.clear();
    module.chunks.push_back(ir::Chunk{code, "test"});
    return vm::evaluate(module, 0, ctx);
  }
  Value run() {
    FakeContext ctx;
    return run(ctx);
  }
};

Value binary(Opcode op, Value l, Value r) { return Chunk().c(l).c(r).op(op).op(Opcode::Return).run(); }
Value unary(Opcode op, Value x) { return Chunk().c(x).op(op).op(Opcode::Return).run(); }
Value call(Builtin fn, std::vector<Value> args, FakeContext* ctx = nullptr) {
  Chunk ch;
  for (Value& a : args) ch.c(a);
  ch.op(Opcode::Call, static_cast<int32_t>(fn), static_cast<uint16_t>(args.size())).op(Opcode::Return);
  FakeContext local;
  return ch.run(ctx ? *ctx : local);
}
Value filter(TemplateFilter f, Value v, std::optional<Value> arg = std::nullopt) {
  Chunk ch;
  ch.c(v);
  if (arg) ch.c(*arg);
  return ch.op(Opcode::Filter, static_cast<int32_t>(f)).op(Opcode::Return).run();
}

Value escape(ir::HtmlEscape how, Value v) {
  return Chunk().c(std::move(v)).op(Opcode::Escape, static_cast<int32_t>(how)).op(Opcode::Return).run();
}

Value S(const char* s) { return Value::string(s); }
Value I(int64_t x) { return Value::integer(x); }
Value N(double x) { return Value::number(x); }
Value B(bool b) { return Value::boolean(b); }
Value D(int64_t y, unsigned m, unsigned d) { return Value::date(days_from_civil(y, m, d)); }
Value T(int64_t y, unsigned m, unsigned d, int hh, int mm, int ss = 0) {
  return Value::datetime(at(y, m, d, hh, mm, ss));
}
Value Dur(int64_t s) { return Value::duration(s); }
const Value U{};  // unset

bool is(const Value& v, ValueKind k, const std::string& json) { return v.kind == k && ir::to_json(v) == json; }
bool is_int(const Value& v, int64_t x) { return v.kind == ValueKind::Int && v.i == x; }
bool is_num(const Value& v, double x) { return v.kind == ValueKind::Number && v.n == Approx(x); }
bool is_bool(const Value& v, bool b) { return v.kind == ValueKind::Bool && v.truthy() == b; }
bool is_str(const Value& v, const std::string& s) { return v.kind == ValueKind::String && v.str() == s; }

}  // namespace

// ---------------------------------------------------------------------------
// Loads

TEST_CASE("Const pushes a constant; Return pops the result", "[vm]") {
  CHECK(is_int(Chunk().c(I(42)).op(Opcode::Return).run(), 42));
  CHECK(is_str(Chunk().c(S("x")).op(Opcode::Return).run(), "x"));
}

TEST_CASE("loads ask the context", "[vm]") {
  FakeContext ctx;
  ctx.profile = {S("Ann"), U};
  ctx.event = {N(19.99)};
  ctx.fields[ir::BuiltinField::Email] = S("ann@example.com");
  ctx.consents[static_cast<int>(ir::ConsentChannel::Sms)] = Consent::Subscribed;
  ctx.lists = {3};
  ctx.segments = {1};
  ctx.aggregates = {I(7)};
  ctx.specials[ir::SpecialName::UnsubscribeLink] = S("https://u.example/x");
  auto run1 = [&](Opcode op, int32_t a) { return Chunk().op(op, a).op(Opcode::Return).run(ctx); };
  CHECK(is_str(run1(Opcode::LoadProfile, 0), "Ann"));
  CHECK_FALSE(run1(Opcode::LoadProfile, 1).is_set());
  CHECK_FALSE(run1(Opcode::LoadProfile, 9).is_set());
  CHECK(is_num(run1(Opcode::LoadEvent, 0), 19.99));
  CHECK(is_str(run1(Opcode::LoadBuiltin, static_cast<int32_t>(ir::BuiltinField::Email)), "ann@example.com"));
  Value consent = run1(Opcode::LoadConsent, static_cast<int32_t>(ir::ConsentChannel::Sms));
  CHECK(consent.kind == ValueKind::Consent);
  CHECK(consent.i == static_cast<int64_t>(Consent::Subscribed));
  CHECK(is_bool(run1(Opcode::InList, 3), true));
  CHECK(is_bool(run1(Opcode::InList, 2), false));
  CHECK(is_bool(run1(Opcode::InSegment, 1), true));
  CHECK(is_int(run1(Opcode::Aggregate, 0), 7));
  CHECK(
      is_str(run1(Opcode::LoadSpecial, static_cast<int32_t>(ir::SpecialName::UnsubscribeLink)), "https://u.example/x"));
  Value now = Chunk().op(Opcode::Now).op(Opcode::Return).run(ctx);
  CHECK(now.kind == ValueKind::DateTime);
  CHECK(now.i == ctx.now_seconds);
}

TEST_CASE("loads with an out-of-range enum operand give unset", "[vm]") {
  FakeContext ctx;
  for (Opcode op : {Opcode::LoadBuiltin, Opcode::LoadConsent, Opcode::LoadSpecial}) {
    CHECK_FALSE(Chunk().op(op, 99).op(Opcode::Return).run(ctx).is_set());
    CHECK_FALSE(Chunk().op(op, -1).op(Opcode::Return).run(ctx).is_set());
  }
}

TEST_CASE("MakeList pops n values in order", "[vm]") {
  Value list = Chunk().c(S("a")).c(I(2)).c(U).op(Opcode::MakeList, 3).op(Opcode::Return).run();
  REQUIRE(list.kind == ValueKind::List);
  REQUIRE(list.items().size() == 3);
  CHECK(is_str(list.items()[0], "a"));
  CHECK(is_int(list.items()[1], 2));
  CHECK_FALSE(list.items()[2].is_set());
  Value empty = Chunk().op(Opcode::MakeList, 0).op(Opcode::Return).run();
  CHECK(ir::to_json(empty) == "[]");
}

// ---------------------------------------------------------------------------
// Arithmetic

TEST_CASE("Add: numbers, strings, times and durations", "[vm]") {
  CHECK(is_int(binary(Opcode::Add, I(2), I(3)), 5));
  CHECK(is_num(binary(Opcode::Add, I(2), N(0.5)), 2.5));
  CHECK(is_num(binary(Opcode::Add, N(0.5), I(2)), 2.5));
  CHECK(is_str(binary(Opcode::Add, S("ab"), S("cd")), "abcd"));
  CHECK(is(binary(Opcode::Add, T(2026, 11, 1, 10, 0), Dur(90 * 60)), ValueKind::DateTime, "\"2026-11-01T11:30:00Z\""));
  CHECK(is(binary(Opcode::Add, Dur(86400), T(2026, 11, 1, 10, 0)), ValueKind::DateTime, "\"2026-11-02T10:00:00Z\""));
  CHECK(is(binary(Opcode::Add, Dur(60), Dur(30)), ValueKind::Duration, "90"));
  // A date moves by the duration's whole days: floor(seconds / 86400).
  CHECK(is(binary(Opcode::Add, D(2026, 2, 28), Dur(86400)), ValueKind::Date, "\"2026-03-01\""));
  CHECK(is(binary(Opcode::Add, D(2026, 2, 28), Dur(36 * 3600)), ValueKind::Date, "\"2026-03-01\""));
  CHECK(is(binary(Opcode::Add, D(2026, 1, 1), Dur(-36 * 3600)), ValueKind::Date, "\"2025-12-30\""));
  CHECK(is(binary(Opcode::Add, D(2026, 1, 1), Dur(3600)), ValueKind::Date, "\"2026-01-01\""));
}

TEST_CASE("Add and Sub: int overflow gives unset, never wraps", "[vm]") {
  CHECK_FALSE(binary(Opcode::Add, I(INT64_MAX), I(1)).is_set());
  CHECK_FALSE(binary(Opcode::Sub, I(INT64_MIN), I(1)).is_set());
  CHECK_FALSE(binary(Opcode::Mul, I(INT64_MAX / 2 + 1), I(2)).is_set());
  CHECK_FALSE(binary(Opcode::Add, Dur(INT64_MAX), Dur(1)).is_set());
  CHECK_FALSE(binary(Opcode::Add, Value::datetime(INT64_MAX), Dur(1)).is_set());
  CHECK_FALSE(binary(Opcode::Mul, Dur(INT64_MAX), I(2)).is_set());
  CHECK_FALSE(binary(Opcode::Sub, Value::date(INT64_MIN / 2), Value::date(INT64_MAX / 2)).is_set());
  CHECK(is_int(binary(Opcode::Add, I(INT64_MAX - 1), I(1)), INT64_MAX));
  // A number result that is not finite is unset too.
  CHECK_FALSE(binary(Opcode::Mul, N(1e308), I(10)).is_set());
}

TEST_CASE("Sub: numbers, time minus duration, time minus time", "[vm]") {
  CHECK(is_int(binary(Opcode::Sub, I(2), I(5)), -3));
  CHECK(is_num(binary(Opcode::Sub, N(2.5), I(1)), 1.5));
  CHECK(is(binary(Opcode::Sub, T(2026, 11, 1, 10, 0), Dur(3600)), ValueKind::DateTime, "\"2026-11-01T09:00:00Z\""));
  CHECK(is(binary(Opcode::Sub, D(2026, 3, 1), Dur(86400)), ValueKind::Date, "\"2026-02-28\""));
  CHECK(is(binary(Opcode::Sub, D(2026, 3, 1), Dur(36 * 3600)), ValueKind::Date, "\"2026-02-28\""));
  CHECK(is(binary(Opcode::Sub, T(2026, 11, 2, 12, 0), T(2026, 11, 1, 10, 0)), ValueKind::Duration, "93600"));
  CHECK(is(binary(Opcode::Sub, D(2026, 11, 2), D(2026, 11, 1)), ValueKind::Duration, "86400"));
  CHECK(is(binary(Opcode::Sub, Dur(60), Dur(90)), ValueKind::Duration, "-30"));
}

TEST_CASE("Mul: numbers and duration times int", "[vm]") {
  CHECK(is_int(binary(Opcode::Mul, I(6), I(7)), 42));
  CHECK(is_num(binary(Opcode::Mul, I(3), N(1.5)), 4.5));
  CHECK(is(binary(Opcode::Mul, Dur(3600), I(3)), ValueKind::Duration, "10800"));
  CHECK(is(binary(Opcode::Mul, I(2), Dur(60)), ValueKind::Duration, "120"));
}

TEST_CASE("Div is always a number; by zero gives unset", "[vm]") {
  CHECK(is_num(binary(Opcode::Div, I(7), I(2)), 3.5));
  Value whole = binary(Opcode::Div, I(6), I(3));
  CHECK(is_num(whole, 2.0));
  CHECK(is_num(binary(Opcode::Div, N(1), N(4)), 0.25));
  CHECK_FALSE(binary(Opcode::Div, I(1), I(0)).is_set());
  CHECK_FALSE(binary(Opcode::Div, N(1), N(0.0)).is_set());
  CHECK_FALSE(binary(Opcode::Div, N(0), N(-0.0)).is_set());
  CHECK(is_num(binary(Opcode::Div, I(INT64_MIN), I(-1)), 9.223372036854775808e18));
}

TEST_CASE("Mod: int when both int, else number; by zero gives unset", "[vm]") {
  CHECK(is_int(binary(Opcode::Mod, I(7), I(3)), 1));
  CHECK(is_int(binary(Opcode::Mod, I(-7), I(3)), -1));  // truncating, as C
  CHECK(is_num(binary(Opcode::Mod, N(7.5), I(2)), 1.5));
  CHECK_FALSE(binary(Opcode::Mod, I(7), I(0)).is_set());
  CHECK_FALSE(binary(Opcode::Mod, N(7), N(0)).is_set());
  CHECK(is_int(binary(Opcode::Mod, I(INT64_MIN), I(-1)), 0));
}

TEST_CASE("Neg: int, number, duration", "[vm]") {
  CHECK(is_int(unary(Opcode::Neg, I(5)), -5));
  CHECK(is_num(unary(Opcode::Neg, N(2.5)), -2.5));
  CHECK(is(unary(Opcode::Neg, Dur(60)), ValueKind::Duration, "-60"));
  CHECK_FALSE(unary(Opcode::Neg, I(INT64_MIN)).is_set());
  CHECK_FALSE(unary(Opcode::Neg, S("x")).is_set());
  CHECK_FALSE(unary(Opcode::Neg, U).is_set());
}

TEST_CASE("arithmetic on an unset operand gives unset", "[vm]") {
  for (Opcode op : {Opcode::Add, Opcode::Sub, Opcode::Mul, Opcode::Div, Opcode::Mod}) {
    CAPTURE(static_cast<int>(op));
    CHECK_FALSE(binary(op, U, I(1)).is_set());
    CHECK_FALSE(binary(op, I(1), U).is_set());
    CHECK_FALSE(binary(op, U, U).is_set());
  }
  CHECK_FALSE(binary(Opcode::Add, S("a"), U).is_set());
  CHECK_FALSE(binary(Opcode::Add, U, Dur(1)).is_set());
  CHECK_FALSE(binary(Opcode::Sub, T(2026, 1, 1, 0, 0), U).is_set());
  // Mismatched kinds (never produced after checking) are unset as well.
  CHECK_FALSE(binary(Opcode::Add, S("a"), I(1)).is_set());
  CHECK_FALSE(binary(Opcode::Sub, D(2026, 1, 1), T(2026, 1, 1, 0, 0)).is_set());
}

// ---------------------------------------------------------------------------
// Comparisons, not, is set, in

TEST_CASE("comparisons of numbers, strings, times and durations", "[vm]") {
  CHECK(is_bool(binary(Opcode::Eq, I(3), N(3.0)), true));
  CHECK(is_bool(binary(Opcode::Ne, I(3), N(3.5)), true));
  CHECK(is_bool(binary(Opcode::Lt, I(3), N(3.5)), true));
  CHECK(is_bool(binary(Opcode::Le, I(3), I(3)), true));
  CHECK(is_bool(binary(Opcode::Gt, N(3.5), I(3)), true));
  CHECK(is_bool(binary(Opcode::Ge, I(2), I(3)), false));
  // Ints above 2^53 compare exactly.
  CHECK(is_bool(binary(Opcode::Lt, I((int64_t{1} << 53) + 1), I((int64_t{1} << 53) + 2)), true));
  CHECK(is_bool(binary(Opcode::Eq, I((int64_t{1} << 53) + 1), I(int64_t{1} << 53)), false));
  // Strings compare bytewise (unsigned), so "Z" < "a" and "é" > "z".
  CHECK(is_bool(binary(Opcode::Lt, S("Z"), S("a")), true));
  CHECK(is_bool(binary(Opcode::Gt, S("\xc3\xa9"), S("z")), true));
  CHECK(is_bool(binary(Opcode::Eq, S("ab"), S("ab")), true));
  CHECK(is_bool(binary(Opcode::Lt, S("ab"), S("abc")), true));
  CHECK(is_bool(binary(Opcode::Lt, D(2026, 1, 1), D(2026, 1, 2)), true));
  CHECK(is_bool(binary(Opcode::Ge, T(2026, 1, 1, 10, 0), T(2026, 1, 1, 9, 59)), true));
  CHECK(is_bool(binary(Opcode::Gt, Dur(3600), Dur(60)), true));
  CHECK(is_bool(binary(Opcode::Eq, B(true), B(true)), true));
  CHECK(is_bool(binary(Opcode::Ne, B(true), B(false)), true));
}

TEST_CASE("comparisons of consents, lists and mismatched kinds", "[vm]") {
  Value sub = Value::consent(Consent::Subscribed);
  CHECK(is_bool(binary(Opcode::Eq, sub, Value::consent(Consent::Subscribed)), true));
  CHECK(is_bool(binary(Opcode::Ne, sub, Value::consent(Consent::Unsubscribed)), true));
  CHECK(is_bool(binary(Opcode::Eq, sub, S("subscribed")), true));
  CHECK(is_bool(binary(Opcode::Eq, S("unsubscribed"), sub), false));
  Value ab = Value::list_of({S("a"), S("b")});
  CHECK(is_bool(binary(Opcode::Eq, ab, Value::list_of({S("a"), S("b")})), true));
  CHECK(is_bool(binary(Opcode::Eq, ab, Value::list_of({S("a")})), false));
  CHECK(is_bool(binary(Opcode::Eq, Value::list_of({I(1)}), Value::list_of({N(1.0)})), true));
  CHECK(is_bool(binary(Opcode::Lt, ab, ab), false));
  CHECK(is_bool(binary(Opcode::Eq, S("1"), I(1)), false));
  CHECK(is_bool(binary(Opcode::Ne, S("1"), I(1)), true));
  CHECK(is_bool(binary(Opcode::Lt, S("1"), I(2)), false));
}

TEST_CASE("a comparison with an unset operand is false, != too", "[vm]") {
  for (Opcode op : {Opcode::Eq, Opcode::Ne, Opcode::Lt, Opcode::Le, Opcode::Gt, Opcode::Ge}) {
    CAPTURE(static_cast<int>(op));
    CHECK(is_bool(binary(op, U, I(1)), false));
    CHECK(is_bool(binary(op, S("a"), U), false));
    CHECK(is_bool(binary(op, U, U), false));
  }
}

TEST_CASE("Not treats unset as false; IsSet tests presence", "[vm]") {
  CHECK(is_bool(unary(Opcode::Not, B(true)), false));
  CHECK(is_bool(unary(Opcode::Not, B(false)), true));
  CHECK(is_bool(unary(Opcode::Not, U), true));
  CHECK(is_bool(unary(Opcode::IsSet, U), false));
  CHECK(is_bool(unary(Opcode::IsSet, S("")), true));
  CHECK(is_bool(unary(Opcode::IsSet, B(false)), true));
}

TEST_CASE("In: membership in a list value", "[vm]") {
  Value items = Value::list_of({S("cupcake"), S("muffin")});
  CHECK(is_bool(binary(Opcode::In, S("muffin"), items), true));
  CHECK(is_bool(binary(Opcode::In, S("bagel"), items), false));
  CHECK(is_bool(binary(Opcode::In, N(2.0), Value::list_of({I(1), I(2)})), true));
  CHECK(is_bool(binary(Opcode::In, U, items), false));
  CHECK(is_bool(binary(Opcode::In, S("muffin"), U), false));
  CHECK(is_bool(binary(Opcode::In, U, Value::list_of({U})), false));
  // A string against items of every kind: equal texts in other copies,
  // prefixes and longer texts, the same copy, a consent by its name.
  Value muffin = S("muffin");
  CHECK(is_bool(binary(Opcode::In, muffin, Value::list_of({S("muff"), S("muffins"), I(6), U, muffin})), true));
  CHECK(is_bool(binary(Opcode::In, S("muffin"), Value::list_of({S("muff"), S("muffins"), S("MUFFIN"), I(6)})), false));
  CHECK(is_bool(binary(Opcode::In, S(""), Value::list_of({U, S("")})), true));
  CHECK(is_bool(binary(Opcode::In, S("subscribed"),
                       Value::list_of({Value::consent(ir::Consent::Subscribed)})),
                true));
  CHECK(is_bool(binary(Opcode::In, S("unsubscribed"),
                       Value::list_of({Value::consent(ir::Consent::Subscribed)})),
                false));
}

// ---------------------------------------------------------------------------
// and / or

namespace {

// `profile[0] and profile[1]` / `profile[0] or profile[1]`, as lowered.
Chunk logical(Opcode jump) {
  Chunk ch;
  ch.op(Opcode::LoadProfile, 0).op(jump, 3).op(Opcode::LoadProfile, 1).op(Opcode::Return);
  return ch;
}

}  // namespace

TEST_CASE("and short-circuits; unset counts as false", "[vm]") {
  struct Case {
    Value l, r;
    bool result;
    int calls;
  };
  for (const Case& c : {Case{B(true), B(true), true, 2}, Case{B(true), B(false), false, 2},
                        Case{B(false), B(true), false, 1}, Case{U, B(true), false, 1}, Case{B(true), U, false, 2}}) {
    FakeContext ctx;
    ctx.profile = {c.l, c.r};
    Chunk ch = logical(Opcode::JumpIfFalseOrPop);
    Value v = ch.run(ctx);
    CHECK(ctx.calls == c.calls);
    // The left side's false stays as a bool false, even when it was unset;
    // an unset right side is left as is (a condition on it does not hold).
    if (c.r.is_set() || !c.l.truthy()) CHECK(is_bool(v, c.result));
    CHECK(v.truthy() == c.result);
  }
}

TEST_CASE("or short-circuits; unset counts as false", "[vm]") {
  struct Case {
    Value l, r;
    bool result;
    int calls;
  };
  for (const Case& c : {Case{B(true), B(false), true, 1}, Case{B(true), U, true, 1}, Case{B(false), B(true), true, 2},
                        Case{U, B(false), false, 2}, Case{U, B(true), true, 2}}) {
    FakeContext ctx;
    ctx.profile = {c.l, c.r};
    Value v = logical(Opcode::JumpIfTrueOrPop).run(ctx);
    CHECK(ctx.calls == c.calls);
    CHECK(is_bool(v, c.result));
  }
}

TEST_CASE("a short-circuited right side asks the context nothing", "[vm]") {
  // `false and (now() > x and profile in segment S)`: the whole right side is skipped.
  FakeContext ctx;
  Chunk ch;
  ch.c(B(false)).op(Opcode::JumpIfFalseOrPop, 7);
  ch.op(Opcode::Now).op(Opcode::Aggregate, 0).op(Opcode::Gt).op(Opcode::JumpIfFalseOrPop, 7).op(Opcode::InSegment, 0);
  ch.op(Opcode::Return);
  CHECK(is_bool(ch.run(ctx), false));
  CHECK(ctx.calls == 0);
}

TEST_CASE("a Jump skips code", "[vm]") {
  Value v = Chunk().op(Opcode::Jump, 2).c(I(1)).c(I(2)).op(Opcode::Return).run();
  CHECK(is_int(v, 2));
}

// ---------------------------------------------------------------------------
// Built-in functions

TEST_CASE("lower and upper map ASCII and common scripts", "[vm]") {
  CHECK(is_str(call(Builtin::Lower, {S("HeLLo 42!")}), "hello 42!"));
  CHECK(is_str(call(Builtin::Upper, {S("hello")}), "HELLO"));
  CHECK(is_str(call(Builtin::Upper, {S("\xc3\xa9lodie")}), "\xc3\x89LODIE"));                        // élodie
  CHECK(is_str(call(Builtin::Lower, {S("\xc5\x81UKASZ")}), "\xc5\x82ukasz"));                        // ŁUKASZ
  CHECK(is_str(call(Builtin::Upper, {S("\xd0\xbe\xd0\xbb\xd1\x8f")}), "\xd0\x9e\xd0\x9b\xd0\xaf"));  // оля
  CHECK(is_str(call(Builtin::Upper, {S("stra\xc3\x9f"
                                       "e")}),
               "STRA\xc3\x9f"
               "E"));  // ß kept
  CHECK(is_str(call(Builtin::Upper, {S("a\xff"
                                       "b\xc3")}),
               "A\xff"
               "B\xc3"));                                            // invalid bytes kept
  CHECK(is_str(call(Builtin::Lower, {S("\xc0\x81")}), "\xc0\x81"));  // overlong kept
  CHECK_FALSE(call(Builtin::Lower, {U}).is_set());
  CHECK_FALSE(call(Builtin::Upper, {U}).is_set());
}

TEST_CASE("len counts code points or items", "[vm]") {
  CHECK(is_int(call(Builtin::Len, {S("")}), 0));
  CHECK(is_int(call(Builtin::Len, {S("caf\xc3\xa9")}), 4));
  CHECK(is_int(call(Builtin::Len, {S("\xf0\x9f\x98\x80")}), 1));
  CHECK(is_int(call(Builtin::Len, {Value::list_of({I(1), I(2), I(3)})}), 3));
  CHECK_FALSE(call(Builtin::Len, {U}).is_set());
}

TEST_CASE("contains, starts_with, ends_with", "[vm]") {
  CHECK(is_bool(call(Builtin::Contains, {S("hello@acme.example"), S("@acme")}), true));
  CHECK(is_bool(call(Builtin::Contains, {S("hello"), S("x")}), false));
  CHECK(is_bool(call(Builtin::Contains, {S("hello"), S("")}), true));
  CHECK(is_bool(call(Builtin::Contains, {Value::list_of({S("a"), S("b")}), S("b")}), true));
  CHECK(is_bool(call(Builtin::Contains, {Value::list_of({I(1)}), N(1.0)}), true));
  CHECK(is_bool(call(Builtin::StartsWith, {S("+1555"), S("+1")}), true));
  CHECK(is_bool(call(Builtin::StartsWith, {S("+1"), S("+1555")}), false));
  CHECK(is_bool(call(Builtin::EndsWith, {S("a@gmail.com"), S("@gmail.com")}), true));
  CHECK(is_bool(call(Builtin::EndsWith, {S("a@gmail.com"), S("@yahoo.com")}), false));
  CHECK(is_bool(call(Builtin::EndsWith, {S("m"), S("com")}), false));
  for (Builtin fn : {Builtin::Contains, Builtin::StartsWith, Builtin::EndsWith}) {
    CHECK_FALSE(call(fn, {U, S("a")}).is_set());
    CHECK_FALSE(call(fn, {S("a"), U}).is_set());
  }
}

TEST_CASE("days_since and hours_since floor whole units up to now", "[vm]") {
  FakeContext ctx;  // now: 2026-11-01 10:00 UTC
  CHECK(is_int(call(Builtin::DaysSince, {T(2026, 10, 30, 10, 0)}, &ctx), 2));
  CHECK(is_int(call(Builtin::DaysSince, {T(2026, 10, 30, 10, 1)}, &ctx), 1));
  CHECK(is_int(call(Builtin::DaysSince, {D(2026, 10, 30)}, &ctx), 2));  // from midnight UTC
  CHECK(is_int(call(Builtin::DaysSince, {D(2026, 11, 1)}, &ctx), 0));
  CHECK(is_int(call(Builtin::DaysSince, {T(2026, 11, 1, 10, 1)}, &ctx), -1));  // the future: floored
  CHECK(is_int(call(Builtin::HoursSince, {T(2026, 11, 1, 7, 30)}, &ctx), 2));
  CHECK(is_int(call(Builtin::HoursSince, {D(2026, 11, 1)}, &ctx), 10));
  int before = ctx.calls;
  CHECK_FALSE(call(Builtin::DaysSince, {U}, &ctx).is_set());
  CHECK_FALSE(call(Builtin::HoursSince, {U}, &ctx).is_set());
  CHECK_FALSE(call(Builtin::DaysSince, {Value::date(INT64_MAX)}, &ctx).is_set());
  CHECK(ctx.calls == before);  // no time asked for an unset argument
}

TEST_CASE("default gives the fallback for unset only", "[vm]") {
  CHECK(is_str(call(Builtin::Default, {U, S("friend")}), "friend"));
  CHECK(is_str(call(Builtin::Default, {S(""), S("friend")}), ""));
  CHECK(is_bool(call(Builtin::Default, {B(false), B(true)}), false));
  CHECK_FALSE(call(Builtin::Default, {U, U}).is_set());
}

TEST_CASE("a call with the wrong arity or an unknown built-in gives unset", "[vm]") {
  CHECK_FALSE(call(Builtin::Lower, {S("A"), S("B")}).is_set());
  CHECK_FALSE(call(Builtin::Contains, {S("A")}).is_set());
  CHECK_FALSE(Chunk().c(S("a")).op(Opcode::Call, 77, 1).op(Opcode::Return).run().is_set());
  CHECK_FALSE(Chunk().c(S("a")).op(Opcode::Call, 0, 5).op(Opcode::Return).run().is_set());  // more args than the stack
}

// ---------------------------------------------------------------------------
// Templates

TEST_CASE("Escape: text and attribute values lose every character that ends them", "[vm]") {
  using ir::HtmlEscape;
  CHECK(is_str(escape(HtmlEscape::Text, S("<script>alert(1)</script>")), "&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK(is_str(escape(HtmlEscape::Text, S("\" onmouseover=\"x")), "&#34; onmouseover=&#34;x"));
  CHECK(is_str(escape(HtmlEscape::Text, S("O'Brien & `Sons`")), "O&#39;Brien &amp; &#96;Sons&#96;"));
  CHECK(is_str(escape(HtmlEscape::Text, Value::string(std::string("a\0b", 3))), "a\xEF\xBF\xBD" "b"));
  CHECK(is_str(escape(HtmlEscape::Text, S("Jean-Luc")), "Jean-Luc"));
  CHECK(is_str(escape(HtmlEscape::Comment, S("--><b>")), "&#45;&#45;&gt;&lt;b&gt;"));
  CHECK(is_str(escape(HtmlEscape::Text, I(42)), "42"));  // a hand-made chunk without ToText: displayed
}

TEST_CASE("Escape: URLs from data keep safe schemes only and are percent-encoded", "[vm]") {
  using ir::HtmlEscape;
  const char* unsafe = "#flowc-unsafe-url";
  CHECK(is_str(escape(HtmlEscape::UrlStart, S("javascript:alert(1)")), unsafe));
  CHECK(is_str(escape(HtmlEscape::UrlStart, S("JavaScript:alert(1)")), unsafe));
  CHECK(is_str(escape(HtmlEscape::UrlStart, S(" javascript:alert(1)")), unsafe));
  CHECK(is_str(escape(HtmlEscape::UrlStart, S("java\tscript:alert(1)")), unsafe));
  CHECK(is_str(escape(HtmlEscape::UrlStart, S("data:text/html,<b>")), unsafe));
  CHECK(is_str(escape(HtmlEscape::UrlStart, S("https://a.example/x?a=1&b=\"2\"")),
               "https://a.example/x?a=1&amp;b=%222%22"));
  CHECK(is_str(escape(HtmlEscape::UrlStart, S("HTTP://a.example/é")), "HTTP://a.example/%C3%A9"));
  CHECK(is_str(escape(HtmlEscape::UrlStart, S("mailto:ann@a.example")), "mailto:ann@a.example"));
  CHECK(is_str(escape(HtmlEscape::UrlStart, S("tel:+15550100")), "tel:+15550100"));
  CHECK(is_str(escape(HtmlEscape::UrlStart, S("/shop/it's here")), "/shop/it&#39;s%20here"));
  CHECK(is_str(escape(HtmlEscape::UrlStart, S("shop?next=javascript:x")), "shop?next=javascript:x"));
  CHECK(is_str(escape(HtmlEscape::UrlPath, S("javascript:x <b>")), "javascript:x%20%3Cb%3E"));
  CHECK(is_str(escape(HtmlEscape::UrlComponent, S("a b&c=d/é:")), "a%20b%26c%3Dd%2F%C3%A9%3A"));
  CHECK(is_str(escape(HtmlEscape::UrlComponent, S("A-z_0.9~")), "A-z_0.9~"));
}

namespace {

// The escaping rules a byte at a time (html_escape.cpp copies plain runs
// whole): the reference the fast versions must equal.
std::string html_reference(std::string_view text, bool dashes_too) {
  std::string out;
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&#34;";
    else if (c == '\'') out += "&#39;";
    else if (c == '`') out += "&#96;";
    else if (c == '\0') out += "\xEF\xBF\xBD";
    else if (c == '-' && dashes_too) out += "&#45;";
    else out += c;
  }
  return out;
}

std::string percent_reference(std::string_view text, bool keep_reserved) {
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = std::isalnum(c) && c < 0x80 ? true : c == '-' || c == '.' || c == '_' || c == '~';
    const bool reserved = std::string_view("!#$&'()*+,/:;=?@[]%").find(ch) != std::string_view::npos;
    if (unreserved || (keep_reserved && reserved)) out += ch;
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::string escape_reference(ir::HtmlEscape how, std::string_view text) {
  using ir::HtmlEscape;
  switch (how) {
    case HtmlEscape::Text: return html_reference(text, false);
    case HtmlEscape::Comment: return html_reference(text, true);
    case HtmlEscape::UrlStart: {
      const size_t end = text.find_first_of(":/?#");
      std::string scheme;
      if (end != std::string_view::npos && text[end] == ':')
        for (char c : text.substr(0, end)) scheme += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      const bool allowed = end == std::string_view::npos || text[end] != ':' || scheme == "http" ||
                           scheme == "https" || scheme == "mailto" || scheme == "tel";
      return html_reference(allowed ? percent_reference(text, true) : "#flowc-unsafe-url", false);
    }
    case HtmlEscape::UrlPath: return html_reference(percent_reference(text, true), false);
    case HtmlEscape::UrlComponent: return percent_reference(text, false);
  }
  return {};
}

}  // namespace

TEST_CASE("Escape: every byte, alone and in runs, as the rules say a byte at a time", "[vm]") {
  using ir::HtmlEscape;
  std::vector<std::string> texts;
  for (int c = 0; c < 256; ++c) {
    texts.emplace_back(1, static_cast<char>(c));
    texts.push_back("ab" + std::string(1, static_cast<char>(c)) + "cdefghij" + std::string(2, static_cast<char>(c)));
  }
  std::mt19937 random(11);
  static const char kAlphabet[] = "azAZ09-._~!#$&'()*+,/:;=?@[]%<>\"` \t\0\xC3\xA9";
  const std::string alphabet(kAlphabet, sizeof kAlphabet - 1);  // the NUL inside included
  for (int i = 0; i < 3000; ++i) {
    std::string text(random() % 40, ' ');
    for (char& c : text) c = alphabet[random() % alphabet.size()];
    if (i % 3 == 0) text = (i % 2 ? "https:" : "JavaScript:") + text;
    texts.push_back(text);
  }
  for (int how = 0; how <= static_cast<int>(HtmlEscape::UrlComponent); ++how)
    for (const std::string& text : texts) {
      INFO("kind " << how << ", text bytes " << fmt::format("{:02x}", fmt::join(text, " ")));
      REQUIRE(escape(static_cast<HtmlEscape>(how), Value::string(text)).str() ==
              escape_reference(static_cast<HtmlEscape>(how), text));
    }
}

TEST_CASE("Escape: a malformed escape kind or an empty stack gives unset", "[vm]") {
  CHECK_FALSE(Chunk().c(S("a")).op(Opcode::Escape, 99).op(Opcode::Return).run().is_set());
  CHECK_FALSE(Chunk().c(S("a")).op(Opcode::Escape, -1).op(Opcode::Return).run().is_set());
  CHECK_FALSE(Chunk().op(Opcode::Escape, 0).op(Opcode::Return).run().is_set());
}

TEST_CASE("filters: default, upper, lower", "[vm]") {
  CHECK(is_str(filter(TemplateFilter::Default, U, S("friend")), "friend"));
  CHECK(is_str(filter(TemplateFilter::Default, S("Ann"), S("friend")), "Ann"));
  CHECK(is_str(filter(TemplateFilter::Upper, S("ann")), "ANN"));
  CHECK(is_str(filter(TemplateFilter::Lower, S("ANN")), "ann"));
  CHECK_FALSE(filter(TemplateFilter::Upper, U).is_set());
  CHECK_FALSE(filter(TemplateFilter::Lower, U).is_set());
}

TEST_CASE("money: exactly two decimals", "[vm]") {
  CHECK(is_str(filter(TemplateFilter::Money, N(42.5)), "42.50"));
  CHECK(is_str(filter(TemplateFilter::Money, I(3)), "3.00"));
  CHECK(is_str(filter(TemplateFilter::Money, N(19.999)), "20.00"));
  CHECK(is_str(filter(TemplateFilter::Money, N(-1.5)), "-1.50"));
  CHECK(is_str(filter(TemplateFilter::Money, N(-0.001)), "0.00"));
  CHECK(is_str(filter(TemplateFilter::Money, N(1234567.891)), "1234567.89"));
  CHECK_FALSE(filter(TemplateFilter::Money, U).is_set());
}

TEST_CASE("date: strftime-like formats in UTC", "[vm]") {
  Value t = T(2026, 3, 5, 14, 7, 9);  // a Thursday
  CHECK(is_str(filter(TemplateFilter::Date, t, S("%Y-%m-%d %H:%M:%S")), "2026-03-05 14:07:09"));
  CHECK(is_str(filter(TemplateFilter::Date, t, S("%a %A %b %B")), "Thu Thursday Mar March"));
  CHECK(is_str(filter(TemplateFilter::Date, t, S("[%e] %j 100%% %q")), "[ 5] 064 100% %q"));
  CHECK(is_str(filter(TemplateFilter::Date, D(2024, 12, 31), S("%j %A")), "366 Tuesday"));
  CHECK(is_str(filter(TemplateFilter::Date, D(1969, 12, 31), S("%d %B %Y %H:%M %a")), "31 December 1969 00:00 Wed"));
  CHECK(is_str(filter(TemplateFilter::Date, Value::datetime(-1), S("%Y-%m-%d %H:%M:%S")), "1969-12-31 23:59:59"));
  CHECK(is_str(filter(TemplateFilter::Date, D(2026, 1, 1), S("trailing %")), "trailing %"));
  CHECK_FALSE(filter(TemplateFilter::Date, U, S("%Y")).is_set());
}

TEST_CASE("ToText and Concat build a template's text", "[vm]") {
  // "Hi {{ profile.first_name | default: "friend" }}, {{ event.total | money }} due {{ x }}!"
  FakeContext ctx;
  ctx.profile = {U};
  ctx.event = {N(42.5)};
  Chunk ch;
  ch.c(S("Hi "));
  ch.op(Opcode::LoadProfile, 0)
      .c(S("friend"))
      .op(Opcode::Filter, static_cast<int32_t>(TemplateFilter::Default))
      .op(Opcode::ToText);
  ch.c(S(", "));
  ch.op(Opcode::LoadEvent, 0).op(Opcode::Filter, static_cast<int32_t>(TemplateFilter::Money)).op(Opcode::ToText);
  ch.c(S(" due ")).op(Opcode::LoadProfile, 5).op(Opcode::ToText).c(S("!"));
  ch.op(Opcode::Concat, 7).op(Opcode::Return);
  ch.module.chunks.push_back(ir::Chunk{ch.code, "t"});
  CHECK(vm::render(ch.module, 0, ctx) == "Hi friend, 42.50 due !");
  CHECK(is_str(Chunk().op(Opcode::Concat, 0).op(Opcode::Return).run(), ""));
  CHECK(is_str(unary(Opcode::ToText, U), ""));
  CHECK(is_str(unary(Opcode::ToText, N(19.99)), "19.99"));
}

TEST_CASE("render displays a non-string result", "[vm]") {
  FakeContext ctx;
  Chunk ch;
  ch.c(I(2)).c(N(0.5)).op(Opcode::Add).op(Opcode::Return);
  ch.module.chunks.push_back(ir::Chunk{ch.code, "t"});
  CHECK(vm::render(ch.module, 0, ctx) == "2.5");
  CHECK(vm::render(ch.module, 7, ctx) == "");
}

// ---------------------------------------------------------------------------
// display and to_json

TEST_CASE("display: how templates print values", "[vm]") {
  CHECK(ir::display(U) == "");
  CHECK(ir::display(B(true)) == "true");
  CHECK(ir::display(B(false)) == "false");
  CHECK(ir::display(I(-42)) == "-42");
  CHECK(ir::display(N(19.99)) == "19.99");
  CHECK(ir::display(N(20.0)) == "20");
  CHECK(ir::display(N(0.1 + 0.2)) == "0.3");
  CHECK(ir::display(N(-0.0)) == "0");
  CHECK(ir::display(N(1234567.5)) == "1234567.5");
  CHECK(ir::display(S("x")) == "x");
  CHECK(ir::display(D(2026, 11, 1)) == "2026-11-01");
  CHECK(ir::display(T(2026, 11, 1, 10, 5, 59)) == "2026-11-01 10:05");
  CHECK(ir::display(Value::datetime(-60)) == "1969-12-31 23:59");
  CHECK(ir::display(Value::consent(Consent::NeverSubscribed)) == "never_subscribed");
  CHECK(ir::display(Value::list_of({S("a"), I(2), N(2.5)})) == "a, 2, 2.5");
  CHECK(ir::display(Value::list_of({})) == "");
}

TEST_CASE("display: durations as the language writes them", "[vm]") {
  CHECK(ir::display(Dur(0)) == "0s");
  CHECK(ir::display(Dur(45)) == "45s");
  CHECK(ir::display(Dur(90 * 60)) == "1h 30m");
  CHECK(ir::display(Dur(26 * 3600)) == "1d 2h");
  CHECK(ir::display(Dur(7 * 86400)) == "7d");
  CHECK(ir::display(Dur(86400 + 61)) == "1d 1m 1s");
  CHECK(ir::display(Dur(-7200)) == "-2h");
  CHECK_FALSE(ir::display(Dur(INT64_MIN)).empty());
}

TEST_CASE("to_json: one JSON value per kind", "[vm]") {
  CHECK(ir::to_json(U) == "null");
  CHECK(ir::to_json(B(true)) == "true");
  CHECK(ir::to_json(I(-7)) == "-7");
  CHECK(ir::to_json(N(19.99)) == "19.99");
  CHECK(ir::to_json(N(0.1 + 0.2)) == "0.30000000000000004");  // round-trips
  CHECK(ir::to_json(N(3)) == "3");
  CHECK(ir::to_json(S("say \"hi\"\n\\")) == "\"say \\\"hi\\\"\\n\\\\\"");
  CHECK(ir::to_json(S("\x01")) == "\"\\u0001\"");
  CHECK(ir::to_json(S("bad \xff")) == "\"bad \xef\xbf\xbd\"");  // invalid UTF-8 becomes U+FFFD
  CHECK(ir::to_json(D(2026, 11, 1)) == "\"2026-11-01\"");
  CHECK(ir::to_json(T(2026, 11, 1, 10, 0)) == "\"2026-11-01T10:00:00Z\"");
  CHECK(ir::to_json(Dur(5400)) == "5400");
  CHECK(ir::to_json(Value::consent(Consent::Unsubscribed)) == "\"unsubscribed\"");
  CHECK(ir::to_json(Value::list_of({S("a"), U, I(1)})) == "[\"a\",null,1]");
  CHECK(ir::to_json(Value::list_of({Value::list_of({})})) == "[[]]");
}

TEST_CASE("values_equal and str helpers", "[vm]") {
  CHECK(ir::values_equal(I(1), N(1.0)));
  CHECK_FALSE(ir::values_equal(U, U));
  CHECK_FALSE(ir::values_equal(D(2026, 1, 1), Value::datetime(at(2026, 1, 1))));
  CHECK(I(5).str().empty());
  CHECK(std::string(ir::consent_name(Consent::Subscribed)) == "subscribed");
}

// ---------------------------------------------------------------------------
// Robustness: malformed chunks give unset

TEST_CASE("malformed chunks give unset instead of crashing", "[vm]") {
  CHECK_FALSE(Chunk().run().is_set());                                          // empty chunk
  CHECK_FALSE(Chunk().op(Opcode::Return).run().is_set());                       // empty stack
  CHECK_FALSE(Chunk().c(I(1)).run().is_set());                                  // no Return
  CHECK_FALSE(Chunk().op(Opcode::Const, 5).op(Opcode::Return).run().is_set());  // no such constant
  CHECK_FALSE(Chunk().op(Opcode::Const, -1).op(Opcode::Return).run().is_set());
  for (Opcode op : {Opcode::Add, Opcode::Sub, Opcode::Mul, Opcode::Div, Opcode::Mod, Opcode::Eq, Opcode::Ne, Opcode::Lt,
                    Opcode::Le, Opcode::Gt, Opcode::Ge, Opcode::In}) {
    CHECK_FALSE(Chunk().c(I(1)).op(op).op(Opcode::Return).run().is_set());  // one operand short
  }
  for (Opcode op :
       {Opcode::Neg, Opcode::Not, Opcode::IsSet, Opcode::ToText, Opcode::JumpIfFalseOrPop, Opcode::JumpIfTrueOrPop}) {
    CHECK_FALSE(Chunk().op(op, 1).op(Opcode::Return).run().is_set());
  }
  CHECK_FALSE(Chunk()
                  .c(S("a"))
                  .op(Opcode::Filter, static_cast<int32_t>(TemplateFilter::Default))
                  .op(Opcode::Return)
                  .run()
                  .is_set());
  CHECK_FALSE(Chunk().c(S("a")).op(Opcode::Filter, 42).op(Opcode::Return).run().is_set());
  CHECK_FALSE(Chunk().c(S("a")).op(Opcode::Concat, 2).op(Opcode::Return).run().is_set());
  CHECK_FALSE(Chunk().c(S("a")).op(Opcode::Concat, -1).op(Opcode::Return).run().is_set());
  CHECK_FALSE(Chunk().c(S("a")).op(Opcode::MakeList, 3).op(Opcode::Return).run().is_set());
  CHECK_FALSE(Chunk().c(I(1)).op(static_cast<Opcode>(200)).op(Opcode::Return).run().is_set());
  FakeContext ctx;
  Chunk none;
  CHECK_FALSE(vm::evaluate(none.module, 0, ctx).is_set());  // no such chunk
}

TEST_CASE("jumps must go forward, so evaluation always ends", "[vm]") {
  CHECK_FALSE(Chunk().op(Opcode::Jump, 0).run().is_set());                                // to itself
  CHECK_FALSE(Chunk().c(B(true)).op(Opcode::Jump, 0).op(Opcode::Return).run().is_set());  // backwards
  CHECK_FALSE(Chunk().c(B(false)).op(Opcode::JumpIfFalseOrPop, 0).op(Opcode::Return).run().is_set());
  CHECK_FALSE(Chunk().c(B(true)).op(Opcode::JumpIfTrueOrPop, 99).op(Opcode::Return).run().is_set());  // past the end
  CHECK_FALSE(Chunk().c(B(true)).op(Opcode::Jump, 2).run().is_set());  // to the end: no Return
}

TEST_CASE("long chunks spill the stack to the heap", "[vm]") {
  Chunk ch;
  std::string expected;
  for (int k = 0; k < 100; ++k) {
    ch.c(S(std::to_string(k).c_str()));
    expected += std::to_string(k);
  }
  ch.op(Opcode::Concat, 100).op(Opcode::Return);
  CHECK(is_str(ch.run(), expected));
  Chunk list;
  for (int k = 0; k < 40; ++k) list.c(I(k));
  list.op(Opcode::MakeList, 40).op(Opcode::Return);
  CHECK(list.run().items().size() == 40);
}

TEST_CASE("evaluation is re-entrant (a segment evaluated inside a condition)", "[vm]") {
  // chunk 0: `profile in segment 0 and profile[0] > 2`; the context evaluates
  // segment 0 (chunk 1: `profile[0] > 1`) with the same VM.
  Chunk ch;
  ch.op(Opcode::InSegment, 0).op(Opcode::JumpIfFalseOrPop, 5).op(Opcode::LoadProfile, 0).c(I(2)).op(Opcode::Gt);
  ch.op(Opcode::Return);
  ir::Module& m = ch.module;
  m.chunks.push_back(ir::Chunk{ch.code, "outer"});
  m.constants.push_back(I(1));
  m.chunks.push_back(
      ir::Chunk{{ins(Opcode::LoadProfile, 0), ins(Opcode::Const, static_cast<int32_t>(m.constants.size() - 1)),
                 ins(Opcode::Gt), ins(Opcode::Return)},
                "segment"});
  FakeContext ctx;
  ctx.segment_hook = [&](ir::Index) { return vm::holds(m, 1, ctx); };
  ctx.profile = {I(3)};
  CHECK(vm::holds(m, 0, ctx));
  ctx.profile = {I(2)};
  CHECK_FALSE(vm::holds(m, 0, ctx));
  ctx.profile = {U};
  CHECK_FALSE(vm::holds(m, 0, ctx));
}

TEST_CASE("random chunks never crash the VM", "[vm]") {
  // Any instruction sequence — also ones no lowering would produce — must
  // end with some value (run under the sanitizers to make this mean much).
  std::mt19937 rng(20261101);
  ir::Module m;
  m.constants = {U,
                 B(true),
                 B(false),
                 I(0),
                 I(-1),
                 I(INT64_MAX),
                 N(2.5),
                 N(0),
                 S(""),
                 S("%Y %j"),
                 S("A"),
                 D(2026, 2, 28),
                 T(2026, 1, 1, 0, 0),
                 Dur(36 * 3600),
                 Value::consent(Consent::Subscribed),
                 Value::list_of({S("a"), I(1)})};
  const int opcodes = static_cast<int>(Opcode::Concat) + 3;  // a few past the last opcode too
  FakeContext ctx;
  ctx.profile = {S("x"), I(3), U};
  ctx.event = {N(1.5)};
  ctx.aggregates = {I(2)};
  for (int round = 0; round < 20000; ++round) {
    ir::Chunk chunk;
    int length = std::uniform_int_distribution<int>(0, 12)(rng);
    for (int k = 0; k < length; ++k) {
      auto op = static_cast<Opcode>(std::uniform_int_distribution<int>(0, opcodes - 1)(rng));
      int32_t a = std::uniform_int_distribution<int32_t>(-2, 17)(rng);
      auto b = static_cast<uint16_t>(std::uniform_int_distribution<int>(0, 3)(rng));
      chunk.code.push_back(ins(op, a, b));
    }
    m.chunks.assign(1, chunk);
    Value v = vm::evaluate(m, 0, ctx);
    (void)ir::display(v);
    (void)ir::to_json(v);
  }
  SUCCEED();
}

TEST_CASE("two numbers combined in place give what the generic operations give", "[vm]") {
  // vm/ops.h: the VM's loop and the JIT's helpers take this path first.
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  std::vector<Value> values = {Value::integer(0), Value::integer(1), Value::integer(-7), Value::integer(INT64_MAX),
                               Value::integer(INT64_MIN), Value::integer((int64_t{1} << 53) + 1),
                               Value::number(0.5), Value::number(-0.0), Value::number(nan), Value::number(inf),
                               Value::number(1e308), Value::number(9007199254740992.0), Value::unset(),
                               Value::boolean(true), Value::string("1"), Value::duration(60), Value::datetime(5)};
  const Opcode ops_tried[] = {Opcode::Add, Opcode::Sub, Opcode::Mul, Opcode::Eq, Opcode::Ne,
                              Opcode::Lt,  Opcode::Le,  Opcode::Gt,  Opcode::Ge};
  auto generic = [](Opcode op, const Value& l, const Value& r) {
    switch (op) {
      case Opcode::Add: return vm::ops::add(l, r);
      case Opcode::Sub: return vm::ops::sub(l, r);
      case Opcode::Mul: return vm::ops::mul(l, r);
      default: return Value::boolean(vm::ops::compare(op, l, r));
    }
  };
  auto same = [](const Value& a, const Value& b) {
    if (a.kind != b.kind) return false;
    if (a.kind == ValueKind::Number) return (std::isnan(a.n) && std::isnan(b.n)) || a.n == b.n;
    return a.kind == ValueKind::Unset || ir::values_equal(a, b);
  };
  for (const Value& l : values)
    for (const Value& r : values)
      for (Opcode op : ops_tried) {
        Value in_place = l;
        const bool numbers = (l.kind == ValueKind::Int || l.kind == ValueKind::Number) &&
                             (r.kind == ValueKind::Int || r.kind == ValueKind::Number);
        INFO(ir::display(l) << " " << static_cast<int>(op) << " " << ir::display(r));
        REQUIRE(vm::ops::numeric_in_place(op, in_place, r) == numbers);
        if (numbers) REQUIRE(same(in_place, generic(op, l, r)));
        else REQUIRE(same(in_place, l));  // left alone
      }
}
