// The language server: reads JSON-RPC messages from a Transport, answers
// requests, and publishes diagnostics after every change.
//
// Lifecycle (LSP 3.17): requests before `initialize` get ServerNotInitialized;
// after `shutdown` every request but `exit` gets InvalidRequest; `exit` ends
// the loop with 0 after a shutdown, 1 without. Unknown requests get
// MethodNotFound, unknown notifications are ignored. A body that is not JSON
// gets a ParseError with a null id; a request whose params are not what the
// method needs gets InvalidParams. Nothing a client sends stops the server.
//
// Programs, not files (lsp/programs.h): each change re-checks the programs
// the open documents belong to and publishes the diagnostics of every file
// of those programs, open or not, clearing them when they are gone. Only
// the changed document is parsed again (driver::Workspace keeps the others'
// parses).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "driver/workspace.h"
#include "lsp/documents.h"
#include "lsp/navigation.h"
#include "lsp/programs.h"
#include "lsp/transport.h"

namespace flowc::lsp {

class Server {
 public:
  // `allowed_paths`: folders programs may read from besides the workspace
  // folders `initialize` names (`flowc lsp --allow-path`).
  explicit Server(Transport& transport, std::vector<std::string> allowed_paths = {});

  // Serves until `exit` or the end of input; returns the exit code.
  int run();

 private:
  using Handler = std::function<nlohmann::json(const nlohmann::json& params)>;

  void handle(const std::string& body);
  void handle_request(const nlohmann::json& id, const std::string& method, const nlohmann::json& params);
  void handle_notification(const std::string& method, const nlohmann::json& params);
  void respond_error(const nlohmann::json& id, int code, const std::string& message);

  nlohmann::json initialize(const nlohmann::json& params);
  void did_open(const nlohmann::json& params);
  void did_change(const nlohmann::json& params);
  void did_close(const nlohmann::json& params);
  // Files changed on disk (by another program, `git checkout`): every open
  // document is checked again, so that an import edited, created or
  // deleted outside the editor shows at once.
  void did_change_watched_files(const nlohmann::json& params);
  // The `flowc.entryFiles` setting changed.
  void did_change_configuration(const nlohmann::json& params);
  // After `initialized`: asks a client that can register file watchers
  // dynamically to report changes to .flow files.
  void register_file_watchers();
  std::optional<SymbolKey> symbol_under_cursor(const nlohmann::json& params);
  nlohmann::json references(const nlohmann::json& params);
  nlohmann::json rename(const nlohmann::json& params);
  std::string uri_for(const std::string& path);
  // Runs `feature` on the checked program of the params' document.
  nlohmann::json with_analysis(const nlohmann::json& params,
                               const std::function<nlohmann::json(const class Analysis&, const Document&)>& feature);
  Document& document(const nlohmann::json& params);

  // The entry files of the programs the open documents belong to.
  std::set<std::string> open_programs();
  // Checks those programs and publishes every file's diagnostics.
  void publish_programs();
  struct ProgramDiagnostics {
    std::string entry;
    nlohmann::json diagnostics;
  };
  nlohmann::json merged(const std::vector<ProgramDiagnostics>& from) const;
  std::string program_name(const std::string& entry) const;
  void publish_file(const std::string& path, nlohmann::json diagnostics,
                    const std::map<std::string, const Document*>& open);

  Transport& transport_;
  driver::Workspace workspace_;
  DocumentStore documents_{workspace_};
  ProgramIndex programs_{workspace_};
  std::map<std::string, nlohmann::json> published_;  // path -> non-empty diagnostics last published
  std::map<std::string, Handler> requests_;
  bool initialized_ = false;
  bool client_registers_watchers_ = false;  // workspace.didChangeWatchedFiles.dynamicRegistration
  bool client_confirms_edits_ = false;      // workspace.workspaceEdit: documentChanges and changeAnnotationSupport
  bool shutdown_ = false;
  std::optional<int> exit_code_;
  std::vector<std::string> allowed_paths_;
};

}  // namespace flowc::lsp
