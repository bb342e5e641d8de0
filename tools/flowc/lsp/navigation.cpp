#include "lsp/navigation.h"

#include "query/position.h"

namespace flowc::lsp {

namespace {

// The declaration span of `profile.X` or `event.X` under the cursor.
std::optional<Span> property_declaration(const Analysis& a, uint32_t offset) {
  query::Place place = query::place_at(*a.file(), offset);
  if (!place.expr || place.expr->path.empty()) return std::nullopt;
  const ast::Expr& e = *place.expr;
  if (e.kind == ast::ExprKind::ProfileProperty) {
    std::string name;
    for (const std::string& p : e.path) name += (name.empty() ? "" : ".") + p;
    const check::Property* p = a.symbols().profile_property(name);
    if (p && p->span.valid()) return p->span;
  }
  if (e.kind == ast::ExprKind::EventProperty && place.owner.flow && place.owner.flow->trigger()) {
    const check::MetricInfo* m = a.symbols().metric(place.owner.flow->trigger()->target.text);
    if (!m) return std::nullopt;
    auto it = m->properties.find(e.path[0]);
    if (it != m->properties.end() && it->second.span.valid()) return it->second.span;
  }
  return std::nullopt;
}

std::string scope_of(const query::Symbol& s) {
  if (s.automation) return s.automation->name.text;
  if (s.flow) return s.flow->name.text;
  return "";
}

}  // namespace

bool is_symbol(const query::Symbol& s, const SymbolKey& key, const std::string& name) {
  return s.kind == key.kind && s.name == name && scope_of(s) == key.scope;
}

std::optional<SymbolKey> symbol_at(const Analysis& a, Position position) {
  if (!a.file()) return std::nullopt;
  std::vector<query::Occurrence> all = query::occurrences(a.program());
  const query::Occurrence* o = query::occurrence_at(all, a.file_id(), a.offset_of(position));
  if (!o) return std::nullopt;
  return SymbolKey{o->symbol.kind, o->symbol.name, scope_of(o->symbol)};
}

nlohmann::json definition(const Analysis& a, Position position) {
  nlohmann::json out = nlohmann::json::array();
  if (!a.file()) return out;
  uint32_t offset = a.offset_of(position);
  std::vector<query::Occurrence> all = query::occurrences(a.program());
  if (const query::Occurrence* o = query::occurrence_at(all, a.file_id(), offset)) {
    for (const query::Occurrence* d : query::declarations_of(all, o->symbol)) out.push_back(a.location_of(d->span));
    return out;
  }
  if (std::optional<Span> span = property_declaration(a, offset)) out.push_back(a.location_of(*span));
  return out;
}

void add_references(const Analysis& a, const SymbolKey& symbol, bool include_declaration,
                    std::set<std::string>& seen, nlohmann::json& out) {
  for (const query::Occurrence& o : query::occurrences(a.program())) {
    if (!is_symbol(o.symbol, symbol, symbol.name) || (o.declaration && !include_declaration)) continue;
    nlohmann::json location = a.location_of(o.span);
    if (seen.insert(location.dump()).second) out.push_back(location);
  }
}

}  // namespace flowc::lsp
