// Lowering (compiler/lower), the module file (ir/module_io) and the
// disassembler (ir/disasm): the example program's structure, the file
// format's round trip and its refusal of damaged or foreign files, and a
// golden disassembly of a small program (tests/lower/small.flow).
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <xxhash.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "check/check.h"
#include "driver/load.h"
#include "ir/disasm.h"
#include "ir/module_io.h"
#include "lower/lower.h"

using namespace flowc;

namespace {

struct Lowered {
  SourceManager sources;
  DiagnosticSink sink;
  driver::LoadResult loaded;
  check::Symbols symbols;
  ir::Module module;
};

std::unique_ptr<Lowered> lower_file(const std::string& path) {
  auto l = std::make_unique<Lowered>();
  l->loaded = driver::load_program({path}, l->sources, l->sink);
  l->symbols = check::check_program(l->loaded.program, l->sources, l->sink);
  REQUIRE(l->sink.error_count() == 0);
  l->module = lower::lower_program(l->loaded.program, l->symbols, l->sources);
  return l;
}

std::unique_ptr<Lowered> lower_text(const std::string& text) {
  auto l = std::make_unique<Lowered>();
  l->loaded = driver::load_program_text(FLOWC_SOURCE_DIR "/tests/lower/inline.flow", text, l->sources, l->sink);
  l->symbols = check::check_program(l->loaded.program, l->sources, l->sink);
  REQUIRE(l->sink.error_count() == 0);
  l->module = lower::lower_program(l->loaded.program, l->symbols, l->sources);
  return l;
}

const ir::FlowDef& flow_named(const ir::Module& m, const std::string& name) {
  for (const ir::FlowDef& f : m.flows)
    if (f.name == name) return f;
  FAIL("no flow " << name);
  return m.flows.front();
}

ir::Index segment_named(const ir::Module& m, const std::string& name) {
  for (ir::Index i = 0; i < m.segments.size(); ++i)
    if (m.segments[i].name == name) return i;
  return ir::kNone;
}

std::vector<ir::Opcode> opcodes(const ir::Module& m, ir::Index chunk) {
  std::vector<ir::Opcode> ops;
  for (const ir::Instr& in : m.chunks.at(chunk).code) ops.push_back(in.op);
  return ops;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Rewrites the header's checksum so a damaged payload reaches the reader.
void fix_checksum(std::string& bytes) {
  uint64_t sum = XXH64(bytes.data() + 24, bytes.size() - 24, 0);
  for (int i = 0; i < 8; ++i) bytes[16 + i] = static_cast<char>((sum >> (8 * i)) & 0xFF);
}

constexpr const char* kAcme = FLOWC_SOURCE_DIR "/examples/acme.flow";

}  // namespace

// ---------------------------------------------------------------------------
// The example program

TEST_CASE("acme: flows, campaigns and automations are all lowered", "[lower]") {
  auto l = lower_file(kAcme);
  const ir::Module& m = l->module;
  CHECK(m.flows.size() == 9);
  CHECK(m.campaigns.size() == 1);
  CHECK(m.automations.size() == 2);
  CHECK(m.lists.size() == 4);
  CHECK(m.segments.size() == 5);
  CHECK(m.account.name == "Acme Cupcakes");
  CHECK(m.account.utm);
  CHECK(m.account.utm_params.size() == 4);
  CHECK(m.account.quiet_start_minute == 21 * 60);
  CHECK(m.account.quiet_end_minute == 9 * 60);
  CHECK(m.account.conversion_metric == m.find_metric("Placed Order"));
  CHECK(m.account.double_opt_in_email);
  for (const ir::Chunk& c : m.chunks) {
    REQUIRE(!c.code.empty());
    CHECK(c.code.back().op == ir::Opcode::Return);
    CHECK(!c.source.empty());
  }
}

TEST_CASE("acme: the Welcome Series is a graph of its steps", "[lower]") {
  auto l = lower_file(kAcme);
  const ir::Module& m = l->module;
  const ir::FlowDef& f = flow_named(m, "Welcome Series");
  using K = ir::StepKind;
  std::vector<K> kinds;
  for (const ir::StepDef& s : f.steps) kinds.push_back(s.kind);
  CHECK(kinds == std::vector<K>{K::Send, K::Wait, K::Send, K::Branch, K::Send, K::Send, K::Send, K::Wait, K::Send,
                                K::Wait, K::Send, K::Wait, K::Set, K::ListAdd});
  CHECK(f.entry == 0);
  CHECK(f.trigger == ir::TriggerKind::List);
  CHECK(f.trigger_target == m.find_list("Newsletter"));
  CHECK(f.reentry == ir::Reentry::Once);
  CHECK(f.profile_timezone);
  CHECK(f.filters.size() == 2);
  // if / else if / else: one Branch, every branch rejoins at the wait after it.
  const ir::StepDef& branch = f.steps[3];
  CHECK(branch.conditions.size() == 2);
  CHECK(branch.targets == std::vector<ir::Index>{4, 5});
  CHECK(branch.else_target == 6);
  CHECK(!branch.is_split);
  for (ir::Index i : {4u, 5u, 6u}) CHECK(f.steps[i].next == 7);
  // send email welcome_reminder { status manual  smart_sending off  utm off }
  CHECK(f.steps[6].status == ir::Status::Manual);
  CHECK(!f.steps[6].smart_sending);
  CHECK(!f.steps[6].utm);
  CHECK(f.steps[4].channel == ir::Channel::Sms);
  CHECK(f.steps[4].name == "vip_code");
  // wait 2d at 10:00 / wait until 09:00 on mon..fri / wait 1d on mon, wed, fri
  CHECK(f.steps[7].wait == ir::WaitKind::ForCalendarDays);
  CHECK(f.steps[7].seconds == 2 * 86400);
  CHECK(f.steps[7].at_minute == 600);
  CHECK(f.steps[9].wait == ir::WaitKind::Until);
  CHECK(f.steps[9].at_minute == 540);
  CHECK(f.steps[9].days == 0x1F);
  CHECK(f.steps[11].wait == ir::WaitKind::For);
  CHECK(f.steps[11].seconds == 86400);
  CHECK(f.steps[11].days == 0x15);
  CHECK(f.steps[12].property == m.find_profile_property("welcomed"));
  CHECK(f.steps[13].next == ir::kNone);
  for (ir::Index i = 0; i < 13; ++i)
    if (i != 3) CHECK(f.steps[i].next == (i == 4 || i == 5 ? 7 : i + 1));
}

TEST_CASE("acme: splits, exits, inline bodies and statuses", "[lower]") {
  auto l = lower_file(kAcme);
  const ir::Module& m = l->module;

  const ir::FlowDef& cart = flow_named(m, "Abandoned Cart");
  CHECK(cart.trigger == ir::TriggerKind::Metric);
  CHECK(cart.event_metric == m.find_metric("Started Checkout"));
  CHECK(cart.trigger_where != ir::kNone);
  CHECK(cart.reentry == ir::Reentry::After);
  CHECK(cart.reentry_after_seconds == 7 * 86400);
  const ir::StepDef& split = cart.steps[2];
  REQUIRE(split.kind == ir::StepKind::Branch);
  CHECK(split.is_split);
  CHECK(split.conditions.size() == 1);
  CHECK(split.targets == std::vector<ir::Index>{3});
  CHECK(split.else_target == 7);
  CHECK(cart.steps[6].name == "cart_2_after_sms");
  CHECK(cart.steps[6].message == cart.steps[8].message);
  CHECK(cart.steps[6].next == ir::kNone);

  const ir::FlowDef& winback = flow_named(m, "Win-back");
  const ir::StepDef& chain = winback.steps[2];
  CHECK(chain.conditions.size() == 3);
  CHECK(winback.steps[chain.targets[2]].kind == ir::StepKind::Exit);
  CHECK(winback.steps[chain.targets[2]].next == ir::kNone);
  CHECK(chain.else_target == 8);  // no else: the step after the if

  const ir::FlowDef& sms = flow_named(m, "SMS Welcome");
  const ir::StepDef& inline_send = sms.steps.back();
  CHECK(inline_send.message == ir::kNone);
  CHECK(inline_send.inline_body != ir::kNone);
  CHECK(inline_send.name == "sms#1");  // numbered, not by line: formatting keeps it

  // Transactional messages skip smart sending by default.
  const ir::FlowDef& post = flow_named(m, "Post-Purchase");
  CHECK(post.steps[0].name == "order_confirmation");
  CHECK(!post.steps[0].smart_sending);
  CHECK(post.reentry == ir::Reentry::Always);

  // A manual flow: its actions are manual; a step may say draft.
  const ir::FlowDef& vip = flow_named(m, "VIP entry");
  CHECK(vip.steps[1].kind == ir::StepKind::Set);
  CHECK(vip.steps[1].status == ir::Status::Manual);
  CHECK(vip.steps[3].status == ir::Status::Draft);

  const ir::FlowDef& birthday = flow_named(m, "Birthday");
  CHECK(birthday.trigger == ir::TriggerKind::Date);
  CHECK(birthday.date_property == m.find_profile_property("birthday"));
  CHECK(birthday.yearly);
  CHECK(birthday.offset_seconds == -86400);
  CHECK(birthday.at_minute == 9 * 60);
}

TEST_CASE("acme: a price drop's event is the viewed metric plus the drop", "[lower]") {
  auto l = lower_file(kAcme);
  const ir::Module& m = l->module;
  const ir::FlowDef& f = flow_named(m, "Price Drop");
  CHECK(f.trigger == ir::TriggerKind::PriceDrop);
  CHECK(f.trigger_target == m.find_metric("Viewed Product"));
  CHECK(f.drop_percent == 10);
  CHECK(f.drop_within_seconds == 30 * 86400);
  REQUIRE(f.event_metric == m.find_metric("Viewed Product (price drop)"));
  const ir::MetricDef& viewed = m.metrics[f.trigger_target];
  const ir::MetricDef& event = m.metrics[f.event_metric];
  REQUIRE(event.properties.size() == viewed.properties.size() + 3);
  for (size_t i = 0; i < viewed.properties.size(); ++i) CHECK(event.properties[i].name == viewed.properties[i].name);
  CHECK(event.properties[viewed.properties.size()].name == "old_price");
  CHECK(event.properties[viewed.properties.size() + 1].name == "new_price");
  CHECK(event.properties.back().name == "percent");
}

TEST_CASE("acme: identical count/sum/last expressions share one aggregate", "[lower]") {
  auto l = lower_file(kAcme);
  const ir::Module& m = l->module;
  for (size_t i = 0; i < m.aggregates.size(); ++i)
    for (size_t j = i + 1; j < m.aggregates.size(); ++j) {
      const ir::AggregateDef& a = m.aggregates[i];
      const ir::AggregateDef& b = m.aggregates[j];
      bool same = a.kind == b.kind && a.metric == b.metric && a.property == b.property && a.window == b.window &&
                  a.window_seconds == b.window_seconds &&
                  (a.where == b.where || (a.where != ir::kNone && b.where != ir::kNone &&
                                          m.chunks[a.where].source == m.chunks[b.where].source));
      CHECK(!same);
    }
  // count("Placed Order" since flow_start) is written in three flows.
  int since_start = 0;
  for (const ir::AggregateDef& a : m.aggregates)
    if (a.window == ir::WindowKind::SinceFlowStart) ++since_start;
  CHECK(since_start == 1);
  CHECK(m.aggregates.size() == 11);
}

TEST_CASE("acme: segments come after the segments they use", "[lower]") {
  auto l = lower_file(kAcme);
  const ir::Module& m = l->module;
  CHECK(segment_named(m, "Lapsed") < segment_named(m, "Gift Buyers"));
  for (ir::Index s = 0; s < m.segments.size(); ++s)
    for (const ir::Instr& in : m.chunks[m.segments[s].condition].code)
      if (in.op == ir::Opcode::InSegment) CHECK(static_cast<ir::Index>(in.a) < s);
  for (const ir::SegmentDef& s : m.segments) CHECK(s.time_dependent);  // all use `within` or days_since
}

// ---------------------------------------------------------------------------
// Rules on small programs

TEST_CASE("segment order is topological and time dependence follows uses", "[lower]") {
  auto l = lower_text(R"(
    profile { vip: bool = false  seen: datetime? }
    segment A = profile in segment B and profile.vip
    segment B = profile in segment C
    segment C = hours_since(profile.seen) < 5
    segment D = profile.vip
  )");
  const ir::Module& m = l->module;
  std::vector<std::string> names;
  for (const ir::SegmentDef& s : m.segments) names.push_back(s.name);
  CHECK(names == std::vector<std::string>{"C", "B", "A", "D"});
  CHECK(m.segments[0].time_dependent);
  CHECK(m.segments[1].time_dependent);
  CHECK(m.segments[2].time_dependent);
  CHECK(!m.segments[3].time_dependent);
}

TEST_CASE("expressions: negations, consent literals, literals", "[lower]") {
  using O = ir::Opcode;
  auto l = lower_text(R"(
    profile { tags: list<string>?  seen: datetime?  n: number = 2 }
    list L
    segment A = profile not in list L
    segment B = "x" not in profile.tags
    segment C = profile.seen is not set
    segment D = profile.consent.sms != "unsubscribed"
    segment E = profile.seen > 2026-01-02 03:04 and profile.n * 2 > -1.5
  )");
  const ir::Module& m = l->module;
  auto cond = [&](const std::string& name) { return m.segments[segment_named(m, name)].condition; };
  CHECK(opcodes(m, cond("A")) == std::vector<O>{O::InList, O::Not, O::Return});
  CHECK(opcodes(m, cond("B")) == std::vector<O>{O::Const, O::LoadProfile, O::In, O::Not, O::Return});
  CHECK(opcodes(m, cond("C")) == std::vector<O>{O::LoadProfile, O::IsSet, O::Not, O::Return});
  const ir::Chunk& d = m.chunks[cond("D")];
  CHECK(d.code[0].op == O::LoadConsent);
  CHECK(d.code[0].a == static_cast<int32_t>(ir::ConsentChannel::Sms));
  const ir::Value& consent = m.constants[d.code[1].a];
  CHECK(consent.kind == ir::ValueKind::Consent);
  CHECK(consent.i == static_cast<int64_t>(ir::Consent::Unsubscribed));
  const ir::Chunk& e = m.chunks[cond("E")];
  CHECK(e.source == "profile.seen > 2026-01-02 03:04 and profile.n * 2 > -1.5");
  const ir::Value& when = m.constants[e.code[1].a];
  CHECK(when.kind == ir::ValueKind::DateTime);
  CHECK(when.i == (20455LL * 1440 + 3 * 60 + 4) * 60);  // local wall time, as seconds
  CHECK(e.code[3].op == O::JumpIfFalseOrPop);
  CHECK(e.code[3].a == 9);
  CHECK(m.constants[e.code[7].a].n == -1.5);
  // The default of a number property is a number even when written `2`.
  const ir::PropertyDef& n = m.profile_properties[m.find_profile_property("n")];
  CHECK(m.constants[n.default_constant].kind == ir::ValueKind::Number);
}

TEST_CASE("templates: parts, filters in order, special names", "[lower]") {
  using O = ir::Opcode;
  auto l = lower_text(R"(
    profile { first_name: string?  birthday: date? }
    list L
    email m { subject "Hi {{ profile.first_name | default: \"you\" | upper }}!"
              body "{{ profile.birthday | date: \"%d\" }} {{ unsubscribe_link }}" }
    flow F { trigger list L  status live  send email m }
  )");
  const ir::Module& m = l->module;
  REQUIRE(m.messages.size() == 1);
  const ir::Chunk& subject = m.chunks[m.messages[0].subject];
  CHECK(opcodes(m, m.messages[0].subject) ==
        std::vector<O>{O::Const, O::LoadProfile, O::Const, O::Filter, O::Filter, O::ToText, O::Const, O::Concat,
                       O::Return});
  CHECK(subject.code[3].a == static_cast<int32_t>(ir::TemplateFilter::Default));
  CHECK(subject.code[4].a == static_cast<int32_t>(ir::TemplateFilter::Upper));
  CHECK(subject.code[7].a == 3);
  CHECK(subject.source == R"("Hi {{ profile.first_name | default: \"you\" | upper }}!")");
  const ir::Chunk& body = m.chunks[m.messages[0].body];
  CHECK(body.code[2].op == O::Filter);
  CHECK(body.code[2].a == static_cast<int32_t>(ir::TemplateFilter::Date));
  // An e-mail body is HTML: each hole ends with Escape (the subject, text, has none).
  CHECK(body.code[4].op == O::Escape);
  CHECK(body.code[4].a == static_cast<int32_t>(ir::HtmlEscape::Text));
  CHECK(body.code[6].op == O::LoadSpecial);
  CHECK(body.code[6].a == static_cast<int32_t>(ir::SpecialName::UnsubscribeLink));
  CHECK(body.code[8].op == O::Escape);
}

TEST_CASE("flows: defaults for status, re-entry, step names and empty branches", "[lower]") {
  auto l = lower_text(R"(
    account { sender sms "+15555550100" }
    profile { vip: bool = false  signup: date? }
    metric Buy { value: number }
    list L
    sms hello { body "Hi. Reply STOP to opt out." }
    flow Draft { trigger list L  send sms hello  wait 1h  send sms "hello" as again }
    flow Events { trigger metric Buy  status live
      if profile.vip { } else { send sms "A" as a_step }
      split on event.value > 1 { } else { }
      send sms "B" }
    flow Anniversary { trigger date profile.created yearly  status live  send sms hello }
  )");
  const ir::Module& m = l->module;
  const ir::FlowDef& draft = flow_named(m, "Draft");
  CHECK(draft.reentry == ir::Reentry::Once);
  CHECK(draft.steps[0].status == ir::Status::Draft);
  // A string naming a message of the channel sends that message.
  CHECK(draft.steps[2].message == draft.steps[0].message);
  CHECK(draft.steps[2].inline_body == ir::kNone);
  CHECK(draft.steps[2].name == "again");

  const ir::FlowDef& events = flow_named(m, "Events");
  CHECK(events.reentry == ir::Reentry::Always);
  REQUIRE(events.steps.size() == 4);
  const ir::StepDef& branch = events.steps[0];
  CHECK(branch.targets == std::vector<ir::Index>{2});  // empty branch: the step after the if
  CHECK(branch.else_target == 1);
  CHECK(events.steps[1].name == "a_step");
  CHECK(events.steps[1].next == 2);
  CHECK(events.steps[2].targets == std::vector<ir::Index>{3});
  CHECK(events.steps[2].else_target == 3);
  CHECK(events.steps[3].name == "sms#2");  // the labelled inline SMS `a_step` keeps rank 1
  CHECK(branch.name == "branch#1");  // unnamed steps: kind and rank in the flow
  CHECK(events.steps[2].name == "branch#2");

  const ir::FlowDef& anniversary = flow_named(m, "Anniversary");
  CHECK(anniversary.reentry == ir::Reentry::PerOccurrence);
  CHECK(anniversary.date_property == ir::kNone);
  CHECK(anniversary.date_builtin == static_cast<int32_t>(ir::BuiltinField::Created));
}

TEST_CASE("messages reading event. are lowered once per sending metric", "[lower]") {
  auto l = lower_text(R"(
    metric A { x: number  y: string }
    metric B { y: string }
    email m { subject "{{ event.y }}" body "{{ unsubscribe_link }}" }
    email plain { subject "hello" body "{{ unsubscribe_link }}" }
    flow FA { trigger metric A  status live  send email m  send email plain }
    flow FB { trigger metric B  status live  send email m  send email plain }
  )");
  const ir::Module& m = l->module;
  const ir::FlowDef& fa = flow_named(m, "FA");
  const ir::FlowDef& fb = flow_named(m, "FB");
  REQUIRE(fa.steps[0].message != fb.steps[0].message);
  CHECK(fa.steps[1].message == fb.steps[1].message);
  auto event_slot = [&](ir::Index message) { return m.chunks[m.messages[message].subject].code[0].a; };
  CHECK(event_slot(fa.steps[0].message) == 1);  // A: x, y
  CHECK(event_slot(fb.steps[0].message) == 0);  // B: y
  CHECK(m.messages[fb.steps[0].message].name == "m");
}

TEST_CASE("automations: answers are event slots, choices as declared", "[lower]") {
  auto l = lower_text(R"(
    account { sender sms "+15555550100" }
    profile { flavor: string? }
    automation Quiz {
      trigger keyword "CUPCAKE"
      ask flavor "Which?" choices "Vanilla", "Chocolate" save to profile.flavor
      ask size "Size?" choices "Small", "Big"
      recommend "Choc" when flavor == "chocolate" and size in ["big"] "Try choc."
      recommend default "Any" "Try any."
      timeout 2h
    }
  )");
  const ir::Module& m = l->module;
  REQUIRE(m.automations.size() == 1);
  const ir::AutomationDef& a = m.automations[0];
  CHECK(a.sms);
  CHECK(!a.whatsapp);
  CHECK(a.keywords == std::vector<std::string>{"CUPCAKE"});
  CHECK(a.questions.size() == 2);
  CHECK(a.questions[0].save_to == m.find_profile_property("flavor"));
  CHECK(a.questions[1].save_to == ir::kNone);
  CHECK(a.timeout_seconds == 7200);
  REQUIRE(a.recommendations.size() == 2);
  CHECK(a.recommendations[1].when == ir::kNone);
  const ir::Chunk& when = m.chunks[a.recommendations[0].when];
  CHECK(when.code[0].op == ir::Opcode::LoadEvent);
  CHECK(when.code[0].a == 0);
  CHECK(m.constants[when.code[1].a].str() == "Chocolate");
  CHECK(when.code[4].op == ir::Opcode::LoadEvent);
  CHECK(when.code[4].a == 1);
  const ir::Value& list = m.constants[when.code[5].a];
  REQUIRE(list.kind == ir::ValueKind::List);
  CHECK(list.items()[0].str() == "Big");
}

// ---------------------------------------------------------------------------
// The module file

TEST_CASE("module files round-trip", "[lower]") {
  auto l = lower_file(kAcme);
  std::string bytes = ir::serialize(l->module);
  CHECK(ir::looks_like_module(bytes));
  ir::Module back;
  std::string error;
  REQUIRE(ir::deserialize(bytes, back, error));
  CHECK(error.empty());
  CHECK(ir::disassemble(back) == ir::disassemble(l->module));
  CHECK(ir::serialize(back) == bytes);
  for (size_t i = 0; i < back.chunks.size(); ++i) CHECK(back.chunks[i].source == l->module.chunks[i].source);
}

TEST_CASE("acme and every run scenario compile to a module the verifier accepts (steps lead forward)", "[lower]") {
  std::vector<std::filesystem::path> programs = {kAcme};
  for (const auto& entry : std::filesystem::recursive_directory_iterator(FLOWC_SOURCE_DIR "/tests/run"))
    if (entry.path().extension() == ".flow") programs.push_back(entry.path());
  size_t checked = 0;
  for (const std::filesystem::path& program : programs) {
    INFO(program.string());
    auto l = lower_file(program.string());
    ir::Module back;
    std::string error;
    CHECK(ir::deserialize(ir::serialize(l->module), back, error));
    CHECK(error.empty());
    ++checked;
  }
  CHECK(checked >= 90);
}

TEST_CASE("module files: foreign, other-version and damaged files are refused", "[lower]") {
  auto l = lower_file(kAcme);
  const std::string good = ir::serialize(l->module);
  ir::Module out;
  std::string error;

  SECTION("not a module") {
    CHECK(!ir::looks_like_module("flow X { }"));
    CHECK(!ir::deserialize("flow X { }", out, error));
    CHECK(error.find("not a flowc module") != std::string::npos);
    CHECK(!ir::deserialize("", out, error));
  }
  SECTION("another format version, named with ours") {
    std::string bytes = good;
    bytes[4] = 7;
    CHECK(!ir::deserialize(bytes, out, error));
    CHECK(error.find("version 7") != std::string::npos);
    CHECK(error.find(fmt::format("version {}", ir::Module::kVersion)) != std::string::npos);
  }
  SECTION("truncated anywhere") {
    for (size_t n = 0; n < good.size(); n += (n < 64 ? 1 : 97)) {
      CHECK(!ir::deserialize(good.substr(0, n), out, error));
      CHECK(!error.empty());
    }
  }
  SECTION("random bit flips") {
    std::mt19937 rng(12345);
    for (int i = 0; i < 2000; ++i) {
      std::string bytes = good;
      size_t at = rng() % bytes.size();
      bytes[at] = static_cast<char>(bytes[at] ^ (1 << (rng() % 8)));
      INFO("flipped byte " << at);
      CHECK(!ir::deserialize(bytes, out, error));
    }
  }
  SECTION("a step that leads back is refused (one entry would send for ever)") {
    // tests: the fuzz input that ran a flow's sends in a loop (step 9 -> 3)
    auto refused = [&](void (*edit)(ir::FlowDef&)) {
      ir::Module m = l->module;
      edit(m.flows.front());
      ir::Module back;
      CHECK(!ir::deserialize(ir::serialize(m), back, error));
      CHECK(error.find("leads back") != std::string::npos);
    };
    REQUIRE(l->module.flows.front().steps.size() >= 2);
    refused([](ir::FlowDef& f) { f.steps[1].next = 0; });
    refused([](ir::FlowDef& f) { f.steps[1].next = 1; });
    refused([](ir::FlowDef& f) {
      f.steps[1].kind = ir::StepKind::Branch;
      f.steps[1].conditions = {0};
      f.steps[1].targets = {0};
    });
    refused([](ir::FlowDef& f) {
      f.steps[1].kind = ir::StepKind::Branch;
      f.steps[1].conditions = {0};
      f.steps[1].targets = {ir::kNone};
      f.steps[1].else_target = 1;
    });
  }
  SECTION("times and durations out of what the compiler writes are refused") {
    // tests: a campaign time of 8e18 minutes overflowed `minutes * 60` in the engine
    auto refused = [&](void (*edit)(ir::Module&), const char* what) {
      ir::Module m = l->module;
      edit(m);
      ir::Module back;
      INFO(what);
      CHECK(!ir::deserialize(ir::serialize(m), back, error));
      CHECK(error.find(what) != std::string::npos);
    };
    REQUIRE(!l->module.campaigns.empty());
    REQUIRE(!l->module.automations.empty());
    refused([](ir::Module& m) { m.campaigns[0].paths[0].sends[0].local_minutes = 8237083718490566684; },
            "a campaign send time");
    refused([](ir::Module& m) { m.campaigns[0].paths[0].sends[0].stagger_percent = 1e300; }, "a stagger percentage");
    refused([](ir::Module& m) { m.flows[0].steps[0].seconds = -1; }, "a wait");
    refused([](ir::Module& m) { m.flows[0].steps[0].at_minute = 1440; }, "a wait's time of day");
    refused([](ir::Module& m) { m.flows[0].reentry_after_seconds = INT64_MAX; }, "a re-entry delay");
    refused([](ir::Module& m) { m.flows[0].offset_seconds = INT64_MIN; }, "a date trigger offset");
    refused([](ir::Module& m) { m.account.smart_sending_seconds[1] = INT64_MAX / 2; }, "a smart sending window");
    refused([](ir::Module& m) { m.account.attribution_email_open = -5; }, "an attribution window");
    refused([](ir::Module& m) { m.account.quiet_end_minute = 5000; }, "a quiet hours end");
    refused([](ir::Module& m) { m.automations[0].timeout_seconds = INT64_MAX; }, "a session timeout");
    refused([](ir::Module& m) { m.automations[0].max_reprompts = -1; }, "max_reprompts");
  }
  SECTION("damage behind a valid checksum never crashes the reader") {
    std::mt19937 rng(777);
    int accepted = 0;
    for (int i = 0; i < 3000; ++i) {
      std::string bytes = good;
      int flips = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < flips; ++k) {
        size_t at = 24 + rng() % (bytes.size() - 24);
        bytes[at] = static_cast<char>(rng() % 256);
      }
      if (rng() % 5 == 0) bytes.resize(24 + rng() % (bytes.size() - 24));
      for (int k = 0; k < 8; ++k) bytes[8 + k] = static_cast<char>(((bytes.size() - 24) >> (8 * k)) & 0xFF);
      fix_checksum(bytes);
      ir::Module m;
      if (ir::deserialize(bytes, m, error)) {
        ++accepted;
        CHECK(!ir::disassemble(m).empty());  // a module that was accepted is safe to walk
      } else {
        CHECK(error.find("damaged") != std::string::npos);
      }
    }
    CHECK(accepted < 3000);
  }
}

// ---------------------------------------------------------------------------
// Step labels

namespace {

// One flow with a step of every kind; `@N` marks where step N may take a label.
const char* kLabelledFlow = R"(
    account { sender sms "+15555550100" }
    profile { vip: bool = false  points: int = 0 }
    metric Buy { value: number }
    list L
    sms hello { body "Hi. Reply STOP to opt out." }
    flow F { trigger metric Buy  status live
      send sms "One. Reply STOP to opt out."@1
      send sms hello@2
      wait 1d@3
      if profile.vip@4 { set profile.points = 1@5 } else { exit@6 }
      split on event.value > 1@7 { add to list L@8 } else { remove from list L@9 }
      wait until 09:00@10
      unset profile.points@11
      notify "a@x.example" "t"@12
      send sms "Two. Reply STOP to opt out."@13
      set profile.points = 2@14
      exit@15 }
  )";
constexpr int kLabelledSteps = 15;

// The flow's step names, with step `labelled` (0: none) written `as chosen_N`.
std::vector<std::string> step_names_with_label(int labelled) {
  std::string text = kLabelledFlow;
  for (int n = kLabelledSteps; n >= 1; --n) {  // @15 before @1, so that @1 does not eat @15's prefix
    std::string marker = "@" + std::to_string(n);
    std::string label = n == labelled ? " as chosen_" + std::to_string(n) : "";
    for (size_t at; (at = text.find(marker)) != std::string::npos;) text.replace(at, marker.size(), label);
  }
  auto l = lower_text(text);
  std::vector<std::string> names;
  for (const ir::StepDef& step : flow_named(l->module, "F").steps) names.push_back(step.name);
  return names;
}

}  // namespace

// Saved runs find their step by name (docs/state-design.md): a label renames
// its own step and nothing else, whichever step it is on. Send ids are made
// from step names (engine/send_id.h), so they stay too; tests/run_test.cpp
// checks that on a run.
TEST_CASE("a label on any step renames that step only", "[lower]") {
  std::vector<std::string> plain = step_names_with_label(0);
  CHECK(plain == std::vector<std::string>{"sms#1", "hello", "wait#1", "branch#1", "set#1", "exit#1", "branch#2",
                                          "list_add#1", "list_remove#1", "wait#2", "unset#1", "notify#1", "sms#2",
                                          "set#2", "exit#2"});
  for (int labelled = 1; labelled <= kLabelledSteps; ++labelled) {
    INFO("label on step @" << labelled);
    std::vector<std::string> names = step_names_with_label(labelled);
    REQUIRE(names.size() == plain.size());
    size_t renamed = 0;
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == plain[i]) continue;
      CHECK(names[i] == "chosen_" + std::to_string(labelled));
      ++renamed;
    }
    CHECK(renamed == 1);
  }
}

// ---------------------------------------------------------------------------
// Golden disassembly

TEST_CASE("golden disassembly of tests/lower/small.flow", "[lower]") {
  auto l = lower_file(FLOWC_SOURCE_DIR "/tests/lower/small.flow");
  std::string actual = ir::disassemble(l->module);
  std::string expected = read_all(FLOWC_SOURCE_DIR "/tests/lower/small.disasm");
  INFO("disassembly:\n" << actual);
  CHECK(actual == expected);
}

TEST_CASE("docs/bytecode.md documents every opcode", "[lower]") {
  std::ifstream in(FLOWC_SOURCE_DIR "/docs/bytecode.md");
  std::stringstream text;
  text << in.rdbuf();
  std::string doc = text.str();
  REQUIRE(!doc.empty());
#define OPCODE(Name, Effect, Doc) CHECK(doc.find("| `" #Name "` |") != std::string::npos);
#include "ir/opcodes.def"
}
