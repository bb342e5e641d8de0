// The language server checks programs, not files (docs/tooling.md,
// "Programs, not files"): a file is checked as part of the programs whose
// entry files import it, found from the workspace folder or named by the
// client; every file of those programs gets its diagnostics, open or not,
// and loses them when they are fixed; a file in two programs says which
// program a diagnostic comes from; navigation works across the files.
// Driven over live pipes (tests/lsp_process.h) on multi-file workspaces.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "lsp_client.h"
#include "temp_folder.h"

namespace {

using nlohmann::json;
using flowc::testing::LspClient;
using flowc::testing::did_open;
using flowc::testing::read;
using flowc::testing::uri;
using flowc::testing::write;
using flowc::testing::notification;
using flowc::testing::request;
using flowc::testing::TempFolder;

std::vector<std::string> codes(const json& diagnostics) {
  std::vector<std::string> out;
  for (const json& d : diagnostics) out.push_back(d["code"]);
  return out;
}

// An entry that imports two files; flows.flow uses the list schema.flow
// declares (an error only when flows.flow is checked alone), and schema.flow
// has an error of its own (a segment on an undeclared property).
struct Account {
  TempFolder dir{"flowc-lsp-programs"};
  std::string entry = dir / "shop.flow", flows = dir / "shop/flows.flow", schema = dir / "shop/schema.flow";
  Account() {
    write(entry, "import \"shop/schema.flow\"\nimport \"shop/flows.flow\"\n");
    write(flows, "flow Welcome {\n  trigger list Newsletter\n}\n");
    write(schema, "list Newsletter\nsegment Vips = profile.tier == \"gold\"\n");
  }
};

}  // namespace

TEST_CASE("lsp: a file is checked in the program that imports it, and every file of it gets its diagnostics",
          "[lsp]") {
  Account a;
  LspClient client(a.dir.path.string());
  std::map<std::string, json> published = client.after(did_open(a.flows, read(a.flows)));
  // flows.flow alone would give E010 (no list Newsletter); in shop.flow's program it is fine.
  REQUIRE(published.count(uri(a.flows)));
  CHECK(published[uri(a.flows)].empty());
  // schema.flow is not open: its error is published all the same, with the code `flowc check shop.flow` gives.
  REQUIRE(published.count(uri(a.schema)));
  CHECK(codes(published[uri(a.schema)]).size() == 1);
  CHECK_FALSE(published.count(uri(a.entry)));  // nothing to say about it

  // Go to definition from the imported file lands in the file that declares the list.
  json location = client.ask("textDocument/definition", {{"textDocument", {{"uri", uri(a.flows)}}},
                                                          {"position", {{"line", 1}, {"character", 17}}}});
  if (location.is_array()) location = location.at(0);
  CHECK(location["uri"] == uri(a.schema));
  CHECK(location["range"]["start"]["line"] == 0);

  // Fixed on disk: schema.flow's diagnostics are cleared.
  write(a.schema, "profile {\n  tier: string?\n}\nlist Newsletter\nsegment Vips = profile.tier == \"gold\"\n");
  published = client.after(
      notification("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", uri(a.schema)}, {"type", 2}}}}}));
  REQUIRE(published.count(uri(a.schema)));
  CHECK(published[uri(a.schema)].empty());

  // Closed: no program of an open document is left, nothing more is published.
  published = client.after(notification("textDocument/didClose", {{"textDocument", {{"uri", uri(a.flows)}}}}));
  REQUIRE(published.count(uri(a.flows)));
  CHECK(published[uri(a.flows)].empty());
}

