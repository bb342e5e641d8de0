// The Flow extension's client: starts `flowc lsp` (setting `flowc.path`)
// for .flow files and restarts it when the setting changes. The setting
// `flowc.entryFiles` goes to the server at start and whenever it changes
// (workspace/didChangeConfiguration). Highlighting comes from the TextMate
// grammar; everything else from the server.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function createClient() {
  const command = vscode.workspace.getConfiguration("flowc").get("path") || "flowc";
  const serverOptions = {
    run: { command, args: ["lsp"], transport: TransportKind.stdio },
    debug: { command, args: ["lsp"], transport: TransportKind.stdio },
  };
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "flow" }, { scheme: "untitled", language: "flow" }],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.flow"),
      configurationSection: "flowc",
    },
    initializationOptions: { entryFiles: vscode.workspace.getConfiguration("flowc").get("entryFiles") || [] },
  };
  return new LanguageClient("flowc", "flowc language server", serverOptions, clientOptions);
}

async function restart() {
  if (client) await client.stop();
  client = createClient();
  await client.start();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("flowc.restartServer", restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("flowc.path")) restart();
    }),
  );
  try {
    await restart();
  } catch (err) {
    vscode.window.showErrorMessage(`Could not start \`flowc lsp\` (setting flowc.path): ${err.message || err}`);
  }
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
