// Expressions: name resolution and typing (LANGUAGE.md section 3).
#include <fmt/format.h>

#include "check/checker.h"
#include "diag/suggest.h"

namespace flowc::check {

using ast::ExprKind;
using ast::Op;

namespace {

std::string quoted_type(Type t) { return "`" + t.to_string() + "`"; }

bool is_profile_data(const ast::Expr& e) {
  return e.kind == ExprKind::ProfileProperty || e.kind == ExprKind::ProfileRef || e.kind == ExprKind::AudienceTest ||
         e.kind == ExprKind::Count || e.kind == ExprKind::Sum || e.kind == ExprKind::Last;
}

const char* consent_values[] = {"subscribed", "unsubscribed", "never_subscribed"};

bool is_consent_value(const std::string& s) {
  for (const char* v : consent_values)
    if (s == v) return true;
  return false;
}

// The type two branches or list items share, widening int to number.
std::optional<Type> unify(Type a, Type b) {
  if (a.is_error()) return b;
  if (b.is_error()) return a;
  if (a.same_shape(b)) return a.as_optional(a.optional || b.optional);
  if (a.is_numeric() && b.is_numeric()) return Type::of(TypeKind::Number, a.optional || b.optional);
  return std::nullopt;
}

}  // namespace

Type Checker::literal_type(const ast::Expr& e) const {
  switch (e.kind) {
    case ExprKind::IntLiteral: return Type::of(TypeKind::Int);
    case ExprKind::NumberLiteral: return Type::of(TypeKind::Number);
    case ExprKind::StringLiteral: return Type::of(TypeKind::String);
    case ExprKind::BoolLiteral: return Type::of(TypeKind::Bool);
    case ExprKind::DurationLiteral: return Type::of(TypeKind::Duration);
    case ExprKind::PercentLiteral: return Type::of(TypeKind::Percent);
    case ExprKind::DateLiteral: return Type::of(TypeKind::Date);
    case ExprKind::DateTimeLiteral: return Type::of(TypeKind::DateTime);
    default: return Type::error();
  }
}

void Checker::expect_bool(ast::Expr* expr, const Scope& scope, const char* what) {
  Type t = check_expr(expr, scope);
  if (!expr || t.is_error() || t.kind == TypeKind::Bool) return;
  sink_.report(DiagnosticKind::ConditionNotBool, expr->span,
               fmt::format("{} must be a `bool`, but this is {}", what, quoted_type(t)))
      .hint = t.kind == TypeKind::Int ? "compare it, for example `... > 0`" : "compare it with a value, for example `... == \"x\"`";
}

Type Checker::check_expr(ast::Expr* expr, const Scope& scope) {
  if (!expr) return Type::error();
  ast::Expr& e = *expr;
  Type t = Type::error();
  if (scope.place == Place::SplitCondition && is_profile_data(e)) {
    sink_.report(DiagnosticKind::SplitUsesProfile, e.span, "a trigger split may reference only the trigger event")
        .hint = "use `if` for conditions on profile data";
    e.type = Type::error();
    // Still resolve names inside, without the split restriction.
    Scope inner = scope;
    inner.place = Place::IfCondition;
    for (auto& a : e.args) check_expr(a.get(), inner);
    return e.type;
  }
  switch (e.kind) {
    case ExprKind::IntLiteral:
    case ExprKind::NumberLiteral:
    case ExprKind::StringLiteral:
    case ExprKind::BoolLiteral:
    case ExprKind::DurationLiteral:
    case ExprKind::DateLiteral:
    case ExprKind::DateTimeLiteral: t = literal_type(e); break;
    case ExprKind::PercentLiteral:
      sink_.report(DiagnosticKind::MisplacedExpression, e.span, "a percentage is not a value in expressions")
          .hint = fmt::format("write the number `{}` instead", e.number_value);
      break;
    case ExprKind::ListLiteral: {
      std::optional<Type> element = Type::error();
      for (auto& a : e.args) {
        Type at = check_expr(a.get(), scope);
        std::optional<Type> u = element ? unify(*element, at) : std::nullopt;
        if (!u && element && !at.is_error()) {
          sink_.report(DiagnosticKind::TypeMismatch, a->span,
                       fmt::format("list items must share one type: {} after {}", quoted_type(at),
                                   quoted_type(*element)));
          element = std::nullopt;
        } else if (u) {
          element = u;
        }
      }
      t = element && !element->is_error() && element->kind != TypeKind::List ? Type::list_of(element->kind)
                                                                              : Type::error();
      break;
    }
    case ExprKind::ProfileRef:
      sink_.report(DiagnosticKind::MisplacedExpression, e.span, "`profile` alone is not a value")
          .hint = "write `profile.NAME` for a property, or `profile in list NAME` / `profile in segment NAME`";
      break;
    case ExprKind::ProfileProperty: t = check_profile_property(e, scope); break;
    case ExprKind::EventProperty: t = check_event_property(e, scope); break;
    case ExprKind::NameRef: t = check_name_ref(e, scope); break;
    case ExprKind::Call: t = check_call(e, scope); break;
    case ExprKind::Count:
    case ExprKind::Sum:
    case ExprKind::Last: t = check_aggregate(e, scope); break;
    case ExprKind::Unary: {
      Type operand = check_expr(e.args.empty() ? nullptr : e.args[0].get(), scope);
      if (operand.is_error()) break;
      if (e.op == Op::Not) {
        if (operand.kind == TypeKind::Bool) t = Type::of(TypeKind::Bool);
        else
          sink_.report(DiagnosticKind::TypeMismatch, e.span,
                       fmt::format("`not` needs a `bool`, but this is {}", quoted_type(operand)));
      } else {
        if (operand.is_numeric() || operand.kind == TypeKind::Duration) t = operand;
        else
          sink_.report(DiagnosticKind::TypeMismatch, e.span,
                       fmt::format("`-` needs a number, but this is {}", quoted_type(operand)));
      }
      break;
    }
    case ExprKind::Binary: t = check_binary(e, scope); break;
    case ExprKind::In: {
      Type item = check_expr(e.args[0].get(), scope);
      Type list = check_expr(e.args[1].get(), scope);
      t = Type::of(TypeKind::Bool);
      if (item.is_error() || list.is_error()) break;
      if (list.kind != TypeKind::List) {
        auto& d = sink_.report(DiagnosticKind::TypeMismatch, e.args[1]->span,
                               fmt::format("`in` needs a list on its right, but this is {}", quoted_type(list)));
        if (list.kind == TypeKind::String) d.hint = "to look for text inside a string, use `contains(s, sub)`";
        break;
      }
      bool fits = item.kind == list.element ||
                  (item.is_numeric() && (list.element == TypeKind::Int || list.element == TypeKind::Number));
      if (!fits)
        sink_.report(DiagnosticKind::TypeMismatch, e.span,
                     fmt::format("cannot look for {} in {}", quoted_type(item), quoted_type(list)));
      break;
    }
    case ExprKind::AudienceTest: {
      ast::Expr* subject = e.args.empty() ? nullptr : e.args[0].get();
      if (subject && subject->kind != ExprKind::ProfileRef) {
        check_expr(subject, scope);
        sink_.report(DiagnosticKind::MisplacedExpression, subject->span,
                     fmt::format("only `profile` can be tested for {} membership", e.audience_is_segment ? "segment" : "list"))
            .hint = fmt::format("write `profile in {} {}`", e.audience_is_segment ? "segment" : "list", e.text);
      } else if (subject) {
        subject->type = Type::of(TypeKind::Profile);
      }
      ast::Name name{e.text, e.name_span};
      if (e.audience_is_segment) resolve_segment(name);
      else resolve_list(name);
      t = Type::of(TypeKind::Bool);
      break;
    }
    case ExprKind::IsSet:
      check_expr(e.args.empty() ? nullptr : e.args[0].get(), scope);
      t = Type::of(TypeKind::Bool);
      break;
  }
  e.type = t;
  return t;
}

Type Checker::check_profile_property(ast::Expr& e, const Scope& scope) {
  if (scope.place == Place::Recommend) {
    sink_.report(DiagnosticKind::InvalidRecommendation, e.span,
                 "a recommendation may reference only the automation's questions")
        .hint = "compare a question's answer, for example `flavor == \"Chocolate\"`";
    return Type::error();
  }
  std::string name;
  for (const std::string& p : e.path) name += (name.empty() ? "" : ".") + p;
  if (const Property* p = symbols.profile_property(name)) return p->type;
  std::vector<std::string> candidates;
  for (const auto& [n, p] : symbols.profile) candidates.push_back(n);
  auto& d = sink_.report(DiagnosticKind::UnknownProfileProperty, e.span,
                         fmt::format("unknown profile property `{}`", name));
  std::string suggestion = did_you_mean(name, candidates);
  d.hint = suggestion.empty() ? "declare it in the `profile { }` schema" : suggestion;
  return Type::error();
}

Type Checker::check_event_property(ast::Expr& e, const Scope& scope) {
  const std::string& name = e.path.empty() ? std::string() : e.path[0];
  std::string written = "event." + name;
  switch (scope.place) {
    case Place::IfCondition:
      sink_.report(DiagnosticKind::IfUsesEvent, e.span,
                   fmt::format("a conditional split (`if`) may not reference `{}`", written))
          .hint = "use `split on` to branch on the trigger event";
      return Type::error();
    case Place::FlowFilter:
      sink_.report(DiagnosticKind::FilterUsesEvent, e.span,
                   fmt::format("a profile filter may not reference `{}`", written))
          .hint = "put conditions on the trigger event in the trigger: `trigger metric NAME where ...`";
      return Type::error();
    case Place::Recommend:
      sink_.report(DiagnosticKind::InvalidRecommendation, e.span,
                   "a recommendation may reference only the automation's questions");
      return Type::error();
    default: break;
  }
  if (scope.event_unknown && !scope.event) return Type::error();
  if (!scope.event) {
    sink_.report(DiagnosticKind::EventOutOfScope, e.span,
                 fmt::format("`{}` is used where there is no event{}", written,
                             scope.no_event_reason.empty() ? "" : ": " + scope.no_event_reason))
        .hint = "`event.` is available in flows triggered by a metric or a price drop, and inside "
                "`count(METRIC where ...)`";
    return Type::error();
  }
  if (e.path.size() == 1) {
    auto it = scope.event->properties.find(name);
    if (it != scope.event->properties.end()) return it->second.type;
  }
  std::vector<std::string> candidates;
  for (const auto& [n, p] : scope.event->properties) candidates.push_back(n);
  std::string full;
  for (const std::string& p : e.path) full += (full.empty() ? "" : ".") + p;
  auto& d = sink_.report(DiagnosticKind::UnknownEventProperty, e.span,
                         fmt::format("metric `{}` has no property `{}`", scope.event->name, full));
  std::string suggestion = did_you_mean(full, candidates);
  d.hint = !suggestion.empty() ? suggestion
           : scope.event->decl ? fmt::format("declare it in `metric \"{}\" {{ }}`", scope.event->name)
                               : "built-in metrics have a fixed set of properties";
  return Type::error();
}

Type Checker::check_name_ref(ast::Expr& e, const Scope& scope) {
  std::string name;
  for (const std::string& p : e.path) name += (name.empty() ? "" : ".") + p;
  if (e.path.size() == 1 && is_consent_value(name)) return Type::of(TypeKind::Consent);
  if (scope.place == Place::Recommend && scope.automation) {
    for (const ast::Question& q : scope.automation->questions)
      if (e.path.size() == 1 && q.name.text == name) return Type::of(TypeKind::String);
    std::vector<std::string> candidates;
    for (const ast::Question& q : scope.automation->questions) candidates.push_back(q.name.text);
    auto& d = sink_.report(DiagnosticKind::InvalidRecommendation, e.span,
                           fmt::format("`{}` is not a question of automation `{}`", name, scope.automation->name.text));
    d.hint = did_you_mean(name, candidates);
    return Type::error();
  }
  bool special = name == "unsubscribe_link" || name == "preferences_link" || name == "organization.name";
  if (special) {
    if (scope.place == Place::Template) return Type::of(TypeKind::String);
    sink_.report(DiagnosticKind::MisplacedExpression, e.span, fmt::format("`{}` exists only in message templates", name));
    return Type::error();
  }
  if (name == "flow_start") {
    sink_.report(DiagnosticKind::MisplacedExpression, e.span, "`flow_start` is only a `count` window")
        .hint = "write `count(METRIC since flow_start)`";
    return Type::error();
  }
  std::vector<std::string> candidates = {"subscribed", "unsubscribed", "never_subscribed"};
  if (scope.place == Place::Template) {
    candidates.push_back("unsubscribe_link");
    candidates.push_back("preferences_link");
    candidates.push_back("organization.name");
  }
  auto& d = sink_.report(DiagnosticKind::UnknownName, e.span, fmt::format("unknown name `{}`", name));
  std::string suggestion = did_you_mean(name, candidates);
  if (!suggestion.empty()) d.hint = suggestion;
  else if (symbols.profile_property(name)) d.hint = fmt::format("did you mean `profile.{}`?", name);
  else d.hint = "properties are written `profile.NAME` or `event.NAME`";
  return Type::error();
}

const MetricInfo* Checker::resolve_metric(const std::string& name, Span span) {
  if (const MetricInfo* m = symbols.metric(name)) return m;
  std::vector<std::string> candidates;
  for (const auto& [n, m] : symbols.metrics) candidates.push_back(n);
  auto& d = sink_.report(DiagnosticKind::UnknownName, span, fmt::format("unknown metric `{}`", name));
  std::string suggestion = did_you_mean(name, candidates);
  d.hint = suggestion.empty() ? fmt::format("declare it: `metric \"{}\" {{ ... }}`", name) : suggestion;
  return nullptr;
}

Type Checker::check_aggregate(ast::Expr& e, const Scope& scope) {
  if (scope.place == Place::Recommend) {
    sink_.report(DiagnosticKind::InvalidRecommendation, e.span,
                 "a recommendation may reference only the automation's questions");
    return Type::error();
  }
  const MetricInfo* metric = resolve_metric(e.text, e.name_span);
  if (e.window == ast::WindowKind::SinceFlowStart && !scope.in_flow) {
    sink_.report(DiagnosticKind::MisplacedExpression, e.span, "`since flow_start` exists only inside a flow")
        .hint = "use `within DURATION` here";
  }
  if (e.window == ast::WindowKind::Within && e.window_minutes <= 0)
    sink_.report(DiagnosticKind::NonPositiveWindow, e.span, "the `within` window must be positive");
  if (e.where) {
    Scope inner = scope;
    inner.place = Place::CountWhere;
    inner.event = metric;
    inner.event_unknown = metric == nullptr;
    expect_bool(e.where.get(), inner, "the `where` condition");
  }
  if (e.kind == ExprKind::Count) return Type::of(TypeKind::Int);
  if (e.kind == ExprKind::Last) return Type::of(TypeKind::DateTime, true);
  // sum(METRIC.PROP)
  if (!metric) return Type::of(TypeKind::Number);
  auto it = metric->properties.find(e.property);
  if (it == metric->properties.end()) {
    std::vector<std::string> candidates;
    for (const auto& [n, p] : metric->properties) candidates.push_back(n);
    sink_.report(DiagnosticKind::UnknownEventProperty, e.property_span,
                 fmt::format("metric `{}` has no property `{}`", metric->name, e.property))
        .hint = did_you_mean(e.property, candidates);
  } else if (!it->second.type.is_numeric() && !it->second.type.is_error()) {
    sink_.report(DiagnosticKind::TypeMismatch, e.property_span,
                 fmt::format("`sum` needs a numeric property, but `{}` is {}", e.property,
                             quoted_type(it->second.type)));
  }
  return Type::of(TypeKind::Number);
}

Type Checker::check_binary(ast::Expr& e, const Scope& scope) {
  Type l = check_expr(e.args[0].get(), scope);
  Type r = check_expr(e.args[1].get(), scope);
  if (l.is_error() || r.is_error()) {
    bool comparison = e.op >= Op::Eq && e.op <= Op::Or;
    return comparison ? Type::of(TypeKind::Bool) : Type::error();
  }
  bool opt = l.optional || r.optional;
  const char* op = ast::op_spelling(e.op);
  auto mismatch = [&]() {
    // A duration against a number is the common mistake the spec names.
    bool l_dur = l.kind == TypeKind::Duration, r_dur = r.kind == TypeKind::Duration;
    if ((l_dur && r.is_numeric()) || (r_dur && l.is_numeric())) {
      ast::Expr& d = l_dur ? *e.args[0] : *e.args[1];
      sink_.report(DiagnosticKind::DurationAsNumber, d.span,
                   fmt::format("a duration is used where a number is needed (`{}` with {})", op,
                               quoted_type(l_dur ? r : l)))
          .hint = "compare numbers with numbers; `days_since(t)` and `hours_since(t)` turn times into numbers";
    } else {
      sink_.report(DiagnosticKind::TypeMismatch, e.span,
                   fmt::format("`{}` cannot be applied to {} and {}", op, quoted_type(l), quoted_type(r)));
    }
    return Type::error();
  };
  switch (e.op) {
    case Op::And:
    case Op::Or:
      if (l.kind == TypeKind::Bool && r.kind == TypeKind::Bool) return Type::of(TypeKind::Bool);
      sink_.report(DiagnosticKind::TypeMismatch, e.span,
                   fmt::format("`{}` needs two `bool` values, not {} and {}", op, quoted_type(l), quoted_type(r)));
      return Type::of(TypeKind::Bool);
    case Op::Add:
      if (l.kind == TypeKind::Int && r.kind == TypeKind::Int) return Type::of(TypeKind::Int, opt);
      if (l.is_numeric() && r.is_numeric()) return Type::of(TypeKind::Number, opt);
      if (l.kind == TypeKind::String && r.kind == TypeKind::String) return Type::of(TypeKind::String, opt);
      if ((l.kind == TypeKind::DateTime || l.kind == TypeKind::Date) && r.kind == TypeKind::Duration)
        return Type::of(l.kind, opt);
      if (l.kind == TypeKind::Duration && (r.kind == TypeKind::DateTime || r.kind == TypeKind::Date))
        return Type::of(r.kind, opt);
      if (l.kind == TypeKind::Duration && r.kind == TypeKind::Duration) return Type::of(TypeKind::Duration, opt);
      return mismatch();
    case Op::Sub:
      if (l.kind == TypeKind::Int && r.kind == TypeKind::Int) return Type::of(TypeKind::Int, opt);
      if (l.is_numeric() && r.is_numeric()) return Type::of(TypeKind::Number, opt);
      if ((l.kind == TypeKind::DateTime || l.kind == TypeKind::Date) && r.kind == TypeKind::Duration)
        return Type::of(l.kind, opt);
      if ((l.kind == TypeKind::DateTime || l.kind == TypeKind::Date) && r.kind == l.kind)
        return Type::of(TypeKind::Duration, opt);
      if (l.kind == TypeKind::Duration && r.kind == TypeKind::Duration) return Type::of(TypeKind::Duration, opt);
      return mismatch();
    case Op::Mul:
      if (l.kind == TypeKind::Int && r.kind == TypeKind::Int) return Type::of(TypeKind::Int, opt);
      if (l.is_numeric() && r.is_numeric()) return Type::of(TypeKind::Number, opt);
      if ((l.kind == TypeKind::Duration && r.kind == TypeKind::Int) ||
          (l.kind == TypeKind::Int && r.kind == TypeKind::Duration))
        return Type::of(TypeKind::Duration, opt);
      return mismatch();
    case Op::Div:
      if (l.is_numeric() && r.is_numeric()) return Type::of(TypeKind::Number, opt);
      return mismatch();
    case Op::Mod:
      if (l.kind == TypeKind::Int && r.kind == TypeKind::Int) return Type::of(TypeKind::Int, opt);
      if (l.is_numeric() && r.is_numeric()) return Type::of(TypeKind::Number, opt);
      return mismatch();
    case Op::Eq:
    case Op::Ne:
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge: {
      bool ordering = e.op != Op::Eq && e.op != Op::Ne;
      // consent == "subscribed": the literal must be a consent value.
      for (int side = 0; side < 2; ++side) {
        Type a = side ? r : l, b = side ? l : r;
        ast::Expr& other = side ? *e.args[0] : *e.args[1];
        if (a.kind == TypeKind::Consent && b.kind == TypeKind::String && !ordering) {
          if (other.kind == ExprKind::StringLiteral && !is_consent_value(other.text))
            sink_.report(DiagnosticKind::TypeMismatch, other.span,
                         fmt::format("`{}` is not a consent status", other.text))
                .hint = "consent statuses are subscribed, unsubscribed and never_subscribed";
          return Type::of(TypeKind::Bool);
        }
      }
      bool comparable = l.same_shape(r) || (l.is_numeric() && r.is_numeric());
      bool orderable = l.is_numeric() || l.kind == TypeKind::String || l.kind == TypeKind::Date ||
                       l.kind == TypeKind::DateTime || l.kind == TypeKind::Duration;
      if (!comparable) return mismatch(), Type::of(TypeKind::Bool);
      if (ordering && !orderable) {
        sink_.report(DiagnosticKind::TypeMismatch, e.span,
                     fmt::format("{} values cannot be ordered with `{}`", quoted_type(l.required()), op));
      }
      return Type::of(TypeKind::Bool);
    }
    default: return Type::error();
  }
}

namespace {

struct Signature {
  const char* name;
  size_t min_args, max_args;
};

const Signature signatures[] = {
    {"lower", 1, 1},      {"upper", 1, 1},      {"len", 1, 1},        {"contains", 2, 2},
    {"starts_with", 2, 2}, {"ends_with", 2, 2}, {"days_since", 1, 1}, {"hours_since", 1, 1},
    {"now", 0, 0},        {"default", 2, 2},
};

}  // namespace

Type Checker::check_call(ast::Expr& e, const Scope& scope) {
  std::vector<Type> args;
  for (auto& a : e.args) args.push_back(check_expr(a.get(), scope));
  const Signature* sig = nullptr;
  for (const Signature& s : signatures)
    if (e.text == s.name) sig = &s;
  if (!sig) {
    std::vector<std::string> names = {"count", "sum", "last"};
    for (const Signature& s : signatures) names.push_back(s.name);
    auto& d = sink_.report(DiagnosticKind::UnknownFunction, e.name_span, fmt::format("unknown function `{}`", e.text));
    std::string suggestion = did_you_mean(e.text, names);
    d.hint = suggestion.empty() ? "the functions are lower, upper, len, contains, starts_with, ends_with, days_since, "
                                  "hours_since, now, default, count, sum and last"
                                : suggestion;
    return Type::error();
  }
  if (args.size() < sig->min_args || args.size() > sig->max_args) {
    sink_.report(DiagnosticKind::WrongArity, e.span,
                 fmt::format("`{}` takes {} argument{}, but {} {} given", e.text, sig->min_args,
                             sig->min_args == 1 ? "" : "s", args.size(), args.size() == 1 ? "was" : "were"));
    return Type::error();
  }
  for (const Type& t : args)
    if (t.is_error()) return Type::error();
  bool opt = false;
  for (const Type& t : args) opt = opt || t.optional;
  auto wrong = [&](size_t i, const char* wanted) {
    sink_.report(DiagnosticKind::WrongArgumentType, e.args[i]->span,
                 fmt::format("`{}` needs {} here, but this is {}", e.text, wanted, quoted_type(args[i])));
    return Type::error();
  };
  std::string fn = e.text;
  if (fn == "lower" || fn == "upper") {
    if (args[0].kind != TypeKind::String) return wrong(0, "a `string`");
    return Type::of(TypeKind::String, opt);
  }
  if (fn == "len") {
    if (args[0].kind != TypeKind::String && args[0].kind != TypeKind::List) return wrong(0, "a `string` or a list");
    return Type::of(TypeKind::Int, opt);
  }
  if (fn == "contains") {
    if (args[0].kind == TypeKind::List) {
      bool fits = args[1].kind == args[0].element || (args[1].is_numeric() && (args[0].element == TypeKind::Int ||
                                                                               args[0].element == TypeKind::Number));
      if (!fits) return wrong(1, fmt::format("a `{}`", type_kind_name(args[0].element)).c_str());
      return Type::of(TypeKind::Bool);
    }
    if (args[0].kind != TypeKind::String) return wrong(0, "a `string` or a list");
    if (args[1].kind != TypeKind::String) return wrong(1, "a `string`");
    return Type::of(TypeKind::Bool);
  }
  if (fn == "starts_with" || fn == "ends_with") {
    if (args[0].kind != TypeKind::String) return wrong(0, "a `string`");
    if (args[1].kind != TypeKind::String) return wrong(1, "a `string`");
    return Type::of(TypeKind::Bool);
  }
  if (fn == "days_since" || fn == "hours_since") {
    if (args[0].kind != TypeKind::Date && args[0].kind != TypeKind::DateTime) return wrong(0, "a `date` or `datetime`");
    return Type::of(TypeKind::Int, opt);
  }
  if (fn == "now") return Type::of(TypeKind::DateTime);
  if (fn == "default") {
    std::optional<Type> u = unify(args[0], args[1]);
    if (!u) {
      sink_.report(DiagnosticKind::WrongArgumentType, e.args[1]->span,
                   fmt::format("the fallback of `default` must have the type of its first argument ({}), but this is {}",
                               quoted_type(args[0].required()), quoted_type(args[1])));
      return Type::error();
    }
    return u->as_optional(args[1].optional);
  }
  return Type::error();
}

bool Checker::resolve_list(const ast::Name& name) {
  if (symbols.lists.count(name.text)) return true;
  if (symbols.segments.count(name.text)) {
    sink_.report(DiagnosticKind::WrongKind, name.span, fmt::format("`{}` is a segment, not a list", name.text))
        .hint = "write `segment` instead of `list`";
    return false;
  }
  std::vector<std::string> candidates;
  for (const auto& [n, l] : symbols.lists) candidates.push_back(n);
  auto& d = sink_.report(DiagnosticKind::UnknownName, name.span, fmt::format("unknown list `{}`", name.text));
  std::string suggestion = did_you_mean(name.text, candidates);
  d.hint = suggestion.empty() ? fmt::format("declare it: `list {}`", name.text) : suggestion;
  return false;
}

bool Checker::resolve_segment(const ast::Name& name) {
  if (symbols.segments.count(name.text)) return true;
  if (symbols.lists.count(name.text)) {
    sink_.report(DiagnosticKind::WrongKind, name.span, fmt::format("`{}` is a list, not a segment", name.text))
        .hint = "write `list` instead of `segment`";
    return false;
  }
  std::vector<std::string> candidates;
  for (const auto& [n, s] : symbols.segments) candidates.push_back(n);
  auto& d = sink_.report(DiagnosticKind::UnknownName, name.span, fmt::format("unknown segment `{}`", name.text));
  std::string suggestion = did_you_mean(name.text, candidates);
  d.hint = suggestion.empty() ? fmt::format("declare it: `segment {} = ...`", name.text) : suggestion;
  return false;
}

std::vector<std::string> Checker::names_of_lists_and_segments() const {
  std::vector<std::string> names;
  for (const auto& [n, l] : symbols.lists) names.push_back(n);
  for (const auto& [n, s] : symbols.segments) names.push_back(n);
  return names;
}

bool Checker::resolve_audience(const ast::Name& name, const char* context) {
  if (symbols.lists.count(name.text) || symbols.segments.count(name.text)) return true;
  auto& d = sink_.report(DiagnosticKind::UnknownName, name.span,
                         fmt::format("unknown list or segment `{}`{}", name.text, context));
  std::string suggestion = did_you_mean(name.text, names_of_lists_and_segments());
  d.hint = suggestion.empty() ? "an audience names lists and segments declared with `list` or `segment`" : suggestion;
  return false;
}

}  // namespace flowc::check
