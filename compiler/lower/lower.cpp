// Lowering's driver: the passes in dependency order, and the helpers they
// share (source text of spans, name -> index lookups, step names).
#include "lower/lower.h"

#include <fmt/format.h>

#include <algorithm>

#include "lower/lowerer.h"

namespace flowc::lower {

Index ChunkBuilder::emit(ir::Opcode op, int32_t a, uint16_t b) {
  code_.push_back(ir::Instr{op, b, a});
  return static_cast<Index>(code_.size() - 1);
}

// Schema first (everything else refers to its slots), then the account
// (its conversion value reads a metric), messages before the flows and
// campaigns that send them.
ir::Module Lowerer::run() {
  lower_profile();
  lower_metrics();
  lower_lists();
  lower_segments();
  lower_account();
  lower_messages();
  for (const ast::File& file : program_.files) {
    for (const ast::Flow& f : file.flows)
      if (is_kept(symbols_.flows, f)) lower_flow(f);
    for (const ast::Campaign& c : file.campaigns)
      if (is_kept(symbols_.campaigns, c)) lower_campaign(c);
    for (const ast::Automation& a : file.automations)
      if (is_kept(symbols_.automations, a)) lower_automation(a);
  }
  return std::move(module);
}

std::string Lowerer::source_text(Span span) const {
  if (!span.valid() || span.file >= sources_.size()) return {};
  const std::u32string& cps = sources_.file(span.file).code_points();
  if (span.begin >= cps.size()) return {};
  size_t end = std::min<size_t>(span.end, cps.size());
  return encode_utf8(std::u32string_view(cps).substr(span.begin, end - span.begin));
}

uint32_t Lowerer::line_of(Span span) const {
  if (!span.valid() || span.file >= sources_.size()) return 0;
  return sources_.file(span.file).line_col(span.begin).line;
}

Index Lowerer::add_chunk(ChunkBuilder& code, Span span) {
  code.emit(ir::Opcode::Return);
  ir::Chunk chunk;
  chunk.code = code.take();
  chunk.source = source_text(span);
  module.chunks.push_back(std::move(chunk));
  return static_cast<Index>(module.chunks.size() - 1);
}

Index Lowerer::profile_slot(const std::string& name) const { return module.find_profile_property(name); }

Index Lowerer::metric_index(const std::string& name) const { return module.find_metric(name); }

// The checker hands out MetricInfo pointers for sends and scopes: either a
// metric of the symbol table or the event of a price-drop flow.
Index Lowerer::metric_index(const check::MetricInfo* info) const {
  if (!info) return kNone;
  for (const auto& [name, m] : symbols_.metrics)
    if (&m == info) return metric_index(name);
  for (const auto& [flow, event] : symbols_.price_drop_events)
    if (event.get() == info && flow->trigger())
      return module.find_metric(flow->trigger()->target.text + " (price drop)");
  return kNone;
}

Index Lowerer::list_index(const std::string& name) const { return module.find_list(name); }

Index Lowerer::segment_index(const std::string& name) const {
  for (Index i = 0; i < module.segments.size(); ++i)
    if (module.segments[i].name == name) return i;
  return kNone;
}

// Empty for an unlabelled step that is not a send of a declared message:
// name_steps() numbers it.
std::string Lowerer::step_name(const ast::Step& step) const {
  if (step.label) return step.label->text;
  if (step.kind != ast::StepKind::Send || step.inline_body) return "";
  return step.message.text;
}

ir::Channel ir_channel(ast::Channel channel) {
  switch (channel) {
    case ast::Channel::Sms: return ir::Channel::Sms;
    case ast::Channel::Push: return ir::Channel::Push;
    case ast::Channel::Whatsapp: return ir::Channel::Whatsapp;
    default: return ir::Channel::Email;
  }
}

ir::Status ir_status(ast::Status status) {
  switch (status) {
    case ast::Status::Manual: return ir::Status::Manual;
    case ast::Status::Live: return ir::Status::Live;
    default: return ir::Status::Draft;
  }
}

ir::Module lower_program(const ast::Program& program, const check::Symbols& symbols, const SourceManager& sources) {
  Lowerer lowerer(program, symbols, sources);
  return lowerer.run();
}

}  // namespace flowc::lower
