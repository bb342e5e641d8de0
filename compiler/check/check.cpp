// The checker's passes, in order. Declarations are collected first so names
// resolve across files regardless of order; then each declaration is checked
// on its own; message templates last, once every place that sends them is
// known.
#include "check/check.h"

#include "check/checker.h"

namespace flowc::check {

Symbols Checker::run() {
  collect_declarations();
  collect_schema();
  collect_implicit_properties();
  check_account();
  check_segments();
  for (ast::File& file : program_.files) {
    for (ast::Message& m : file.messages)
      if (!is_broken(m.span)) check_message(m);
    for (ast::Flow& f : file.flows)
      if (!is_broken(f.span)) check_flow(f);
    for (ast::Campaign& c : file.campaigns)
      if (!is_broken(c.span)) check_campaign(c);
    for (ast::Automation& a : file.automations)
      if (!is_broken(a.span)) check_automation(a);
  }
  check_keywords();
  for (ast::File& file : program_.files)
    for (ast::Message& m : file.messages)
      if (!is_broken(m.span)) check_message_templates(m);
  return std::move(symbols);
}

Symbols check_program(ast::Program& program, const SourceManager& sources, DiagnosticSink& sink) {
  Checker checker(program, sources, sink);
  return checker.run();
}

}  // namespace flowc::check
