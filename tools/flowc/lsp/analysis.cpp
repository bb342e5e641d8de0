#include "lsp/analysis.h"

#include <algorithm>

#include "check/check.h"
#include "lsp/uri.h"

namespace flowc::lsp {

Analysis::Analysis(driver::Workspace& workspace, const std::string& entry, const std::string& focus)
    : sources_(workspace.sources()), lease_(workspace.load(entry)) {
  if (!loaded()) return;
  symbols_ = check::check_program(lease_.program, sources_, lease_.sink);
  focus_ = *lease_.root;
  const std::string key = driver::Workspace::key(focus);
  for (const ast::File& f : lease_.program.files)
    if (sources_.file(f.file_id).path() == key) focus_ = f.file_id;
}

const ast::File* Analysis::file() const {
  if (!loaded()) return nullptr;
  for (const ast::File& f : lease_.program.files)
    if (f.file_id == file_id()) return &f;
  return nullptr;
}

std::string Analysis::text_of(Span span) const {
  if (span.file >= sources_.size()) return {};
  const std::u32string& cps = sources_.file(span.file).code_points();
  uint32_t begin = std::min<uint32_t>(span.begin, cps.size()), end = std::min<uint32_t>(span.end, cps.size());
  return encode_utf8(std::u32string_view(cps).substr(begin, end > begin ? end - begin : 0));
}

nlohmann::json Analysis::location_of(Span span) const {
  const SourceFile& f = sources_.file(span.file);
  return {{"uri", path_to_uri(f.path())}, {"range", range_of(f, span)}};
}

}  // namespace flowc::lsp
