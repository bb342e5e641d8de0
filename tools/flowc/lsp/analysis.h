// A program, loaded from the workspace (cached parses, the editor's text)
// and checked, seen from one of its files (the focus: the document a
// request is about): what every feature of the server reads.
// Only one Analysis may be alive at a time (it borrows the workspace's
// parses; see driver/workspace.h).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "check/symbols.h"
#include "driver/workspace.h"
#include "lsp/positions.h"

namespace flowc::lsp {

class Analysis {
 public:
  // The program rooted at `entry`, focused on its file `focus` (the root
  // when the program does not include it).
  Analysis(driver::Workspace& workspace, const std::string& entry, const std::string& focus);
  Analysis(driver::Workspace& workspace, const std::string& path) : Analysis(workspace, path, path) {}
  Analysis(const Analysis&) = delete;
  Analysis& operator=(const Analysis&) = delete;

  bool loaded() const { return lease_.root.has_value(); }
  // The focus file's id.
  FileId file_id() const { return focus_; }
  FileId root_id() const { return *lease_.root; }
  // The focus file's parse; null when it could not be loaded.
  const ast::File* file() const;
  const ast::Program& program() const { return lease_.program; }
  const check::Symbols& symbols() const { return symbols_; }
  const SourceManager& sources() const { return sources_; }
  const SourceFile& source() const { return sources_.file(file_id()); }
  // Every diagnostic of the program (parse, load and check).
  const DiagnosticSink& diagnostics() const { return lease_.sink; }

  // The code point offset of an LSP position in the document.
  uint32_t offset_of(Position p) const { return code_point_of(source(), p); }
  // The text a span covers, as UTF-8.
  std::string text_of(Span span) const;
  // {"uri","range"} of a span, in whichever file it is.
  nlohmann::json location_of(Span span) const;

 private:
  const SourceManager& sources_;
  driver::Workspace::Lease lease_;
  check::Symbols symbols_;
  FileId focus_ = 0;
};

}  // namespace flowc::lsp
