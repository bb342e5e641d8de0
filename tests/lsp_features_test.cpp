// What users expect of a language server beyond diagnostics and
// navigation (docs/tooling.md, "What the server does"): workspace symbols
// across the files of a program, folding ranges, and quick fixes that apply
// the checker's "did you mean" hints. Driven over live pipes
// (tests/lsp_client.h) on workspace folders.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <set>

#include "lsp_client.h"
#include "temp_folder.h"

namespace {

using nlohmann::json;
using flowc::testing::did_open;
using flowc::testing::LspClient;
using flowc::testing::read;
using flowc::testing::TempFolder;
using flowc::testing::uri;
using flowc::testing::write;

const std::string kLsp = std::string(FLOWC_SOURCE_DIR) + "/tests/lsp";

json text_document(const std::string& path) { return {{"textDocument", {{"uri", uri(path)}}}}; }

}  // namespace

TEST_CASE("lsp: workspace symbols list the declarations of every file of the open programs, once", "[lsp]") {
  TempFolder dir("flowc-lsp-symbols");
  const std::string entry = dir / "shop.flow", flows = dir / "shop/flows.flow", schema = dir / "shop/schema.flow";
  write(entry, "import \"shop/schema.flow\"\nimport \"shop/flows.flow\"\n");
  write(flows, "flow Welcome {\n  trigger list Newsletter\n}\n");
  write(schema, "list Newsletter\nlist Vips\n");
  LspClient client(dir.path.string());
  client.after(did_open(flows, read(flows)));

  const json found = client.ask("workspace/symbol", {{"query", "nwsl"}});  // characters in order, any case
  REQUIRE(found.size() == 1);
  CHECK(found[0]["name"] == "Newsletter");
  CHECK(found[0]["location"]["uri"] == uri(schema));  // not open: found through the program
  CHECK(found[0]["location"]["range"]["start"]["line"] == 0);

  const json all = client.ask("workspace/symbol", {{"query", ""}});
  std::vector<std::string> names;
  for (const json& s : all) names.push_back(s["name"]);
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"Newsletter", "Vips", "Welcome"});
}

TEST_CASE("lsp: folding ranges for blocks and comment runs, the closing brace left in sight", "[lsp]") {
  TempFolder dir("flowc-lsp-folding");
  const std::string path = dir / "main.flow";
  const std::string text =
      "# Welcome series\n"        // 0
      "# for new subscribers\n"   // 1
      "flow Welcome {\n"          // 2
      "  trigger list News\n"     // 3
      "  wait 1d\n"               // 4
      "}\n"                       // 5
      "list News\n";              // 6
  write(path, text);
  LspClient client(dir.path.string());
  client.after(did_open(path, text));
  const json ranges = client.ask("textDocument/foldingRange", text_document(path));
  std::vector<std::tuple<int, int, std::string>> got;
  for (const json& r : ranges) got.emplace_back(r["startLine"], r["endLine"], r.value("kind", ""));
  std::sort(got.begin(), got.end());
  using R = std::tuple<int, int, std::string>;
  CHECK(got == std::vector<R>{R{0, 1, "comment"}, R{2, 4, "region"}});
}

