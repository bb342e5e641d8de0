// `flowc lsp` driven by `vscode-languageserver-protocol` (3.17.5, the library
// VS Code's own client is built on: editors/vscode's dependency), with the
// capabilities VS Code announces: change annotations, watched files
// registered by the server, semantic tokens. Run by
// tests/real_clients_test.cpp:
//
//   FLOWC=... WORKSPACE=... RESULT=... NODE_PATH=editors/vscode/node_modules node vscode_protocol_client.js
//
// WORKSPACE holds the same shop as tests/clients/neovim_lsp.lua. The
// script writes what the client saw to RESULT as JSON; the C++ test judges
// it. Every wait is for a message, never a fixed sleep.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const protocol = require('vscode-languageserver-protocol/node');

const flowc = process.env.FLOWC, workspace = process.env.WORKSPACE, resultPath = process.env.RESULT;
const TIMEOUT = 20000;  // ms: the sanitizer build is slow
const result = {};

const uri = (relative) => 'file://' + path.join(workspace, relative);
const file = (relative) => path.join(workspace, relative);

const server = spawn(flowc, ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = protocol.createProtocolConnection(
    new protocol.StreamMessageReader(server.stdout), new protocol.StreamMessageWriter(server.stdin));

// The latest diagnostics per URI, and whoever waits for a change of them.
const diagnostics = new Map();
let onDiagnostics = () => {};
connection.onNotification(protocol.PublishDiagnosticsNotification.type, (params) => {
  diagnostics.set(params.uri, params.diagnostics);
  onDiagnostics();
});
const registrations = [];
connection.onRequest(protocol.RegistrationRequest.type, (params) => {
  registrations.push(...params.registrations.map((r) => r.method));
  return null;
});

// Resolves once `test(diagnostics of relative)` holds (checked at once and
// at each publication); rejects after TIMEOUT.
function diagnosticsWhere(relative, test) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for diagnostics of ' + relative)), TIMEOUT);
    const check = () => {
      const found = diagnostics.get(uri(relative));
      if (found !== undefined && test(found)) {
        clearTimeout(timer);
        onDiagnostics = () => {};
        resolve(found.map((d) => `${d.range.start.line}:${d.code}:${d.message}`));
      }
    };
    onDiagnostics = check;
    check();
  });
}
const mentioning = (text) => (found) => found.some((d) => d.message.includes(text));
const none = (found) => found.length === 0;

