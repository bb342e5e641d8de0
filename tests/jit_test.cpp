// The JIT engine against the VM: every scenario under tests/run/ and the
// example month give byte-identical activity on both engines, and a
// differential fuzzer compares the two on random chunks and contexts (well
// typed ones as the lowering makes them, and malformed ones the VM must
// abandon). FLOWC_FUZZ_ITERATIONS=N runs N chunks instead of 2,000.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <memory>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>

#include "engine/property_slots.h"
#include "golden.h"
#include "ir/module.h"
#include "ir/value.h"
#include "vm/evaluator.h"
#include "vm/vm.h"
#if FLOWC_HAVE_JIT
#include "jit/jit_evaluator.h"
#endif

namespace fs = std::filesystem;
using namespace flowc;
using ir::Instr;
using ir::Opcode;
using ir::Value;
using ir::ValueKind;

namespace {

struct Run {
  int status = -1;
  std::string activity, report;
};

Run run_engine(const std::string& args, const std::string& engine, const std::string& env = "") {
  static int counter = 0;
  fs::path tmp = fs::temp_directory_path() / ("flowc-jit-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::create_directories(tmp);
  Run r;
  std::string command = env + " " + std::string(FLOWC_BINARY) + " run " + args + " --engine " + engine + " --out " +
                        (tmp / "activity.ndjson").string() + " --report " + (tmp / "report.json").string() +
                        " -q 2>/dev/null";
  r.status = flowc::testing::run_command(command);
  r.activity = flowc::testing::read_text(tmp / "activity.ndjson");
  r.report = flowc::testing::read_text(tmp / "report.json");
  fs::remove_all(tmp);
  return r;
}

}  // namespace

#if !FLOWC_HAVE_JIT

TEST_CASE("without the JIT, --engine jit is refused", "[jit]") {
  fs::path dir = FLOWC_SOURCE_DIR "/examples";
  std::string out;
  int status = flowc::testing::run_command(std::string(FLOWC_BINARY) + " run " + (dir / "acme.flow").string() +
                                          " --events /dev/null --engine jit 2>&1", &out);
  CHECK(status == 2);
  CHECK(out.find("not available in this build") != std::string::npos);
}

#else

// ---------------------------------------------------------------------------
// Engine equivalence through the flowc binary

TEST_CASE("every scenario gives identical activity on the VM and the JIT", "[jit]") {
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(FLOWC_SOURCE_DIR "/tests/run"))
    if (e.is_directory() && fs::exists(e.path() / "program.flow")) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  REQUIRE(!dirs.empty());
  for (const fs::path& dir : dirs) {
    DYNAMIC_SECTION(dir.filename().string()) {
      std::string extra = fs::exists(dir / "args") ? flowc::testing::read_text(dir / "args") : "";
      for (char& c : extra)
        if (c == '\n') c = ' ';
      std::string args = (dir / "program.flow").string() + " --events " + (dir / "events.ndjson").string() + " " + extra;
      Run vm = run_engine(args, "vm");
      Run jit = run_engine(args, "jit");
      INFO("scenario " << dir.filename().string());
      CHECK(vm.status == jit.status);
      CHECK(vm.activity == jit.activity);
      CHECK(vm.report == jit.report);
    }
  }
}

TEST_CASE("the example month gives identical activity on the VM and the JIT", "[jit]") {
  fs::path dir = FLOWC_SOURCE_DIR "/examples";
  if (!fs::exists(dir / "acme-month.ndjson")) return;
  std::string args = (dir / "acme.flow").string() + " --events " + (dir / "acme-month.ndjson").string() + " --drain";
  Run vm = run_engine(args, "vm");
  Run jit = run_engine(args, "jit");
  REQUIRE(vm.status == 0);
  CHECK(jit.status == 0);
  CHECK(vm.activity.size() > 1000);
  CHECK(vm.activity == jit.activity);
  CHECK(vm.report == jit.report);
}

TEST_CASE("the JIT reports its compile time and reuses its object cache", "[jit]") {
  fs::path dir = FLOWC_SOURCE_DIR "/examples";
  fs::path cache = fs::temp_directory_path() / ("flowc-jit-cache-" + std::to_string(::getpid()));
  fs::remove_all(cache);
  std::string command = "FLOWC_JIT_CACHE=" + cache.string() + " " + std::string(FLOWC_BINARY) + " run " +
                        (dir / "acme.flow").string() + " --events " + (dir / "acme-month.ndjson").string() +
                        " --drain --engine jit 2>&1 >/dev/null";
  std::string first, second;
  REQUIRE(flowc::testing::run_command(command, &first) == 0);
  REQUIRE(flowc::testing::run_command(command, &second) == 0);
  INFO(first << second);
  CHECK(first.find("jit: ") != std::string::npos);
  CHECK(first.find("ms") != std::string::npos);
  CHECK(first.find("(object cache)") == std::string::npos);
  CHECK(second.find("(object cache)") != std::string::npos);
  // Typed code and the segment kernel, compiled and then loaded with the rest.
  for (const std::string* run : {&first, &second}) {
    CHECK(std::regex_search(*run, std::regex("; [1-9][0-9]* as typed code")));
    CHECK(run->find("; segment kernel") != std::string::npos);
  }
  // One object per compile unit used: the month never fires some flows nor
  // sends some messages, whose units are never compiled.
  std::smatch used;
  REQUIRE(std::regex_search(first, used, std::regex(R"(\((\d+) of (\d+) units used)")));
  const size_t units_used = std::stoul(used[1]), units = std::stoul(used[2]);
  CHECK(units_used < units);
  size_t objects = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(cache)) ++objects;
  CHECK(objects == units_used);
  // FLOWC_JIT_LAZY=0 compiles every unit before the first record.
  std::string eager;
  REQUIRE(flowc::testing::run_command("FLOWC_JIT_LAZY=0 " + command.substr(command.find(' ') + 1), &eager) == 0);
  CHECK(eager.find("(" + std::to_string(units) + " of " + std::to_string(units) + " units used") != std::string::npos);
  // Same activity from the cached object as from a fresh compile and the VM.
  std::string args = (dir / "acme.flow").string() + " --events " + (dir / "acme-month.ndjson").string() + " --drain";
  CHECK(run_engine(args, "jit", "FLOWC_JIT_CACHE=" + cache.string()).activity == run_engine(args, "vm").activity);
  fs::remove_all(cache);
}

