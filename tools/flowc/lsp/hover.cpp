#include "lsp/hover.h"

#include <fmt/format.h>

#include "lsp/describe.h"
#include "query/occurrences.h"
#include "query/position.h"

namespace flowc::lsp {

namespace {

std::string joined(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& p : path) out += (out.empty() ? "" : ".") + p;
  return out;
}

std::string code_block(const std::string& text) { return "```flow\n" + text + "\n```\n"; }

std::string type_name(check::Type t) { return t.is_error() ? "unknown" : t.to_string(); }

// The source line a declaration's name is on, and where that is.
std::string definition_line(const Analysis& a, Span name) {
  const SourceFile& f = a.sources().file(name.file);
  LineCol lc = f.line_col(name.begin);
  std::string line = f.line_text(lc.line);
  size_t first = line.find_first_not_of(" \t");
  return code_block(first == std::string::npos ? line : line.substr(first)) +
         fmt::format("\ndeclared at `{}:{}`\n", f.path(), lc.line);
}

std::string metric_properties(const check::MetricInfo& m) {
  std::string out = "\n| property | type |\n| --- | --- |\n";
  for (const auto& [name, p] : m.properties) out += fmt::format("| `{}` | `{}` |\n", name, type_name(p.type));
  return out;
}

std::string symbol_hover(const Analysis& a, const std::vector<query::Occurrence>& all, const query::Occurrence& o) {
  const query::Symbol& s = o.symbol;
  std::string out = fmt::format("**{}** `{}`\n\n", query::symbol_kind_name(s.kind), s.name);
  std::vector<const query::Occurrence*> decls = query::declarations_of(all, s);
  if (!decls.empty()) out += definition_line(a, decls.front()->span);
  if (s.kind == query::SymbolKind::Message) {
    auto it = a.symbols().messages.find(s.name);
    if (it != a.symbols().messages.end()) {
      out += '\n';
      out += message_preview(*it->second);
    }
  }
  if (s.kind == query::SymbolKind::Metric) {
    if (const check::MetricInfo* m = a.symbols().metric(s.name)) {
      if (!m->decl) out += "built-in metric\n";
      out += metric_properties(*m);
    }
  }
  if (decls.empty() && !(s.kind == query::SymbolKind::Metric && a.symbols().metric(s.name)))
    out += fmt::format("no {} is declared with this name\n", query::symbol_kind_name(s.kind));
  return out;
}

// `written`: the type the checker gave the expression, when the name is one.
std::string profile_property_hover(const Analysis& a, const std::string& name, check::Type written) {
  const check::Property* p = a.symbols().profile_property(name);
  check::Type t = !written.is_error() || !p ? written : p->type;
  std::string out = fmt::format("`profile.{}`: `{}`\n\n", name, type_name(t));
  if (!p) return out + "not a property of the profile schema\n";
  if (p->builtin) return out + "built-in profile field\n";
  if (p->implicit) return out + "not declared: created by `set` or `save to`\n";
  if (p->span.valid()) {
    const SourceFile& f = a.sources().file(p->span.file);  // the schema may be in another file of the program
    out += fmt::format("declared at `{}:{}`", f.path(), f.line_col(p->span.begin).line);
  }
  if (p->default_value) out += fmt::format(", default `{}`", a.text_of(p->default_value->span));
  return out + "\n";
}

// The metric whose properties `event.` names at this place, if known.
std::string event_source(const Analysis& a, const query::Place& place) {
  if (!place.owner.flow || !place.owner.flow->trigger()) return {};
  const ast::Trigger& t = *place.owner.flow->trigger();
  if (t.kind == ast::TriggerKind::Metric) return fmt::format("a property of metric `{}`", t.target.text);
  if (t.kind == ast::TriggerKind::PriceDrop) return fmt::format("the price drop of metric `{}`", t.target.text);
  return {};
}

std::string expr_hover(const Analysis& a, const query::Place& place) {
  const ast::Expr& e = *place.expr;
  if (e.kind == ast::ExprKind::ProfileProperty) return profile_property_hover(a, joined(e.path), e.type);
  if (e.kind == ast::ExprKind::EventProperty) {
    std::string out = fmt::format("`event.{}`: `{}`\n", joined(e.path), type_name(e.type));
    std::string source = event_source(a, place);
    return source.empty() ? out : out + "\n" + source + "\n";
  }
  std::string text = a.text_of(e.span);
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return fmt::format("`{}`: `{}`\n", text, type_name(e.type));
}

// A step's `as LABEL`: what the name is for, since nothing else refers to it.
std::string label_hover(const query::Place& place) {
  const ast::Step& step = *place.step;
  std::string flow = place.owner.flow ? fmt::format(" of flow `{}`", place.owner.flow->name.text) : "";
  return fmt::format(
      "step `{}`: {}{}\n\nThe step's name in activity records, the report and saved state. Runs waiting on "
      "a step find it again by this name when the program is edited, so a label keeps them in place.\n",
      step.label->text, step_title(step), flow);
}

bool on_label(const ast::Step* step, uint32_t offset) {
  return step && step->label && offset >= step->label->span.begin && offset <= step->label->span.end;
}

nlohmann::json markdown(const Analysis& a, const std::string& value, Span span) {
  return {{"contents", {{"kind", "markdown"}, {"value", value}}}, {"range", range_of(a.source(), span)}};
}

}  // namespace

nlohmann::json hover(const Analysis& a, Position position) {
  const ast::File* file = a.file();
  if (!file) return nullptr;
  uint32_t offset = a.offset_of(position);
  std::vector<query::Occurrence> all = query::occurrences(a.program());
  query::Place place = query::place_at(*file, offset);
  // Properties and labels have hovers of their own (type and default; what
  // a label is for); `profile.X` in an expression keeps its checked type.
  if (const query::Occurrence* o = query::occurrence_at(all, a.file_id(), offset)) {
    if (o->symbol.kind == query::SymbolKind::Property && !place.expr)
      return markdown(a, profile_property_hover(a, o->symbol.name, check::Type{}), o->span);
    if (o->symbol.kind != query::SymbolKind::Property && o->symbol.kind != query::SymbolKind::Step)
      return markdown(a, symbol_hover(a, all, *o), o->span);
  }
  if (on_label(place.step, offset)) return markdown(a, label_hover(place), place.step->label->span);
  if (place.expr) return markdown(a, expr_hover(a, place), place.expr->span);
  if (place.step && (place.step->kind == ast::StepKind::WaitFor || place.step->kind == ast::StepKind::WaitUntil))
    return markdown(a, wait_in_words(*place.step), place.step->span);
  return nullptr;
}

}  // namespace flowc::lsp
