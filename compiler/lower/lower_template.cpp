// Texts with `{{ }}` holes -> one chunk that builds the string: each part's
// text pushed in order, then Concat.
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
  return std::nullopt;
}

}  // namespace

// A hole is its value, then its filters in order (`default` and `date` push
// their argument after the value, and the filter pops it), then ToText.
// The chunk's source is the whole literal as written.
Index Lowerer::text_chunk(const ast::Text& text, const ExprContext& cx) {
  ChunkBuilder code;
  for (const ast::TemplatePart& part : text.parts) {
    if (!part.expr) {
      code.emit(Opcode::Const, static_cast<int32_t>(constant(ir::Value::string(part.literal))));
      continue;
    }
    expr(code, *part.expr, cx);
    for (const ast::TemplateFilter& f : part.filters) {
      std::optional<ir::TemplateFilter> filter = template_filter(f.name);
      if (!filter) continue;  // the checker reported it
      if (*filter == ir::TemplateFilter::Default || *filter == ir::TemplateFilter::Date) {
        if (f.arg) expr(code, *f.arg, cx);
        else code.emit(Opcode::Const, static_cast<int32_t>(constant(ir::Value::unset())));
      }
      code.emit(Opcode::Filter, static_cast<int32_t>(*filter));
    }
    code.emit(Opcode::ToText);
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
