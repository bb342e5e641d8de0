#include "lsp/rename.h"

#include "lsp/names.h"

namespace flowc::lsp {

nlohmann::json prepare_rename(const Analysis& a, Position position) {
  if (!a.file()) return nullptr;
  const std::vector<query::Occurrence> all = query::occurrences(a.program());
  const query::Occurrence* o = query::occurrence_at(all, a.file_id(), a.offset_of(position));
  if (!o) return nullptr;
  return {{"range", a.location_of(o->span)["range"]}, {"placeholder", o->symbol.name}};
}

bool add_rename_sites(const Analysis& a, const SymbolKey& symbol, const std::string& new_name,
                      std::set<std::string>& seen, std::vector<RenameSite>& sites, std::string& conflict) {
  for (const query::Occurrence& o : query::occurrences(a.program())) {
    if (o.declaration && is_symbol(o.symbol, symbol, new_name)) {
      const nlohmann::json at = a.location_of(o.span);
      const std::string kind = query::symbol_kind_name(symbol.kind);
      conflict = std::string(kind[0] == 'a' ? "an " : "a ") + kind + " named `" + new_name +
                 "` is already declared (" + at["uri"].get<std::string>() + ", line " +
                 std::to_string(at["range"]["start"]["line"].get<int>() + 1) + ")";
      return false;
    }
    if (!is_symbol(o.symbol, symbol, symbol.name)) continue;
    const nlohmann::json location = a.location_of(o.span);
    if (!seen.insert(location.dump()).second) continue;
    const std::string written = a.text_of(o.span);
    sites.push_back({a.sources().file(o.span.file).path(), location["range"], !written.empty() && written[0] == '"'});
  }
  return true;
}

std::string rename_risk(query::SymbolKind kind) {
  switch (kind) {
    case query::SymbolKind::Metric:
      return "events name their metric: after this rename, events with the old name no longer trigger or count";
    case query::SymbolKind::List:
      return "list_add and list_remove events name their list: events with the old name no longer match";
    case query::SymbolKind::Flow:
      return "saved state keeps waiting profiles by flow name, and send ids include it: run `flowc migrate` "
             "on saved state after this rename";
    case query::SymbolKind::Campaign:
      return "saved state keeps a campaign's progress by its name, and send ids include it";
    case query::SymbolKind::Automation:
      return "saved state keeps open conversations by automation name";
    case query::SymbolKind::Property:
      return "profile records and events set properties by name, and saved state keeps each profile's values by "
             "name: records that still set the old name no longer set this property, and `flowc migrate` drops "
             "the saved values of the old name";
    case query::SymbolKind::Step:
      return "saved state keeps waiting profiles at a step by its label, and send ids include a send's label: "
             "after this rename, upgrade saved state with `flowc migrate --map FLOW:OLD=NEW`";
    case query::SymbolKind::Segment:
    case query::SymbolKind::Message:
    case query::SymbolKind::Question: return "";
  }
  return "";
}

bool can_be_named(query::SymbolKind kind, const std::string& new_name) {
  return (kind != query::SymbolKind::Property && kind != query::SymbolKind::Step) || is_identifier(new_name);
}

std::string renamed_text(const RenameSite& site, const std::string& new_name) {
  return site.quoted ? string_literal(new_name) : written_name(new_name);
}

}  // namespace flowc::lsp
