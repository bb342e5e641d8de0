// The data model as slots: profile properties, metrics and their event
// properties, lists, and segments in dependency order.
#include <functional>
#include <set>

#include "lower/lowerer.h"

namespace flowc::lower {

ir::Type ir_type(const check::Type& type) {
  using K = check::TypeKind;
  switch (type.kind) {
    case K::Bool: return ir::Type::Bool;
    case K::Int: return ir::Type::Int;
    case K::Number: return ir::Type::Number;
    case K::String: return ir::Type::String;
    case K::Date: return ir::Type::Date;
    case K::DateTime: return ir::Type::DateTime;
    case K::Duration: return ir::Type::Duration;
    case K::Consent: return ir::Type::Consent;
    case K::List:
      switch (type.element) {
        case K::String: return ir::Type::ListOfString;
        case K::Int: return ir::Type::ListOfInt;
        case K::Number: return ir::Type::ListOfNumber;
        default: return ir::Type::ListOfOther;
      }
    default: return ir::Type::Unknown;
  }
}

namespace {

ir::PropertyDef property_def(const check::Property& p) {
  ir::PropertyDef def;
  def.name = p.name;
  def.type = ir_type(p.type);
  def.optional = p.type.optional;
  return def;
}

// A default is stored with the property's type: `number = 0` is the number 0.
ir::Value as_property_type(ir::Value v, ir::Type type) {
  if (type == ir::Type::Number && v.kind == ir::ValueKind::Int) return ir::Value::number(static_cast<double>(v.i));
  return v;
}

}  // namespace

// Slots in name order (the symbol table's order), built-ins excluded: they
// are read with LoadBuiltin / LoadConsent.
void Lowerer::lower_profile() {
  for (const auto& [name, p] : symbols_.profile) {
    if (p.builtin) continue;
    ir::PropertyDef def = property_def(p);
    if (p.default_value) {
      if (std::optional<ir::Value> v = literal_value(*p.default_value))
        def.default_constant = constant(as_property_type(*v, def.type));
    }
    module.profile_properties.push_back(std::move(def));
  }
}

void Lowerer::lower_metrics() {
  for (const auto& [name, m] : symbols_.metrics) {
    ir::MetricDef def;
    def.name = name;
    def.builtin = m.decl == nullptr;
    for (const auto& [pname, p] : m.properties) def.properties.push_back(property_def(p));
    module.metrics.push_back(std::move(def));
  }
  // The events of price-drop flows, so that messages (lowered before the
  // flows) can already refer to them.
  for (const ast::File& file : program_.files)
    for (const ast::Flow& f : file.flows)
      if (is_kept(symbols_.flows, f) && f.trigger() && f.trigger()->kind == ast::TriggerKind::PriceDrop)
        price_drop_metric(metric_index(f.trigger()->target.text));
}

// A price drop's event: the watched metric's properties, then old_price,
// new_price and percent (numbers) as the last three slots. One per metric,
// shared by every price-drop flow on it.
Index Lowerer::price_drop_metric(Index metric) {
  if (metric == kNone) return kNone;
  std::string name = module.metrics[metric].name + " (price drop)";
  Index existing = metric_index(name);
  if (existing != kNone) return existing;
  ir::MetricDef def;
  def.name = name;
  def.builtin = module.metrics[metric].builtin;
  def.properties = module.metrics[metric].properties;
  for (const char* extra : {"old_price", "new_price", "percent"}) {
    ir::PropertyDef p;
    p.name = extra;
    p.type = ir::Type::Number;
    p.optional = false;
    def.properties.push_back(std::move(p));
  }
  module.metrics.push_back(std::move(def));
  return static_cast<Index>(module.metrics.size() - 1);
}

// Lists in declaration order.
void Lowerer::lower_lists() {
  for (const ast::File& file : program_.files)
    for (const ast::List& l : file.lists)
      if (is_kept(symbols_.lists, l)) module.lists.push_back(l.name.text);
}

namespace {

void collect_segment_refs(const ast::Expr* e, std::vector<std::string>& out) {
  if (!e) return;
  if (e->kind == ast::ExprKind::AudienceTest && e->audience_is_segment) out.push_back(e->text);
  for (const auto& a : e->args) collect_segment_refs(a.get(), out);
  collect_segment_refs(e->where.get(), out);
}

// Whether membership can change with the clock alone.
bool uses_time(const ast::Expr* e, const std::set<std::string>& time_dependent_segments) {
  if (!e) return false;
  switch (e->kind) {
    case ast::ExprKind::Count:
    case ast::ExprKind::Sum:
    case ast::ExprKind::Last:
      if (e->window == ast::WindowKind::Within) return true;
      break;
    case ast::ExprKind::Call:
      if (e->text == "now" || e->text == "days_since" || e->text == "hours_since") return true;
      break;
    case ast::ExprKind::AudienceTest:
      if (e->audience_is_segment && time_dependent_segments.count(e->text)) return true;
      break;
    default: break;
  }
  for (const auto& a : e->args)
    if (uses_time(a.get(), time_dependent_segments)) return true;
  return uses_time(e->where.get(), time_dependent_segments);
}

}  // namespace

// Segments in declaration order, except that a segment comes after every
// segment it uses (the checker has rejected cycles), so the runtime can
// evaluate them front to back. A segment that uses a time-dependent segment
// is time-dependent too: its membership follows the other one's.
void Lowerer::lower_segments() {
  std::vector<const ast::Segment*> order;
  std::set<std::string> visited;
  std::function<void(const ast::Segment&)> visit = [&](const ast::Segment& s) {
    if (!visited.insert(s.name.text).second) return;
    std::vector<std::string> refs;
    collect_segment_refs(s.condition.get(), refs);
    for (const std::string& ref : refs) {
      auto it = symbols_.segments.find(ref);
      if (it != symbols_.segments.end()) visit(*it->second);
    }
    order.push_back(&s);
  };
  for (const ast::File& file : program_.files)
    for (const ast::Segment& s : file.segments)
      if (is_kept(symbols_.segments, s)) visit(s);

  for (const ast::Segment* s : order) {
    ir::SegmentDef def;
    def.name = s->name.text;
    module.segments.push_back(std::move(def));
  }
  std::set<std::string> time_dependent;
  for (size_t i = 0; i < order.size(); ++i) {
    ir::SegmentDef& def = module.segments[i];
    def.condition = expr_chunk(order[i]->condition.get(), ExprContext{});
    def.time_dependent = uses_time(order[i]->condition.get(), time_dependent);
    if (def.time_dependent) time_dependent.insert(def.name);
  }
}

}  // namespace flowc::lower
