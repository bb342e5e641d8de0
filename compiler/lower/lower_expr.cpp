// Expressions -> stack code (ir/opcodes.def): literals become constants,
// names become slots, `and`/`or` short-circuit with jumps, count/sum/last
// become shared aggregates.
#include <cstring>

#include "lower/lowerer.h"

namespace flowc::lower {

using ast::ExprKind;
using ir::Opcode;

namespace {

std::string joined(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& p : path) out += (out.empty() ? "" : ".") + p;
  return out;
}

std::optional<ir::Consent> consent_value(const std::string& word) {
  if (word == "never_subscribed") return ir::Consent::NeverSubscribed;
  if (word == "subscribed") return ir::Consent::Subscribed;
  if (word == "unsubscribed") return ir::Consent::Unsubscribed;
  return std::nullopt;
}

// Lower case as the checker compares choices: ASCII and Latin-1 letters.
std::string lowercase(const std::string& s) {
  std::u32string cps = decode_utf8(s);
  for (char32_t& c : cps) {
    if (c >= U'A' && c <= U'Z') c += 32;
    else if (c >= 0xC0 && c <= 0xDE && c != 0xD7) c += 32;
  }
  return encode_utf8(cps);
}

// The index of the automation question a bare name refers to, or -1.
int question_index(const ast::Expr& e, const ExprContext& cx) {
  if (!cx.automation || e.kind != ExprKind::NameRef || e.path.size() != 1) return -1;
  const auto& questions = cx.automation->questions;
  for (size_t i = 0; i < questions.size(); ++i)
    if (questions[i].name.text == e.path[0]) return static_cast<int>(i);
  return -1;
}

// The runtime records an answer as the choice's own text; the checker
// accepts a choice written in another case, so compare with the choice as
// declared.
std::string canonical_choice(const ast::Question& q, const std::string& written) {
  for (const ast::Text& c : q.choices)
    if (lowercase(c.value) == lowercase(written)) return c.value;
  return written;
}

std::optional<ir::Builtin> builtin_function(const std::string& name) {
  static const std::pair<const char*, ir::Builtin> table[] = {
      {"lower", ir::Builtin::Lower},           {"upper", ir::Builtin::Upper},
      {"len", ir::Builtin::Len},               {"contains", ir::Builtin::Contains},
      {"starts_with", ir::Builtin::StartsWith}, {"ends_with", ir::Builtin::EndsWith},
      {"days_since", ir::Builtin::DaysSince},   {"hours_since", ir::Builtin::HoursSince},
      {"default", ir::Builtin::Default},
  };
  for (const auto& [n, b] : table)
    if (name == n) return b;
  return std::nullopt;
}

std::optional<Opcode> binary_opcode(ast::Op op) {
  switch (op) {
    case ast::Op::Add: return Opcode::Add;
    case ast::Op::Sub: return Opcode::Sub;
    case ast::Op::Mul: return Opcode::Mul;
    case ast::Op::Div: return Opcode::Div;
    case ast::Op::Mod: return Opcode::Mod;
    case ast::Op::Eq: return Opcode::Eq;
    case ast::Op::Ne: return Opcode::Ne;
    case ast::Op::Lt: return Opcode::Lt;
    case ast::Op::Le: return Opcode::Le;
    case ast::Op::Gt: return Opcode::Gt;
    case ast::Op::Ge: return Opcode::Ge;
    default: return std::nullopt;
  }
}

// A constant's identity, for sharing equal constants.
std::string constant_key(const ir::Value& v) {
  std::string key = std::to_string(static_cast<int>(v.kind)) + ":";
  switch (v.kind) {
    case ir::ValueKind::Number: {
      char bits[sizeof(double)];
      std::memcpy(bits, &v.n, sizeof bits);
      key.append(bits, sizeof bits);
      break;
    }
    case ir::ValueKind::String: key += v.str(); break;
    case ir::ValueKind::List:
      key += "[";
      for (const ir::Value& item : v.items()) {
        std::string k = constant_key(item);
        key += std::to_string(k.size()) + ":" + k;
      }
      key += "]";
      break;
    default: key += std::to_string(v.i); break;
  }
  return key;
}

}  // namespace