TEST_CASE("lsp: a did-you-mean hint is a quick fix that writes the name it suggests", "[lsp]") {
  TempFolder dir("flowc-lsp-fixes");
  const std::string main = dir / "main.flow", schema = dir / "schema.flow";
  write(schema, read(kLsp + "/schema.flow"));
  const std::string text = read(kLsp + "/main.flow");  // `send email welcom`, `profile.vipp`
  write(main, text);
  LspClient client(dir.path.string());
  std::map<std::string, json> published = client.after(did_open(main, text));
  const json diagnostics = published[uri(main)];
  REQUIRE_FALSE(diagnostics.empty());

  json params = text_document(main);
  params["range"] = {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 20}, {"character", 0}}}};
  params["context"] = {{"diagnostics", diagnostics}};
  const json actions = client.ask("textDocument/codeAction", params);
  std::map<std::string, json> edits;  // new text -> edit
  for (const json& a : actions) {
    CHECK(a["kind"] == "quickfix");
    const json& changes = a["edit"]["changes"][uri(main)];
    REQUIRE(changes.size() == 1);
    edits[changes[0]["newText"]] = changes[0];
  }
  // `send email welcom` (line 10): the message name is replaced.
  REQUIRE(edits.count("welcome"));
  CHECK(edits["welcome"]["range"]["start"] == json({{"line", 10}, {"character", 13}}));
  CHECK(edits["welcome"]["range"]["end"] == json({{"line", 10}, {"character", 19}}));
  // `profile.vipp` (line 12): only the part after the dot.
  REQUIRE(edits.count("vip"));
  const json& vip = edits["vip"]["range"];
  CHECK(vip["start"]["line"] == 12);
  const std::string line12 = [&] {
    size_t at = 0;
    for (int l = 0; l < 12; ++l) at = text.find('\n', at) + 1;
    return text.substr(at, text.find('\n', at) - at);
  }();
  // In UTF-16 units, as LSP counts: the line's emoji take two each.
  const std::string before = line12.substr(0, line12.find("vipp"));
  int units = 0;
  for (unsigned char c : before) units += ((c & 0xC0) != 0x80) + ((c & 0xF8) == 0xF0);
  CHECK(vip["start"]["character"] == units);
  CHECK(vip["end"]["character"] == units + 4);  // `vipp`

  // A diagnostic from another tool, or one whose text changed, gets nothing.
  json foreign = diagnostics[0];
  foreign["source"] = "other";
  params["context"] = {{"diagnostics", {foreign}}};
  CHECK(client.ask("textDocument/codeAction", params).empty());
}

namespace {

// shop.flow imports a schema (a segment, a metric) and flows that use them.
struct RenameWorkspace {
  TempFolder dir{"flowc-lsp-rename"};
  std::string entry = dir / "shop.flow", flows = dir / "shop/flows.flow", schema = dir / "shop/schema.flow";
  RenameWorkspace() {
    write(entry, "import \"shop/schema.flow\"\nimport \"shop/flows.flow\"\n");
    write(schema,
          "profile {\n  tier: string?\n}\n"                          // 0-2
          "metric \"Placed Order\" { value: number }\n"                // 3
          "segment Vips = profile.tier == \"gold\"\n"                  // 4
          "segment Regulars = profile.tier == \"silver\"\n");          // 5
    write(flows,
          "flow Thanks {\n"                                            // 0
          "  trigger metric \"Placed Order\"\n"                        // 1
          "  filter profile in segment Vips\n"                         // 2
          "}\n");
  }
  json at(int line, int character) const {
    return {{"textDocument", {{"uri", uri(flows)}}}, {"position", {{"line", line}, {"character", character}}}};
  }
};

}  // namespace

TEST_CASE("lsp: rename changes a name in every file of the program; a taken name is refused", "[lsp]") {
  RenameWorkspace w;
  LspClient client(w.dir.path.string());
  client.after(did_open(w.flows, read(w.flows)));
  const json prepared = client.ask("textDocument/prepareRename", w.at(2, 29));
  CHECK(prepared["placeholder"] == "Vips");
  CHECK(prepared["range"]["start"] == json({{"line", 2}, {"character", 28}}));
  CHECK(client.ask("textDocument/prepareRename", w.at(0, 0)).is_null());  // `flow`: nothing to rename

  json params = w.at(2, 29);
  params["newName"] = "Big Spenders";  // not an identifier: written as a string
  const json edit = client.ask("textDocument/rename", params);
  REQUIRE(edit.contains("changes"));
  const json& changes = edit["changes"];
  REQUIRE(changes.size() == 2);
  CHECK(changes[uri(w.schema)][0]["range"]["start"] == json({{"line", 4}, {"character", 8}}));
  CHECK(changes[uri(w.schema)][0]["newText"] == "\"Big Spenders\"");
  CHECK(changes[uri(w.flows)][0]["newText"] == "\"Big Spenders\"");

  params["newName"] = "Regulars";
  const json refused = client.ask_response("textDocument/rename", params);
  REQUIRE(refused.contains("error"));
  CHECK(refused["error"]["code"] == -32803);
  CHECK(refused["error"]["message"].get<std::string>().find("a segment named `Regulars` is already declared") !=
        std::string::npos);
}

