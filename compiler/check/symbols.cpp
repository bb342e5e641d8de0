// Collecting declarations: names by kind (with duplicate detection), the
// profile schema, metrics, and properties created implicitly by `set`.
#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "check/checker.h"
#include "diag/suggest.h"
#include "stdlib/builtin_metrics.h"

namespace flowc::check {

const std::vector<Property>& builtin_profile_fields() {
  static const std::vector<Property> fields = [] {
    std::vector<Property> f;
    auto add = [&](const char* name, Type type) {
      Property p;
      p.name = name;
      p.type = type;
      p.builtin = true;
      f.push_back(p);
    };
    add("id", Type::of(TypeKind::String));
    add("email", Type::of(TypeKind::String, true));
    add("phone", Type::of(TypeKind::String, true));
    add("created", Type::of(TypeKind::DateTime));
    for (const char* channel : {"email", "sms", "sms_transactional", "push", "whatsapp"})
      add((std::string("consent.") + channel).c_str(), Type::of(TypeKind::Consent));
    return f;
  }();
  return fields;
}

bool Symbols::channel_enabled(ast::Channel channel) const {
  switch (channel) {
    case ast::Channel::Email: return true;
    case ast::Channel::Sms: return sms_enabled;
    case ast::Channel::Push: return push_enabled;
    case ast::Channel::Whatsapp: return whatsapp_enabled;
    case ast::Channel::Invalid: return true;
  }
  return true;
}

const MetricInfo* Symbols::metric(const std::string& name) const {
  auto it = metrics.find(name);
  return it == metrics.end() ? nullptr : &it->second;
}

const Property* Symbols::profile_property(const std::string& name) const {
  auto it = profile.find(name);
  return it == profile.end() ? nullptr : &it->second;
}

namespace {

bool starts_before(const Span& a, const Span& b) { return a.file != b.file ? a.file < b.file : a.begin < b.begin; }

}  // namespace

// broken_ is sorted by (file, begin) and its spans (whole top-level
// declarations) do not overlap, so the only candidate is the last span that
// starts at or before `span`: a binary search, not a scan per declaration.
bool Checker::is_broken(Span span) const {
  auto after = std::upper_bound(broken_.begin(), broken_.end(), Span{span.file, span.begin, span.begin},
                                [](const Span& probe, const Span& b) { return starts_before(probe, b); });
  if (after == broken_.begin()) return false;
  const Span& b = *(after - 1);
  return b.file == span.file && span.begin >= b.begin && span.begin < b.end;
}

namespace {

// Registers `decl` under its name in `table`, reporting a duplicate.
template <typename T>
void declare(Checker& c, std::map<std::string, const T*>& table, const T& decl, const char* kind) {
  if (decl.name.text.empty()) return;
  auto [it, inserted] = table.emplace(decl.name.text, &decl);
  if (!inserted) {
    c.sink().report(DiagnosticKind::DuplicateName, decl.name.span,
                    fmt::format("{} `{}` is declared twice", kind, decl.name.text));
    c.sink().note(it->second->name.span, "first declared here");
    c.sink().hint(fmt::format("{} names must be unique; rename one of them", kind));
  }
}

}  // namespace

void Checker::collect_declarations() {
  for (ast::File& file : program_.files) {
    for (const Span& b : file.broken) broken_.push_back(b);
    for (ast::Account& a : file.accounts) {
      if (symbols.account) {
        sink_.report(DiagnosticKind::DuplicateBlock, Span{a.span.file, a.span.begin, a.span.begin + 7},
                     "a program has at most one `account` block");
        sink_.note(symbols.account->span, "the first `account` block is here");
        continue;
      }
      symbols.account = &a;
    }
    for (const ast::List& l : file.lists) declare(*this, symbols.lists, l, "list");
    for (const ast::Segment& s : file.segments) declare(*this, symbols.segments, s, "segment");
    for (const ast::Message& m : file.messages) declare(*this, symbols.messages, m, "message");
    for (const ast::Flow& f : file.flows) declare(*this, symbols.flows, f, "flow");
    for (const ast::Campaign& c : file.campaigns) declare(*this, symbols.campaigns, c, "campaign");
    for (const ast::Automation& a : file.automations) declare(*this, symbols.automations, a, "automation");
  }
  std::sort(broken_.begin(), broken_.end(), starts_before);
  // Audiences mix lists and segments, so they share one namespace.
  for (auto& [name, segment] : symbols.segments) {
    auto it = symbols.lists.find(name);
    if (it == symbols.lists.end()) continue;
    const ast::Name& later =
        std::make_pair(segment->name.span.file, segment->name.span.begin) >
                std::make_pair(it->second->name.span.file, it->second->name.span.begin)
            ? segment->name
            : it->second->name;
    const ast::Name& earlier = &later == &segment->name ? it->second->name : segment->name;
    sink_.report(DiagnosticKind::ListSegmentClash, later.span,
                 fmt::format("a list and a segment are both named `{}`", name));
    sink_.note(earlier.span, "the other one is declared here");
    sink_.hint("audiences mix lists and segments, so their names must differ");
  }
  const ast::Account& acc = account();
  for (const auto& s : acc.senders) {
    if (s.channel.text == "sms") symbols.sms_enabled = true;
    if (s.channel.text == "whatsapp") symbols.whatsapp_enabled = true;
  }
  symbols.push_enabled = acc.push == ast::SettingToggle::On;
}

const ast::Account& Checker::account() const {
  static const ast::Account defaults;
  return symbols.account ? *symbols.account : defaults;
}

Type Checker::schema_type(const ast::TypeRef& ref) {
  if (ref.name == "list") {
    if (!ref.element) return Type::error();
    TypeKind element = parse_type_kind(ref.element->name);
    if (element == TypeKind::Error || ref.element->element) {
      sink_.report(DiagnosticKind::InvalidType, ref.element->span,
                   fmt::format("`{}` is not a list element type", ref.element->name))
          .hint = "a list holds bool, int, number, string, date, datetime or duration values";
      return Type::error();
    }
    return Type::list_of(element, ref.optional);
  }
  TypeKind kind = parse_type_kind(ref.name);
  if (kind == TypeKind::Error) {
    std::vector<std::string> names = {"bool", "int", "number", "string", "date", "datetime", "duration", "list"};
    auto& d = sink_.report(DiagnosticKind::InvalidType, ref.span, fmt::format("unknown type `{}`", ref.name));
    std::string suggestion = did_you_mean(ref.name, names);
    d.hint = suggestion.empty() ? "the types are bool, int, number, string, date, datetime, duration and list<T>"
                                : suggestion;
    return Type::error();
  }
  return Type::of(kind, ref.optional);
}

namespace {

// Checks a schema field's default value against its type.
void check_default(Checker& c, const ast::SchemaField& f, Type type) {
  if (!f.default_value || type.is_error()) return;
  Type value = c.literal_type(*f.default_value);
  bool fits = value.same_shape(type) || (type.kind == TypeKind::Number && value.kind == TypeKind::Int);
  if (!fits)
    c.sink().report(DiagnosticKind::TypeMismatch, f.default_value->span,
                    fmt::format("default value of type `{}` does not fit `{}` of type `{}`", value.to_string(),
                                f.name.text, type.to_string()));
}

}  // namespace

void Checker::collect_schema() {
  for (const Property& p : builtin_profile_fields()) symbols.profile.emplace(p.name, p);
  bool seen_profile = false;
  Span first_profile;
  for (ast::File& file : program_.files) {
    for (ast::ProfileSchema& schema : file.profiles) {
      if (seen_profile) {
        sink_.report(DiagnosticKind::DuplicateBlock, Span{schema.span.file, schema.span.begin, schema.span.begin + 7},
                     "a program has at most one `profile` block");
        sink_.note(first_profile, "the first `profile` block is here");
        continue;
      }
      seen_profile = true;
      first_profile = schema.span;
      for (const ast::SchemaField& f : schema.fields) {
        Property p;
        p.name = f.name.text;
        p.type = schema_type(f.type);
        p.span = f.name.span;
        p.default_value = f.default_value.get();
        check_default(*this, f, p.type);
        if (f.default_value) p.type.optional = false;
        auto [it, inserted] = symbols.profile.emplace(p.name, p);
        if (!inserted) {
          sink_.report(DiagnosticKind::DuplicateName, f.name.span,
                       it->second.builtin ? fmt::format("`{}` is a built-in profile field", p.name)
                                          : fmt::format("profile property `{}` is declared twice", p.name));
          if (!it->second.builtin) sink_.note(it->second.span, "first declared here");
        }
      }
    }
  }
  for (const stdlib::BuiltinMetric& b : stdlib::builtin_metrics()) {
    MetricInfo info;
    info.name = b.name;
    for (const stdlib::BuiltinProperty& p : b.properties) {
      Property prop;
      prop.name = p.name;
      prop.type = p.type;
      prop.builtin = true;
      info.properties.emplace(p.name, prop);
    }
    symbols.metrics.emplace(b.name, std::move(info));
  }
  for (ast::File& file : program_.files) {
    for (ast::Metric& m : file.metrics) {
      if (m.name.text.empty()) continue;
      auto existing = symbols.metrics.find(m.name.text);
      if (existing != symbols.metrics.end()) {
        auto& d = sink_.report(DiagnosticKind::DuplicateName, m.name.span,
                               existing->second.decl ? fmt::format("metric `{}` is declared twice", m.name.text)
                                                     : fmt::format("`{}` is a built-in metric", m.name.text));
        if (existing->second.decl) d.notes.push_back({existing->second.decl->name.span, "first declared here"});
        continue;
      }
      MetricInfo info;
      info.name = m.name.text;
      info.decl = &m;
      for (const ast::SchemaField& f : m.fields) {
        Property p;
        p.name = f.name.text;
        p.type = schema_type(f.type);
        p.span = f.name.span;
        if (!info.properties.emplace(p.name, p).second)
          sink_.report(DiagnosticKind::DuplicateName, f.name.span,
                       fmt::format("property `{}` is declared twice in metric `{}`", p.name, m.name.text));
      }
      symbols.metrics.emplace(m.name.text, std::move(info));
    }
  }
}

namespace {

std::vector<std::string> declared_property_names(const Symbols& symbols) {
  std::vector<std::string> names;
  for (const auto& [name, p] : symbols.profile)
    if (!p.builtin && !p.implicit) names.push_back(name);
  return names;
}

}  // namespace

// `set profile.P = ...` and `save ... to profile.P` may create properties the
// schema does not declare. They are added before any expression is checked,
// so a later read of P in another flow type-checks against the value type.
void Checker::collect_implicit_properties() {
  std::vector<std::string> declared = declared_property_names(symbols);
  DiagnosticSink scratch;
  Checker probe(program_, sources_, scratch);
  probe.symbols.profile = symbols.profile;
  probe.symbols.metrics = symbols.metrics;
  probe.symbols.lists = symbols.lists;
  probe.symbols.segments = symbols.segments;
  auto add = [&](const ast::Name& name, Type type) {
    if (name.text.empty() || symbols.profile.count(name.text)) return;
    for (const Property& b : builtin_profile_fields())
      if (b.name == name.text) return;
    std::string close = closest_name(name.text, declared);
    if (!close.empty()) {
      sink_.report(DiagnosticKind::ImplicitProperty, name.span,
                   fmt::format("`{}` is not declared in the profile schema and will be created", name.text))
          .hint = fmt::format("did you mean `{}`? declare new properties in `profile {{ }}` to silence this", close);
    }
    Property p;
    p.name = name.text;
    p.type = type.as_optional();
    p.span = name.span;
    p.implicit = true;
    probe.symbols.profile.emplace(name.text, p);
    symbols.profile.emplace(name.text, std::move(p));
  };
  // Value types come from checking the assigned expression with `probe`: a
  // checker that reports into a scratch sink (this pre-pass must not report)
  // and sees the same names. It is set up once and kept up to date by `add`;
  // a copy of the symbol tables per `set` made this pass quadratic.
  std::function<void(ast::Block&, const Scope&)> walk = [&](ast::Block& steps, const Scope& scope) {
    for (ast::Step& s : steps) {
      if (s.kind == ast::StepKind::Set && s.value) add(s.property, probe.check_expr(s.value.get(), scope));
      for (ast::Block& b : s.branches) walk(b, scope);
      walk(s.else_block, scope);
    }
  };
  for (ast::File& file : program_.files) {
    for (ast::Flow& f : file.flows) {
      if (is_broken(f.span)) continue;
      Scope scope;
      scope.place = Place::SetValue;
      scope.in_flow = true;
      const ast::Trigger* t = f.trigger();
      if (t && t->kind == ast::TriggerKind::Metric) scope.event = symbols.metric(t->target.text);
      scope.event_unknown = t && t->kind == ast::TriggerKind::PriceDrop;
      walk(f.steps, scope);
    }
    for (ast::Automation& a : file.automations) {
      if (a.save_keyword_to) add(*a.save_keyword_to, Type::of(TypeKind::String));
      for (ast::Question& q : a.questions)
        if (q.save_to) add(*q.save_to, Type::of(TypeKind::String));
    }
  }
}

}  // namespace flowc::check
