// Internal to compiler/parse: the parse-tree-to-AST builder shared by the
// build_*.cpp files. One Builder walks one parse (a file, or one template
// hole); `offsets` maps the parsed text's code points back to the file when
// the parsed text is a piece of it (template holes).
#pragma once

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "FlowParser.h"
#include "ast/ast.h"
#include "diag/diagnostic.h"
#include "source/source.h"

namespace flowc::parse {

using P = flowc_antlr::FlowParser;

class Builder {
 public:
  Builder(const SourceManager& sources, FileId file, DiagnosticSink& sink, std::vector<uint32_t> offsets = {})
      : sources_(sources), file_(file), sink_(sink), offsets_(std::move(offsets)) {}

  // --- places
  Span span(antlr4::ParserRuleContext* ctx) const;
  Span span(antlr4::Token* token) const;
  Span span(antlr4::tree::TerminalNode* node) const { return node ? span(node->getSymbol()) : Span{file_, 0, 0}; }
  uint32_t map(size_t index) const;
  FileId file() const { return file_; }
  DiagnosticSink& sink() { return sink_; }
  const SourceManager& sources() const { return sources_; }

  // --- what the checker must skip and what the builder must leave out
  // Offsets of errors that make their declaration broken (ast::File::broken):
  // syntax errors, parts nested too deeply, literals whose value is lost.
  // Null when nobody keeps them (template holes, tools).
  void keep_broken_offsets(std::vector<uint32_t>* offsets) { broken_offsets_ = offsets; }
  void mark_broken(uint32_t offset) {
    if (broken_offsets_) broken_offsets_->push_back(offset);
  }
  // Contexts nested deeper than kMaxNesting: building them would recurse
  // too deep, so expr(), block() and type_ref() give nothing for them.
  void leave_out(const std::vector<antlr4::ParserRuleContext*>& contexts) {
    left_out_.insert(contexts.begin(), contexts.end());
  }
  bool is_left_out(antlr4::ParserRuleContext* ctx) const { return !left_out_.empty() && left_out_.count(ctx); }

  // --- leaves (text.cpp)
  ast::Name name(P::NameContext* ctx) const;
  ast::Name decl_name(P::DeclNameContext* ctx);
  ast::Name metric_name(P::MetricRefContext* ctx);
  // A string literal, decoded, with its template holes parsed.
  ast::Text text(P::StrContext* ctx);
  ast::Text text(antlr4::tree::TerminalNode* string_token);
  // Splits decoded text into literal parts and `{{ }}` holes and parses the
  // holes; positions[i] is the file offset of value[i].
  ast::Text template_text(const std::u32string& value, std::vector<uint32_t> positions, Span span);
  void parse_hole(const std::u32string& hole, std::vector<uint32_t> positions, ast::TemplatePart& part);
  // A string literal's decoded value without template parsing.
  std::string string_value(antlr4::Token* token);
  // The text of a token, or nullopt for a token ANTLR made up to recover
  // from a syntax error (`<missing TIME>`): that error is reported already.
  std::optional<std::string> token_text(antlr4::tree::TerminalNode* node) const;
  // E002 for a literal whose value cannot be used (a number too large for
  // its type); its declaration is broken, so no follow-on error is reported.
  void reject_literal(Span span, std::string message, std::string hint = {});
  int64_t duration(antlr4::tree::TerminalNode* node);
  int time_of_day(antlr4::tree::TerminalNode* node);
  double percent(antlr4::tree::TerminalNode* node);
  ast::DateTimeValue date_time(P::DateTimeContext* ctx);
  bool on_off(P::OnOffContext* ctx) const;
  void report_unterminated(Span span);

  // --- expressions (build_expr.cpp)
  ast::ExprPtr expr(P::ExprContext* ctx);
  ast::ExprPtr primary(P::PrimaryContext* ctx);
  ast::ExprPtr literal(P::LiteralContext* ctx);
  void template_filters(const std::vector<P::TemplateFilterContext*>& filters, ast::TemplatePart& part);

  // --- declarations (build_decls.cpp)
  void top_decl(P::TopDeclContext* ctx, ast::File& file);

  // --- flows and steps (build_steps.cpp)
  ast::Flow flow(P::FlowDeclContext* ctx);
  ast::Block block(P::BlockContext* ctx);
  std::optional<ast::Step> step(P::StepContext* ctx);
  ast::SendOptions send_options(P::SendOptionsContext* ctx);

 private:
  ast::Account account(P::AccountDeclContext* ctx);
  void account_setting(P::AccountSettingContext* ctx, ast::Account& account);
  ast::SchemaField schema_field(P::SchemaFieldContext* ctx);
  ast::TypeRef type_ref(P::TypeRefContext* ctx);
  ast::Message message(P::MessageDeclContext* ctx);
  ast::Campaign campaign(P::CampaignDeclContext* ctx);
  ast::Automation automation(P::AutomationDeclContext* ctx);
  void automation_item(P::AutomationItemContext* ctx, ast::Automation& automation);
  ast::Trigger trigger(P::TriggerContext* ctx);
  void flow_item(P::FlowItemContext* ctx, ast::Flow& flow);
  ast::DaySet days(P::DaysContext* ctx);
  std::optional<ast::Name> step_label(P::StepContext* ctx);

  const SourceManager& sources_;
  FileId file_;
  DiagnosticSink& sink_;
  std::vector<uint32_t> offsets_;
  std::vector<uint32_t>* broken_offsets_ = nullptr;
  std::unordered_set<antlr4::ParserRuleContext*> left_out_;
};

// Formats an ANTLR syntax error as a readable message (syntax_errors.cpp).
std::string describe_syntax_error(antlr4::Parser* parser, antlr4::Token* offending);

// Decodes string literal escapes (text.cpp). Reports bad escapes as E002.
// `positions` receives, for each decoded code point, its offset in `raw`.
std::u32string decode_escapes(std::u32string_view raw, std::vector<uint32_t>& positions, std::vector<uint32_t>& bad);

}  // namespace flowc::parse