TEST_CASE("lsp: renaming a metric is an edit the user confirms, or refused by an editor that cannot ask", "[lsp]") {
  RenameWorkspace w;
  json params = w.at(1, 20);  // in "Placed Order"
  params["newName"] = "Order Placed";
  SECTION("a client with change annotations") {
    const json capabilities = {
        {"workspace", {{"workspaceEdit", {{"documentChanges", true}, {"changeAnnotationSupport", json::object()}}}}}};
    LspClient client(w.dir.path.string(), nullptr, capabilities);
    client.after(did_open(w.flows, read(w.flows)));
    const json edit = client.ask("textDocument/rename", params);
    REQUIRE(edit.contains("documentChanges"));
    const json& annotation = edit["changeAnnotations"]["flowc.rename"];
    CHECK(annotation["needsConfirmation"] == true);
    CHECK(annotation["description"].get<std::string>().find("events") != std::string::npos);
    size_t edits = 0;
    for (const json& change : edit["documentChanges"]) {
      const bool open = change["textDocument"]["uri"] == uri(w.flows);
      CHECK(change["textDocument"]["version"] == (open ? json(1) : json(nullptr)));
      for (const json& e : change["edits"]) {
        CHECK(e["annotationId"] == "flowc.rename");
        CHECK(e["newText"] == "\"Order Placed\"");
        ++edits;
      }
    }
    CHECK(edits == 2);  // the declaration and the trigger
  }
  SECTION("a client without") {
    LspClient client(w.dir.path.string());
    client.after(did_open(w.flows, read(w.flows)));
    const json refused = client.ask_response("textDocument/rename", params);
    REQUIRE(refused.contains("error"));
    CHECK(refused["error"]["code"] == -32803);
    CHECK(refused["error"]["message"].get<std::string>().find("needs your confirmation") != std::string::npos);
  }
}

namespace {

// A profile property used in a schema, a subject's `{{ }}`, a template file
// and a `set` step; two flows with labelled steps, one label in both.
struct PropertyWorkspace {
  TempFolder dir{"flowc-lsp-rename-property"};
  std::string entry = dir / "shop.flow", schema = dir / "schema.flow", flows = dir / "flows.flow",
              body = dir / "body.html";
  PropertyWorkspace() {
    write(entry, "import \"schema.flow\"\nimport \"flows.flow\"\n");
    write(schema,
          "profile {\n  first_name: string?\n  birthday: date?\n}\n"         // 0-3
          "email hello {\n"                                                   // 4
          "  subject \"Hi {{ profile.first_name }}\"\n"                        // 5
          "  body file \"body.html\"\n"                                       // 6
          "}\n");
    write(body, "<p>Dear {{ profile.first_name }}</p> <a href=\"{{ unsubscribe_link }}\">Unsubscribe</a>\n");
    write(flows,
          "flow Birthday {\n"                                                 // 0
          "  trigger date profile.birthday yearly\n"                          // 1
          "  status live\n"                                                   // 2
          "  send email hello as greeting\n"                                  // 3
          "  wait 1d as pause\n"                                              // 4
          "  set profile.first_name = \"friend\"\n"                            // 5
          "}\n"
          "flow Other {\n"                                                    // 7
          "  trigger date profile.birthday\n"                                 // 8
          "  wait 2d as pause\n"                                              // 9
          "  send email hello\n"
          "}\n");
  }
  json at(const std::string& path, int line, int character) const {
    return {{"textDocument", {{"uri", uri(path)}}}, {"position", {{"line", line}, {"character", character}}}};
  }
};

const json kAnnotatingClient = {
    {"workspace", {{"workspaceEdit", {{"documentChanges", true}, {"changeAnnotationSupport", json::object()}}}}}};

// uri -> the (line, character) each edit starts at, and the texts written.
std::map<std::string, std::vector<std::pair<int, int>>> edit_starts(const json& edit, std::set<std::string>& texts) {
  std::map<std::string, std::vector<std::pair<int, int>>> out;
  for (const json& change : edit["documentChanges"])
    for (const json& e : change["edits"]) {
      out[change["textDocument"]["uri"]].push_back({e["range"]["start"]["line"], e["range"]["start"]["character"]});
      texts.insert(e["newText"].get<std::string>());
      CHECK(e["annotationId"] == "flowc.rename");
    }
  for (auto& [file, starts] : out) std::sort(starts.begin(), starts.end());
  return out;
}

}  // namespace

