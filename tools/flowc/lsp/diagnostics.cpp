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
// plus one pass over the document.
nlohmann::json diagnostics_of(const Analysis& analysis) {
  nlohmann::json out = nlohmann::json::array();
  if (!analysis.loaded()) return out;
  PositionIndex positions(analysis.source());
  for (const Diagnostic& d : analysis.diagnostics().sorted())
    if (d.span.file == analysis.file_id()) out.push_back(to_lsp(analysis, positions, d));
  return out;
}

}  // namespace flowc::lsp