std::optional<ir::Value> literal_value(const ast::Expr& e) {
  switch (e.kind) {
    case ExprKind::IntLiteral: return ir::Value::integer(e.int_value);
    case ExprKind::NumberLiteral:
    case ExprKind::PercentLiteral: return ir::Value::number(e.number_value);
    case ExprKind::StringLiteral: return ir::Value::string(e.text);
    case ExprKind::BoolLiteral: return ir::Value::boolean(e.bool_value);
    case ExprKind::DurationLiteral: return ir::Value::duration(e.int_value * 60);
    case ExprKind::DateLiteral: return ir::Value::date(e.int_value);
    // A date-time literal is a wall time with no zone of its own (it is read
    // in the zone of the place that uses it). In expressions it is kept as
    // account-local wall time: local minutes since 1970 * 60, not UTC.
    case ExprKind::DateTimeLiteral: return ir::Value::datetime(e.int_value * 60);
    case ExprKind::NameRef:
      if (e.path.size() == 1)
        if (auto c = consent_value(e.path[0])) return ir::Value::consent(*c);
      return std::nullopt;
    case ExprKind::Unary: {
      if (e.op != ast::Op::Neg || e.args.empty() || !e.args[0]) return std::nullopt;
      std::optional<ir::Value> v = literal_value(*e.args[0]);
      if (!v) return std::nullopt;
      if (v->kind == ir::ValueKind::Number) return ir::Value::number(-v->n);
      if (v->kind == ir::ValueKind::Int) return ir::Value::integer(-v->i);
      if (v->kind == ir::ValueKind::Duration) return ir::Value::duration(-v->i);
      return std::nullopt;
    }
    case ExprKind::ListLiteral: {
      // list<number> written with some ints: every item is a number.
      bool numbers = e.type.kind == check::TypeKind::List && e.type.element == check::TypeKind::Number;
      std::vector<ir::Value> items;
      for (const auto& a : e.args) {
        if (!a) return std::nullopt;
        std::optional<ir::Value> v = literal_value(*a);
        if (!v) return std::nullopt;
        if (numbers && v->kind == ir::ValueKind::Int) v = ir::Value::number(static_cast<double>(v->i));
        items.push_back(std::move(*v));
      }
      return ir::Value::list_of(std::move(items));
    }
    default: return std::nullopt;
  }
}

Index Lowerer::constant(const ir::Value& v) {
  auto [it, inserted] = constant_index_.emplace(constant_key(v), static_cast<Index>(module.constants.size()));
  if (inserted) module.constants.push_back(v);
  return it->second;
}

Index Lowerer::event_slot(Index metric, const std::string& property) const {
  if (metric >= module.metrics.size()) return kNone;
  const auto& props = module.metrics[metric].properties;
  for (Index i = 0; i < props.size(); ++i)
    if (props[i].name == property) return i;
  return kNone;
}

Index Lowerer::expr_chunk(const ast::Expr* e, const ExprContext& cx) {
  if (!e) return kNone;
  ChunkBuilder code;
  expr(code, *e, cx);
  return add_chunk(code, e->span);
}

// count/sum/last: one AggregateDef per distinct (kind, metric, property,
// where as written, window), however many places use it.
Index Lowerer::aggregate(const ast::Expr& e) {
  ir::AggregateDef def;
  def.kind = e.kind == ExprKind::Count ? ir::AggregateKind::Count
             : e.kind == ExprKind::Sum ? ir::AggregateKind::Sum
                                       : ir::AggregateKind::Last;
  def.metric = metric_index(e.text);
  if (def.kind == ir::AggregateKind::Sum) def.property = event_slot(def.metric, e.property);
  def.window = e.window == ast::WindowKind::Within           ? ir::WindowKind::Within
               : e.window == ast::WindowKind::SinceFlowStart ? ir::WindowKind::SinceFlowStart
                                                              : ir::WindowKind::All;
  if (def.window == ir::WindowKind::Within) def.window_seconds = e.window_minutes * 60;
  std::string where_source = e.where ? source_text(e.where->span) : std::string();
  auto key = std::make_tuple(static_cast<int>(def.kind), def.metric, def.property, where_source,
                             static_cast<int>(def.window), def.window_seconds);
  auto found = aggregate_index_.find(key);
  if (found != aggregate_index_.end()) return found->second;
  // Inside `where`, `event.` is the counted event.
  def.where = expr_chunk(e.where.get(), ExprContext{def.metric, nullptr});
  module.aggregates.push_back(def);
  Index index = static_cast<Index>(module.aggregates.size() - 1);
  aggregate_index_.emplace(key, index);
  return index;
}