TEST_CASE("lsp: renaming a profile property reaches every use, template files included, once confirmed", "[lsp]") {
  PropertyWorkspace w;
  LspClient client(w.dir.path.string(), nullptr, kAnnotatingClient);
  client.after(did_open(w.flows, read(w.flows)));
  json params = w.at(w.flows, 5, 16);  // `set profile.first_name`
  CHECK(client.ask("textDocument/prepareRename", params)["placeholder"] == "first_name");
  const std::string hover = client.ask("textDocument/hover", params)["contents"]["value"];
  CHECK(hover.find("`profile.first_name`: `string?`") != std::string::npos);  // the property's own hover
  CHECK(hover.find("schema.flow:2") != std::string::npos);
  params["newName"] = "given_name";
  const json edit = client.ask("textDocument/rename", params);
  const json& annotation = edit["changeAnnotations"]["flowc.rename"];
  CHECK(annotation["needsConfirmation"] == true);
  CHECK(annotation["description"].get<std::string>().find("profile records") != std::string::npos);
  std::set<std::string> texts;
  using Starts = std::vector<std::pair<int, int>>;
  const auto starts = edit_starts(edit, texts);
  CHECK(texts == std::set<std::string>{"given_name"});
  CHECK(starts.size() == 3);
  CHECK(starts.at(uri(w.schema)) == Starts{{1, 2}, {5, 25}});  // the declaration, the subject's hole
  CHECK(starts.at(uri(w.body)) == Starts{{0, 19}});            // the template file's hole
  CHECK(starts.at(uri(w.flows)) == Starts{{5, 14}});

  params["newName"] = "given name";
  const json refused = client.ask_response("textDocument/rename", params);
  REQUIRE(refused.contains("error"));
  CHECK(refused["error"]["message"].get<std::string>().find("is named by an identifier") != std::string::npos);

  params = w.at(w.flows, 1, 25);  // `trigger date profile.birthday`
  params["newName"] = "first_name";
  const json taken = client.ask_response("textDocument/rename", params);
  REQUIRE(taken.contains("error"));
  CHECK(taken["error"]["message"].get<std::string>().find("a profile property named `first_name` is already declared") !=
        std::string::npos);
}

TEST_CASE("lsp: renaming a step label changes only its flow's label, once confirmed", "[lsp]") {
  PropertyWorkspace w;
  LspClient client(w.dir.path.string(), nullptr, kAnnotatingClient);
  client.after(did_open(w.flows, read(w.flows)));
  json params = w.at(w.flows, 4, 14);  // `wait 1d as pause`
  CHECK(client.ask("textDocument/prepareRename", params)["placeholder"] == "pause");
  params["newName"] = "rest";
  const json edit = client.ask("textDocument/rename", params);
  CHECK(edit["changeAnnotations"]["flowc.rename"]["description"].get<std::string>().find("--map") !=
        std::string::npos);
  std::set<std::string> texts;
  const auto starts = edit_starts(edit, texts);
  CHECK(texts == std::set<std::string>{"rest"});
  CHECK(starts == std::map<std::string, std::vector<std::pair<int, int>>>{{uri(w.flows), {{4, 13}}}});  // not flow Other's

  params["newName"] = "greeting";  // taken in this flow
  const json refused = client.ask_response("textDocument/rename", params);
  REQUIRE(refused.contains("error"));
  CHECK(refused["error"]["message"].get<std::string>().find("a step named `greeting` is already declared") !=
        std::string::npos);

  const json hover = client.ask("textDocument/hover", w.at(w.flows, 4, 14));  // a label keeps its own hover
  CHECK(hover["contents"]["value"].get<std::string>().find("keeps them in place") != std::string::npos);
}

TEST_CASE("lsp: completion items replace the word being typed and document what they insert", "[lsp]") {
  TempFolder dir("flowc-lsp-completion");
  const std::string main = dir / "main.flow", schema = dir / "schema.flow";
  write(schema, read(kLsp + "/schema.flow"));
  const std::string text = read(kLsp + "/main.flow");  // line 10: `  send email welcom`
  write(main, text);
  LspClient client(dir.path.string());
  client.after(did_open(main, text));
  json params = text_document(main);
  params["position"] = {{"line", 10}, {"character", 19}};
  const json list = client.ask("textDocument/completion", params);
  const json* welcome = nullptr;
  for (const json& item : list["items"])
    if (item["label"] == "welcome") welcome = &item;
  REQUIRE(welcome);
  CHECK((*welcome)["textEdit"]["newText"] == "welcome");
  CHECK((*welcome)["textEdit"]["range"]["start"] == json({{"line", 10}, {"character", 13}}));
  CHECK((*welcome)["textEdit"]["range"]["end"] == json({{"line", 10}, {"character", 19}}));
  const std::string doc = (*welcome)["documentation"]["value"];
  CHECK(doc.find("Welcome, ") != std::string::npos);   // the subject
  CHECK(doc.find("main.flow:3") != std::string::npos);  // where it is declared

  // Elsewhere, built-in functions come with their signature and what they do.
  params["position"] = {{"line", 12}, {"character", 0}};
  bool found = false;
  const json elsewhere = client.ask("textDocument/completion", params);
  for (const json& item : elsewhere["items"])
    if (item["label"] == "ends_with") {
      found = true;
      CHECK(item["detail"] == "ends_with(text: string, suffix: string) -> bool");
      CHECK(item["documentation"]["value"].get<std::string>().find("suffix") != std::string::npos);
    }
  CHECK(found);
}

