#include "lsp/diagnostics.h"

namespace flowc::lsp {

namespace {

int lsp_severity(Severity s) {
  switch (s) {
    case Severity::Error: return 1;
    case Severity::Warning: return 2;
    case Severity::Note: return 3;
  }
  return 1;
}

nlohmann::json to_lsp(const Analysis& a, const PositionIndex& positions, const Diagnostic& d) {
  std::string message = d.message;
  nlohmann::json related = nlohmann::json::array();
  for (const Note& n : d.notes) {
    if (n.span.valid() && n.span.file < a.sources().size())
      related.push_back({{"location", a.location_of(n.span)}, {"message", n.message}});
    else
      message += "\nnote: " + n.message;
  }
  if (!d.hint.empty()) message += "\nhelp: " + d.hint;
  nlohmann::json out = {{"range", positions.range_of(d.span)},
                        {"severity", lsp_severity(d.severity)},
                        {"code", d.code()},
                        {"source", "flowc"},
                        {"message", message}};
  if (!related.empty()) out["relatedInformation"] = related;
  return out;
}

}  // namespace

// Linear in the number of diagnostics (which the sink's error limit bounds)
// plus one pass over each file that has some.
std::map<std::string, nlohmann::json> diagnostics_by_file(const Analysis& analysis) {
  std::map<std::string, nlohmann::json> out;
  if (!analysis.loaded()) return out;
  const SourceManager& sources = analysis.sources();
  std::map<FileId, PositionIndex> positions;
  for (const ast::File& f : analysis.program().files) out[sources.file(f.file_id).path()] = nlohmann::json::array();
  for (const Diagnostic& d : analysis.diagnostics().sorted()) {
    const FileId file = d.span.valid() && d.span.file < sources.size() ? d.span.file : analysis.root_id();
    auto index = positions.try_emplace(file, sources.file(file)).first;
    nlohmann::json& list = out[sources.file(file).path()];
    if (list.is_null()) list = nlohmann::json::array();
    list.push_back(to_lsp(analysis, index->second, d));
  }
  return out;
}

}  // namespace flowc::lsp
