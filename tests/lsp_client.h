// A scripted LSP client for the tests that drive `flowc lsp` over live
// pipes on a workspace folder (tests/lsp_process.h): it sends a message,
// then a request the server answers only after everything the message
// caused, and gathers what was published in between.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "lsp_process.h"

namespace flowc::testing {

inline void write(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string uri(const std::string& path) { return "file://" + path; }

// A client on a workspace folder: sends a message, then a request the
// server answers after everything the message caused, and gathers what was
// published in between (the last diagnostics per URI).
struct LspClient {
  LspProcess server;
  using json = nlohmann::json;
  int next_id = 1;

  explicit LspClient(const std::string& root, json options = nullptr, json capabilities = json::object()) {
    json params = {{"rootUri", uri(root)}, {"capabilities", capabilities}};
    if (!options.is_null()) params["initializationOptions"] = options;
    server.send(request(next_id++, "initialize", params));
    REQUIRE(server.next());
    server.send(notification("initialized"));
  }

  // The diagnostics published per URI until the server has handled `message`.
  std::map<std::string, json> after(const json& message) {
    server.send(message);
    const int fence = next_id++;
    server.send(request(fence, "shutdown-fence-unknown-method", json::object()));
    std::map<std::string, json> published;
    for (;;) {
      std::optional<json> m = server.next();
      REQUIRE(m);
      if (m->contains("id") && (*m)["id"] == fence) return published;
      if (m->value("method", "") == "textDocument/publishDiagnostics")
        published[(*m)["params"]["uri"]] = (*m)["params"]["diagnostics"];
    }
  }

  // The response to a request: its result, or its error with ask_response.
  json ask(const std::string& method, const json& params) { return ask_response(method, params)["result"]; }
  json ask_response(const std::string& method, const json& params) {
    const int id = next_id++;
    server.send(request(id, method, params));
    for (;;) {
      std::optional<json> m = server.next();
      REQUIRE(m);
      if (m->contains("id") && (*m)["id"] == id) return *m;
    }
  }
};

inline nlohmann::json did_open(const std::string& path, const std::string& text) {
  return notification("textDocument/didOpen",
                      {{"textDocument", {{"uri", uri(path)}, {"languageId", "flow"}, {"version", 1}, {"text", text}}}});
}

inline std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace flowc::testing