TEST_CASE("lsp: signature help in a built-in call says which parameter the cursor is on", "[lsp]") {
  TempFolder dir("flowc-lsp-signatures");
  const std::string path = dir / "main.flow";
  const std::string text =
      "flow Welcome {\n"
      "  filter ends_with(lower(profile.email), \"@acme, inc\n"  // 1: a comma inside a string
      "  filter count(\"Placed Order\" within 30d) == 0\n"        // 2
      "}\n";
  write(path, text);
  LspClient client(dir.path.string());
  client.after(did_open(path, text));
  auto help_at = [&](int line, int character) {
    json params = text_document(path);
    params["position"] = {{"line", line}, {"character", character}};
    return client.ask("textDocument/signatureHelp", params);
  };
  const json in_suffix = help_at(1, 52);  // after `"@acme, inc`
  REQUIRE(in_suffix.is_object());
  const std::string label = in_suffix["signatures"][0]["label"];
  CHECK(label == "ends_with(text: string, suffix: string) -> bool");
  CHECK(in_suffix["activeParameter"] == 1);
  const json parameters = in_suffix["signatures"][0]["parameters"];
  REQUIRE(parameters.size() == 2);
  CHECK(label.substr(parameters[1]["label"][0].get<size_t>(),
                     parameters[1]["label"][1].get<size_t>() - parameters[1]["label"][0].get<size_t>()) ==
        "suffix: string");

  const json nested = help_at(1, 25);  // inside `lower(`
  REQUIRE(nested.is_object());
  CHECK(nested["signatures"][0]["label"] == "lower(text: string) -> string");
  CHECK(nested["activeParameter"] == 0);

  const json aggregate = help_at(2, 30);
  REQUIRE(aggregate.is_object());
  CHECK(aggregate["signatures"][0]["label"].get<std::string>().rfind("count(METRIC", 0) == 0);

  CHECK(help_at(2, 5).is_null());   // not in a call
  CHECK(help_at(2, 48).is_null());  // after the call closed
}

TEST_CASE("lsp: semantic tokens say what each name names, declarations marked", "[lsp]") {
  TempFolder dir("flowc-lsp-tokens");
  const std::string path = dir / "main.flow";
  const std::string text =
      "list News\n"                                    // 0
      "segment Vips = profile in list News\n"          // 1
      "flow \"Welcome 🎉\" {\n"                        // 2: the emoji is two UTF-16 units
      "  trigger list News\n"                          // 3
      "  filter profile in segment Vips\n"             // 4
      "}\n";
  write(path, text);
  LspClient client(dir.path.string());
  client.after(did_open(path, text));
  const json tokens = client.ask("textDocument/semanticTokens/full", text_document(path));
  const std::vector<int> data = tokens["data"].get<std::vector<int>>();
  REQUIRE(data.size() % 5 == 0);
  // Decoded: (line, start, length, type, modifiers); types as in the legend
  // (0 enum = list, 1 class = segment, 4 function = flow).
  std::vector<std::array<int, 5>> decoded;
  int line = 0, start = 0;
  for (size_t i = 0; i < data.size(); i += 5) {
    line += data[i];
    start = data[i] == 0 ? start + data[i + 1] : data[i + 1];
    decoded.push_back({line, start, data[i + 2], data[i + 3], data[i + 4]});
  }
  using T = std::array<int, 5>;
  CHECK(decoded == std::vector<T>{T{0, 5, 4, 0, 1}, T{1, 8, 4, 1, 1}, T{1, 31, 4, 0, 0}, T{2, 5, 12, 4, 1},
                                  T{3, 15, 4, 0, 0}, T{4, 28, 4, 1, 0}});
}
