// Texts with `{{ }}` holes -> one chunk that builds the string: each part's
// text pushed in order, then Concat. In an HTML body (an e-mail's `body`)
// every hole not marked `raw` is escaped for its place in the markup.
#include "html/html_context.h"
#include "lower/lowerer.h"

namespace flowc::lower {

using ir::Opcode;

namespace {

std::optional<ir::TemplateFilter> template_filter(const std::string& name) {
  if (name == "default") return ir::TemplateFilter::Default;
  if (name == "upper") return ir::TemplateFilter::Upper;
  if (name == "lower") return ir::TemplateFilter::Lower;
  if (name == "money") return ir::TemplateFilter::Money;
  if (name == "date") return ir::TemplateFilter::Date;
  return std::nullopt;  // `raw` (no code: it only skips escaping), or reported by the checker
}

bool is_raw(const ast::TemplatePart& hole) {
  for (const ast::TemplateFilter& f : hole.filters)
    if (f.name == "raw") return true;
  return false;
}

// The places the checker rejects (E047) never reach the lowering of a
// program that checked; they get the text escaping all the same.
ir::HtmlEscape escape_for(html::HoleContext context) {
  switch (context) {
    case html::HoleContext::Comment: return ir::HtmlEscape::Comment;
    case html::HoleContext::UrlStart: return ir::HtmlEscape::UrlStart;
    case html::HoleContext::UrlPath: return ir::HtmlEscape::UrlPath;
    case html::HoleContext::UrlComponent: return ir::HtmlEscape::UrlComponent;
    default: return ir::HtmlEscape::Text;
  }
}

}  // namespace

Index Lowerer::text_chunk(const ast::Text& text, const ExprContext& cx) { return template_chunk(text, cx, nullptr); }

Index Lowerer::html_chunk(const ast::Text& text, const ExprContext& cx) {
  html::Scanner scanner;
  return template_chunk(text, cx, &scanner);
}

// A hole is its value, then its filters in order (`default` and `date` push
// their argument after the value, and the filter pops it), then ToText, then
// in HTML Escape. The chunk's source is the whole literal as written.
Index Lowerer::template_chunk(const ast::Text& text, const ExprContext& cx, html::Scanner* html) {
  ChunkBuilder code;
  for (const ast::TemplatePart& part : text.parts) {
    if (!part.expr) {
      if (html) html->literal(part.literal);
      code.emit(Opcode::Const, static_cast<int32_t>(constant(ir::Value::string(part.literal))));
      continue;
    }
    expr(code, *part.expr, cx);
    for (const ast::TemplateFilter& f : part.filters) {
      std::optional<ir::TemplateFilter> filter = template_filter(f.name);
      if (!filter) continue;
      if (*filter == ir::TemplateFilter::Default || *filter == ir::TemplateFilter::Date) {
        if (f.arg) expr(code, *f.arg, cx);
        else code.emit(Opcode::Const, static_cast<int32_t>(constant(ir::Value::unset())));
      }
      code.emit(Opcode::Filter, static_cast<int32_t>(*filter));
    }
    code.emit(Opcode::ToText);
    if (html) {
      html::HoleContext context = html->hole();  // asked for raw holes too: it keeps the URL state
      if (!is_raw(part)) code.emit(Opcode::Escape, static_cast<int32_t>(escape_for(context)));
    }
  }
  size_t parts = text.parts.size();
  if (parts == 0) {  // "": keep Concat's operand count positive
    code.emit(Opcode::Const, static_cast<int32_t>(constant(ir::Value::string(""))));
    parts = 1;
  }
  code.emit(Opcode::Concat, static_cast<int32_t>(parts));
  return add_chunk(code, text.span);
}

}  // namespace flowc::lower
