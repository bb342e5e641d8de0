// Internal to compiler/lower: the Lowerer's state and its passes, one
// lower_*.cpp file per concern. See lower.h for the contract.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "ast/ast.h"
#include "check/symbols.h"
#include "ir/module.h"
#include "source/source.h"

namespace flowc::html {
class Scanner;
}

namespace flowc::lower {

using ir::Index;
using ir::kNone;

// What the names of an expression mean where it is lowered.
struct ExprContext {
  Index event_metric = kNone;                   // what `event.` reads: metrics[] (kNone: no event)
  const ast::Automation* automation = nullptr;  // `recommend when`: question names are answers
};

// Builds one chunk's code; jumps are patched once their target is known.
class ChunkBuilder {
 public:
  Index emit(ir::Opcode op, int32_t a = 0, uint16_t b = 0);
  Index here() const { return static_cast<Index>(code_.size()); }
  void patch_jump(Index at) { code_[at].a = static_cast<int32_t>(here()); }
  std::vector<ir::Instr> take() { return std::move(code_); }

 private:
  std::vector<ir::Instr> code_;
};

class Lowerer {
 public:
  Lowerer(const ast::Program& program, const check::Symbols& symbols, const SourceManager& sources)
      : program_(program), symbols_(symbols), sources_(sources) {}

  ir::Module run();

  // --- lower_schema.cpp: profile slots, metrics, lists, segments
  void lower_profile();
  void lower_metrics();
  void lower_lists();
  void lower_segments();
  Index price_drop_metric(Index metric);

  // --- lower_expr.cpp: expressions to code
  void expr(ChunkBuilder& out, const ast::Expr& e, const ExprContext& cx);
  // A whole expression as a chunk; kNone for a missing expression.
  Index expr_chunk(const ast::Expr* e, const ExprContext& cx);
  Index event_slot(Index metric, const std::string& property) const;
  void operand(ChunkBuilder& out, const ast::Expr& e, const ast::Expr& other, const ExprContext& cx);
  Index constant(const ir::Value& v);
  Index aggregate(const ast::Expr& e);

  // --- lower_template.cpp: texts with {{ }} holes
  Index text_chunk(const ast::Text& text, const ExprContext& cx);
  // An HTML body: each hole escaped for its place in the markup.
  Index html_chunk(const ast::Text& text, const ExprContext& cx);
  Index template_chunk(const ast::Text& text, const ExprContext& cx, html::Scanner* html);

  // --- lower_message.cpp
  void lower_messages();
  // The message as sent from a place whose event is `event_metric`.
  Index message_for(const ast::Message* message, Index event_metric);

  // --- lower_send.cpp: what a send step sends (flows and campaigns)
  struct SendTarget {
    Index message = kNone;      // messages[]
    Index inline_body = kNone;  // chunks[]
    bool transactional = false;
  };
  SendTarget send_target(const ast::Step& step, const ExprContext& cx);

  // --- lower_flow.cpp, lower_steps.cpp
  void lower_flow(const ast::Flow& flow);
  void lower_trigger(ir::FlowDef& def, const ast::Trigger& trigger);
  void lower_steps(ir::FlowDef& def, const ast::Flow& flow);

  // --- lower_campaign.cpp, lower_automation.cpp, lower_account.cpp
  void lower_campaign(const ast::Campaign& campaign);
  void lower_automation(const ast::Automation& automation);
  void lower_account();

  // --- shared helpers (lower.cpp)
  std::string source_text(Span span) const;
  uint32_t line_of(Span span) const;
  Index add_chunk(ChunkBuilder& code, Span span);
  Index profile_slot(const std::string& name) const;
  Index metric_index(const std::string& name) const;
  Index metric_index(const check::MetricInfo* info) const;
  Index list_index(const std::string& name) const;
  Index segment_index(const std::string& name) const;
  // A step's name, as check::Checker::step_name gives it: its label, else a
  // send's message name ("" otherwise: step_names.cpp numbers it).
  std::string step_name(const ast::Step& step) const;
  // Whether `decl` is the declaration the checker kept (not a duplicate).
  template <typename T>
  bool is_kept(const std::map<std::string, const T*>& table, const T& decl) const {
    auto it = table.find(decl.name.text);
    return it != table.end() && it->second == &decl;
  }

  const ast::Program& program() const { return program_; }
  const check::Symbols& symbols() const { return symbols_; }
  ir::Module module;

 private:
  const ast::Program& program_;
  const check::Symbols& symbols_;
  const SourceManager& sources_;
  // (kind, metric, property, where source, window, window seconds) -> aggregates[]
  std::map<std::tuple<int, Index, Index, std::string, int, int64_t>, Index> aggregate_index_;
  std::map<std::string, Index> constant_index_;
  std::map<std::pair<const ast::Message*, Index>, Index> message_index_;
  std::map<const ast::Message*, Index> message_primary_event_;
};

// The value of a literal (also a negated number, or a list of literals), as
// a schema default or a constant operand; nullopt for anything else.
std::optional<ir::Value> literal_value(const ast::Expr& e);
ir::Type ir_type(const check::Type& type);
ir::Channel ir_channel(ast::Channel channel);
ir::Status ir_status(ast::Status status);

// Whether an expression reads `event.` outside a count/sum/last `where`.
bool reads_event(const ast::Expr* e);
bool text_reads_event(const ast::Text& text);

}  // namespace flowc::lower