// One side of a comparison, converted where the other side gives a string
// literal its meaning: a consent status, or an automation choice.
void Lowerer::operand(ChunkBuilder& out, const ast::Expr& e, const ast::Expr& other, const ExprContext& cx) {
  if (e.kind == ExprKind::StringLiteral) {
    if (other.type.kind == check::TypeKind::Consent) {
      if (auto c = consent_value(e.text)) {
        out.emit(Opcode::Const, static_cast<int32_t>(constant(ir::Value::consent(*c))));
        return;
      }
    }
    int q = question_index(other, cx);
    if (q >= 0) {
      std::string choice = canonical_choice(cx.automation->questions[q], e.text);
      out.emit(Opcode::Const, static_cast<int32_t>(constant(ir::Value::string(choice))));
      return;
    }
  }
  expr(out, e, cx);
}

namespace {

void emit_const(Lowerer& l, ChunkBuilder& out, const ir::Value& v) {
  out.emit(Opcode::Const, static_cast<int32_t>(l.constant(v)));
}

void emit_profile_property(Lowerer& l, ChunkBuilder& out, const std::string& name) {
  static const std::pair<const char*, ir::BuiltinField> builtins[] = {{"id", ir::BuiltinField::Id},
                                                                       {"email", ir::BuiltinField::Email},
                                                                       {"phone", ir::BuiltinField::Phone},
                                                                       {"created", ir::BuiltinField::Created}};
  static const std::pair<const char*, ir::ConsentChannel> consents[] = {
      {"consent.email", ir::ConsentChannel::Email},
      {"consent.sms", ir::ConsentChannel::Sms},
      {"consent.sms_transactional", ir::ConsentChannel::SmsTransactional},
      {"consent.push", ir::ConsentChannel::Push},
      {"consent.whatsapp", ir::ConsentChannel::Whatsapp}};
  for (const auto& [n, field] : builtins)
    if (name == n) {
      out.emit(Opcode::LoadBuiltin, static_cast<int32_t>(field));
      return;
    }
  for (const auto& [n, channel] : consents)
    if (name == n) {
      out.emit(Opcode::LoadConsent, static_cast<int32_t>(channel));
      return;
    }
  Index slot = l.profile_slot(name);
  if (slot == kNone) emit_const(l, out, ir::Value::unset());
  else out.emit(Opcode::LoadProfile, static_cast<int32_t>(slot));
}

void emit_name(Lowerer& l, ChunkBuilder& out, const ast::Expr& e, const ExprContext& cx) {
  std::string name = joined(e.path);
  if (std::optional<ir::Value> v = literal_value(e)) return emit_const(l, out, *v);
  int q = question_index(e, cx);
  if (q >= 0) {
    out.emit(Opcode::LoadEvent, q);
    return;
  }
  if (name == "unsubscribe_link") out.emit(Opcode::LoadSpecial, static_cast<int32_t>(ir::SpecialName::UnsubscribeLink));
  else if (name == "preferences_link")
    out.emit(Opcode::LoadSpecial, static_cast<int32_t>(ir::SpecialName::PreferencesLink));
  else if (name == "organization.name")
    out.emit(Opcode::LoadSpecial, static_cast<int32_t>(ir::SpecialName::OrganizationName));
  else emit_const(l, out, ir::Value::unset());
}

}  // namespace

