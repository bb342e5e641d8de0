#include "lsp/server.h"

#include <iostream>

#include "lsp/analysis.h"
#include "lsp/completion.h"
#include "lsp/diagnostics.h"
#include "lsp/document_symbols.h"
#include "lsp/formatting.h"
#include "lsp/hover.h"
#include "lsp/navigation.h"
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

// JSON-RPC and LSP error codes.
enum ErrorCode {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kServerNotInitialized = -32002,
};

// Thrown by a handler whose params are unusable; becomes InvalidParams.
struct InvalidParams {
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
  std::vector<std::string> allowed = workspace_roots(params);
  allowed.insert(allowed.end(), allowed_paths_.begin(), allowed_paths_.end());
  workspace_.set_allowed_folders(allowed);
  client_registers_watchers_ =
      flag_at(params, {"capabilities", "workspace", "didChangeWatchedFiles", "dynamicRegistration"});
  json capabilities = {
      {"positionEncoding", "utf-16"},
      {"textDocumentSync", {{"openClose", true}, {"change", 2}}},
      {"hoverProvider", true},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"completionProvider", {{"triggerCharacters", {"."}}}},
      {"documentSymbolProvider", true},
      {"documentFormattingProvider", true},
  };
  return {{"capabilities", capabilities}, {"serverInfo", {{"name", "flowc"}}}};
}

Document& Server::document(const json& params) {
  Document* d = documents_.find(uri_of(params));
  if (!d) throw InvalidParams{"the document is not open"};
  return *d;
}

json Server::with_analysis(const json& params, const std::function<json(const Analysis&, const Document&)>& feature) {
  Document& d = document(params);
  Analysis analysis(workspace_, d.path);
  return feature(analysis, d);
}

json Server::references(const json& params) {
  std::optional<SymbolKey> symbol;
  {
    Document& d = document(params);
    Analysis analysis(workspace_, d.path);
    symbol = symbol_at(analysis, position_of_params(params));
  }
  json out = json::array();
  if (!symbol) return out;
  bool declaration = params.contains("context") && params["context"].value("includeDeclaration", false);
  std::set<std::string> seen;
  for (auto& [uri, d] : documents_.all()) {
    Analysis analysis(workspace_, d.path);
    add_references(analysis, *symbol, declaration, seen, out);
  }
  return out;
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
  // parses them again only when their text changed: checking the open
  // documents again is all it takes, whatever changed (an import created
  // may resolve an E003 anywhere).
  (void)params;
  for (auto& [uri, d] : documents_.all()) publish(d);
}

void Server::did_open(const json& params) {
  const json& doc = params.at("textDocument");
  const json& text = doc.at("text");
  if (!text.is_string()) throw InvalidParams{"textDocument.text must be a string"};
  Document& d = documents_.open(uri_of(params), text.get<std::string>(), version_of(params));
  publish(d);
  publish_dependents(d.path, d.uri);
}

void Server::did_change(const json& params) {
  Document* d = documents_.change(uri_of(params), params.value("contentChanges", json::array()), version_of(params));
  if (!d) return;
  publish(*d);
  publish_dependents(d->path, d->uri);
}

void Server::did_close(const json& params) {
  std::string uri = uri_of(params);
  Document* d = documents_.find(uri);
  if (!d) return;
  std::string path = d->path;
  documents_.close(uri);
  transport_.write({{"jsonrpc", "2.0"},
                    {"method", "textDocument/publishDiagnostics"},
                    {"params", {{"uri", uri}, {"diagnostics", json::array()}}}});
  publish_dependents(path, uri);
}

void Server::publish(Document& d) {
  Analysis analysis(workspace_, d.path);
  d.program_files.clear();
  for (const ast::File& f : analysis.program().files) d.program_files.insert(analysis.sources().file(f.file_id).path());
  json params = {{"uri", d.uri}, {"version", d.version}, {"diagnostics", diagnostics_of(analysis)}};
  transport_.write({{"jsonrpc", "2.0"}, {"method", "textDocument/publishDiagnostics"}, {"params", params}});
}

void Server::publish_dependents(const std::string& path, const std::string& except_uri) {
  for (auto& [uri, d] : documents_.all())
    if (uri != except_uri && d.program_files.count(path)) publish(d);
}

}  // namespace flowc::lsp