const vscodeCapabilities = {
  workspace: {
    applyEdit: true,
    workspaceEdit: { documentChanges: true, changeAnnotationSupport: { groupsOnLabel: true } },
    didChangeWatchedFiles: { dynamicRegistration: true },
    symbol: { dynamicRegistration: true },
    workspaceFolders: true,
  },
  textDocument: {
    synchronization: { didSave: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    rename: { prepareSupport: true },
    foldingRange: { lineFoldingOnly: true },
    semanticTokens: {
      requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'],
    },
    publishDiagnostics: { relatedInformation: true },
  },
};

async function run() {
  connection.listen();
  const init = await connection.sendRequest(protocol.InitializeRequest.type, {
    processId: process.pid,
    rootUri: 'file://' + workspace,
    workspaceFolders: [{ uri: 'file://' + workspace, name: 'shop' }],
    capabilities: vscodeCapabilities,
  });
  const legend = init.capabilities.semanticTokensProvider.legend;
  await connection.sendNotification(protocol.InitializedNotification.type, {});

  // 1. Only shop/flows.flow open: the whole program is checked.
  await connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, {
    textDocument: { uri: uri('shop/flows.flow'), languageId: 'flow', version: 1,
                    text: fs.readFileSync(file('shop/flows.flow'), 'utf8') },
  });
  result.schema_diagnostics = await diagnosticsWhere('shop/schema.flow', mentioning('tier'));
  result.flows_diagnostics = await diagnosticsWhere('shop/flows.flow', () => true);
  result.registrations = registrations.slice();

  // 2. A risky rename (a list) comes as edits the user must confirm.
  const rename = await connection.sendRequest(protocol.RenameRequest.type, {
    textDocument: { uri: uri('shop/flows.flow') }, position: { line: 1, character: 17 }, newName: 'Subscribers',
  });
  result.rename_files = (rename.documentChanges || []).map((c) => path.relative(workspace, new URL(c.textDocument.uri).pathname)).sort();
  result.rename_annotations = Object.values(rename.changeAnnotations || {}).map((a) => a.needsConfirmation);
  result.rename_edits_annotated = (rename.documentChanges || []).every((c) => c.edits.every((e) => e.annotationId));

  // 3. schema.flow fixed on disk, outside the editor; the client's watcher
  // reports it, as VS Code's does.
  fs.writeFileSync(file('shop/schema.flow'), 'list Newsletter\nsegment Vips = profile.email != ""\n');
  await connection.sendNotification(protocol.DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: uri('shop/schema.flow'), type: protocol.FileChangeType.Changed }],
  });
  result.schema_diagnostics_after_disk_fix = await diagnosticsWhere('shop/schema.flow', none);

  // 4. The entry imports a file that does not exist yet, then it is created.
  fs.writeFileSync(file('shop.flow'), 'import "shop/schema.flow"\nimport "shop/flows.flow"\nimport "shop/extra.flow"\n');
  await connection.sendNotification(protocol.DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: uri('shop.flow'), type: protocol.FileChangeType.Changed }],
  });
  result.entry_diagnostics_missing_import = await diagnosticsWhere('shop.flow', mentioning('extra.flow'));
  fs.writeFileSync(file('shop/extra.flow'), 'list Extra\n');
  await connection.sendNotification(protocol.DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: uri('shop/extra.flow'), type: protocol.FileChangeType.Created }],
  });
  result.entry_diagnostics_after_create = await diagnosticsWhere('shop.flow', none);

  // 5. Semantic tokens, decoded with the server's legend: the list's name
  // on line 2 of flows.flow.
  const tokens = await connection.sendRequest(protocol.SemanticTokensRequest.type, {
    textDocument: { uri: uri('shop/flows.flow') },
  });
  result.semantic_tokens = [];
  for (let i = 0, line = 0, start = 0; i + 4 < tokens.data.length; i += 5) {
    line += tokens.data[i];
    start = tokens.data[i] === 0 ? start + tokens.data[i + 1] : tokens.data[i + 1];
    result.semantic_tokens.push(`${line}:${start}:${tokens.data[i + 2]}:${legend.tokenTypes[tokens.data[i + 3]]}`);
  }
  result.semantic_tokens_length_ok = tokens.data.length % 5 === 0;

  // 6. Workspace symbols, folding ranges, completion with text edits.
  const symbols = await connection.sendRequest(protocol.WorkspaceSymbolRequest.type, { query: 'News' });
  result.workspace_symbols = symbols.map((s) => `${s.name}@${path.relative(workspace, new URL(s.location.uri).pathname)}`);
  const folds = await connection.sendRequest(protocol.FoldingRangeRequest.type, {
    textDocument: { uri: uri('shop/flows.flow') },
  });
  result.folding_ranges = folds.map((f) => `${f.startLine}-${f.endLine}`);
  await connection.sendNotification(protocol.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: uri('shop/flows.flow'), version: 2 },
    contentChanges: [{ range: { start: { line: 4, character: 2 }, end: { line: 4, character: 22 } }, text: 'trigger segment ' }],
  });
  const completion = await connection.sendRequest(protocol.CompletionRequest.type, {
    textDocument: { uri: uri('shop/flows.flow') }, position: { line: 4, character: 18 },
  });
  const items = Array.isArray(completion) ? completion : completion.items;
  result.completion = items.map((item) => item.label);
  result.completion_has_text_edits = items.length > 0 && items.every((item) => item.textEdit !== undefined);

  await connection.sendRequest(protocol.ShutdownRequest.type);
  await connection.sendNotification(protocol.ExitNotification.type);
  result.exit_code = await new Promise((resolve) => server.on('exit', (code) => resolve(code)));
}

const timer = setTimeout(() => finish(false, 'the script took longer than ' + 3 * TIMEOUT + ' ms'), 3 * TIMEOUT);
function finish(ok, error) {
  clearTimeout(timer);
  result.ok = ok;
  result.error = error;
  fs.writeFileSync(resultPath, JSON.stringify(result, null, 1));
  connection.dispose();
  server.kill();
  process.exit(0);
}
run().then(() => finish(true, null), (e) => finish(false, String(e && e.stack || e)));