void Lowerer::expr(ChunkBuilder& out, const ast::Expr& e, const ExprContext& cx) {
  auto sub = [&](size_t i) {
    if (i < e.args.size() && e.args[i]) expr(out, *e.args[i], cx);
    else emit_const(*this, out, ir::Value::unset());
  };
  switch (e.kind) {
    case ExprKind::IntLiteral:
    case ExprKind::NumberLiteral:
    case ExprKind::StringLiteral:
    case ExprKind::BoolLiteral:
    case ExprKind::DurationLiteral:
    case ExprKind::PercentLiteral:
    case ExprKind::DateLiteral:
    case ExprKind::DateTimeLiteral: emit_const(*this, out, *literal_value(e)); return;
    case ExprKind::ListLiteral: {
      if (std::optional<ir::Value> v = literal_value(e)) return emit_const(*this, out, *v);
      for (size_t i = 0; i < e.args.size(); ++i) sub(i);
      out.emit(Opcode::MakeList, static_cast<int32_t>(e.args.size()));
      return;
    }
    case ExprKind::ProfileRef: emit_const(*this, out, ir::Value::unset()); return;
    case ExprKind::ProfileProperty: emit_profile_property(*this, out, joined(e.path)); return;
    case ExprKind::EventProperty: {
      // No event here (a message never sent from a flow with one): unset.
      Index slot = e.path.size() == 1 ? event_slot(cx.event_metric, e.path[0]) : kNone;
      if (slot == kNone) emit_const(*this, out, ir::Value::unset());
      else out.emit(Opcode::LoadEvent, static_cast<int32_t>(slot));
      return;
    }
    case ExprKind::NameRef: emit_name(*this, out, e, cx); return;
    case ExprKind::Call: {
      if (e.text == "now") {
        out.emit(Opcode::Now);
        return;
      }
      for (size_t i = 0; i < e.args.size(); ++i) sub(i);
      std::optional<ir::Builtin> fn = builtin_function(e.text);
      out.emit(Opcode::Call, static_cast<int32_t>(fn.value_or(ir::Builtin::Default)),
               static_cast<uint16_t>(e.args.size()));
      return;
    }
    case ExprKind::Count:
    case ExprKind::Sum:
    case ExprKind::Last: out.emit(Opcode::Aggregate, static_cast<int32_t>(aggregate(e))); return;
    case ExprKind::Unary:
      if (std::optional<ir::Value> v = literal_value(e)) return emit_const(*this, out, *v);
      sub(0);
      out.emit(e.op == ast::Op::Not ? Opcode::Not : Opcode::Neg);
      return;
    case ExprKind::Binary: {
      if (e.op == ast::Op::And || e.op == ast::Op::Or) {
        sub(0);
        Index jump = out.emit(e.op == ast::Op::And ? Opcode::JumpIfFalseOrPop : Opcode::JumpIfTrueOrPop);
        sub(1);
        // `and`/`or` treat unset as false: a right side that may be unset is
        // turned into a bool, so `set p = a and b` stores false, not unset.
        if (e.args.size() == 2 && e.args[1] && e.args[1]->type.optional) {
          out.emit(Opcode::Not);
          out.emit(Opcode::Not);
        }
        out.patch_jump(jump);
        return;
      }
      if (e.args.size() == 2 && e.args[0] && e.args[1]) {
        operand(out, *e.args[0], *e.args[1], cx);
        operand(out, *e.args[1], *e.args[0], cx);
      } else {
        sub(0);
        sub(1);
      }
      out.emit(binary_opcode(e.op).value_or(Opcode::Eq));
      return;
    }
    case ExprKind::In: {
      sub(0);
      const ast::Expr* list = e.args.size() > 1 ? e.args[1].get() : nullptr;
      if (list && list->kind == ExprKind::ListLiteral && e.args[0] && question_index(*e.args[0], cx) >= 0) {
        // `flavor in ["chocolate", ...]`: each item is a choice of the question.
        const ast::Question& q = cx.automation->questions[question_index(*e.args[0], cx)];
        std::vector<ir::Value> items;
        for (const auto& item : list->args)
          items.push_back(ir::Value::string(canonical_choice(q, item ? item->text : std::string())));
        emit_const(*this, out, ir::Value::list_of(std::move(items)));
      } else {
        sub(1);
      }
      out.emit(Opcode::In);
      if (e.negated) out.emit(Opcode::Not);
      return;
    }
    case ExprKind::AudienceTest: {
      Index target = e.audience_is_segment ? segment_index(e.text) : list_index(e.text);
      out.emit(e.audience_is_segment ? Opcode::InSegment : Opcode::InList, static_cast<int32_t>(target));
      if (e.negated) out.emit(Opcode::Not);
      return;
    }
    case ExprKind::IsSet:
      sub(0);
      out.emit(Opcode::IsSet);
      if (e.negated) out.emit(Opcode::Not);
      return;
  }
}

bool reads_event(const ast::Expr* e) {
  if (!e) return false;
  if (e->kind == ExprKind::EventProperty) return true;
  for (const auto& a : e->args)
    if (reads_event(a.get())) return true;
  return false;  // `where` reads the counted event, not the place's
}

bool text_reads_event(const ast::Text& text) {
  for (const ast::TemplatePart& part : text.parts) {
    if (reads_event(part.expr.get())) return true;
    for (const ast::TemplateFilter& f : part.filters)
      if (reads_event(f.arg.get())) return true;
  }
  return false;
}

}  // namespace flowc::lower
