#include "query/walk.h"

namespace flowc::query {

namespace {

void walk(const ast::Expr* e, const Owner& owner, const ExprVisitor& visit) {
  if (!e) return;
  visit(*e, owner);
  for (const ast::ExprPtr& a : e->args) walk(a.get(), owner, visit);
  walk(e->where.get(), owner, visit);
}

void walk(const ast::Text& text, const Owner& owner, const ExprVisitor& visit) {
  for (const ast::TemplatePart& part : text.parts) {
    walk(part.expr.get(), owner, visit);
    for (const ast::TemplateFilter& f : part.filters) walk(f.arg.get(), owner, visit);
  }
}

void walk(const std::optional<ast::Text>& text, const Owner& owner, const ExprVisitor& visit) {
  if (text) walk(*text, owner, visit);
}

void walk_steps(const ast::Block& block, const Owner& owner, const StepVisitor& visit) {
  for (const ast::Step& s : block) {
    visit(s, owner);
    for (const ast::Block& b : s.branches) walk_steps(b, owner, visit);
    walk_steps(s.else_block, owner, visit);
  }
}

// The expressions a step holds itself (not those of nested steps).
void walk_step(const ast::Step& s, const Owner& owner, const ExprVisitor& visit) {
  for (const ast::ExprPtr& c : s.conditions) walk(c.get(), owner, visit);
  walk(s.value.get(), owner, visit);
  walk(s.inline_body, owner, visit);
  walk(s.notify_to, owner, visit);
  walk(s.notify_text, owner, visit);
}

void walk_fields(const std::vector<ast::SchemaField>& fields, const Owner& owner, const ExprVisitor& visit) {
  for (const ast::SchemaField& f : fields) walk(f.default_value.get(), owner, visit);
}

void walk_account(const ast::Account& a, const ExprVisitor& visit) {
  Owner owner{.account = &a};
  if (a.conversion) walk(a.conversion->value.get(), owner, visit);
}

void walk_automation(const ast::Automation& a, const ExprVisitor& visit) {
  Owner owner{.automation = &a};
  for (const ast::Question& q : a.questions) walk(q.text, owner, visit);
  for (const ast::Recommendation& r : a.recommendations) {
    walk(r.when.get(), owner, visit);
    walk(r.text, owner, visit);
  }
  walk(a.reprompt, owner, visit);
  walk(a.fallback, owner, visit);
  walk(a.reply, owner, visit);
}

}  // namespace

void for_each_step(const ast::File& file, const StepVisitor& visit) {
  for (const ast::Flow& f : file.flows) walk_steps(f.steps, Owner{.flow = &f}, visit);
  for (const ast::Campaign& c : file.campaigns)
    for (const ast::Path& p : c.paths) walk_steps(p.sends, Owner{.campaign = &c}, visit);
}

void for_each_expr(const ast::File& file, const ExprVisitor& visit) {
  for (const ast::Account& a : file.accounts) walk_account(a, visit);
  for (const ast::ProfileSchema& p : file.profiles) walk_fields(p.fields, Owner{}, visit);
  for (const ast::Metric& m : file.metrics) walk_fields(m.fields, Owner{.metric = &m}, visit);
  for (const ast::Segment& s : file.segments) walk(s.condition.get(), Owner{.segment = &s}, visit);
  for (const ast::Message& m : file.messages) {
    Owner owner{.message = &m};
    for (const ast::MessageField& f : m.fields)
      for (const ast::Text& t : f.texts) walk(t, owner, visit);
    walk(m.body_from_file, owner, visit);
  }
  for (const ast::Flow& f : file.flows) {
    Owner owner{.flow = &f};
    for (const ast::Trigger& t : f.triggers) {
      walk(t.where.get(), owner, visit);
      walk(t.by.get(), owner, visit);
    }
    for (const ast::ExprPtr& e : f.filters) walk(e.get(), owner, visit);
  }
  for_each_step(file, [&](const ast::Step& s, const Owner& owner) { walk_step(s, owner, visit); });
  for (const ast::Automation& a : file.automations) walk_automation(a, visit);
}

}  // namespace flowc::query
