// The language server and files changed on disk (docs/tooling.md, "What
// the server does"): an import edited, created or deleted outside the
// editor is seen as soon as the client reports it
// (workspace/didChangeWatchedFiles), and a client that can register file
// watchers is asked to watch .flow files. Driven over two live pipes, the
// files changed between messages.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "lsp_process.h"
#include "temp_folder.h"

namespace {

using nlohmann::json;
using flowc::testing::LspProcess;
using flowc::testing::notification;
using flowc::testing::request;
using flowc::testing::TempFolder;

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// The codes of the next diagnostics published for `uri`.
std::vector<std::string> published_codes(LspProcess& server, const std::string& uri) {
  for (;;) {
    std::optional<json> message = server.next_with_method("textDocument/publishDiagnostics");
    REQUIRE(message);
    if ((*message)["params"]["uri"] != uri) continue;
    std::vector<std::string> codes;
    for (const json& d : (*message)["params"]["diagnostics"]) codes.push_back(d["code"]);
    return codes;
  }
}

}  // namespace

TEST_CASE("lsp: an import changed, created or deleted on disk is checked again when the client says so", "[lsp]") {
  TempFolder dir("flowc-lsp-disk");
  const std::string main_path = dir / "main.flow", lib_path = dir / "lib.flow";
  const std::string main_uri = "file://" + main_path, lib_uri = "file://" + lib_path;
  write(lib_path, "list Other\n");
  LspProcess server;
  server.send(request(1, "initialize", {{"rootUri", "file://" + dir.path.string()}, {"capabilities", json::object()}}));
  REQUIRE(server.next());
  server.send(notification("initialized"));
  server.send(notification("textDocument/didOpen",
                           {{"textDocument",
                             {{"uri", main_uri},
                              {"languageId", "flow"},
                              {"version", 1},
                              {"text", "import \"lib.flow\"\nflow Welcome {\n  trigger list Newsletter\n}\n"}}}}));
  CHECK(published_codes(server, main_uri) == std::vector<std::string>{"E010"});  // no list Newsletter in lib.flow

  // lib.flow gains the list, written by another program.
  write(lib_path, "list Other\nlist Newsletter\n");
  server.send(notification("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", lib_uri}, {"type", 2}}}}}));
  CHECK(published_codes(server, main_uri).empty());

  // Deleted: the import cannot be read.
  std::filesystem::remove(lib_path);
  server.send(notification("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", lib_uri}, {"type", 3}}}}}));
  const std::vector<std::string> codes = published_codes(server, main_uri);
  CHECK(std::find(codes.begin(), codes.end(), "E003") != codes.end());

  // Created again.
  write(lib_path, "list Newsletter\n");
  server.send(notification("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", lib_uri}, {"type", 1}}}}}));
  CHECK(published_codes(server, main_uri).empty());
}

TEST_CASE("lsp: a client that registers watchers dynamically is asked to watch .flow files", "[lsp]") {
  for (bool dynamic : {true, false}) {
    LspProcess server;
    server.send(request(1, "initialize",
                        {{"rootUri", nullptr},
                         {"capabilities", {{"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", dynamic}}}}}}}}));
    REQUIRE(server.next());
    server.send(notification("initialized"));
    server.send(request(2, "shutdown", json::object()));
    std::optional<json> registration;
    while (std::optional<json> message = server.next()) {
      if (message->value("method", "") == "client/registerCapability") registration = message;
      if (message->contains("id") && (*message)["id"] == 2) break;
    }
    INFO("dynamicRegistration " << dynamic);
    CHECK(registration.has_value() == dynamic);
    if (registration) {
      const json& r = (*registration)["params"]["registrations"][0];
      CHECK(r["method"] == "workspace/didChangeWatchedFiles");
      CHECK(r["registerOptions"]["watchers"][0]["globPattern"] == "**/*.flow");
    }
  }
}
