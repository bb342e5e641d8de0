#include "lsp/server.h"

#include <filesystem>
#include <iostream>
#include <set>

#include "lsp/analysis.h"
#include "lsp/code_actions.h"
#include "lsp/completion.h"
#include "lsp/diagnostics.h"
#include "lsp/document_symbols.h"
#include "lsp/folding.h"
#include "lsp/formatting.h"
#include "lsp/hover.h"
#include "lsp/navigation.h"
#include "lsp/rename.h"
#include "lsp/semantic_tokens.h"
#include "lsp/signature_help.h"
#include "lsp/uri.h"
#include "lsp/workspace_roots.h"

namespace flowc::lsp {

using nlohmann::json;

namespace {

// A client capability: true only when every key leads to an object and the
// last holds `true` (clients send partial or odd capabilities).
bool flag_at(const json& j, std::initializer_list<const char*> path) {
  const json* at = &j;
  for (const char* key : path) {
    if (!at->is_object() || !at->contains(key)) return false;
    at = &(*at)[key];
  }
  return at->is_boolean() && at->get<bool>();
}

// Whether every key leads to an object, the last included.
bool has_object(const json& j, std::initializer_list<const char*> path) {
  const json* at = &j;
  for (const char* key : path) {
    if (!at->is_object() || !at->contains(key)) return false;
    at = &(*at)[key];
  }
  return at->is_object();
}

// JSON-RPC and LSP error codes.
enum ErrorCode {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kServerNotInitialized = -32002,
  kRequestFailed = -32803,
};

// Thrown by a handler whose params are unusable; becomes InvalidParams.
struct InvalidParams {
  std::string message;
};

// Thrown by a handler that understood the request but cannot do it (a
// rename onto a taken name); becomes RequestFailed, which clients show.
struct RequestFailed {
  std::string message;
};

const std::string& uri_of(const json& params) {
  const json& uri = params.at("textDocument").at("uri");
  if (!uri.is_string()) throw InvalidParams{"textDocument.uri must be a string"};
  return uri.get_ref<const std::string&>();
}

Position position_of_params(const json& params) {
  if (!params.contains("position") || !params["position"].is_object()) throw InvalidParams{"position is required"};
  return position_from_json(params["position"]);
}

int64_t version_of(const json& params) {
  const json& doc = params.at("textDocument");
  return doc.contains("version") && doc["version"].is_number_integer() ? doc["version"].get<int64_t>() : 0;
}

// Paths from a JSON array of strings (others skipped).
std::vector<std::string> strings_in(const json& array) {
  std::vector<std::string> out;
  if (array.is_array())
    for (const json& item : array)
      if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

}  // namespace

Server::Server(Transport& transport, std::vector<std::string> allowed_paths)
    : transport_(transport), allowed_paths_(std::move(allowed_paths)) {
  workspace_.set_allowed_folders(allowed_paths_);
  requests_["initialize"] = [this](const json& p) { return initialize(p); };
  requests_["shutdown"] = [this](const json&) {
    shutdown_ = true;
    return json(nullptr);
  };
  requests_["textDocument/hover"] = [this](const json& p) {
    return with_analysis(p, [&](const Analysis& a, const Document&) { return hover(a, position_of_params(p)); });
  };
  requests_["textDocument/definition"] = [this](const json& p) {
    return with_analysis(p, [&](const Analysis& a, const Document&) { return definition(a, position_of_params(p)); });
  };
  requests_["textDocument/references"] = [this](const json& p) { return references(p); };
  requests_["textDocument/completion"] = [this](const json& p) {
    return with_analysis(p, [&](const Analysis& a, const Document& d) {
      return completion(a, d.text, position_of_params(p));
    });
  };
  requests_["textDocument/documentSymbol"] = [this](const json& p) {
    return with_analysis(p, [](const Analysis& a, const Document&) { return document_symbols(a); });
  };
  requests_["textDocument/formatting"] = [this](const json& p) { return formatting(document(p)); };
  requests_["textDocument/foldingRange"] = [this](const json& p) {
    return with_analysis(p, [](const Analysis& a, const Document& d) { return folding_ranges(a, d.text); });
  };
  requests_["textDocument/codeAction"] = [this](const json& p) {
    Document& d = document(p);
    return code_actions(d.uri, d.text, p);
  };
  requests_["textDocument/semanticTokens/full"] = [this](const json& p) {
    return with_analysis(p, [](const Analysis& a, const Document&) { return semantic_tokens(a); });
  };
  requests_["textDocument/signatureHelp"] = [this](const json& p) {
    return signature_help(document(p).text, position_of_params(p));
  };
  requests_["textDocument/prepareRename"] = [this](const json& p) {
    return with_analysis(p, [&](const Analysis& a, const Document&) { return prepare_rename(a, position_of_params(p)); });
  };
  requests_["textDocument/rename"] = [this](const json& p) { return rename(p); };
  requests_["workspace/symbol"] = [this](const json& p) {
    const json query = p.value("query", json(""));
    if (!query.is_string()) throw InvalidParams{"query must be a string"};
    json out = json::array();
    std::set<std::string> seen;
    for (const std::string& entry : open_programs()) {
      Analysis analysis(workspace_, entry);
      add_workspace_symbols(analysis, query.get<std::string>(), seen, out);
    }
    return out;
  };
}

int Server::run() {
  std::string body;
  while (!exit_code_) {
    switch (transport_.read(body)) {
      case Transport::Status::End: return shutdown_ ? 0 : 1;
      case Transport::Status::BadHeader:
        std::cerr << "flowc lsp: skipped a message without a valid Content-Length header\n";
        respond_error(nullptr, kParseError, "missing or invalid Content-Length header");
        break;
      case Transport::Status::Message: handle(body); break;
    }
  }
  return *exit_code_;
}

void Server::handle(const std::string& body) {
  json message = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) return respond_error(nullptr, kParseError, "the message is not valid JSON");
  if (!message.is_object()) return respond_error(nullptr, kInvalidRequest, "a message must be a JSON object");
  json id = message.contains("id") ? message["id"] : json();
  bool has_id = message.contains("id") && (id.is_number() || id.is_string());
  if (!message.contains("method")) return;  // a response to us: the server sends no requests
  if (!message["method"].is_string()) {
    if (has_id || !message.contains("id")) respond_error(has_id ? id : json(), kInvalidRequest, "method must be a string");
    return;
  }
  const std::string& method = message["method"].get_ref<const std::string&>();
  json params = message.contains("params") ? message["params"] : json::object();
  if (message.contains("id") && !has_id) return respond_error(nullptr, kInvalidRequest, "id must be a number or a string");
  if (has_id) handle_request(id, method, params);
  else handle_notification(method, params);
}

void Server::handle_request(const json& id, const std::string& method, const json& params) {
  if (!initialized_ && method != "initialize")
    return respond_error(id, kServerNotInitialized, "the server has not been initialized");
  if (shutdown_) return respond_error(id, kInvalidRequest, "the server is shutting down");
  auto it = requests_.find(method);
  if (it == requests_.end()) return respond_error(id, kMethodNotFound, "unknown method `" + method + "`");
  try {
    transport_.write({{"jsonrpc", "2.0"}, {"id", id}, {"result", it->second(params)}});
  } catch (const InvalidParams& e) {
    respond_error(id, kInvalidParams, e.message);
  } catch (const RequestFailed& e) {
    respond_error(id, kRequestFailed, e.message);
  } catch (const json::exception& e) {
    respond_error(id, kInvalidParams, std::string("invalid params: ") + e.what());
  } catch (const std::exception& e) {
    respond_error(id, kInternalError, e.what());
  }
}

void Server::handle_notification(const std::string& method, const json& params) {
  if (method == "exit") {
    exit_code_ = shutdown_ ? 0 : 1;
    return;
  }
  if (!initialized_ || shutdown_) return;
  try {
    if (method == "textDocument/didOpen") did_open(params);
    else if (method == "textDocument/didChange") did_change(params);
    else if (method == "textDocument/didClose") did_close(params);
    else if (method == "workspace/didChangeWatchedFiles") did_change_watched_files(params);
    else if (method == "workspace/didChangeConfiguration") did_change_configuration(params);
    else if (method == "initialized") register_file_watchers();
    // Anything else ($/cancelRequest, didSave, ...) needs nothing.
  } catch (const std::exception& e) {
    std::cerr << "flowc lsp: ignored `" << method << "`: " << e.what() << "\n";
  } catch (const InvalidParams& e) {
    std::cerr << "flowc lsp: ignored `" << method << "`: " << e.message << "\n";
  }
}

void Server::respond_error(const json& id, int code, const std::string& message) {
  transport_.write({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
}

json Server::initialize(const json& params) {
  if (initialized_) throw InvalidParams{"initialize may be sent only once"};
  initialized_ = true;
  std::vector<std::string> roots = workspace_roots(params);
  std::vector<std::string> allowed = roots;
  allowed.insert(allowed.end(), allowed_paths_.begin(), allowed_paths_.end());
  workspace_.set_allowed_folders(allowed);
  programs_.set_roots(roots);
  if (params.contains("initializationOptions") && params["initializationOptions"].is_object())
    programs_.set_entry_files(strings_in(params["initializationOptions"].value("entryFiles", json())));
  client_registers_watchers_ =
      flag_at(params, {"capabilities", "workspace", "didChangeWatchedFiles", "dynamicRegistration"});
  client_confirms_edits_ = flag_at(params, {"capabilities", "workspace", "workspaceEdit", "documentChanges"}) &&
                           has_object(params, {"capabilities", "workspace", "workspaceEdit", "changeAnnotationSupport"});
  json capabilities = {
      {"positionEncoding", "utf-16"},
      {"textDocumentSync", {{"openClose", true}, {"change", 2}}},
      {"hoverProvider", true},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"completionProvider", {{"triggerCharacters", {"."}}}},
      {"documentSymbolProvider", true},
      {"documentFormattingProvider", true},
      {"foldingRangeProvider", true},
      {"workspaceSymbolProvider", true},
      {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
      {"renameProvider", {{"prepareProvider", true}}},
      {"signatureHelpProvider", {{"triggerCharacters", {"(", ","}}}},
      {"semanticTokensProvider", {{"legend", semantic_tokens_legend()}, {"full", true}}},
  };
  return {{"capabilities", capabilities}, {"serverInfo", {{"name", "flowc"}}}};
}

Document& Server::document(const json& params) {
  Document* d = documents_.find(uri_of(params));
  if (!d) throw InvalidParams{"the document is not open"};
  return *d;
}

// A document in several programs is seen in the first (by path).
json Server::with_analysis(const json& params, const std::function<json(const Analysis&, const Document&)>& feature) {
  Document& d = document(params);
  const std::string entry = programs_.entries_of(d.path).front();
  Analysis analysis(workspace_, entry, d.path);
  return feature(analysis, d);
}

std::set<std::string> Server::open_programs() {
  std::set<std::string> entries;
  for (auto& [uri, d] : documents_.all())
    for (const std::string& entry : programs_.entries_of(d.path)) entries.insert(entry);
  return entries;
}

// By value: its Analysis ends here, before the programs are analysed one by one.
std::optional<SymbolKey> Server::symbol_under_cursor(const json& params) {
  Document& d = document(params);
  Analysis analysis(workspace_, programs_.entries_of(d.path).front(), d.path);
  return symbol_at(analysis, position_of_params(params));
}

json Server::references(const json& params) {
  const std::optional<SymbolKey> symbol = symbol_under_cursor(params);
  json out = json::array();
  if (!symbol) return out;
  bool declaration = params.contains("context") && params["context"].value("includeDeclaration", false);
  std::set<std::string> seen;
  for (const std::string& entry : open_programs()) {
    Analysis analysis(workspace_, entry);
    add_references(analysis, *symbol, declaration, seen, out);
  }
  return out;
}

// The new name written at every occurrence, in every file of the open
// programs; a risky rename (rename.h) only as edits the user confirms.
json Server::rename(const json& params) {
  if (!params.contains("newName") || !params["newName"].is_string()) throw InvalidParams{"newName must be a string"};
  const std::string new_name = params["newName"];
  if (new_name.empty() || new_name.find_first_of("\n\r") != std::string::npos)
    throw RequestFailed{"a name cannot be empty or span lines"};
  const std::optional<SymbolKey> symbol = symbol_under_cursor(params);
  if (!symbol)
    throw RequestFailed{"there is no list, segment, message, metric, flow, campaign, automation, question, profile "
                        "property or step label here"};
  if (!can_be_named(symbol->kind, new_name))
    throw RequestFailed{"a " + std::string(query::symbol_kind_name(symbol->kind)) + " is named by an identifier " +
                        "(letters, digits and `_`, not starting with a digit): `" + new_name + "` is not one"};
  std::vector<RenameSite> sites;
  std::set<std::string> seen;
  for (const std::string& entry : open_programs()) {
    Analysis analysis(workspace_, entry);
    std::string conflict;
    if (!add_rename_sites(analysis, *symbol, new_name, seen, sites, conflict)) throw RequestFailed{conflict};
  }
  std::map<std::string, json> edits;  // path -> TextEdit[]
  const std::string risk = rename_risk(symbol->kind);
  for (const RenameSite& site : sites) {
    json edit = {{"range", site.range}, {"newText", renamed_text(site, new_name)}};
    if (!risk.empty()) edit["annotationId"] = "flowc.rename";
    edits[site.path].push_back(std::move(edit));
  }
  if (risk.empty()) {
    json changes = json::object();
    for (auto& [path, list] : edits) changes[uri_for(path)] = list;
    return {{"changes", changes}};
  }
  if (!client_confirms_edits_)
    throw RequestFailed{"renaming " + std::string(query::symbol_kind_name(symbol->kind)) + " `" + symbol->name +
                        "` needs your confirmation (" + risk +
                        "), and this editor cannot ask for it (no change annotations): edit the name by hand"};
  json document_changes = json::array();
  for (auto& [path, list] : edits) {
    const Document* open = documents_.find(uri_for(path));
    document_changes.push_back({{"textDocument", {{"uri", uri_for(path)}, {"version", open ? json(open->version) : json(nullptr)}}},
                                {"edits", list}});
  }
  const std::string label = "Rename " + std::string(query::symbol_kind_name(symbol->kind)) + " `" + symbol->name + "`";
  return {{"documentChanges", document_changes},
          {"changeAnnotations",
           {{"flowc.rename", {{"label", label}, {"needsConfirmation", true}, {"description", risk}}}}}};
}

// The URI the client knows a file by: an open document's own, else the path's.
std::string Server::uri_for(const std::string& path) {
  for (auto& [uri, d] : documents_.all())
    if (d.path == path) return uri;
  return path_to_uri(path);
}

void Server::register_file_watchers() {
  if (!client_registers_watchers_) return;  // VS Code's extension watches **/*.flow itself (extension.js)
  json watchers = json::array({{{"globPattern", "**/*.flow"}}});
  transport_.write({{"jsonrpc", "2.0"},
                    {"id", "flowc-register-watchers"},
                    {"method", "client/registerCapability"},
                    {"params",
                     {{"registrations",
                       {{{"id", "flowc-watched-files"},
                         {"method", "workspace/didChangeWatchedFiles"},
                         {"registerOptions", {{"watchers", watchers}}}}}}}}});
}

void Server::did_change_watched_files(const json& params) {
  // The workspace reads files that are not open from disk at each load and
  // parses them again only when their text changed: checking the programs
  // again is all it takes, whatever changed (an import created may resolve
  // an E003 anywhere). A file created or deleted may be a new entry file,
  // or an entry gone.
  for (const json& change : params.value("changes", json::array()))
    if (change.is_object() && change.value("type", 0) != 2) programs_.forget_listing();
  programs_.invalidate();
  publish_programs();
}

void Server::did_change_configuration(const json& params) {
  const json settings = params.value("settings", json::object());
  if (!settings.is_object() || !settings.contains("flowc") || !settings["flowc"].is_object()) return;
  programs_.set_entry_files(strings_in(settings["flowc"].value("entryFiles", json())));
  publish_programs();
}

void Server::did_open(const json& params) {
  const json& doc = params.at("textDocument");
  const json& text = doc.at("text");
  if (!text.is_string()) throw InvalidParams{"textDocument.text must be a string"};
  documents_.open(uri_of(params), text.get<std::string>(), version_of(params));
  programs_.invalidate();
  publish_programs();
}

void Server::did_change(const json& params) {
  Document* d = documents_.change(uri_of(params), params.value("contentChanges", json::array()), version_of(params));
  if (!d) return;
  programs_.invalidate();
  publish_programs();
}

void Server::did_close(const json& params) {
  std::string uri = uri_of(params);
  if (!documents_.find(uri)) return;
  documents_.close(uri);
  // Cleared under the client's URI; published again below (under the
  // path's) if the file is still in the program of an open document.
  transport_.write({{"jsonrpc", "2.0"},
                    {"method", "textDocument/publishDiagnostics"},
                    {"params", {{"uri", uri}, {"diagnostics", json::array()}}}});
  programs_.invalidate();
  publish_programs();
}

// The program names a diagnostic is marked with: the entry's path inside
// the first workspace folder, else whole.
std::string Server::program_name(const std::string& entry) const {
  const std::vector<std::string>& roots = programs_.roots();
  if (!roots.empty()) {
    std::filesystem::path relative = std::filesystem::path(entry).lexically_relative(roots.front());
    if (!relative.empty() && *relative.begin() != "..") return relative.string();
  }
  return entry;
}

// One file's diagnostics from the programs that include it: a diagnostic
// every one of them gives appears once, as it is; one that only some give
// (the file is checked in each program, and the programs differ) says
// which, at the end of its message.
json Server::merged(const std::vector<ProgramDiagnostics>& from) const {
  std::vector<std::pair<json, std::vector<std::string>>> distinct;  // diagnostic, its programs
  for (const ProgramDiagnostics& program : from)
    for (const json& d : program.diagnostics) {
      auto same = std::find_if(distinct.begin(), distinct.end(), [&](const auto& x) { return x.first == d; });
      if (same == distinct.end()) distinct.push_back({d, {program.entry}});
      else if (same->second.back() != program.entry) same->second.push_back(program.entry);
    }
  json out = json::array();
  for (auto& [d, programs] : distinct) {
    json marked = d;
    if (programs.size() < from.size()) {
      std::string names;
      for (const std::string& entry : programs) names += (names.empty() ? "`" : ", `") + program_name(entry) + "`";
      marked["message"] = d["message"].get<std::string>() + "\n(in program" + (programs.size() > 1 ? "s " : " ") +
                          names + ")";
    }
    out.push_back(std::move(marked));
  }
  return out;
}

void Server::publish_programs() {
  std::map<std::string, std::vector<ProgramDiagnostics>> by_file;  // path -> per program
  for (const std::string& entry : open_programs()) {
    Analysis analysis(workspace_, entry);
    for (auto& [path, diagnostics] : diagnostics_by_file(analysis))
      by_file[path].push_back({entry, std::move(diagnostics)});
  }
  std::map<std::string, const Document*> open;  // path -> document
  for (auto& [uri, d] : documents_.all()) open[d.path] = &d;
  for (auto& [path, programs] : by_file) publish_file(path, merged(programs), open);
  // Files no program of an open document includes any more: cleared once.
  for (auto it = published_.begin(); it != published_.end();) {
    auto next = std::next(it);
    if (!by_file.count(it->first)) publish_file(it->first, json::array(), open);
    it = next;
  }
}

// An open document's diagnostics are published at each check (with its
// version); another file's only when they changed.
void Server::publish_file(const std::string& path, json diagnostics, const std::map<std::string, const Document*>& open) {
  auto document = open.find(path);
  auto before = published_.find(path);
  const bool changed = before == published_.end() ? !diagnostics.empty() : before->second != diagnostics;
  if (document == open.end() && !changed) return;
  json params = {{"uri", document != open.end() ? document->second->uri : path_to_uri(path)},
                 {"diagnostics", diagnostics}};
  if (document != open.end()) params["version"] = document->second->version;
  transport_.write({{"jsonrpc", "2.0"}, {"method", "textDocument/publishDiagnostics"}, {"params", params}});
  if (diagnostics.empty()) published_.erase(path);
  else published_[path] = std::move(diagnostics);
}

}  // namespace flowc::lsp
