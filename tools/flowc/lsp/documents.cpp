#include "lsp/documents.h"

#include <algorithm>

#include "lsp/positions.h"
#include "lsp/uri.h"

namespace flowc::lsp {

void apply_change(std::string& text, const nlohmann::json& change) {
  if (!change.is_object() || !change.contains("text") || !change["text"].is_string()) return;
  const std::string& replacement = change["text"].get_ref<const std::string&>();
  if (!change.contains("range") || !change["range"].is_object()) {
    text = replacement;
    return;
  }
  const nlohmann::json& range = change["range"];
  size_t begin = byte_offset_of(text, position_from_json(range.value("start", nlohmann::json::object())));
  size_t end = byte_offset_of(text, position_from_json(range.value("end", nlohmann::json::object())));
  if (end < begin) std::swap(begin, end);
  text.replace(begin, end - begin, replacement);
}

Document& DocumentStore::open(const std::string& uri, std::string text, int64_t version) {
  Document& d = documents_[uri];
  d.uri = uri;
  d.path = driver::Workspace::key(uri_to_path(uri));
  d.text = std::move(text);
  d.version = version;
  workspace_.set_text(d.path, d.text);
  return d;
}

Document* DocumentStore::change(const std::string& uri, const nlohmann::json& changes, int64_t version) {
  Document* d = find(uri);
  if (!d) return nullptr;
  if (changes.is_array())
    for (const nlohmann::json& c : changes) apply_change(d->text, c);
  d->version = version;
  workspace_.set_text(d->path, d->text);
  return d;
}

void DocumentStore::close(const std::string& uri) {
  Document* d = find(uri);
  if (!d) return;
  workspace_.drop_text(d->path);
  documents_.erase(uri);
}

Document* DocumentStore::find(const std::string& uri) {
  auto it = documents_.find(uri);
  return it == documents_.end() ? nullptr : &it->second;
}

}  // namespace flowc::lsp