// ---------------------------------------------------------------------------
// The differential fuzzer

namespace {

// A context whose answers are fixed at construction and which logs every
// question, so the two engines must also ask the same things in the same order.
struct FuzzContext : vm::EvalContext {
  std::vector<Value> profile, event, aggregates;
  Value fields[4];
  ir::Consent consents[ir::kConsentChannels] = {};
  std::set<ir::Index> lists;
  uint64_t segment_word = 0;  // segment s at bit s (a segment pass writes here)
  Value specials[3];
  int64_t now_seconds = 0;
  std::string log;

  static Value slot(const std::vector<Value>& v, ir::Index i) { return i < v.size() ? v[i] : Value(); }
  void note(char what, uint64_t arg) { log += what + std::to_string(arg) + ' '; }
  Value profile_property(ir::Index s) override { return note('p', s), slot(profile, s); }
  Value builtin_field(ir::BuiltinField f) override { return note('b', static_cast<int>(f)), fields[static_cast<int>(f)]; }
  ir::Consent consent(ir::ConsentChannel c) override { return note('c', static_cast<int>(c)), consents[static_cast<int>(c)]; }
  Value event_property(ir::Index s) override { return note('e', s), slot(event, s); }
  bool in_list(ir::Index l) override { return note('l', l), lists.count(l) > 0; }
  bool in_segment(ir::Index s) override { return note('s', s), s < 64 && ((segment_word >> s) & 1); }
  Value aggregate(ir::Index a) override { return note('a', a), slot(aggregates, a); }
  Value special(ir::SpecialName n) override { return note('x', static_cast<int>(n)), specials[static_cast<int>(n)]; }
  int64_t now() override { return note('n', 0), now_seconds; }

  // The same answers in the typed layout, when `offer_typed` (typed code
  // reads them in place, so nothing is logged).
  bool offer_typed = false;
  // The profile values in the engine's block, made on the first call in
  // this object (a copy makes its own): a view must stay valid while a
  // nested evaluation asks for another.
  std::shared_ptr<engine::PropertySlots> slots;
  const FuzzContext* slots_of = nullptr;
  const void* no_aggregates = nullptr;            // nothing counted: aggregates come from `aggregates`
  uint64_t list_word = 0;
  bool typed_view(vm::TypedView& v) override {
    if (!offer_typed) return false;
    if (slots_of != this) {
      slots = std::make_shared<engine::PropertySlots>();
      slots->reset(profile.size());
      for (size_t s = 0; s < profile.size(); ++s) slots->set(s, profile[s]);
      slots_of = this;
    }
    list_word = 0;
    for (ir::Index l : lists) list_word |= uint64_t{1} << l;  // 0..3 (random_context)
    v.properties = slots->block_address();
    v.aggregates = &no_aggregates;
    v.event = event.data();
    v.event_count = static_cast<uint32_t>(event.size());
    v.list_words = &list_word;
    v.list_count = 64;
    v.segment_words = &segment_word;
    v.segment_count = 64;
    v.consent = consents;
    v.created = fields[3].i;  // always set (random_context)
    v.now = now_seconds;
    v.context = this;
    return true;
  }
};

enum class T { Bool, Int, Number, String, DateTime, Date, Duration, Consent, ListOfString, kCount };

// Profile and event slots, and aggregates, each have a fixed type.
constexpr T kProfileTypes[] = {T::String, T::Int, T::Number, T::Bool, T::DateTime, T::Date, T::ListOfString, T::Consent};
constexpr T kEventTypes[] = {T::String, T::Number, T::Int, T::DateTime};
constexpr T kAggregateTypes[] = {T::Int, T::Number, T::DateTime};

// The schema the typed code sees for the profile slots.
ir::Type schema_type(T t) {
  switch (t) {
    case T::Bool: return ir::Type::Bool;
    case T::Int: return ir::Type::Int;
    case T::Number: return ir::Type::Number;
    case T::String: return ir::Type::String;
    case T::DateTime: return ir::Type::DateTime;
    case T::Date: return ir::Type::Date;
    case T::Duration: return ir::Type::Duration;
    case T::Consent: return ir::Type::Consent;
    case T::ListOfString: return ir::Type::ListOfString;
    case T::kCount: break;
  }
  return ir::Type::Unknown;
}

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(int percent) { return pick(100) < percent; }

