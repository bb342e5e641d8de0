// `flowc lsp` driven by real clients, not by our own test client
// (tests/lsp_client.h): Neovim 0.7's built-in LSP client and Node's
// `vscode-languageserver-protocol`, the library VS Code's client is built
// on. Each runs a script in tests/clients/ on a multi-file workspace and
// writes what it saw as JSON, judged here. They catch what a hand-written
// client would not: the capabilities a real editor announces (Neovim 0.7
// has no change annotations and no watched-file registration), the shape
// of its requests (code action contexts rebuilt from its own diagnostics
// store) and its appliers of workspace and text edits.
//
// scripts/install-deps installs Neovim; scripts/test installs the
// extension's npm packages (editors/vscode/node_modules). Without them the
// test says it is skipped.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "flowc_command.h"

namespace {

using nlohmann::json;
using flowc::testing::read_text;
using flowc::testing::run_command;
using flowc::testing::sh_quote;
using flowc::testing::TempFolder;

const std::string kClients = std::string(FLOWC_SOURCE_DIR) + "/tests/clients/";

// The entry imports a schema (a list, and a segment on an undeclared
// property: the program's one error) and flows on both.
struct Shop {
  TempFolder dir{"flowc-real-client"};
  Shop() {
    std::filesystem::create_directories(dir / "shop");
    write("shop.flow", "import \"shop/schema.flow\"\nimport \"shop/flows.flow\"\n");
    write("shop/schema.flow", "list Newsletter\nsegment Vips = profile.tier == \"gold\"\n");
    write("shop/flows.flow", "flow Welcome {\n  trigger list Newsletter\n}\nflow Vip {\n  trigger segment Vips\n}\n");
  }
  void write(const std::string& name, const std::string& text) const { std::ofstream(dir / name) << text; }
};

// Runs `command` with the shop and a result file in the environment; the
// JSON the client wrote.
json run_client(const Shop& shop, const std::string& command) {
  const std::string result = shop.dir / "result.json";
  std::string output;
  const int status = run_command("FLOWC=" + sh_quote(FLOWC_BINARY) + " WORKSPACE=" + sh_quote(shop.dir.path.string()) +
                                     " RESULT=" + sh_quote(result) + " timeout 120 " + command + " 2>&1",
                                 &output);
  INFO(output);
  REQUIRE(status == 0);
  json seen = json::parse(read_text(result));
  INFO(seen.dump(1));
  REQUIRE(seen["ok"] == true);
  return seen;
}

json lines(std::initializer_list<const char*> text) {
  json out = json::array();
  for (const char* line : text) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("Neovim 0.7's LSP client: diagnostics of unopened files, navigation, rename, code actions", "[clients]") {
  if (run_command("command -v nvim > /dev/null") != 0) {
    WARN("skipped: nvim is missing (scripts/install-deps installs Debian's neovim)");
    return;
  }
  Shop shop;
  const json seen = run_client(shop, "nvim --headless -u NONE -i NONE -n -c " +
                                         sh_quote("luafile " + kClients + "neovim_lsp.lua"));
  INFO(seen.dump(1));
  // The program is checked whole: the error of the file never opened.
  CHECK(seen["schema_diagnostics"] ==
        lines({"1:E013:unknown profile property `tier`\nhelp: declare it in the `profile { }` schema"}));
  CHECK(seen["flows_diagnostics"] == json::array());
  CHECK(seen["definition"]["uri"] == "file://" + (shop.dir / "shop/schema.flow"));
  CHECK(seen["definition"]["line"] == 0);
  CHECK(seen["hover"].get<std::string>().find("shop/schema.flow:1") != std::string::npos);
  // A free rename, applied by Neovim to both files.
  CHECK(seen["rename_error"].is_null());
  CHECK(seen["flows_after_rename"] ==
        lines({"flow Welcome {", "  trigger list Newsletter", "}", "flow Vip {", "  trigger segment Regulars", "}"}));
  CHECK(seen["schema_after_rename"] == lines({"list Newsletter", "segment Regulars = profile.tier == \"gold\""}));
  // A risky one is refused: Neovim 0.7 cannot ask the user to confirm.
  CHECK(seen["risky_rename_applied"] == false);
  CHECK(seen["risky_rename_error"].get<std::string>().find("needs your confirmation") != std::string::npos);
  CHECK(seen["schema_diagnostics_after_fix"] == json::array());
  CHECK(seen["typo_diagnostics"] == lines({"4:E010:unknown segment `Regular`\nhelp: did you mean `Regulars`?"}));
  CHECK(seen["code_actions"] == lines({"Change to `Regulars`"}));
  CHECK(seen["flows_after_fix"][4] == "  trigger segment Regulars");
  CHECK(seen["flows_diagnostics_after_fix"] == json::array());
  CHECK(seen["flows_formatted"] == lines({"flow Welcome {", "  trigger list Newsletter", "}"}));
  CHECK(seen["completion"] == lines({"Regulars"}));
}

TEST_CASE("vscode-languageserver-protocol with VS Code's capabilities: annotations, watched files, tokens",
          "[clients]") {
  const std::string modules = std::string(FLOWC_SOURCE_DIR) + "/editors/vscode/node_modules";
  if (run_command("command -v node > /dev/null") != 0 ||
      access((modules + "/vscode-languageserver-protocol").c_str(), R_OK) != 0) {
    WARN("skipped: node or " + modules + " is missing (scripts/test runs `npm ci` in editors/vscode)");
    return;
  }
  Shop shop;
  const json seen = run_client(shop, "env NODE_PATH=" + sh_quote(modules) + " node " +
                                         sh_quote(kClients + "vscode_protocol_client.js"));
  INFO(seen.dump(1));
  CHECK(seen["schema_diagnostics"] ==
        lines({"1:E013:unknown profile property `tier`\nhelp: declare it in the `profile { }` schema"}));
  CHECK(seen["flows_diagnostics"] == json::array());
  // The server asks the client to watch the .flow files.
  CHECK(seen["registrations"] == lines({"workspace/didChangeWatchedFiles"}));
  // A list rename: edits in both files, each to be confirmed.
  CHECK(seen["rename_files"] == lines({"shop/flows.flow", "shop/schema.flow"}));
  CHECK(seen["rename_annotations"] == json::array({true}));
  CHECK(seen["rename_edits_annotated"] == true);
  // Changes on disk reported by the watcher re-check the program.
  CHECK(seen["schema_diagnostics_after_disk_fix"] == json::array());
  REQUIRE(seen["entry_diagnostics_missing_import"].size() == 1);
  CHECK(seen["entry_diagnostics_missing_import"][0].get<std::string>().rfind("2:E003:cannot read imported file", 0) == 0);
  CHECK(seen["entry_diagnostics_after_create"] == json::array());
  // Semantic tokens decode with the server's legend: the flows' names, the
  // list and the segment where they are used.
  CHECK(seen["semantic_tokens_length_ok"] == true);
  CHECK(seen["semantic_tokens"] == lines({"0:5:7:function", "1:15:10:enum", "3:5:3:function", "4:18:4:class"}));
  CHECK(seen["workspace_symbols"] == lines({"Newsletter@shop/schema.flow"}));
  CHECK(seen["folding_ranges"] == lines({"0-1", "3-4"}));
  CHECK(seen["completion"] == lines({"Vips"}));
  CHECK(seen["completion_has_text_edits"] == true);
  CHECK(seen["exit_code"] == 0);
}
