// Internal to compiler/check: the Checker's state and its handlers, one
// handle_*.cpp file per feature. See check.h for the contract.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "check/symbols.h"
#include "diag/diagnostic.h"
#include "source/source.h"

namespace flowc::check {

// Where an expression stands decides what it may reference.
enum class Place {
  Segment,       // segment definition: profile data only
  FlowFilter,    // profile filter: no event
  TriggerWhere,  // trigger filter: the trigger event
  IfCondition,   // conditional split: no event
  SplitCondition,// trigger split: only the event
  SetValue,      // `set profile.P = ...`
  Template,      // `{{ }}` in messages, notify, automation texts
  Conversion,    // account conversion value: the conversion event
  PriceDropKey,  // price_drop ... by EXPR: the viewed event
  Recommend,     // `recommend when`: question names only
  CountWhere,    // inside count/sum/last(... where ...): the counted event
};

struct Scope {
  Place place = Place::Segment;
  const MetricInfo* event = nullptr;  // what `event.` means here; null: no event
  bool event_unknown = false;         // a message sent from nowhere: accept `event.` silently
  std::string no_event_reason;        // for E015: why there is no event here
  bool in_flow = false;               // `since flow_start` allowed
  bool in_message = false;            // unsubscribe_link etc. allowed
  const ast::Automation* automation = nullptr;  // question names for Recommend
};

class Checker {
 public:
  Checker(ast::Program& program, const SourceManager& sources, DiagnosticSink& sink)
      : program_(program), sources_(sources), sink_(sink) {}

  Symbols run();

  // --- symbols.cpp
  void collect_declarations();
  void collect_schema();
  void collect_implicit_properties();
  bool is_broken(Span span) const;

  // --- handle_expr.cpp
  Type check_expr(ast::Expr* expr, const Scope& scope);
  void expect_bool(ast::Expr* expr, const Scope& scope, const char* what);
  Type check_call(ast::Expr& e, const Scope& scope);
  Type check_binary(ast::Expr& e, const Scope& scope);
  Type check_aggregate(ast::Expr& e, const Scope& scope);
  Type check_name_ref(ast::Expr& e, const Scope& scope);
  Type check_profile_property(ast::Expr& e, const Scope& scope);
  Type check_event_property(ast::Expr& e, const Scope& scope);
  const MetricInfo* resolve_metric(const std::string& name, Span span);
  // Resolves an audience name (list or segment); reports E010.
  bool resolve_audience(const ast::Name& name, const char* context);
  bool resolve_list(const ast::Name& name);
  bool resolve_segment(const ast::Name& name);
  Type literal_type(const ast::Expr& e) const;
  Type schema_type(const ast::TypeRef& ref);

  // --- handle_template.cpp
  void check_text(ast::Text& text, const Scope& scope);

  // --- handle_html_body.cpp: escaping contexts of an e-mail body's holes
  void check_html_body(const ast::Text& body);

  // --- handle_account.cpp
  void check_account();

  // --- handle_message.cpp
  void check_message(ast::Message& message);
  void check_message_templates(ast::Message& message);
  const ast::MessageField* field(const ast::Message& m, const char* key) const;

  // --- handle_flow.cpp
  void check_flow(ast::Flow& flow);
  // A send step in a flow or campaign: resolves the message, records the
  // send site. Returns false when the step's message is unusable.
  void check_send(ast::Step& step, const Scope& scope, const std::string& place, bool in_campaign);
  void check_segments();

  // --- handle_campaign.cpp
  void check_campaign(ast::Campaign& campaign);

  // --- handle_automation.cpp
  void check_automation(ast::Automation& automation);
  void check_keywords();

  // --- shared helpers
  DiagnosticSink& sink() { return sink_; }
  const SourceManager& sources() const { return sources_; }
  void check_assignable_property(const ast::Name& property, Type value_type, Span value_span);
  std::vector<std::string> names_of_lists_and_segments() const;
  std::string step_name(const ast::Step& step) const;
  void claim_step_name(const ast::Step& step, std::map<std::string, Span>& taken, const std::string& flow);
  // The account's settings, with defaults when there is no account block.
  const ast::Account& account() const;

  Symbols symbols;

 private:
  ast::Program& program_;
  const SourceManager& sources_;
  DiagnosticSink& sink_;
  std::vector<Span> broken_;

 public:
  ast::Program& program() { return program_; }
};

}  // namespace flowc::check
