// Templates: the `{{ EXPR | filter: arg }}` holes of message texts.
#include <fmt/format.h>

#include "check/checker.h"
#include "diag/suggest.h"

namespace flowc::check {

namespace {

// `raw` marks a hole of an HTML body as not to be escaped (handle_html_body.cpp);
// elsewhere it does nothing: other texts are never escaped.
const char* filter_names[] = {"default", "upper", "lower", "money", "date", "raw"};

}  // namespace

void Checker::check_text(ast::Text& text, const Scope& scope) {
  Scope inner = scope;
  inner.place = Place::Template;
  for (ast::TemplatePart& part : text.parts) {
    if (!part.expr) continue;
    Type t = check_expr(part.expr.get(), inner);
    if (!t.is_error() && t.kind == TypeKind::Profile) continue;
    for (ast::TemplateFilter& f : part.filters) {
      std::string name = f.name;
      bool known = false;
      for (const char* n : filter_names) known = known || name == n;
      if (!known) {
        std::vector<std::string> names(std::begin(filter_names), std::end(filter_names));
        auto& d = sink_.report(DiagnosticKind::UnknownFunction, f.span, fmt::format("unknown template filter `{}`", name));
        std::string suggestion = did_you_mean(name, names);
        d.hint = suggestion.empty() ? "the filters are default, upper, lower, money, date and raw" : suggestion;
        t = Type::error();
        continue;
      }
      bool needs_arg = name == "default" || name == "date";
      if (needs_arg != (f.arg != nullptr)) {
        sink_.report(DiagnosticKind::WrongArity, f.span,
                     needs_arg ? fmt::format("the `{}` filter needs a value: `| {}: ...`", name, name)
                               : fmt::format("the `{}` filter takes no value", name));
        continue;
      }
      Type arg = f.arg ? check_expr(f.arg.get(), inner) : Type::error();
      if (t.is_error()) continue;
      if (name == "default") {
        bool fits = arg.is_error() || arg.same_shape(t) || (arg.is_numeric() && t.is_numeric()) ||
                    arg.kind == TypeKind::String;
        if (!fits)
          sink_.report(DiagnosticKind::WrongArgumentType, f.arg->span,
                       fmt::format("the default value is `{}` but the value is `{}`", arg.to_string(),
                                   t.required().to_string()));
        t = arg.is_error() ? t.required() : (arg.same_shape(t) ? t.required() : Type::of(TypeKind::String));
      } else if (name == "upper" || name == "lower") {
        if (t.kind != TypeKind::String)
          sink_.report(DiagnosticKind::WrongArgumentType, f.span,
                       fmt::format("the `{}` filter needs a `string`, but the value is `{}`", name, t.to_string()));
      } else if (name == "money") {
        if (!t.is_numeric())
          sink_.report(DiagnosticKind::WrongArgumentType, f.span,
                       fmt::format("the `money` filter needs a number, but the value is `{}`", t.to_string()));
        t = Type::of(TypeKind::String, t.optional);
      } else if (name == "date") {
        if (t.kind != TypeKind::Date && t.kind != TypeKind::DateTime)
          sink_.report(DiagnosticKind::WrongArgumentType, f.span,
                       fmt::format("the `date` filter needs a `date` or `datetime`, but the value is `{}`",
                                   t.to_string()));
        if (!arg.is_error() && arg.kind != TypeKind::String)
          sink_.report(DiagnosticKind::WrongArgumentType, f.arg->span, "the `date` filter's format must be a string");
        t = Type::of(TypeKind::String, t.optional);
      }
    }
  }
}

}  // namespace flowc::check