  Value random_string() {
    static const char* words[] = {"",      "a",     "Ann",   "ÉCOLE", "straße",  "x y",
                                  "VIP",   "vip",   "%d",    "2026",  "Ωμέγα",   "z",
                                  "<b title=\"x\">O'Neil & `co`</b>", "javascript:alert(1)", "https://a.example/?q=1&r=-->"};
    return Value::string(words[pick(15)]);
  }
  Value random_value(T t, int unset_percent = 10) {
    if (chance(unset_percent)) return Value();
    switch (t) {
      case T::Bool: return Value::boolean(chance(50));
      case T::Int: {
        static const int64_t edge[] = {0, 1, -1, 2, 7, 100, INT64_MAX, INT64_MIN, 86400, -3};
        return Value::integer(chance(70) ? pick(21) - 10 : edge[pick(10)]);
      }
      case T::Number: {
        static const double edge[] = {0.0, -0.0, 0.5, 1e308, -2.25, 19.99, 3.0, 9007199254740993.0,
                                      std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()};
        return Value::number(chance(60) ? (pick(2001) - 1000) / 8.0 : edge[pick(10)]);
      }
      case T::String: return random_string();
      case T::DateTime: return Value::datetime(1'780'000'000 + static_cast<int64_t>(pick(2'000'000)) - 1'000'000);
      case T::Date: return Value::date(20'500 + pick(400));
      case T::Duration: return Value::duration((pick(200) - 100) * 3600);
      case T::Consent: return Value::consent(static_cast<ir::Consent>(pick(3)));
      case T::ListOfString: {
        std::vector<Value> items;
        for (int k = pick(4); k > 0; --k) items.push_back(random_string());
        return Value::list_of(std::move(items));
      }
      case T::kCount: break;
    }
    return Value();
  }

  void random_context(FuzzContext& c) {
    // Now and then a property holds a kind its declared type does not
    // allow (typed code's guard must deoptimise: the VM decides).
    for (T t : kProfileTypes)
      c.profile.push_back(random_value(chance(5) ? static_cast<T>(pick(static_cast<int>(T::kCount))) : t, 25));
    for (T t : kEventTypes) c.event.push_back(random_value(t, 25));
    for (T t : kAggregateTypes) c.aggregates.push_back(random_value(t, 25));
    for (int f = 0; f < 3; ++f) c.fields[f] = random_value(T::String, 20);
    c.fields[3] = random_value(T::DateTime, 0);
    for (auto& consent : c.consents) consent = static_cast<ir::Consent>(pick(3));
    for (int k = 0; k < 4; ++k) {
      if (chance(50)) c.lists.insert(k);
      if (chance(50)) c.segment_word |= uint64_t{1} << k;
    }
    for (auto& s : c.specials) s = random_value(T::String, 20);
    c.now_seconds = 1'780'000'000 + pick(1'000'000);
  }

  // Appends code that pushes one value of type `t` (or unset).
  void expr(ir::Module& m, std::vector<Instr>& code, T t, int depth) {
    auto op = [&](Opcode o, int32_t a = 0, uint16_t b = 0) {
      Instr in{o};
      in.a = a;
      in.b = b;
      code.push_back(in);
    };
    auto constant = [&](Value v) {
      m.constants.push_back(std::move(v));
      op(Opcode::Const, static_cast<int32_t>(m.constants.size() - 1));
    };
    auto slot_of = [&](const T* types, int n) {
      std::vector<int> fits;
      for (int k = 0; k < n; ++k)
        if (types[k] == t) fits.push_back(k);
      return fits.empty() ? -1 : fits[pick(static_cast<int>(fits.size()))];
    };
    if (depth <= 0 || chance(25)) {  // a leaf
      int s;
      switch (pick(4)) {
        case 0:
          if ((s = slot_of(kProfileTypes, 8)) >= 0) return op(Opcode::LoadProfile, s);
          break;
        case 1:
          if ((s = slot_of(kEventTypes, 4)) >= 0) return op(Opcode::LoadEvent, s);
          break;
        case 2:
          if ((s = slot_of(kAggregateTypes, 3)) >= 0) return op(Opcode::Aggregate, s);
          break;
        default: break;
      }
      if (t == T::Bool && chance(40)) return op(chance(50) ? Opcode::InList : Opcode::InSegment, pick(5));
      if (t == T::String && chance(30)) return op(chance(50) ? Opcode::LoadBuiltin : Opcode::LoadSpecial, pick(3));
      if (t == T::DateTime && chance(30)) return chance(50) ? op(Opcode::Now) : op(Opcode::LoadBuiltin, 3);
      if (t == T::Consent && chance(50)) return op(Opcode::LoadConsent, pick(ir::kConsentChannels));
      return constant(random_value(t));
    }
    const int d = depth - 1;
    auto binary = [&](T l, T r, Opcode o) {
      expr(m, code, l, d);
      expr(m, code, r, d);
      op(o);
    };
    auto call = [&](ir::Builtin fn, std::initializer_list<T> args) {
      for (T a : args) expr(m, code, a, d);
      op(Opcode::Call, static_cast<int32_t>(fn), static_cast<uint16_t>(args.size()));
    };
    auto short_circuit = [&](Opcode jump) {  // `and` / `or`
      expr(m, code, T::Bool, d);
      size_t at = code.size();
      op(jump);
      expr(m, code, T::Bool, d);
      code[at].a = static_cast<int32_t>(code.size());
    };
    switch (t) {
      case T::Bool:
        switch (pick(numeric_ ? 13 : 9)) {
          case 9:  // the JIT's inline paths: numeric and same-kind comparisons in every mix
          case 10: {
            static const T kinds[] = {T::Int, T::Number, T::Bool, T::Date, T::DateTime, T::Duration, T::Consent};
            T l = kinds[pick(chance(70) ? 2 : 7)];
            T r = chance(70) ? (l == T::Int || l == T::Number ? kinds[pick(2)] : l) : kinds[pick(7)];
            return binary(l, r, static_cast<Opcode>(static_cast<int>(Opcode::Eq) + pick(6)));
          }
          case 11: expr(m, code, T::Bool, d); return op(chance(50) ? Opcode::Not : Opcode::IsSet);
          case 12: return short_circuit(chance(50) ? Opcode::JumpIfFalseOrPop : Opcode::JumpIfTrueOrPop);
          case 0: {
            T any = static_cast<T>(pick(static_cast<int>(T::kCount)));
            return binary(any, any, static_cast<Opcode>(static_cast<int>(Opcode::Eq) + pick(6)));
          }
          case 1: return binary(T::Int, T::Number, static_cast<Opcode>(static_cast<int>(Opcode::Eq) + pick(6)));
          case 2: expr(m, code, T::Bool, d); return op(Opcode::Not);
          case 3: expr(m, code, static_cast<T>(pick(static_cast<int>(T::kCount))), d); return op(Opcode::IsSet);
          case 4: return short_circuit(Opcode::JumpIfFalseOrPop);
          case 5: return short_circuit(Opcode::JumpIfTrueOrPop);
          case 6: return binary(T::String, T::ListOfString, Opcode::In);
          case 7: return call(static_cast<ir::Builtin>(static_cast<int>(ir::Builtin::Contains) + pick(3)), {T::String, T::String});
          default: {  // a dead stretch jumped over, as an `if` might leave
            expr(m, code, T::Bool, d);
            size_t at = code.size();
            op(Opcode::Jump);
            expr(m, code, T::Int, 0);
            code[at].a = static_cast<int32_t>(code.size());
            return;
          }
        }
      case T::Int:
        if (numeric_ && chance(50))
          return binary(T::Int, T::Int, static_cast<Opcode>(static_cast<int>(Opcode::Add) + pick(3)));
        switch (pick(5)) {
          case 0: return binary(T::Int, T::Int, static_cast<Opcode>(static_cast<int>(Opcode::Add) + pick(5)));
          case 1: expr(m, code, T::Int, d); return op(Opcode::Neg);
          case 2: return call(ir::Builtin::Len, {chance(50) ? T::String : T::ListOfString});
          case 3: return call(chance(50) ? ir::Builtin::DaysSince : ir::Builtin::HoursSince, {T::DateTime});
          default: return call(ir::Builtin::Default, {T::Int, T::Int});
        }
      case T::Number:
        if (numeric_ && chance(50)) {  // + - * in every int/number order
          T l = chance(50) ? T::Int : T::Number;
          return binary(l, l == T::Int ? T::Number : (chance(50) ? T::Int : T::Number),
                        static_cast<Opcode>(static_cast<int>(Opcode::Add) + pick(3)));
        }
        switch (pick(3)) {
          case 0: return binary(T::Number, chance(50) ? T::Int : T::Number,
                                static_cast<Opcode>(static_cast<int>(Opcode::Add) + pick(5)));
          case 1: return binary(T::Int, T::Int, Opcode::Div);
          default: expr(m, code, T::Number, d); return op(Opcode::Neg);
        }
      case T::String:
        switch (pick(7)) {
          case 0: return binary(T::String, T::String, Opcode::Add);
          case 1: return call(chance(50) ? ir::Builtin::Lower : ir::Builtin::Upper, {T::String});
          case 2: expr(m, code, T::String, d); return op(Opcode::Filter, 1 + pick(2));  // upper / lower
          case 3:
            expr(m, code, chance(50) ? T::String : T::Int, d);
            expr(m, code, T::String, 0);
            return op(Opcode::Filter, static_cast<int32_t>(ir::TemplateFilter::Default));
          case 4: expr(m, code, T::Number, d); return op(Opcode::Filter, static_cast<int32_t>(ir::TemplateFilter::Money));
          case 5:
            expr(m, code, chance(50) ? T::DateTime : T::Date, d);
            constant(Value::string(chance(50) ? "%Y-%m-%d %H:%M" : "%B %-d, %A"));
            return op(Opcode::Filter, static_cast<int32_t>(ir::TemplateFilter::Date));
          default: {  // a template
            int parts = 1 + pick(4);
            for (int k = 0; k < parts; ++k) {
              expr(m, code, static_cast<T>(pick(static_cast<int>(T::kCount))), d);
              op(Opcode::ToText);
              if (chance(50)) op(Opcode::Escape, pick(static_cast<int>(ir::HtmlEscape::UrlComponent) + 1));  // HTML
            }
            return op(Opcode::Concat, parts);
          }
        }
      case T::DateTime:
        return chance(50) ? binary(T::DateTime, T::Duration, chance(50) ? Opcode::Add : Opcode::Sub)
                          : binary(T::Duration, T::DateTime, Opcode::Add);
      case T::Date: return binary(T::Date, T::Duration, chance(50) ? Opcode::Add : Opcode::Sub);
      case T::Duration:
        switch (pick(3)) {
          case 0: return binary(T::DateTime, T::DateTime, Opcode::Sub);
          case 1: return binary(T::Duration, T::Int, Opcode::Mul);
          default: return binary(T::Duration, T::Duration, chance(50) ? Opcode::Add : Opcode::Sub);
        }
      case T::Consent: return constant(random_value(T::Consent));
      case T::ListOfString: {
        int n = pick(4);
        for (int k = 0; k < n; ++k) expr(m, code, T::String, d);
        return op(Opcode::MakeList, n);
      }
      case T::kCount: break;
    }
  }

  // A chunk the lowering would make: one expression and Return.
  // Half of them numeric/bool-heavy (the shapes the JIT runs inline).
  std::vector<Instr> typed_chunk(ir::Module& m) {
    std::vector<Instr> code;
    numeric_ = chance(50);
    static const T numeric_types[] = {T::Bool, T::Bool, T::Int, T::Number};
    T top = numeric_ ? numeric_types[pick(4)] : static_cast<T>(pick(static_cast<int>(T::kCount)));
    expr(m, code, top, 1 + pick(5));
    code.push_back(Instr{Opcode::Return});
    return code;
  }

  // Anything at all: random opcodes and operands, jumps anywhere.
  std::vector<Instr> garbage_chunk(ir::Module& m) {
    std::vector<Instr> code(static_cast<size_t>(1 + pick(12)));
    const int opcodes = static_cast<int>(Opcode::Escape) + 2;  // one past the last: not an opcode
    for (size_t k = 0; k < code.size(); ++k) {
      code[k].op = static_cast<Opcode>(pick(opcodes));
      code[k].a = chance(80) ? pick(static_cast<int>(code.size()) + 2) : pick(40) - 20;
      code[k].b = static_cast<uint16_t>(pick(4));
      if (code[k].op == Opcode::Const && chance(90)) {
        m.constants.push_back(random_value(static_cast<T>(pick(static_cast<int>(T::kCount)))));
        code[k].a = static_cast<int32_t>(m.constants.size() - 1);
      }
    }
    if (chance(70)) code.push_back(Instr{Opcode::Return});
    return code;
  }

 private:
  std::mt19937_64 rng_;
  bool numeric_ = false;
};

std::string listing(const ir::Chunk& chunk) {
  std::string out;
  for (size_t k = 0; k < chunk.code.size(); ++k)
    out += std::to_string(k) + "  " + ir::opcode_name(chunk.code[k].op) + " " + std::to_string(chunk.code[k].a) +
           " " + std::to_string(chunk.code[k].b) + "\n";
  return out;
}

std::string describe(const Value& v) { return std::to_string(static_cast<int>(v.kind)) + ":" + ir::to_json(v); }

}  // namespace

TEST_CASE("differential fuzzer: random chunks give the same result on the VM and the JIT", "[jit]") {
  size_t iterations = 2000;
  if (const char* n = std::getenv("FLOWC_FUZZ_ITERATIONS")) iterations = std::strtoull(n, nullptr, 10);
  uint64_t seed = 20261101;
  if (const char* s = std::getenv("FLOWC_FUZZ_SEED")) seed = std::strtoull(s, nullptr, 10);
  Generator gen(seed);
  constexpr size_t kChunksPerModule = 250;
  constexpr int kContexts = 4;
  size_t done = 0, compiled = 0, typed = 0, mismatches = 0, registered = 0, registers_ran = 0;
  while (done < iterations) {
    ir::Module module;
    for (T t : kProfileTypes) module.profile_properties.push_back(ir::PropertyDef{"p", schema_type(t), true, ir::kNone});
    size_t n = std::min(kChunksPerModule, iterations - done);
    for (size_t k = 0; k < n; ++k)
      module.chunks.push_back(ir::Chunk{gen.chance(80) ? gen.typed_chunk(module) : gen.garbage_chunk(module), "fuzz"});
    // A flow whose Branch steps and profile filters use the random chunks as
    // conditions: its compiled step dispatch is compared with the VM's too.
    ir::FlowDef flow;
    flow.name = "fuzz";
    for (size_t k = 0; k < n; k += 7) flow.filters.push_back(static_cast<ir::Index>(k));
    for (size_t k = 0; k + 3 <= n; k += 3) {
      ir::StepDef step{ir::StepKind::Branch};
      for (size_t c = 0; c < 1 + k % 3; ++c) {
        step.conditions.push_back(static_cast<ir::Index>(k + c));
        step.targets.push_back(static_cast<ir::Index>(k + c + 1));
      }
      step.else_target = k % 2 ? ir::kNone : static_cast<ir::Index>(k);
      flow.steps.push_back(step);
    }
    flow.steps.push_back(ir::StepDef{ir::StepKind::Exit});
    module.flows.push_back(flow);
    // Segments on chunks of their own (the program's unit): a segment pass
    // is compared too, each segment seeing the memberships written before it.
    constexpr size_t kSegments = 40;
    for (size_t k = 0; k < kSegments; ++k) {
      ir::Index chunk = static_cast<ir::Index>(module.chunks.size());
      module.chunks.push_back(ir::Chunk{gen.typed_chunk(module), "segment"});
      module.segments.push_back(ir::SegmentDef{"s", chunk, false});
    }
    vm::Interpreter interpreter(module);
    // The three lowerings: frame code with every instruction through its
    // helper, frame code with the inline fast paths (JitOptions::fast_paths),
    // and typed code over the typed layout (JitOptions::typed; the context
    // offers the layout). Typed code reads the layout in place, so only the
    // frame lowerings must ask the context the same questions as the VM.
    enum Lowering { kHelpers, kFast, kTyped, kTypedNoKernel, kLowerings };
    const char* lowering_names[] = {"helpers only", "fast paths", "typed code", "typed code, segment pass one chunk at a time"};
    std::unique_ptr<jit::JitEvaluator> jits[kLowerings];
    for (int l = 0; l < kLowerings; ++l) {
      jit::JitOptions options;
      options.fast_paths = l != kHelpers;
      options.typed = l >= kTyped;
      options.segment_kernel = l == kTyped;
      std::string error;
      jits[l] = jit::JitEvaluator::create(module, options, &error);
      INFO(error);
      REQUIRE(jits[l]);
    }
    std::vector<FuzzContext> contexts(kContexts);
    for (FuzzContext& c : contexts) gen.random_context(c);
    const size_t runs = kLowerings * contexts.size();
    for (size_t run = 0; run < runs; ++run) {
      const int lowering = static_cast<int>(run % kLowerings);
      jit::JitEvaluator* jit = jits[lowering].get();
      FuzzContext a = contexts[run / kLowerings], b = contexts[run / kLowerings];
      b.offer_typed = lowering >= kTyped;
      CHECK(interpreter.filters_hold(0, a) == jit->filters_hold(0, b));
      for (ir::Index step = 0; step < module.flows[0].steps.size(); ++step)
        CHECK(interpreter.branch_target(0, step, a) == jit->branch_target(0, step, b));
      if (lowering < kTyped) CHECK(a.log == b.log);
      const uint64_t which = gen.chance(20) ? ~uint64_t{0} : (static_cast<uint64_t>(gen.pick(1 << 20)) << 20) | static_cast<uint64_t>(gen.pick(1 << 20));
      FuzzContext over_layout = a;  // the VM's pass over the typed layout
      over_layout.offer_typed = true;
      interpreter.segment_pass(&which, &a.segment_word, a);
      jit->segment_pass(&which, &b.segment_word, b);
      INFO(lowering_names[lowering]);
      CHECK(a.segment_word == b.segment_word);
      if (lowering == kHelpers) {
        interpreter.segment_pass(&which, &over_layout.segment_word, over_layout);
        CHECK(over_layout.segment_word == a.segment_word);
      }
    }
    for (size_t k = 0; k < n; ++k) {
      for (size_t run = 0; run < runs; ++run) {
        const int lowering = static_cast<int>(run % kLowerings);
        jit::JitEvaluator* jit = jits[lowering].get();
        FuzzContext a = contexts[run / kLowerings], b = a;
        b.offer_typed = lowering >= kTyped;
        Value expected = vm::evaluate(module, static_cast<ir::Index>(k), a);
        Value actual = jit->evaluate(static_cast<ir::Index>(k), b);
        if (lowering == kHelpers) {
          // The VM itself, reading the typed layout in place, against the
          // VM asking the context.
          FuzzContext c = contexts[run / kLowerings];
          c.offer_typed = true;
          vm::TypedView view;
          REQUIRE(c.typed_view(view));
          INFO("the VM over the typed layout\nchunk:\n" << listing(module.chunks[k]));
          CHECK(describe(vm::evaluate(module, static_cast<ir::Index>(k), c, &view)) == describe(expected));
          // The VM's register code over the same view, when the chunk is
          // typed and the run does not deoptimise; and the interpreter,
          // which runs it that way or falls back, gives the same as ever.
          if (std::optional<vm::RegisterCode> code = vm::translate_to_registers(module, module.chunks[k])) {
            ++registered;
            INFO("register code\nchunk:\n" << listing(module.chunks[k]));
            if (std::optional<Value> held = vm::evaluate_registers(*code, view, c)) {
              ++registers_ran;
              CHECK(describe(*held) == describe(expected));
            }
          }
          CHECK(describe(interpreter.evaluate(static_cast<ir::Index>(k), c)) == describe(expected));
        }
        const bool same_questions = lowering >= kTyped || a.log == b.log;
        if (describe(expected) != describe(actual) || !same_questions) {
          ++mismatches;
          INFO(lowering_names[lowering] << "\nchunk:\n" << listing(module.chunks[k]) << "vm:  " << describe(expected)
                                        << "  asked " << a.log << "\njit: " << describe(actual) << "  asked " << b.log);
          CHECK(describe(expected) == describe(actual));
          CHECK(same_questions);
          if (mismatches > 5) FAIL("too many mismatches");
        }
      }
    }
    compiled += jits[kFast]->stats().chunks_compiled;
    typed += jits[kTyped]->stats().chunks_typed;
    done += n;
  }
  CHECK(mismatches == 0);
  CHECK(compiled > iterations / 2);  // most chunks are native, not VM fallbacks
  CHECK(typed > iterations / 4);     // and typed code is a good share of them
  // The VM's register code: translated and run for a good share too (each
  // chunk is run over kContexts views).
  CHECK(registered > iterations);
  CHECK(registers_ran > registered / 2);
}

TEST_CASE("JIT: chunks may be evaluated re-entrantly, and out-of-range chunks give unset", "[jit]") {
  ir::Module module;
  module.constants = {Value::integer(2), Value::integer(40)};
  // chunk 0: in_segment(0) and 2 + 40 == 42 ; chunk 1: 2 + 40
  module.chunks.push_back(ir::Chunk{{{Opcode::InSegment, 0, 0}, {Opcode::JumpIfFalseOrPop, 0, 6}, {Opcode::Const, 0, 0},
                                     {Opcode::Const, 0, 1}, {Opcode::Add}, {Opcode::IsSet}, {Opcode::Return}},
                                    "t"});
  module.chunks.push_back(ir::Chunk{{{Opcode::Const, 0, 0}, {Opcode::Const, 0, 1}, {Opcode::Add}, {Opcode::Return}}, "t"});
  std::string error;
  auto jit = jit::JitEvaluator::create(module, {}, &error);
  REQUIRE(jit);
  CHECK(jit->stats().chunks_compiled == 0);  // lazily: nothing before the first evaluation
  CHECK(jit->stats().units == 1);
  struct Nested : FuzzContext {
    vm::Evaluator* eval = nullptr;
    bool in_segment(ir::Index) override { return eval->evaluate(1, *this).i == 42; }
  } ctx;
  ctx.eval = jit.get();
  Value v = jit->evaluate(0, ctx);
  CHECK(v.kind == ValueKind::Bool);
  CHECK(v.truthy());
  CHECK_FALSE(jit->evaluate(7, ctx).is_set());
  CHECK(std::string(jit->name()) == "jit");
  CHECK(jit->stats().chunks_compiled == 2);
  CHECK(jit->stats().units_compiled == 1);
}


TEST_CASE("JIT: typed code reads the typed layout in place; without it, the VM runs the chunk", "[jit]") {
  ir::Module module;
  module.constants = {Value::integer(3), Value::string("VIP"), Value::number(2.5)};
  auto I = [](Opcode op, int32_t a = 0) {
    Instr in{op};
    in.a = a;
    return in;
  };
  // 0: profile[1] < 3   1: profile[0] == "VIP" and in segment 2   2: event[1] * 2.5 >= count(0)
  module.chunks.push_back(ir::Chunk{{I(Opcode::LoadProfile, 1), I(Opcode::Const, 0), I(Opcode::Lt), I(Opcode::Return)}, "t"});
  module.chunks.push_back(ir::Chunk{{I(Opcode::LoadProfile, 0), I(Opcode::Const, 1), I(Opcode::Eq),
                                     I(Opcode::JumpIfFalseOrPop, 5), I(Opcode::InSegment, 2), I(Opcode::Return)},
                                    "t"});
  module.chunks.push_back(ir::Chunk{{I(Opcode::LoadEvent, 1), I(Opcode::Const, 2), I(Opcode::Mul), I(Opcode::Aggregate, 0),
                                     I(Opcode::Ge), I(Opcode::Return)},
                                    "t"});
  std::string error;
  auto jit = jit::JitEvaluator::create(module, {}, &error);
  REQUIRE(jit);
  FuzzContext base;
  base.profile = {Value::string("VIP"), Value::integer(3)};
  base.event = {Value(), Value::integer(2)};
  base.aggregates = {Value::integer(5)};
  base.segment_word = uint64_t{1} << 2;
  for (int offered = 0; offered < 2; ++offered) {
    for (int threshold : {2, 3, 4}) {
      FuzzContext vm_context = base, jit_context = base;
      vm_context.profile[1] = jit_context.profile[1] = Value::integer(threshold);
      jit_context.offer_typed = offered;
      for (ir::Index c = 0; c < 3; ++c)
        CHECK(describe(vm::evaluate(module, c, vm_context)) == describe(jit->evaluate(c, jit_context)));
      // Typed code asked for nothing but the aggregate; without the layout the VM asked for everything.
      CHECK(jit_context.log == (offered ? "a0 " : vm_context.log));
    }
  }
  CHECK(jit->stats().chunks_typed == 3);
}

// Hidden timing test (not run by ctest): ns per evaluation of a few typical
// conditions on the VM and the JIT. `flowc_tests "[.jitbench]"` in a Release build.
TEST_CASE("JIT timing: ns per evaluation of typical conditions", "[.jitbench]") {
  struct Fixed : vm::EvalContext {
    std::vector<Value> profile, event, aggregates;
    Value profile_property(ir::Index s) override { return s < profile.size() ? profile[s] : Value(); }
    Value builtin_field(ir::BuiltinField) override { return {}; }
    ir::Consent consent(ir::ConsentChannel) override { return ir::Consent::Subscribed; }
    Value event_property(ir::Index s) override { return s < event.size() ? event[s] : Value(); }
    bool in_list(ir::Index l) override { return l == 0; }
    bool in_segment(ir::Index s) override { return s == 1; }
    Value aggregate(ir::Index a) override { return a < aggregates.size() ? aggregates[a] : Value(); }
    Value special(ir::SpecialName) override { return {}; }
    int64_t now() override { return 1'780'000'000; }
  } ctx;
  ctx.profile = {Value::string("Ann"), Value::integer(42), Value::number(250.5), Value::boolean(true)};
  ctx.event = {Value::number(19.99), Value::integer(3)};
  ctx.aggregates = {Value::integer(4), Value::number(120.0)};
  ir::Module m;
  m.constants = {Value::integer(30), Value::number(100.0), Value::integer(2), Value::number(50.0), Value::integer(5),
                 Value::integer(1), Value::string("Ann"), Value::boolean(true)};
  auto I = [](Opcode op, int32_t a = 0) {
    Instr in{op};
    in.a = a;
    return in;
  };
  struct Named {
    const char* name;
    std::vector<Instr> code;
  };
  const std::vector<Named> chunks = {
      {"p.int > 30 and p.num >= 100.0",
       {I(Opcode::LoadProfile, 1), I(Opcode::Const, 0), I(Opcode::Gt), I(Opcode::JumpIfFalseOrPop, 7),
        I(Opcode::LoadProfile, 2), I(Opcode::Const, 1), I(Opcode::Ge), I(Opcode::Return)}},
      {"not (e.num * 2 < 50.0) or in segment",
       {I(Opcode::LoadEvent, 0), I(Opcode::Const, 2), I(Opcode::Mul), I(Opcode::Const, 3), I(Opcode::Lt),
        I(Opcode::Not), I(Opcode::JumpIfTrueOrPop, 8), I(Opcode::InSegment, 1), I(Opcode::Return)}},
      {"count + 1 == 5 and sum > 100.0 and p.bool == true",
       {I(Opcode::Aggregate, 0), I(Opcode::Const, 5), I(Opcode::Add), I(Opcode::Const, 4), I(Opcode::Eq),
        I(Opcode::JumpIfFalseOrPop, 13), I(Opcode::Aggregate, 1), I(Opcode::Const, 1), I(Opcode::Gt),
        I(Opcode::JumpIfFalseOrPop, 13), I(Opcode::LoadProfile, 3), I(Opcode::Const, 7), I(Opcode::Eq),
        I(Opcode::Return)}},
      {"p.string == \"Ann\" and in list",
       {I(Opcode::LoadProfile, 0), I(Opcode::Const, 6), I(Opcode::Eq), I(Opcode::JumpIfFalseOrPop, 5),
        I(Opcode::InList, 0), I(Opcode::Return)}},
  };
  for (const Named& c : chunks) m.chunks.push_back(ir::Chunk{c.code, c.name});
  std::string error;
  jit::JitOptions options;
  options.fast_paths = true;  // FLOWC_JIT_FAST=0 compares with helpers only
  if (const char* level = std::getenv("FLOWC_JIT_OPT")) options.opt_level = static_cast<unsigned>(std::atoi(level));
  auto jit = jit::JitEvaluator::create(m, options, &error);
  REQUIRE(jit);
  std::printf("JIT at O%u, fast paths %s: %.1f ms to compile\n", options.opt_level,
              std::getenv("FLOWC_JIT_FAST") ? std::getenv("FLOWC_JIT_FAST") : "on", jit->stats().compile_ms);
  const int n = 2'000'000;
  for (size_t k = 0; k < chunks.size(); ++k) {
    auto time = [&](auto&& run) {
      double best = 1e30;
      for (int rep = 0; rep < 3; ++rep) {
        auto t0 = std::chrono::steady_clock::now();
        int64_t truths = 0;
        for (int r = 0; r < n; ++r) truths += run().truthy();
        double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count() / n;
        best = std::min(best, ns);
        CHECK(truths >= 0);
      }
      return best;
    };
    auto id = static_cast<ir::Index>(k);
    REQUIRE(describe(vm::evaluate(m, id, ctx)) == describe(jit->evaluate(id, ctx)));
    double vm_ns = time([&] { return vm::evaluate(m, id, ctx); });
    double jit_ns = time([&] { return jit->evaluate(id, ctx); });
    std::printf("%-50s vm %6.1f ns  jit %6.1f ns  (%.2fx)\n", chunks[k].name, vm_ns, jit_ns, vm_ns / jit_ns);
  }
}

#endif
