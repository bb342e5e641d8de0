// The open documents: their text as the editor has it, kept in step with
// didOpen / didChange (full or incremental range edits) / didClose, and
// mirrored into the driver::Workspace so that loads read the editor's text
// instead of the disk.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "driver/workspace.h"

namespace flowc::lsp {

struct Document {
  std::string uri;
  std::string path;  // the workspace key
  std::string text;
  int64_t version = 0;
};

class DocumentStore {
 public:
  explicit DocumentStore(driver::Workspace& workspace) : workspace_(workspace) {}

  Document& open(const std::string& uri, std::string text, int64_t version);
  // Applies `contentChanges` in order; a change without `range` replaces
  // the whole text. Returns null when the document is not open.
  Document* change(const std::string& uri, const nlohmann::json& changes, int64_t version);
  void close(const std::string& uri);

  Document* find(const std::string& uri);
  std::map<std::string, Document>& all() { return documents_; }

 private:
  driver::Workspace& workspace_;
  std::map<std::string, Document> documents_;  // by URI
};

// Applies one TextDocumentContentChangeEvent to `text`.
void apply_change(std::string& text, const nlohmann::json& change);

}  // namespace flowc::lsp
