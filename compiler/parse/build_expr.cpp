// Expressions: parse tree -> ast::Expr.
#include <fmt/format.h>

#include "FlowLexer.h"
#include "parse/builder.h"
#include "parse/numbers.h"

namespace flowc::parse {

using L = flowc_antlr::FlowLexer;
int64_t date_literal_days(Builder& builder, antlr4::tree::TerminalNode* node);

namespace {

ast::ExprPtr make(ast::ExprKind kind, Span span) {
  auto e = std::make_unique<ast::Expr>();
  e->kind = kind;
  e->span = span;
  return e;
}

ast::Op binary_op(const std::string& text) {
  static const std::pair<const char*, ast::Op> table[] = {
      {"+", ast::Op::Add}, {"-", ast::Op::Sub}, {"*", ast::Op::Mul}, {"/", ast::Op::Div}, {"%", ast::Op::Mod},
      {"==", ast::Op::Eq}, {"!=", ast::Op::Ne}, {"<", ast::Op::Lt},  {"<=", ast::Op::Le}, {">", ast::Op::Gt},
      {">=", ast::Op::Ge},
  };
  for (auto& [spelling, op] : table)
    if (text == spelling) return op;
  return ast::Op::None;
}

}  // namespace

ast::ExprPtr Builder::expr(P::ExprContext* ctx) {
  if (!ctx || is_left_out(ctx)) return nullptr;
  Span s = span(ctx);
  if (auto* c = dynamic_cast<P::PrimaryExprContext*>(ctx)) return primary(c->primary());
  if (auto* c = dynamic_cast<P::NegateExprContext*>(ctx)) {
    auto e = make(ast::ExprKind::Unary, s);
    e->op = ast::Op::Neg;
    if (auto operand = expr(c->expr())) e->args.push_back(std::move(operand));
    return e->args.empty() ? nullptr : std::move(e);
  }
  if (auto* c = dynamic_cast<P::NotExprContext*>(ctx)) {
    auto e = make(ast::ExprKind::Unary, s);
    e->op = ast::Op::Not;
    if (auto operand = expr(c->expr())) e->args.push_back(std::move(operand));
    return e->args.empty() ? nullptr : std::move(e);
  }
  auto binary = [&](ast::Op op, P::ExprContext* left, P::ExprContext* right) -> ast::ExprPtr {
    auto e = make(ast::ExprKind::Binary, s);
    e->op = op;
    auto l = expr(left), r = expr(right);
    if (!l || !r || op == ast::Op::None) return nullptr;
    e->args.push_back(std::move(l));
    e->args.push_back(std::move(r));
    return e;
  };
  if (auto* c = dynamic_cast<P::MultiplyExprContext*>(ctx))
    return binary(c->op ? binary_op(c->op->getText()) : ast::Op::None, c->expr(0), c->expr(1));
  if (auto* c = dynamic_cast<P::AddExprContext*>(ctx))
    return binary(c->op ? binary_op(c->op->getText()) : ast::Op::None, c->expr(0), c->expr(1));
  if (auto* c = dynamic_cast<P::CompareExprContext*>(ctx))
    return binary(c->op ? binary_op(c->op->getText()) : ast::Op::None, c->expr(0), c->expr(1));
  if (auto* c = dynamic_cast<P::AndExprContext*>(ctx)) return binary(ast::Op::And, c->expr(0), c->expr(1));
  if (auto* c = dynamic_cast<P::OrExprContext*>(ctx)) return binary(ast::Op::Or, c->expr(0), c->expr(1));
  if (auto* c = dynamic_cast<P::AudienceExprContext*>(ctx)) {
    auto e = make(ast::ExprKind::AudienceTest, s);
    e->negated = c->negated != nullptr;
    e->audience_is_segment = c->kind && c->kind->getText() == "segment";
    ast::Name n = decl_name(c->declName());
    e->text = n.text;
    e->name_span = n.span;
    auto subject = expr(c->expr());
    if (!subject) return nullptr;
    e->args.push_back(std::move(subject));
    return e;
  }
  if (auto* c = dynamic_cast<P::InExprContext*>(ctx)) {
    auto e = make(ast::ExprKind::In, s);
    e->negated = c->negated != nullptr;
    auto l = expr(c->expr(0)), r = expr(c->expr(1));
    if (!l || !r) return nullptr;
    e->args.push_back(std::move(l));
    e->args.push_back(std::move(r));
    return e;
  }
  if (auto* c = dynamic_cast<P::IsSetExprContext*>(ctx)) {
    auto e = make(ast::ExprKind::IsSet, s);
    e->negated = c->negated != nullptr;
    auto operand = expr(c->expr());
    if (!operand) return nullptr;
    e->args.push_back(std::move(operand));
    return e;
  }
  return nullptr;
}

namespace {

void set_window(Builder& b, P::WindowContext* w, ast::Expr& e) {
  if (!w) return;
  if (w->DURATION()) {
    e.window = ast::WindowKind::Within;
    e.window_minutes = b.duration(w->DURATION());
  } else {
    e.window = ast::WindowKind::SinceFlowStart;
  }
}

}  // namespace

ast::ExprPtr Builder::primary(P::PrimaryContext* ctx) {
  if (!ctx) return nullptr;
  Span s = span(ctx);
  if (auto* c = dynamic_cast<P::CountCallContext*>(ctx)) {
    auto e = make(ast::ExprKind::Count, s);
    ast::Name m = metric_name(c->metricRef());
    e->text = m.text;
    e->name_span = m.span;
    e->where = expr(c->expr());
    set_window(*this, c->window(), *e);
    return e;
  }
  if (auto* c = dynamic_cast<P::SumCallContext*>(ctx)) {
    auto e = make(ast::ExprKind::Sum, s);
    ast::Name m = metric_name(c->metricRef());
    e->text = m.text;
    e->name_span = m.span;
    ast::Name prop = name(c->name());
    e->property = prop.text;
    e->property_span = prop.span;
    e->where = expr(c->expr());
    set_window(*this, c->window(), *e);
    return e;
  }
  if (auto* c = dynamic_cast<P::LastCallContext*>(ctx)) {
    auto e = make(ast::ExprKind::Last, s);
    ast::Name m = metric_name(c->metricRef());
    e->text = m.text;
    e->name_span = m.span;
    e->where = expr(c->expr());
    return e;
  }
  if (auto* c = dynamic_cast<P::CallContext*>(ctx)) {
    auto e = make(ast::ExprKind::Call, s);
    e->text = c->funcName() ? c->funcName()->getText() : "";
    e->name_span = span(c->funcName());
    for (P::ExprContext* arg : c->expr())
      if (auto a = expr(arg)) e->args.push_back(std::move(a));
    return e;
  }
  if (auto* c = dynamic_cast<P::ListLiteralContext*>(ctx)) {
    auto e = make(ast::ExprKind::ListLiteral, s);
    for (P::ExprContext* item : c->expr())
      if (auto a = expr(item)) e->args.push_back(std::move(a));
    return e;
  }
  if (auto* c = dynamic_cast<P::ParenExprContext*>(ctx)) return expr(c->expr());
  if (auto* c = dynamic_cast<P::LiteralExprContext*>(ctx)) return literal(c->literal());
  if (auto* c = dynamic_cast<P::PathExprContext*>(ctx)) {
    if (!c->pathRoot()) return nullptr;
    std::vector<P::NameContext*> names = c->name();
    std::string root = c->pathRoot()->getText();
    ast::ExprKind kind = root == "profile" ? (names.empty() ? ast::ExprKind::ProfileRef : ast::ExprKind::ProfileProperty)
                         : root == "event" ? ast::ExprKind::EventProperty
                                           : ast::ExprKind::NameRef;
    auto e = make(kind, s);
    if (kind == ast::ExprKind::NameRef) e->path.push_back(root);
    for (P::NameContext* n : names)
      if (n) e->path.push_back(n->getText());
    e->text = root;
    e->name_span = span(c->pathRoot());
    if (kind == ast::ExprKind::EventProperty && e->path.empty()) {
      sink_.report(DiagnosticKind::MisplacedExpression, s, "`event` needs a property: write `event.NAME`");
      return nullptr;
    }
    return e;
  }
  return nullptr;
}

ast::ExprPtr Builder::literal(P::LiteralContext* ctx) {
  if (!ctx) return nullptr;
  Span s = span(ctx);
  if (ctx->INT()) {
    auto e = make(ast::ExprKind::IntLiteral, s);
    std::optional<std::string> digits = token_text(ctx->INT());
    std::optional<int64_t> value = digits ? to_int(*digits) : std::nullopt;
    if (digits && !value) reject_literal(s, "whole number is too large", "whole numbers go up to 9223372036854775807");
    e->int_value = value.value_or(0);
    return e;
  }
  if (ctx->NUMBER()) {
    auto e = make(ast::ExprKind::NumberLiteral, s);
    std::optional<std::string> digits = token_text(ctx->NUMBER());
    std::optional<double> value = digits ? to_decimal(*digits) : std::nullopt;
    if (digits && !value) reject_literal(s, "number is out of range");
    e->number_value = value.value_or(0);
    return e;
  }
  if (ctx->str()) {
    auto e = make(ast::ExprKind::StringLiteral, s);
    e->text = string_value(ctx->str()->getStart());
    return e;
  }
  if (ctx->DURATION()) {
    auto e = make(ast::ExprKind::DurationLiteral, s);
    e->int_value = duration(ctx->DURATION());
    return e;
  }
  if (ctx->PERCENT()) {
    auto e = make(ast::ExprKind::PercentLiteral, s);
    e->number_value = percent(ctx->PERCENT());
    return e;
  }
  if (ctx->DATE()) {
    auto e = make(ctx->TIME() ? ast::ExprKind::DateTimeLiteral : ast::ExprKind::DateLiteral, s);
    int64_t days = date_literal_days(*this, ctx->DATE());
    e->int_value = ctx->TIME() ? days * 1440 + time_of_day(ctx->TIME()) : days;
    return e;
  }
  std::string word = ctx->getText();
  if (word == "true" || word == "false") {
    auto e = make(ast::ExprKind::BoolLiteral, s);
    e->bool_value = word == "true";
    return e;
  }
  return nullptr;
}

void Builder::template_filters(const std::vector<P::TemplateFilterContext*>& filters, ast::TemplatePart& part) {
  for (P::TemplateFilterContext* f : filters) {
    if (!f || !f->name()) continue;
    ast::TemplateFilter filter;
    ast::Name n = name(f->name());
    filter.name = n.text;
    filter.span = n.span;
    filter.arg = expr(f->expr());
    part.filters.push_back(std::move(filter));
  }
}

}  // namespace flowc::parse
