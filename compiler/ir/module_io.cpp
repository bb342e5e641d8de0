// The module file: a 24-byte header, then the Module's fields in a fixed
// order, little-endian.
//
//   magic u32 "FLWC" | format version u32 | payload size u64 | XXH64(payload) u64
//
// One function, transfer(), describes the layout and runs with a Writer or
// a Reader, so both directions cannot drift apart. Reading never trusts the
// bytes: every read is bounds-checked, counts are checked against the bytes
// left before anything is allocated, enum values against their range, and
// after reading, every index the module holds is checked against the table
// it points into and every chunk's code is verified (operands in range,
// forward jumps, a stack that never underflows, a Return at the end), so
// the VM can run a module it was given without checking it again.
#include "ir/module_io.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace flowc::ir {

namespace {

constexpr size_t kHeaderSize = 24;
constexpr int kMaxListDepth = 16;

// Enum sizes, for range checks while reading.
constexpr int kOpcodeCount = 0
#define OPCODE(Name, Effect, Doc) +1
#include "ir/opcodes.def"
    ;
constexpr int kBuiltinFieldCount = 4, kSpecialNameCount = 3, kBuiltinCount = 9, kTemplateFilterCount = 5,
              kHtmlEscapeCount = 5;
constexpr int kTypeCount = 13, kAggregateKindCount = 3, kWindowKindCount = 3, kChannelCount = 4, kStatusCount = 3;
constexpr int kStepKindCount = 9, kWaitKindCount = 3, kTriggerKindCount = 5, kReentryCount = 4, kZoneCount = 3;
constexpr int kValueKindCount = 10, kConsentCount = 3;

struct FormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void put_le(std::string& out, uint64_t v, size_t bytes) {
  for (size_t i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

uint64_t get_le(const char* p, size_t bytes) {
  uint64_t v = 0;
  for (size_t i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

class Writer {
 public:
  static constexpr bool reading = false;

  template <typename T>
  void num(T& v) {
    if constexpr (std::is_same_v<T, double>) {
      uint64_t bits;
      std::memcpy(&bits, &v, sizeof bits);
      put_le(out, bits, 8);
    } else {
      put_le(out, static_cast<uint64_t>(v), sizeof(T));
    }
  }
  void str(std::string& s) {
    uint32_t n = static_cast<uint32_t>(s.size());
    num(n);
    out += s;
  }
  template <typename E>
  void enm(E& e, int /*count*/) {
    uint8_t v = static_cast<uint8_t>(e);
    num(v);
  }
  template <typename T, typename F>
  void vec(std::vector<T>& items, size_t /*min_bytes*/, F each) {
    uint32_t n = static_cast<uint32_t>(items.size());
    num(n);
    for (T& item : items) each(item);
  }

  std::string out;
};

class Reader {
 public:
  static constexpr bool reading = true;
  Reader(const char* data, size_t size) : p_(data), end_(data + size) {}

  template <typename T>
  void num(T& v) {
    need(sizeof(T));
    uint64_t raw = get_le(p_, sizeof(T));
    p_ += sizeof(T);
    if constexpr (std::is_same_v<T, double>) {
      std::memcpy(&v, &raw, sizeof v);
    } else if constexpr (std::is_same_v<T, bool>) {
      if (raw > 1) throw FormatError("a flag is neither true nor false");
      v = raw != 0;
    } else {
      v = static_cast<T>(raw);
    }
  }
  void str(std::string& s) {
    uint32_t n = 0;
    num(n);
    need(n);
    s.assign(p_, n);
    p_ += n;
  }
  template <typename E>
  void enm(E& e, int count) {
    uint8_t v = 0;
    num(v);
    if (v >= count) throw FormatError(fmt::format("an enumeration value ({}) is out of range", v));
    e = static_cast<E>(v);
  }
  // Each item takes at least `min_bytes`, so a count larger than the bytes
  // left can hold is damage, found before any allocation.
  template <typename T, typename F>
  void vec(std::vector<T>& items, size_t min_bytes, F each) {
    uint32_t n = 0;
    num(n);
    if (min_bytes == 0) min_bytes = 1;
    if (n > remaining() / min_bytes) throw FormatError("a table is longer than the file");
    items.clear();
    items.resize(n);
    for (T& item : items) each(item);
  }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }

 private:
  void need(size_t n) {
    if (remaining() < n) throw FormatError("the content ends in the middle of a field");
  }
  const char* p_;
  const char* end_;
};

// ---------------------------------------------------------------------------
// The layout.

template <typename IO>
void transfer(IO& io, Value& v, int depth) {
  if (depth > kMaxListDepth) throw FormatError("lists are nested too deeply");
  // Reading: a String or List value is made whole at once below; a scalar
  // gets its kind now and its payload from the cases.
  ValueKind kind = v.kind;
  io.enm(kind, kValueKindCount);
  if constexpr (IO::reading) {
    if (kind != ValueKind::String && kind != ValueKind::List) {
      v = Value();
      v.kind = kind;
    }
  }
  switch (kind) {
    case ValueKind::Unset: break;
    case ValueKind::Number: io.num(v.n); break;
    case ValueKind::Consent:
      io.num(v.i);
      if (v.i < 0 || v.i >= kConsentCount) throw FormatError("a consent value is out of range");
      break;
    case ValueKind::Bool:
      io.num(v.i);
      if (v.i != 0 && v.i != 1) throw FormatError("a boolean constant is neither true nor false");
      break;
    case ValueKind::String: {
      std::string s = v.str();
      io.str(s);
      if constexpr (IO::reading) v = Value::string(std::move(s));
      break;
    }
    case ValueKind::List: {
      std::vector<Value> items = v.items();
      io.vec(items, 1, [&](Value& item) { transfer(io, item, depth + 1); });
      if constexpr (IO::reading) v = Value::list_of(std::move(items));
      break;
    }
    default: io.num(v.i); break;  // Int, Date, DateTime, Duration
  }
}

template <typename IO>
void transfer(IO& io, PropertyDef& p) {
  io.str(p.name);
  io.enm(p.type, kTypeCount);
  io.num(p.optional);
  io.num(p.default_constant);
}

template <typename IO>
void transfer(IO& io, Chunk& c) {
  io.vec(c.code, 7, [&](Instr& in) {
    io.enm(in.op, kOpcodeCount);
    io.num(in.b);
    io.num(in.a);
  });
  io.str(c.source);
}

template <typename IO>
void transfer(IO& io, AccountDef& a) {
  io.str(a.name);
  io.str(a.timezone);
  io.str(a.sender_email_name);
  io.str(a.sender_email_address);
  io.str(a.sender_sms);
  io.str(a.sender_whatsapp);
  io.num(a.push);
  for (int64_t& s : a.smart_sending_seconds) io.num(s);
  io.num(a.attribution_email_click);
  io.num(a.attribution_email_open);
  io.num(a.attribution_sms_click);
  io.num(a.attribution_push_open);
  io.num(a.exclude_bot_clicks);
  io.num(a.exclude_privacy_opens);
  io.num(a.utm);
  io.vec(a.utm_params, 8, [&](std::pair<std::string, std::string>& kv) {
    io.str(kv.first);
    io.str(kv.second);
  });
  io.num(a.quiet_start_minute);
  io.num(a.quiet_end_minute);
  io.num(a.conversion_metric);
  io.num(a.conversion_value);
  io.num(a.double_opt_in_email);
  io.str(a.sms_help);
}

template <typename IO>
void transfer(IO& io, StepDef& s) {
  io.enm(s.kind, kStepKindCount);
  io.num(s.next);
  io.num(s.line);
  io.str(s.name);
  io.num(s.message);
  io.enm(s.channel, kChannelCount);
  io.num(s.inline_body);
  io.enm(s.status, kStatusCount);
  io.num(s.smart_sending);
  io.num(s.utm);
  io.enm(s.wait, kWaitKindCount);
  io.num(s.seconds);
  io.num(s.at_minute);
  io.num(s.days);
  io.vec(s.conditions, 4, [&](Index& i) { io.num(i); });
  io.vec(s.targets, 4, [&](Index& i) { io.num(i); });
  io.num(s.else_target);
  io.num(s.is_split);
  io.num(s.property);
  io.num(s.value);
  io.num(s.list);
  io.num(s.notify_to);
  io.num(s.notify_text);
}

template <typename IO>
void transfer(IO& io, FlowDef& f) {
  io.str(f.name);
  io.enm(f.trigger, kTriggerKindCount);
  io.num(f.trigger_target);
  io.num(f.trigger_where);
  io.num(f.date_property);
  io.num(f.date_builtin);
  io.num(f.yearly);
  io.num(f.offset_seconds);
  io.num(f.at_minute);
  io.num(f.drop_percent);
  io.num(f.drop_key);
  io.num(f.drop_within_seconds);
  io.vec(f.filters, 4, [&](Index& i) { io.num(i); });
  io.enm(f.reentry, kReentryCount);
  io.num(f.reentry_after_seconds);
  io.num(f.profile_timezone);
  io.vec(f.steps, 40, [&](StepDef& s) { transfer(io, s); });
  io.num(f.entry);
  io.num(f.event_metric);
}

template <typename IO>
void transfer(IO& io, CampaignDef& c) {
  io.str(c.name);
  io.enm(c.zone, kZoneCount);
  io.str(c.zone_name);
  io.num(c.next_day_if_passed);
  auto audience = [&](std::pair<bool, Index>& a) {
    io.num(a.first);
    io.num(a.second);
  };
  io.vec(c.paths, 16, [&](PathDef& p) {
    io.str(p.name);
    io.vec(p.include, 5, audience);
    io.vec(p.exclude, 5, audience);
    io.vec(p.sends, 30, [&](CampaignSendDef& s) {
      io.num(s.message);
      io.enm(s.channel, kChannelCount);
      io.num(s.inline_body);
      io.str(s.name);
      io.num(s.local_minutes);
      io.num(s.stagger_percent);
      io.num(s.smart_sending);
      io.num(s.utm);
    });
  });
}

template <typename IO>
void transfer(IO& io, AutomationDef& a) {
  io.str(a.name);
  io.num(a.sms);
  io.num(a.whatsapp);
  io.vec(a.keywords, 4, [&](std::string& k) { io.str(k); });
  io.vec(a.reply_triggers, 9, [&](AutomationDef::Reply& r) {
    io.num(r.campaign);
    io.str(r.source);
    io.vec(r.keywords, 4, [&](std::string& k) { io.str(k); });
  });
  io.num(a.save_keyword_to);
  io.vec(a.questions, 16, [&](QuestionDef& q) {
    io.str(q.name);
    io.num(q.text);
    io.vec(q.choices, 4, [&](std::string& c) { io.str(c); });
    io.num(q.save_to);
  });
  io.vec(a.recommendations, 12, [&](RecommendationDef& r) {
    io.str(r.name);
    io.num(r.when);
    io.num(r.text);
  });
  io.num(a.reprompt);
  io.num(a.fallback);
  io.num(a.reply);
  io.num(a.max_reprompts);
  io.num(a.timeout_seconds);
}

template <typename IO>
void transfer(IO& io, Module& m) {
  transfer(io, m.account);
  io.vec(m.profile_properties, 10, [&](PropertyDef& p) { transfer(io, p); });
  io.vec(m.metrics, 9, [&](MetricDef& metric) {
    io.str(metric.name);
    io.vec(metric.properties, 10, [&](PropertyDef& p) { transfer(io, p); });
    io.num(metric.builtin);
  });
  io.vec(m.lists, 4, [&](std::string& l) { io.str(l); });
  io.vec(m.segments, 9, [&](SegmentDef& s) {
    io.str(s.name);
    io.num(s.condition);
    io.num(s.time_dependent);
  });
  io.vec(m.aggregates, 22, [&](AggregateDef& a) {
    io.enm(a.kind, kAggregateKindCount);
    io.num(a.metric);
    io.num(a.property);
    io.num(a.where);
    io.enm(a.window, kWindowKindCount);
    io.num(a.window_seconds);
  });
  io.vec(m.messages, 30, [&](MessageDef& msg) {
    io.str(msg.name);
    io.enm(msg.channel, kChannelCount);
    io.num(msg.subject);
    io.num(msg.preview);
    io.num(msg.title);
    io.num(msg.body);
    io.str(msg.from_name);
    io.str(msg.from_address);
    io.num(msg.transactional);
  });
  io.vec(m.flows, 60, [&](FlowDef& f) { transfer(io, f); });
  io.vec(m.campaigns, 10, [&](CampaignDef& c) { transfer(io, c); });
  io.vec(m.automations, 50, [&](AutomationDef& a) { transfer(io, a); });
  io.vec(m.constants, 1, [&](Value& v) { transfer(io, v, 0); });
  io.vec(m.chunks, 8, [&](Chunk& c) { transfer(io, c); });
}

// ---------------------------------------------------------------------------
// Verification of what was read: every index points into its table.

class Verifier {
 public:
  explicit Verifier(const Module& m) : m_(m) {}

  void module() {
    for (const PropertyDef& p : m_.profile_properties) optional(p.default_constant, m_.constants.size(), "constant");
    for (const AggregateDef& a : m_.aggregates) aggregate(a);
    for (const SegmentDef& s : m_.segments) required(s.condition, m_.chunks.size(), "chunk");
    for (const MessageDef& msg : m_.messages)
      for (Index c : {msg.subject, msg.preview, msg.title, msg.body}) optional(c, m_.chunks.size(), "chunk");
    for (const FlowDef& f : m_.flows) flow(f);
    for (const CampaignDef& c : m_.campaigns) campaign(c);
    for (const AutomationDef& a : m_.automations) automation(a);
    account(m_.account);
    optional(m_.account.conversion_metric, m_.metrics.size(), "metric");
    optional(m_.account.conversion_value, m_.chunks.size(), "chunk");
    for (size_t i = 0; i < m_.chunks.size(); ++i) chunk(m_.chunks[i], i);
  }

 private:
  void required(Index i, size_t size, const char* what) {
    if (i >= size) throw FormatError(fmt::format("a reference to {} {} is out of range", what, i));
  }
  void optional(Index i, size_t size, const char* what) {
    if (i != kNone) required(i, size, what);
  }

  // Times and durations the runtime does arithmetic on (minutes * 60, the
  // clock plus a span) in int64_t: a value out of what the compiler can
  // write would overflow there (a campaign time found by the module fuzzer).
  // Durations are at most 100 years, as the language's literals; wall times
  // are in the years 0001 to 9999, as every time flowc reads.
  static constexpr int64_t kLongestSeconds = int64_t(100) * 366 * 86400;
  static constexpr int64_t kFirstMinute = -62135596800 / 60;  // 0001-01-01T00:00
  static constexpr int64_t kLastMinute = 253402300799 / 60;   // 9999-12-31T23:59

  static void in_range(int64_t value, int64_t lowest, int64_t highest, const char* what) {
    if (value < lowest || value > highest)
      throw FormatError(fmt::format("{} {} is out of range ({} to {})", what, value, lowest, highest));
  }
  static void duration(int64_t seconds, const char* what) { in_range(seconds, 0, kLongestSeconds, what); }
  static void minute_of_day(int32_t minute, const char* what) { in_range(minute, -1, 24 * 60 - 1, what); }
  static void percent(double value, double lowest, double highest, const char* what) {
    if (!(value >= lowest && value <= highest))  // also refuses NaN
      throw FormatError(fmt::format("{} {} is out of range ({} to {})", what, value, lowest, highest));
  }

  void account(const AccountDef& a) {
    for (int64_t s : a.smart_sending_seconds) duration(s, "a smart sending window");
    for (int64_t s : {a.attribution_email_click, a.attribution_email_open, a.attribution_sms_click,
                      a.attribution_push_open})
      duration(s, "an attribution window");
    minute_of_day(a.quiet_start_minute, "a quiet hours start");
    minute_of_day(a.quiet_end_minute, "a quiet hours end");
  }

  void aggregate(const AggregateDef& a) {
    duration(a.window_seconds, "an aggregate window");
    required(a.metric, m_.metrics.size(), "metric");
    if (a.kind == AggregateKind::Sum) required(a.property, m_.metrics[a.metric].properties.size(), "event property");
    optional(a.where, m_.chunks.size(), "chunk");
  }

  void flow(const FlowDef& f) {
    size_t targets = f.trigger == TriggerKind::List      ? m_.lists.size()
                     : f.trigger == TriggerKind::Segment ? m_.segments.size()
                     : f.trigger == TriggerKind::Date    ? 0
                                                         : m_.metrics.size();
    if (f.trigger != TriggerKind::Date) required(f.trigger_target, targets, "trigger target");
    optional(f.trigger_where, m_.chunks.size(), "chunk");
    optional(f.date_property, m_.profile_properties.size(), "profile property");
    if (f.date_builtin < -1 || f.date_builtin >= kBuiltinFieldCount) throw FormatError("a date field is out of range");
    optional(f.drop_key, m_.chunks.size(), "chunk");
    for (Index c : f.filters) required(c, m_.chunks.size(), "chunk");
    optional(f.event_metric, m_.metrics.size(), "metric");
    optional(f.entry, f.steps.size(), "step");
    in_range(f.offset_seconds, -kLongestSeconds, kLongestSeconds, "a date trigger offset");
    minute_of_day(f.at_minute, "a date trigger time");
    duration(f.drop_within_seconds, "a price drop window");
    duration(f.reentry_after_seconds, "a re-entry delay");
    if (f.trigger == TriggerKind::PriceDrop) percent(f.drop_percent, 0, 100, "a price drop percentage");
    for (size_t i = 0; i < f.steps.size(); ++i) step(f.steps[i], i, f.steps.size());
  }

  // Steps only lead forward: the compiler numbers them in source order, and
  // a step that led back would let one entry run the flow for ever without
  // waiting (a loop of sends found by the module fuzzer).
  void step(const StepDef& s, size_t index, size_t steps) {
    auto forward = [&](Index target) {
      optional(target, steps, "step");
      if (target != kNone && target <= index)
        throw FormatError(fmt::format("step {} leads back to step {}: steps only lead forward", index, target));
    };
    forward(s.next);
    duration(s.seconds, "a wait");
    minute_of_day(s.at_minute, "a wait's time of day");
    optional(s.message, m_.messages.size(), "message");
    optional(s.inline_body, m_.chunks.size(), "chunk");
    if (s.kind == StepKind::Branch && (s.conditions.size() != s.targets.size() || s.conditions.empty()))
      throw FormatError("a branch has no conditions, or not one target per condition");
    for (Index c : s.conditions) required(c, m_.chunks.size(), "chunk");
    for (Index t : s.targets) forward(t);
    forward(s.else_target);
    optional(s.property, m_.profile_properties.size(), "profile property");
    optional(s.value, m_.chunks.size(), "chunk");
    optional(s.list, m_.lists.size(), "list");
    optional(s.notify_to, m_.chunks.size(), "chunk");
    optional(s.notify_text, m_.chunks.size(), "chunk");
  }

  void campaign(const CampaignDef& c) {
    for (const PathDef& p : c.paths) {
      for (const auto* audience : {&p.include, &p.exclude})
        for (const auto& [is_segment, index] : *audience)
          required(index, is_segment ? m_.segments.size() : m_.lists.size(), "audience");
      for (const CampaignSendDef& s : p.sends) {
        in_range(s.local_minutes, kFirstMinute, kLastMinute, "a campaign send time");
        percent(s.stagger_percent, 0, 100, "a stagger percentage");
        optional(s.message, m_.messages.size(), "message");
        optional(s.inline_body, m_.chunks.size(), "chunk");
      }
    }
  }

  void automation(const AutomationDef& a) {
    optional(a.save_keyword_to, m_.profile_properties.size(), "profile property");
    for (const QuestionDef& q : a.questions) {
      required(q.text, m_.chunks.size(), "chunk");
      optional(q.save_to, m_.profile_properties.size(), "profile property");
    }
    for (const RecommendationDef& r : a.recommendations) {
      optional(r.when, m_.chunks.size(), "chunk");
      required(r.text, m_.chunks.size(), "chunk");
    }
    for (Index c : {a.reprompt, a.fallback, a.reply}) optional(c, m_.chunks.size(), "chunk");
    in_range(a.max_reprompts, 0, INT64_MAX, "max_reprompts");
    duration(a.timeout_seconds, "a session timeout");
  }

  // Operands in range, and a stack that never underflows: code only jumps
  // forward, so one pass in order sees every way into an instruction.
  void chunk(const Chunk& c, size_t index) {
    auto fail = [&](size_t pc, const char* why) {
      throw FormatError(fmt::format("chunk {} instruction {}: {}", index, pc, why));
    };
    if (c.code.empty() || c.code.back().op != Opcode::Return) fail(c.code.size(), "the chunk does not end with Return");
    std::vector<int64_t> depth_at(c.code.size() + 1, -1);  // -1: not reached
    depth_at[0] = 0;
    for (size_t pc = 0; pc < c.code.size(); ++pc) {
      const Instr& in = c.code[pc];
      int64_t depth = depth_at[pc];
      if (depth < 0) continue;  // unreachable code is harmless
      operand_ok(in, [&](const char* why) { fail(pc, why); });
      StackEffect effect = stack_effect(in);  // a conditional jump's fall-through pops one more, below
      if (depth < effect.pops) fail(pc, "the stack would underflow");
      int64_t after = depth - effect.pops + effect.pushes;
      bool conditional = in.op == Opcode::JumpIfFalseOrPop || in.op == Opcode::JumpIfTrueOrPop;
      if (in.op == Opcode::Jump || conditional) {
        if (in.a <= static_cast<int64_t>(pc) || in.a > static_cast<int64_t>(c.code.size()) - 1)
          fail(pc, "a jump does not go forward within the chunk");
        merge(depth_at, in.a, after, [&](const char* why) { fail(pc, why); });
        if (conditional) merge(depth_at, pc + 1, after - 1, [&](const char* why) { fail(pc, why); });
      } else if (in.op != Opcode::Return) {
        merge(depth_at, pc + 1, after, [&](const char* why) { fail(pc, why); });
      }
    }
  }

  template <typename Fail>
  static void merge(std::vector<int64_t>& depth_at, size_t at, int64_t depth, Fail fail) {
    if (depth_at[at] >= 0 && depth_at[at] != depth) fail("paths reach an instruction with different stacks");
    depth_at[at] = depth;
  }

  template <typename Fail>
  void operand_ok(const Instr& in, Fail fail) {
    auto below = [&](int64_t limit) {
      if (in.a < 0 || in.a >= limit) fail("an operand is out of range");
    };
    switch (in.op) {
      case Opcode::Const: below(static_cast<int64_t>(m_.constants.size())); break;
      case Opcode::LoadProfile: below(static_cast<int64_t>(m_.profile_properties.size())); break;
      case Opcode::LoadBuiltin: below(kBuiltinFieldCount); break;
      case Opcode::LoadConsent: below(kConsentChannels); break;
      case Opcode::LoadEvent: below(1 << 16); break;  // the slot is checked against the event at run time
      case Opcode::LoadSpecial: below(kSpecialNameCount); break;
      case Opcode::InList: below(static_cast<int64_t>(m_.lists.size())); break;
      case Opcode::InSegment: below(static_cast<int64_t>(m_.segments.size())); break;
      case Opcode::Aggregate: below(static_cast<int64_t>(m_.aggregates.size())); break;
      case Opcode::MakeList:
      case Opcode::Concat: below(1 << 16); break;
      case Opcode::Call: below(kBuiltinCount); break;
      case Opcode::Filter: below(kTemplateFilterCount); break;
      case Opcode::Escape: below(kHtmlEscapeCount); break;
      default: break;
    }
  }

  const Module& m_;
};

std::string header(uint64_t payload_size, uint64_t checksum) {
  std::string out;
  put_le(out, Module::kMagic, 4);
  put_le(out, Module::kVersion, 4);
  put_le(out, payload_size, 8);
  put_le(out, checksum, 8);
  return out;
}

}  // namespace

std::string serialize(const Module& module) {
  Writer writer;
  transfer(writer, const_cast<Module&>(module));  // the Writer only reads the fields
  uint64_t checksum = XXH64(writer.out.data(), writer.out.size(), 0);
  return header(writer.out.size(), checksum) + writer.out;
}

bool looks_like_module(const std::string& bytes) {
  return bytes.size() >= 4 && get_le(bytes.data(), 4) == Module::kMagic;
}

bool deserialize(const std::string& bytes, Module& module, std::string& error) {
  if (!looks_like_module(bytes)) {
    error = "this is not a flowc module (it does not start with the module magic number \"FLWC\")";
    return false;
  }
  if (bytes.size() < kHeaderSize) {
    error = "the module file is truncated: its header is incomplete";
    return false;
  }
  uint32_t version = static_cast<uint32_t>(get_le(bytes.data() + 4, 4));
  if (version != Module::kVersion) {
    error = fmt::format(
        "this module was built with module format version {}, but this flowc reads format version {}; "
        "rebuild it from its sources with `flowc build`",
        version, Module::kVersion);
    return false;
  }
  uint64_t payload_size = get_le(bytes.data() + 8, 8);
  uint64_t checksum = get_le(bytes.data() + 16, 8);
  size_t actual = bytes.size() - kHeaderSize;
  if (payload_size != actual) {
    error = fmt::format("the module file is {}: its header announces {} bytes of content, but {} follow",
                        payload_size > actual ? "truncated" : "damaged", payload_size, actual);
    return false;
  }
  const char* payload = bytes.data() + kHeaderSize;
  if (XXH64(payload, actual, 0) != checksum) {
    error = "the module file is damaged: its checksum does not match its content";
    return false;
  }
  Module result;
  try {
    Reader reader(payload, actual);
    transfer(reader, result);
    if (reader.remaining() != 0) throw FormatError("unexpected bytes after the module's content");
    Verifier(result).module();
  } catch (const FormatError& e) {
    error = fmt::format("the module file is damaged: {}", e.what());
    return false;
  } catch (const std::bad_alloc&) {
    error = "the module file is damaged: a table is too large";
    return false;
  }
  module = std::move(result);
  return true;
}

}  // namespace flowc::ir
