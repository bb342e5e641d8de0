// HTML bodies (e-mail `body`): where each `{{ }}` hole sits in the markup.
// A hole where no escaping makes data safe (a script, a style, inside a tag,
// an unquoted attribute value, a URL scheme made from data) is E047; the
// `raw` filter on profile or event data, which skips escaping, is W048.
// The lowering asks the same scanner for the escaping of every other hole.
#include <string>
#include <utility>

#include "check/checker.h"
#include "html/html_context.h"

namespace flowc::check {

namespace {

bool reads_profile_or_event(const ast::Expr* e) {
  if (!e) return false;
  if (e->kind == ast::ExprKind::ProfileProperty || e->kind == ast::ExprKind::EventProperty) return true;
  for (const auto& arg : e->args)
    if (reads_profile_or_event(arg.get())) return true;
  return false;
}

bool hole_reads_data(const ast::TemplatePart& hole) {
  if (reads_profile_or_event(hole.expr.get())) return true;
  for (const ast::TemplateFilter& f : hole.filters)
    if (reads_profile_or_event(f.arg.get())) return true;
  return false;
}

const ast::TemplateFilter* raw_filter(const ast::TemplatePart& hole) {
  for (const ast::TemplateFilter& f : hole.filters)
    if (f.name == "raw") return &f;
  return nullptr;
}

// What E047 says for a context that cannot be escaped, and what to do.
std::pair<std::string, std::string> unsafe_place(html::HoleContext context) {
  switch (context) {
    case html::HoleContext::Script:
      return {"data cannot be placed in a script: `<script>`, `on*` attributes and `javascript:` URLs are not "
              "escaped",
              "put the value in the text or in a quoted attribute such as `data-value=\"{{ ... }}\"`"};
    case html::HoleContext::Style:
      return {"data cannot be placed in a style: `<style>` and `style` attributes are not escaped",
              "put the value in the text or in a quoted attribute such as `class=\"{{ ... }}\"`"};
    case html::HoleContext::UnquotedAttribute:
      return {"data in an attribute value without quotes could add attributes",
              "quote the attribute value: `name=\"{{ ... }}\"`"};
    default:
      return {"data cannot be placed inside a tag outside a quoted attribute value",
              "put the value in the text or in a quoted attribute value: `title=\"{{ ... }}\"`"};
  }
}

}  // namespace

void Checker::check_html_body(const ast::Text& body) {
  html::Scanner scanner;
  const ast::TemplatePart* last_hole = nullptr;
  for (const ast::TemplatePart& part : body.parts) {
    if (!part.expr) {
      scanner.literal(part.literal);
      if (scanner.take_scheme_from_data() && last_hole)
        sink_.report(DiagnosticKind::UnsafeHtmlPlace, last_hole->span,
                     "the scheme of this URL would come from data, which the URL check cannot see")
            .hint = "write the scheme in the template (`https://...{{ ... }}`) or give the whole URL as one value";
      continue;
    }
    last_hole = &part;
    html::HoleContext context = scanner.hole();
    if (!html::is_escapable(context)) {
      auto [message, hint] = unsafe_place(context);
      sink_.report(DiagnosticKind::UnsafeHtmlPlace, part.span, message).hint = hint;
      continue;
    }
    const ast::TemplateFilter* raw = raw_filter(part);
    if (raw && hole_reads_data(part))
      sink_.report(DiagnosticKind::RawData, raw->span,
                   "`raw` puts profile or event data into the HTML unescaped: a value with markup changes the e-mail")
          .hint = "remove `| raw` so the value is escaped, unless every value is trusted HTML";
  }
}

}  // namespace flowc::check