TEST_CASE("lsp: an entry file named by the client decides the program; an unimported file is its own", "[lsp]") {
  Account a;
  const std::string other = a.dir / "other.flow";
  write(other, "import \"shop/flows.flow\"\n");  // a second importer, without the list
  SECTION("found: flows.flow is in two programs, and the error of one says which") {
    LspClient client(a.dir.path.string());
    std::map<std::string, json> published = client.after(did_open(a.flows, read(a.flows)));
    REQUIRE(published.count(uri(a.flows)));
    const json& diagnostics = published[uri(a.flows)];
    REQUIRE(codes(diagnostics) == std::vector<std::string>{"E010"});
    const std::string message = diagnostics[0]["message"];
    CHECK(message.find("(in program `other.flow`)") != std::string::npos);
    CHECK(message.find("shop.flow") == std::string::npos);
  }
  SECTION("named: only shop.flow's program counts") {
    LspClient client(a.dir.path.string(), {{"entryFiles", {"shop.flow"}}});
    std::map<std::string, json> published = client.after(did_open(a.flows, read(a.flows)));
    CHECK(published[uri(a.flows)].empty());
    // The setting changes: other.flow is the entry now.
    published = client.after(notification("workspace/didChangeConfiguration",
                                           {{"settings", {{"flowc", {{"entryFiles", {"other.flow"}}}}}}}));
    CHECK(codes(published[uri(a.flows)]) == std::vector<std::string>{"E010"});
    CHECK(published[uri(a.flows)][0]["message"].get<std::string>().find("(in program") == std::string::npos);
  }
  SECTION("a new file nobody imports is checked alone") {
    LspClient client(a.dir.path.string());
    const std::string scratch = a.dir / "scratch.flow";
    std::map<std::string, json> published =
        client.after(did_open(scratch, "flow Late {\n  trigger list Nowhere\n}\n"));
    CHECK(codes(published[uri(scratch)]) == std::vector<std::string>{"E010"});
  }
}

TEST_CASE("lsp: the example account opened at an imported file gives what `flowc check` gives", "[lsp]") {
  const std::string root = std::string(FLOWC_SOURCE_DIR) + "/examples";
  LspClient client(root);
  const std::string flows = root + "/acme/flows.flow";
  std::map<std::string, json> published = client.after(did_open(flows, read(flows)));
  // `flowc check examples/acme.flow` is clean (the examples test says so): so is every published file.
  REQUIRE(published.count(uri(flows)));
  for (const auto& [file, diagnostics] : published) {
    INFO(file << ": " << diagnostics.dump());
    CHECK(diagnostics.empty());
  }
  // Hover on a list the entry's schema declares, from the imported file: it is known, and where.
  const std::string text = read(flows);
  const size_t at = text.find("trigger list Newsletter");
  REQUIRE(at != std::string::npos);
  const int line = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(at), '\n'));
  const int character = static_cast<int>(at - text.rfind('\n', at) - 1 + std::string("trigger list ").size());
  const json hover = client.ask("textDocument/hover", {{"textDocument", {{"uri", uri(flows)}}},
                                                       {"position", {{"line", line}, {"character", character}}}});
  REQUIRE(hover.is_object());
  CHECK(hover["contents"]["value"].get<std::string>().find("acme/schema.flow") != std::string::npos);
}

// A second entry written on disk mid-session (another tool, a `git pull`):
// once the client says it was created, the open file belongs to its program
// too, and that program's diagnostics are published.
TEST_CASE("lsp: an importer created on disk adds its program to the open file's", "[lsp]") {
  Account a;
  LspClient client(a.dir.path.string());
  std::map<std::string, json> published = client.after(did_open(a.flows, read(a.flows)));
  CHECK(published[uri(a.flows)].empty());  // shop.flow's program only

  const std::string other = a.dir / "other.flow";
  write(other, "import \"shop/flows.flow\"\n");  // imports flows.flow without the list it uses
  published = client.after(
      notification("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", uri(other)}, {"type", 1}}}}}));
  REQUIRE(published.count(uri(a.flows)));
  REQUIRE(codes(published[uri(a.flows)]) == std::vector<std::string>{"E010"});
  CHECK(published[uri(a.flows)][0]["message"].get<std::string>().find("(in program `other.flow`)") !=
        std::string::npos);

  // Deleted again: only shop.flow's program is left, and the error goes.
  std::filesystem::remove(other);
  published = client.after(
      notification("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", uri(other)}, {"type", 3}}}}}));
  REQUIRE(published.count(uri(a.flows)));
  CHECK(published[uri(a.flows)].empty());
}
