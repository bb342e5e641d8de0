// Fuzz target `module`: the payload of a module file (what follows its
// 24-byte header) through ir::deserialize. The target writes the header
// itself, with the right size and checksum, so the fuzzer's mutations reach
// the reader and the verifier instead of all failing the checksum.
//
// A module that passes verification must then run safely: the target runs
// it through the engine over a small event stream made from its own schema
// (its metrics, lists and keywords), and evaluates every chunk in the VM.
// A crash there is a verifier defect (compiler/ir/module_io.cpp): `flowc
// run` trusts a verified module.
#include <fmt/format.h>
#include <xxhash.h>

#include "engine/activity.h"
#include "ir/module_io.h"
#include "targets/support.h"
#include "targets/targets.h"
#include "vm/vm.h"

namespace {

using namespace flowc;

std::string with_header(const std::string& payload) {
  // The header (module_io.cpp): magic and version as serialize() writes
  // them, then the payload's size and its XXH64 checksum (seed 0).
  std::string header = ir::serialize(ir::Module()).substr(0, 8);
  for (uint64_t v : {static_cast<uint64_t>(payload.size()), static_cast<uint64_t>(XXH64(payload.data(), payload.size(), 0))})
    for (int i = 0; i < 8; ++i) header.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  return header + payload;
}

std::string json_string(const std::string& text) {
  std::string out;
  engine::append_json_string(out, text);
  return out;
}

// Records that touch what the module declares: two profiles, subscribed on
// every channel, added to every list, doing every metric, texting every
// keyword; the second day moves the clock so waits and date triggers run.
std::string events_for(const ir::Module& m) {
  std::string out;
  auto line = [&](const std::string& time, const std::string& fields) {
    out += fmt::format("{{\"time\":\"{}\",{}}}\n", time, fields);
  };
  for (const char* time : {"2026-11-02T09:00:00Z", "2026-11-03T10:00:00Z"}) {
    for (int p = 1; p <= 2; ++p) {
      std::string who = fmt::format("\"profile\":\"p{0}\",\"email\":\"p{0}@x.example\",\"phone\":\"+1555000{0}\"", p);
      line(time, "\"type\":\"profile\"," + who);
      for (const char* channel : {"email", "sms", "push", "whatsapp"})
        line(time, fmt::format("\"type\":\"subscribe\",{},\"channel\":\"{}\"", who, channel));
      for (const std::string& list : m.lists)
        line(time, fmt::format("\"type\":\"list_add\",{},\"list\":{}", who, json_string(list)));
      for (const ir::MetricDef& metric : m.metrics)
        line(time, fmt::format("\"type\":\"event\",{},\"metric\":{},\"properties\":{{}}", who, json_string(metric.name)));
      for (const ir::AutomationDef& a : m.automations)
        for (const std::string& keyword : a.keywords)
          line(time, fmt::format("\"type\":\"inbound\",\"phone\":\"+1555000{}\",\"channel\":\"sms\",\"text\":{}", p,
                                 json_string(keyword)));
    }
  }
  return out;
}

// A context that answers every question with a value of a fixed kind, so
// the VM meets every operand kind a hand-made chunk can produce.
class FixedContext : public vm::EvalContext {
 public:
  ir::Value profile_property(ir::Index slot) override { return pick(slot); }
  ir::Value builtin_field(ir::BuiltinField field) override { return pick(static_cast<uint32_t>(field)); }
  ir::Consent consent(ir::ConsentChannel) override { return ir::Consent::Subscribed; }
  ir::Value event_property(ir::Index slot) override { return pick(slot + 1); }
  bool in_list(ir::Index list) override { return list % 2 == 0; }
  bool in_segment(ir::Index segment) override { return segment % 2 == 1; }
  ir::Value aggregate(ir::Index aggregate) override { return pick(aggregate + 2); }
  ir::Value special(ir::SpecialName name) override { return pick(static_cast<uint32_t>(name) + 3); }
  int64_t now() override { return 1793000000; }

 private:
  static ir::Value pick(uint32_t n) {
    switch (n % 7) {
      case 0: return ir::Value::string("x");
      case 1: return ir::Value::integer(-3);
      case 2: return ir::Value::number(2.5);
      case 3: return ir::Value::datetime(1793000000);
      case 4: return ir::Value::list_of({ir::Value::string("a"), ir::Value::integer(1)});
      case 5: return ir::Value::boolean(true);
      default: return ir::Value();
    }
  }
};

}  // namespace

int flowc_fuzz_module(const uint8_t* data, size_t size) {
  ir::Module module;
  std::string error;
  if (!ir::deserialize(with_header(fuzz::as_text(data, size)), module, error)) return 0;
  FixedContext context;
  for (ir::Index chunk = 0; chunk < module.chunks.size(); ++chunk) vm::evaluate(module, chunk, context);
  fuzz::run_events(module, events_for(module));
  return 0;
}
