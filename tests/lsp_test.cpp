// `flowc lsp`: a scripted client session against the real binary (its
// answers are checked message by message), malformed input, the workspace
// cache under it (driver/workspace.h), and the VS Code extension's files.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "check/check.h"
#include "driver/load.h"
#include "lsp_messages.h"
#include "driver/workspace.h"
#include "golden.h"

using nlohmann::json;

using flowc::testing::frame;
using flowc::testing::notification;
using flowc::testing::request;

namespace {

const std::string kDir = std::string(FLOWC_SOURCE_DIR) + "/tests/lsp";
const std::string kUri = "file://" + kDir + "/main.flow";

// A body framed as it is, JSON or not.
std::string raw(const std::string& body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

json at(int line, int character) {
  return {{"textDocument", {{"uri", kUri}}}, {"position", {{"line", line}, {"character", character}}}};
}

json range(int l1, int c1, int l2, int c2) {
  return {{"start", {{"line", l1}, {"character", c1}}}, {"end", {{"line", l2}, {"character", c2}}}};
}

struct Session {
  int status = -1;
  std::vector<json> messages;  // everything the server wrote, in order

  // The response to request `id`.
  const json& response(int id) const {
    for (const json& m : messages)
      if (m.contains("id") && m["id"] == id && !m.contains("method")) return m;
    FAIL("no response to request " << id);
    static json none;
    return none;
  }
  std::vector<json> notifications(const std::string& method) const {
    std::vector<json> out;
    for (const json& m : messages)
      if (m.value("method", "") == method) out.push_back(m);
    return out;
  }
};

// Feeds `input` (already framed) to `flowc lsp` and splits what it writes
// back into messages.
Session run_raw_session(const std::string& input) {
  std::string path = "/tmp/flowc_lsp_test_" + std::to_string(getpid()) + ".in";
  std::ofstream(path, std::ios::binary) << input;
  Session s;
  std::string out;
  s.status = flowc::testing::run_command(std::string(FLOWC_BINARY) + " lsp < " + path + " 2>/dev/null", &out);
  std::remove(path.c_str());
  size_t i = 0;
  while (i < out.size()) {
    size_t header_end = out.find("\r\n\r\n", i);
    REQUIRE(header_end != std::string::npos);
    std::string header = out.substr(i, header_end - i);
    REQUIRE(header.rfind("Content-Length: ", 0) == 0);
    size_t length = std::stoul(header.substr(16));
    s.messages.push_back(json::parse(out.substr(header_end + 4, length)));
    i = header_end + 4 + length;
  }
  return s;
}

Session run_session(const std::vector<json>& messages) {
  std::string input;
  for (const json& m : messages) input += frame(m);
  return run_raw_session(input);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> labels(const json& completion) {
  std::vector<std::string> out;
  for (const json& item : completion["items"]) out.push_back(item["label"]);
  return out;
}

bool has_label(const std::vector<std::string>& labels, const std::string& label) {
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

}  // namespace

TEST_CASE("lsp: a client session from errors to fixes, hover, navigation, completion, symbols", "[lsp]") {
  std::string text = flowc::testing::read_text(kDir + "/main.flow");
  REQUIRE(!text.empty());
  std::vector<json> script = {
      request(1, "initialize", {{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", json::object()}}),
      notification("initialized"),
      notification("textDocument/didOpen",
                   {{"textDocument", {{"uri", kUri}, {"languageId", "flow"}, {"version", 1}, {"text", text}}}}),
      // Fix both errors with range edits; the second range is on a line
      // with two emoji before it, so its characters are UTF-16 units.
      notification("textDocument/didChange",
                   {{"textDocument", {{"uri", kUri}, {"version", 2}}},
                    {"contentChanges",
                     {{{"range", range(10, 13, 10, 19)}, {"text", "welcome"}},
                      {{"range", range(12, 31, 12, 43)}, {"text", "profile.first_name"}}}}}),
      request(2, "textDocument/hover", at(12, 35)),   // profile.first_name
      request(3, "textDocument/hover", at(11, 3)),    // wait 2d at 10:00
      request(4, "textDocument/hover", at(13, 15)),   // the message welcome
      request(5, "textDocument/definition", at(8, 18)),  // Newsletter, declared in schema.flow
      request(6, "textDocument/references",
              {{"textDocument", {{"uri", kUri}}},
               {"position", {{"line", 2}, {"character", 8}}},
               {"context", {{"includeDeclaration", true}}}}),
      request(7, "textDocument/documentSymbol", {{"textDocument", {{"uri", kUri}}}}),
      // Start typing a condition: completion after `profile.`.
      notification("textDocument/didChange",
                   {{"textDocument", {{"uri", kUri}, {"version", 3}}},
                    {"contentChanges", {{{"range", range(13, 29, 13, 29)}, {"text", "\n  if profile."}}}}}),
      request(8, "textDocument/completion", at(14, 13)),
      request(9, "textDocument/completion",
              {{"textDocument", {{"uri", kUri}}}, {"position", {{"line", 10}, {"character", 13}}}}),
      request(10, "shutdown"),
      notification("exit"),
  };
  Session s = run_session(script);
  CHECK(s.status == 0);

  const json& init = s.response(1)["result"]["capabilities"];
  CHECK(init["textDocumentSync"]["change"] == 2);
  CHECK(init["hoverProvider"] == true);

  std::vector<json> published = s.notifications("textDocument/publishDiagnostics");
  REQUIRE(published.size() == 3);  // open, fix, the half-typed `if`
  const json& first = published[0]["params"];
  CHECK(first["uri"] == kUri);
  CHECK(first["version"] == 1);
  REQUIRE(first["diagnostics"].size() == 2);
  const json& e010 = first["diagnostics"][0];
  CHECK(e010["code"] == "E010");
  CHECK(e010["severity"] == 1);
  CHECK(e010["range"] == range(10, 13, 10, 19));
  CHECK(contains(e010["message"], "unknown email message `welcom`"));
  CHECK(contains(e010["message"], "did you mean `welcome`?"));
  const json& e013 = first["diagnostics"][1];
  CHECK(e013["code"] == "E013");
  // Code points 29..41; each emoji before it is two UTF-16 units.
  CHECK(e013["range"] == range(12, 31, 12, 43));
  CHECK(published[1]["params"]["version"] == 2);
  CHECK(published[1]["params"]["diagnostics"].empty());
  CHECK(published[2]["params"]["diagnostics"].size() > 0);  // `if profile.` does not parse yet

  std::string property = s.response(2)["result"]["contents"]["value"];
  CHECK(contains(property, "`profile.first_name`: `string?`"));
  // Declared in the imported schema: hover names that file, not only a line.
  CHECK(contains(property, "declared at `" + kDir + "/schema.flow:9`"));
  CHECK(s.response(2)["result"]["range"] == range(12, 31, 12, 49));
  std::string wait = s.response(3)["result"]["contents"]["value"];
  CHECK(contains(wait, "Waits until 10:00 on the arrival date plus 2 days"));
  std::string message = s.response(4)["result"]["contents"]["value"];
  CHECK(contains(message, "**message** `welcome`"));
  CHECK(contains(message, "email welcome {"));
  CHECK(contains(message, "**subject:** Welcome, {{ profile.first_name"));
  CHECK(contains(message, "**body:** Hi! Unsubscribe"));

  const json& definition = s.response(5)["result"];
  REQUIRE(definition.size() == 1);
  CHECK(definition[0]["uri"] == "file://" + kDir + "/schema.flow");
  CHECK(definition[0]["range"] == range(14, 5, 14, 15));

  const json& references = s.response(6)["result"];
  REQUIRE(references.size() == 3);  // the declaration and both sends
  std::vector<int> lines;
  for (const json& r : references) lines.push_back(r["range"]["start"]["line"]);
  std::sort(lines.begin(), lines.end());
  CHECK(lines == std::vector<int>{2, 10, 13});

  const json& symbols = s.response(7)["result"];
  REQUIRE(symbols.size() == 2);
  CHECK(symbols[0]["name"] == "welcome");
  CHECK(symbols[1]["name"] == "Welcome Series");
  CHECK(symbols[1]["kind"] == 12);
  REQUIRE(symbols[1]["children"].size() == 4);
  CHECK(symbols[1]["children"][1]["name"] == "wait 2 days at 10:00");

  std::vector<std::string> properties = labels(s.response(8)["result"]);
  CHECK(has_label(properties, "first_name"));
  CHECK(has_label(properties, "vip"));
  CHECK(has_label(properties, "email"));  // built-in
  CHECK_FALSE(has_label(properties, "trigger"));
  std::vector<std::string> messages = labels(s.response(9)["result"]);
  CHECK(has_label(messages, "welcome"));
  CHECK_FALSE(has_label(messages, "vip"));

  CHECK(s.response(10)["result"].is_null());
}

TEST_CASE("lsp: event properties come from the flow's trigger metric, even mid-typing", "[lsp]") {
  std::string text = "import \"schema.flow\"\n"
                     "flow Cart {\n"
                     "  trigger metric \"Started Checkout\" where event.value > 20\n"
                     "  status live\n"
                     "}\n";
  Session s = run_session({
      request(1, "initialize"),
      notification("textDocument/didOpen",
                   {{"textDocument", {{"uri", kUri}, {"languageId", "flow"}, {"version", 1}, {"text", text}}}}),
      request(3, "textDocument/hover", at(2, 48)),
      // Half a statement: the flow no longer parses, completion still knows its trigger.
      notification("textDocument/didChange",
                   {{"textDocument", {{"uri", kUri}, {"version", 2}}},
                    {"contentChanges", {{{"range", range(3, 13, 3, 13)}, {"text", "\n  split on event."}}}}}),
      request(2, "textDocument/completion", at(4, 17)),
      request(4, "shutdown"),
      notification("exit"),
  });
  CHECK(s.status == 0);
  std::vector<std::string> properties = labels(s.response(2)["result"]);
  CHECK(has_label(properties, "value"));
  CHECK(has_label(properties, "checkout_url"));
  CHECK_FALSE(has_label(properties, "first_name"));
  std::string hover = s.response(3)["result"]["contents"]["value"];
  CHECK(contains(hover, "`event.value`: `number`"));
  CHECK(contains(hover, "metric `Started Checkout`"));
}

// A label is the step's name in saved state; hover says so, and the outline
// shows it with the step.
TEST_CASE("lsp: step labels in hover and document symbols", "[lsp]") {
  std::string text = "import \"schema.flow\"\n"
                     "flow Labels {\n"
                     "  trigger list Newsletter\n"
                     "  status live\n"
                     "  wait 3d as second_wait\n"
                     "  if profile.vip as vip_check {\n"
                     "    exit as done\n"
                     "  }\n"
                     "  notify \"ops@x.example\" \"hi\"\n"
                     "}\n";
  Session s = run_session({
      request(1, "initialize"),
      notification("textDocument/didOpen",
                   {{"textDocument", {{"uri", kUri}, {"languageId", "flow"}, {"version", 1}, {"text", text}}}}),
      request(2, "textDocument/hover", at(4, 15)),  // second_wait
      request(3, "textDocument/hover", at(5, 22)),  // vip_check
      request(4, "textDocument/hover", at(4, 3)),   // the wait itself, not its label
      request(5, "textDocument/documentSymbol", {{"textDocument", {{"uri", kUri}}}}),
      request(6, "shutdown"),
      notification("exit"),
  });
  CHECK(s.status == 0);
  std::string wait_label = s.response(2)["result"]["contents"]["value"];
  CHECK(contains(wait_label, "step `second_wait`: wait 3 days as second_wait of flow `Labels`"));
  CHECK(contains(wait_label, "saved state"));
  CHECK(s.response(2)["result"]["range"] == range(4, 13, 4, 24));
  std::string if_label = s.response(3)["result"]["contents"]["value"];
  CHECK(contains(if_label, "step `vip_check`: if as vip_check"));
  std::string wait = s.response(4)["result"]["contents"]["value"];
  CHECK(contains(wait, "Waits exactly 3 days"));
  const json& symbols = s.response(5)["result"];
  REQUIRE(symbols.size() == 1);
  const json& steps = symbols[0]["children"];
  REQUIRE(steps.size() == 3);
  CHECK(steps[0]["name"] == "wait 3 days as second_wait");
  CHECK(steps[1]["name"] == "if as vip_check");
  CHECK(steps[1]["children"][0]["name"] == "exit as done");
  CHECK(steps[2]["name"] == "notify");
}

TEST_CASE("lsp: malformed input gets JSON-RPC errors and never stops the server", "[lsp]") {
  std::string input;
  input += frame(request(1, "textDocument/hover", at(0, 0)));  // before initialize
  input += frame(request(2, "initialize"));
  input += "X-Nonsense: 1\r\n\r\n";                              // no Content-Length
  input += raw("{\"jsonrpc\":");                                 // not JSON
  input += raw("[1,2]");                                          // not an object
  input += frame(request(3, "flow/unknownMethod"));
  input += frame(notification("flow/unknownNotification"));
  input += frame(request(4, "textDocument/hover", at(0, 0)));    // not open
  input += frame(notification("textDocument/didOpen",
                              {{"textDocument", {{"uri", kUri}, {"version", 1}, {"text", "list A\n"}}}}));
  input += frame(request(5, "textDocument/hover", at(999, 999)));  // outside the document
  input += frame(notification("textDocument/didChange",
                              {{"textDocument", {{"uri", kUri}, {"version", 2}}},
                               {"contentChanges", {{{"range", range(50, 3, 70, 1)}, {"text", "list B\n"}}}}}));
  input += frame(request(6, "textDocument/definition", {{"textDocument", {{"uri", kUri}}}}));  // no position
  input += frame(request(7, "textDocument/definition", at(1, 6)));
  input += frame(request(8, "shutdown"));
  input += frame(request(9, "textDocument/hover", at(0, 0)));    // after shutdown
  input += frame(notification("exit"));
  Session s = run_raw_session(input);
  CHECK(s.status == 0);
  CHECK(s.response(1)["error"]["code"] == -32002);
  CHECK(s.response(2).contains("result"));
  int parse_errors = 0, invalid_requests = 0;
  for (const json& m : s.messages) {
    if (!m.contains("error") || !m["id"].is_null()) continue;
    if (m["error"]["code"] == -32700) ++parse_errors;
    if (m["error"]["code"] == -32600) ++invalid_requests;
  }
  CHECK(parse_errors == 2);  // the headerless block and the broken body
  CHECK(invalid_requests == 1);
  CHECK(s.response(3)["error"]["code"] == -32601);
  CHECK(s.response(4)["error"]["code"] == -32602);
  CHECK(s.response(5)["result"].is_null());
  CHECK(s.response(6)["error"]["code"] == -32602);
  // The edit past the end appended a line: `B` is a list of the document now.
  REQUIRE(s.response(7)["result"].size() == 1);
  CHECK(s.response(7)["result"][0]["range"] == range(1, 5, 1, 6));
  CHECK(s.response(8)["result"].is_null());
  CHECK(s.response(9)["error"]["code"] == -32600);
}

TEST_CASE("lsp: exit without shutdown exits 1; end of input too", "[lsp]") {
  CHECK(run_session({request(1, "initialize"), notification("exit")}).status == 1);
  CHECK(run_session({request(1, "initialize")}).status == 1);
  CHECK(run_session({request(1, "initialize"), request(2, "shutdown")}).status == 0);
}

TEST_CASE("lsp: the workspace re-parses only the changed file", "[lsp]") {
  flowc::driver::Workspace ws;
  std::string a = kDir + "/workspace_a.flow", b = kDir + "/workspace_b.flow";
  ws.set_text(a, "import \"workspace_b.flow\"\nflow F { trigger list L status live send email m }\n");
  ws.set_text(b, "list L\nemail m { subject \"s\" body \"{{ unsubscribe_link }}\" }\n");
  for (int round = 0; round < 3; ++round) {
    flowc::driver::Workspace::Lease lease = ws.load(a);
    REQUIRE(lease.program.files.size() == 2);
    flowc::check::check_program(lease.program, ws.sources(), lease.sink);
    CHECK(lease.sink.error_count() == (round == 1 ? 1u : 0u));
    // Edit a: round 1 breaks it (unknown list), round 2 fixes it.
    if (round == 0) ws.set_text(a, "import \"workspace_b.flow\"\nflow F { trigger list X status live send email m }\n");
    if (round == 1) ws.set_text(a, "import \"workspace_b.flow\"\nflow F { trigger list L status live send email m }\n");
  }
  CHECK(ws.parse_count(a) == 3);
  CHECK(ws.parse_count(b) == 1);
}

TEST_CASE("lsp: the workspace gives the diagnostics `flowc check` gives, on every golden case", "[lsp]") {
  auto key = [](const flowc::SourceManager& sources, const flowc::Diagnostic& d) {
    flowc::LineCol lc = sources.file(d.span.file).line_col(d.span.begin);
    std::string file = std::filesystem::path(sources.file(d.span.file).path()).filename().string();
    return file + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col) + " " + d.code() + " " + d.message;
  };
  std::vector<std::string> cases = flowc::testing::golden_cases(std::string(FLOWC_SOURCE_DIR) + "/tests/check");
  REQUIRE(cases.size() > 50);
  flowc::driver::Workspace ws;
  for (const std::string& path : cases) {
    INFO(path);
    flowc::SourceManager sources;
    flowc::DiagnosticSink sink;
    flowc::driver::LoadResult loaded = flowc::driver::load_program({path}, sources, sink);
    flowc::check::check_program(loaded.program, sources, sink);
    std::vector<std::string> expected;
    for (const flowc::Diagnostic& d : sink.sorted()) expected.push_back(key(sources, d));
    std::sort(expected.begin(), expected.end());

    flowc::driver::Workspace::Lease lease = ws.load(path);
    flowc::check::check_program(lease.program, ws.sources(), lease.sink);
    std::vector<std::string> actual;
    for (const flowc::Diagnostic& d : lease.sink.sorted()) actual.push_back(key(ws.sources(), d));
    std::sort(actual.begin(), actual.end());
    CHECK(actual == expected);
  }
}

TEST_CASE("lsp: the VS Code extension declares the language and a valid TextMate grammar", "[lsp]") {
  std::string root = std::string(FLOWC_SOURCE_DIR) + "/editors/vscode/";
  json package = json::parse(flowc::testing::read_text(root + "package.json"));
  const json& language = package["contributes"]["languages"][0];
  CHECK(language["id"] == "flow");
  CHECK(language["extensions"] == json::array({".flow"}));
  const json& grammar = package["contributes"]["grammars"][0];
  CHECK(grammar["language"] == "flow");
  std::string grammar_path = grammar["path"];
  json tm = json::parse(flowc::testing::read_text(root + grammar_path));  // throws when not JSON
  CHECK(tm["scopeName"] == grammar["scopeName"]);
  for (const char* rule : {"comments", "strings", "numbers", "keywords", "operators"})
    CHECK(tm["repository"].contains(rule));
  CHECK(package["contributes"]["configuration"]["properties"]["flowc.path"]["default"] == "flowc");
  json config = json::parse(flowc::testing::read_text(root + "language-configuration.json"));
  CHECK(config["comments"]["lineComment"] == "#");
}

TEST_CASE("lsp: formatting gives `flowc fmt`'s layout as one edit, nothing for broken text", "[lsp]") {
  std::string messy = "list   Newsletter\nflow F {trigger list Newsletter\n    status live}\n# the end\n";
  std::string path = "/tmp/flowc_lsp_fmt_" + std::to_string(getpid()) + ".flow";
  std::ofstream(path) << messy;
  REQUIRE(flowc::testing::run_command(std::string(FLOWC_BINARY) + " fmt " + path) == 0);
  std::string expected = flowc::testing::read_text(path);
  std::remove(path.c_str());
  REQUIRE(expected != messy);

  json open = {{"textDocument", {{"uri", kUri}, {"languageId", "flow"}, {"version", 1}, {"text", messy}}}};
  json broken = {{"textDocument", {{"uri", kUri}, {"version", 2}}},
                 {"contentChanges", {{{"text", "flow F {"}}}}};  // a full replacement
  Session s = run_session({
      request(1, "initialize"),
      notification("textDocument/didOpen", open),
      request(2, "textDocument/formatting", {{"textDocument", {{"uri", kUri}}}, {"options", {{"tabSize", 2}}}}),
      notification("textDocument/didChange", broken),
      request(3, "textDocument/formatting", {{"textDocument", {{"uri", kUri}}}, {"options", {{"tabSize", 2}}}}),
      request(4, "shutdown"),
      notification("exit"),
  });
  CHECK(s.status == 0);
  const json& edits = s.response(2)["result"];
  REQUIRE(edits.size() == 1);
  CHECK(edits[0]["range"] == range(0, 0, 4, 0));
  CHECK(edits[0]["newText"] == expected);
  CHECK(s.response(3)["result"] == json::array());
}

TEST_CASE("lsp: imports may come from the workspace folders, else only from the document's folder", "[lsp]") {
  namespace fs = std::filesystem;
  fs::path proj = fs::temp_directory_path() / ("flowc_lsp_roots_" + std::to_string(getpid()));
  fs::remove_all(proj);
  fs::create_directories(proj / "common");
  fs::create_directories(proj / "flows");
  std::ofstream(proj / "common" / "lists.flow") << "list Newsletter\n";
  std::string uri = "file://" + (proj / "flows" / "main.flow").string();
  std::string text = "import \"../common/lists.flow\"\nimport \"../../../../../../../../etc/passwd\"\nlist Other\n";
  auto session = [&](const json& initialize_params) {
    return run_session({request(1, "initialize", initialize_params), notification("initialized"),
                        notification("textDocument/didOpen",
                                     {{"textDocument", {{"uri", uri}, {"languageId", "flow"}, {"version", 1}, {"text", text}}}}),
                        request(2, "shutdown"), notification("exit")});
  };
  // The lines (0-based) of the E090s published for the document.
  auto e090_lines = [&](const Session& s) {
    std::vector<int> lines;
    std::vector<json> published = s.notifications("textDocument/publishDiagnostics");
    REQUIRE(published.size() == 1);
    for (const json& d : published[0]["params"]["diagnostics"])
      if (d["code"] == "E090") lines.push_back(d["range"]["start"]["line"]);
    return lines;
  };
  std::string root_uri = "file://" + proj.string();
  // No workspace: the document's folder, proj/flows, is all.
  CHECK(e090_lines(session({{"rootUri", nullptr}, {"capabilities", json::object()}})) == std::vector<int>{0, 1});
  // The workspace is proj/ (by rootUri, or by workspaceFolders, which win): ../common is inside, /etc is not.
  CHECK(e090_lines(session({{"rootUri", root_uri}, {"capabilities", json::object()}})) == std::vector<int>{1});
  CHECK(e090_lines(session({{"rootUri", nullptr},
                            {"workspaceFolders", {{{"uri", root_uri}, {"name", "proj"}}}},
                            {"capabilities", json::object()}})) == std::vector<int>{1});
  // Malformed roots are ignored, not fatal.
  CHECK(e090_lines(session({{"rootUri", 7}, {"workspaceFolders", {1, {{"uri", nullptr}}}}})) == std::vector<int>{0, 1});
  fs::remove_all(proj);
}

TEST_CASE("lsp: a document nested 100,000 deep gets E005 and the server goes on answering", "[lsp]") {
  std::string brackets = "segment S = " + std::string(100000, '(') + "1" + std::string(100000, ')') + "\n";
  std::string chain = "profile { n: int }\nsegment S = profile.n";
  for (int i = 0; i < 100000; ++i) chain += " + profile.n";
  chain += " > 0\n";
  std::vector<json> messages = {request(1, "initialize")};
  int id = 2;
  for (const std::string& text : {brackets, chain}) {
    messages.push_back(notification("textDocument/didOpen",
                                    {{"textDocument", {{"uri", kUri}, {"version", id}, {"text", text}}}}));
    messages.push_back(request(id++, "textDocument/hover", at(1, 13)));
    messages.push_back(request(id++, "textDocument/documentSymbol", {{"textDocument", {{"uri", kUri}}}}));
    messages.push_back(request(id++, "textDocument/formatting", {{"textDocument", {{"uri", kUri}}}}));
    messages.push_back(notification("textDocument/didClose", {{"textDocument", {{"uri", kUri}}}}));
  }
  messages.push_back(request(id, "shutdown"));
  messages.push_back(notification("exit"));
  Session s = run_session(messages);
  CHECK(s.status == 0);
  for (int i = 2; i <= id; ++i) CHECK_FALSE(s.response(i).contains("error"));
  int deep = 0;
  for (const json& p : s.notifications("textDocument/publishDiagnostics"))
    for (const json& d : p["params"]["diagnostics"]) deep += d["code"] == "E005";
  CHECK(deep == 2);
}

TEST_CASE("lsp: a document with thousands of errors publishes the first 100 and the N001 note", "[lsp]") {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "list L" + std::to_string(i) + " )\n";
  Session s = run_session({request(1, "initialize"),
                           notification("textDocument/didOpen",
                                        {{"textDocument", {{"uri", kUri}, {"version", 1}, {"text", text}}}}),
                           request(2, "shutdown"), notification("exit")});
  CHECK(s.status == 0);
  std::vector<json> published = s.notifications("textDocument/publishDiagnostics");
  REQUIRE(published.size() == 1);
  const json& diagnostics = published[0]["params"]["diagnostics"];
  REQUIRE(diagnostics.size() == 101);
  CHECK(diagnostics[99]["code"] == "E001");
  CHECK(diagnostics[100]["code"] == "N001");
  CHECK(diagnostics[100]["severity"] == 3);
  CHECK(diagnostics[100]["range"]["start"]["line"] == 100);
}
