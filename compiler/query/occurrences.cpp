#include "query/occurrences.h"

#include <set>

#include "query/walk.h"

namespace flowc::query {

const char* symbol_kind_name(SymbolKind kind) {
  switch (kind) {
    case SymbolKind::List: return "list";
    case SymbolKind::Segment: return "segment";
    case SymbolKind::Message: return "message";
    case SymbolKind::Metric: return "metric";
    case SymbolKind::Flow: return "flow";
    case SymbolKind::Campaign: return "campaign";
    case SymbolKind::Automation: return "automation";
    case SymbolKind::Question: return "question";
    case SymbolKind::Property: return "profile property";
    case SymbolKind::Step: return "step";
  }
  return "?";
}

namespace {

// Where the last name of a path expression is written: its last code
// points (spans count code points).
Span last_name_span(const ast::Expr& e) {
  uint32_t code_points = 0;
  for (unsigned char c : e.path.back()) code_points += (c & 0xC0) != 0x80;
  if (code_points > e.span.end - e.span.begin) return {};
  return Span{e.span.file, e.span.end - code_points, e.span.end};
}

class Collector {
 public:
  explicit Collector(const ast::Program& program) {
    for (const ast::File& f : program.files)
      for (const ast::Segment& s : f.segments) segment_names_.insert(s.name.text);
  }

  std::vector<Occurrence> out;

  void file(const ast::File& f) {
    declarations(f);
    for (const ast::Account& a : f.accounts)
      if (a.conversion) add(SymbolKind::Metric, a.conversion->metric, false);
    for (const ast::Flow& flow : f.flows) triggers(flow);
    for (const ast::Campaign& c : f.campaigns)
      for (const ast::Path& p : c.paths) {
        for (const ast::Name& n : p.include) add(audience_kind(n.text), n, false);
        for (const ast::Name& n : p.exclude) add(audience_kind(n.text), n, false);
      }
    for (const ast::Automation& a : f.automations) {
      reply_triggers(a);
      saved_properties(a);
    }
    for_each_step(f, [&](const ast::Step& s, const Owner& owner) { step(s, owner); });
    for_each_expr(f, [&](const ast::Expr& e, const Owner& owner) { expr(e, owner); });
  }

 private:
  void add(SymbolKind kind, const ast::Name& name, bool declaration, const ast::Automation* automation = nullptr,
           const ast::Flow* flow = nullptr) {
    if (name.text.empty() || !name.span.valid()) return;
    out.push_back({Symbol{kind, name.text, automation, flow}, name.span, declaration});
  }

  SymbolKind audience_kind(const std::string& name) const {
    return segment_names_.count(name) ? SymbolKind::Segment : SymbolKind::List;
  }

  void declarations(const ast::File& f) {
    for (const ast::ProfileSchema& p : f.profiles)
      for (const ast::SchemaField& field : p.fields) add(SymbolKind::Property, field.name, true);
    for (const ast::List& l : f.lists) add(SymbolKind::List, l.name, true);
    for (const ast::Segment& s : f.segments) add(SymbolKind::Segment, s.name, true);
    for (const ast::Message& m : f.messages) add(SymbolKind::Message, m.name, true);
    for (const ast::Metric& m : f.metrics) add(SymbolKind::Metric, m.name, true);
    for (const ast::Flow& flow : f.flows) add(SymbolKind::Flow, flow.name, true);
    for (const ast::Campaign& c : f.campaigns) add(SymbolKind::Campaign, c.name, true);
    for (const ast::Automation& a : f.automations) {
      add(SymbolKind::Automation, a.name, true);
      for (const ast::Question& q : a.questions) add(SymbolKind::Question, q.name, true, &a);
    }
  }

  void triggers(const ast::Flow& flow) {
    for (const ast::Trigger& t : flow.triggers) {
      switch (t.kind) {
        case ast::TriggerKind::List: add(SymbolKind::List, t.target, false); break;
        case ast::TriggerKind::Segment: add(SymbolKind::Segment, t.target, false); break;
        case ast::TriggerKind::Metric:
        case ast::TriggerKind::PriceDrop: add(SymbolKind::Metric, t.target, false); break;
        case ast::TriggerKind::Date: add(SymbolKind::Property, t.date_property, false); break;
      }
    }
  }

  void reply_triggers(const ast::Automation& a) {
    for (const ast::ReplyTrigger& r : a.reply_triggers) {
      if (r.source_kind.text == "campaign") add(SymbolKind::Campaign, r.source, false);
      if (r.source_kind.text == "flow") add(SymbolKind::Flow, r.source, false);
    }
  }

  void saved_properties(const ast::Automation& a) {
    if (a.save_keyword_to) add(SymbolKind::Property, *a.save_keyword_to, false);
    for (const ast::Question& q : a.questions)
      if (q.save_to) add(SymbolKind::Property, *q.save_to, false);
  }

  void step(const ast::Step& s, const Owner& owner) {
    if (s.kind == ast::StepKind::Send && !s.inline_body) add(SymbolKind::Message, s.message, false);
    if (s.kind == ast::StepKind::AddToList || s.kind == ast::StepKind::RemoveFromList)
      add(SymbolKind::List, s.list, false);
    if (s.kind == ast::StepKind::Set || s.kind == ast::StepKind::Unset) add(SymbolKind::Property, s.property, false);
    if (s.label && owner.flow) add(SymbolKind::Step, *s.label, true, nullptr, owner.flow);
  }

  void expr(const ast::Expr& e, const Owner& owner) {
    ast::Name name{e.text, e.name_span};
    switch (e.kind) {
      case ast::ExprKind::AudienceTest:
        add(e.audience_is_segment ? SymbolKind::Segment : SymbolKind::List, name, false);
        break;
      case ast::ExprKind::Count:
      case ast::ExprKind::Sum:
      case ast::ExprKind::Last: add(SymbolKind::Metric, name, false); break;
      case ast::ExprKind::ProfileProperty:
        // `profile.NAME`: the name is the expression's last token.
        if (e.path.size() == 1) add(SymbolKind::Property, {e.path[0], last_name_span(e)}, false);
        break;
      case ast::ExprKind::NameRef:
        // In `recommend when`, a bare name is one of the automation's questions.
        if (owner.automation && e.path.size() == 1)
          for (const ast::Question& q : owner.automation->questions)
            if (q.name.text == e.path[0]) add(SymbolKind::Question, {e.path[0], e.span}, false, owner.automation);
        break;
      default: break;
    }
  }

  std::set<std::string> segment_names_;
};

bool holds(Span span, FileId file, uint32_t offset) {
  return span.file == file && span.begin <= offset && offset <= span.end;
}

}  // namespace

std::vector<Occurrence> occurrences(const ast::Program& program) {
  Collector c(program);
  for (const ast::File& f : program.files) c.file(f);
  return std::move(c.out);
}

const Occurrence* occurrence_at(const std::vector<Occurrence>& all, FileId file, uint32_t offset) {
  const Occurrence* best = nullptr;
  for (const Occurrence& o : all) {
    if (!holds(o.span, file, offset)) continue;
    if (!best || o.span.end - o.span.begin < best->span.end - best->span.begin) best = &o;
  }
  return best;
}

std::vector<const Occurrence*> declarations_of(const std::vector<Occurrence>& all, const Symbol& symbol) {
  std::vector<const Occurrence*> out;
  for (const Occurrence& o : all)
    if (o.declaration && o.symbol == symbol) out.push_back(&o);
  return out;
}

}  // namespace flowc::query
