-- `flowc lsp` driven by Neovim's own LSP client (Neovim 0.7, Debian
-- bookworm's), as a user of Neovim would meet it: a multi-file workspace,
-- one file open, Neovim's diagnostics store, its workspace-edit and
-- text-edit appliers. Run by tests/real_clients_test.cpp:
--
--   FLOWC=... WORKSPACE=... RESULT=... nvim --headless -u NONE -i NONE -n -c 'luafile neovim_lsp.lua'
--
-- WORKSPACE holds shop.flow (the entry), shop/schema.flow (a list, and a
-- segment on an undeclared property: an error) and shop/flows.flow (a flow
-- on the list, one on the segment). The script writes
-- what Neovim saw to RESULT as JSON; the C++ test judges it. Each step waits
-- on Neovim's own state (vim.wait), never on a fixed sleep.
local flowc, workspace, result_path = os.getenv('FLOWC'), os.getenv('WORKSPACE'), os.getenv('RESULT')
local result = {}
local TIMEOUT = 20000 -- ms: the sanitizer build is slow

local function uri(relative) return vim.uri_from_fname(workspace .. '/' .. relative) end
local function buffer(relative) return vim.uri_to_bufnr(uri(relative)) end
local function lines(relative)
  local b = buffer(relative)
  vim.fn.bufload(b)
  return vim.api.nvim_buf_get_lines(b, 0, -1, false)
end
-- Neovim's diagnostics for a file (open or not), as "line:code:message".
local function diagnostics(relative)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buffer(relative))) do
    table.insert(out, string.format('%d:%s:%s', d.lnum, tostring(d.code or ''), d.message))
  end
  return out
end

-- Waits until Neovim holds a diagnostic for the file whose message
-- contains `text`, or (text nil) none at all; earlier diagnostics may
-- still be there until the server's next publication.
local function wait_for_diagnostics(relative, text)
  vim.wait(TIMEOUT, function()
    local found = vim.diagnostic.get(buffer(relative))
    if text == nil then return #found == 0 end
    for _, d in ipairs(found) do
      if d.message:find(text, 1, true) then return true end
    end
    return false
  end, 20)
end

local function run()
  local initialized = false
  local client_id = vim.lsp.start_client({
    name = 'flowc',
    cmd = { flowc, 'lsp' },
    root_dir = workspace,
    on_init = function() initialized = true end,
  })
  assert(client_id, 'Neovim could not start `flowc lsp`')
  assert(vim.wait(TIMEOUT, function() return initialized end, 20), 'no answer to initialize')
  local client = vim.lsp.get_client_by_id(client_id)
  result.rename_provider = client.server_capabilities.renameProvider ~= nil

  -- 1. Only shop/flows.flow is open: the program is checked whole, and the
  -- error in shop/schema.flow (never opened) reaches Neovim's store.
  vim.cmd('edit ' .. vim.fn.fnameescape(workspace .. '/shop/flows.flow'))
  local flows = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(flows, client_id)
  wait_for_diagnostics('shop/schema.flow', 'tier')
  result.schema_diagnostics = diagnostics('shop/schema.flow')
  result.flows_diagnostics = diagnostics('shop/flows.flow')

  -- 2. Go to definition and hover across files: `Newsletter` in flows.flow
  -- (line 2, `  trigger list Newsletter`) is declared in schema.flow.
  local at_list = { textDocument = { uri = uri('shop/flows.flow') }, position = { line = 1, character = 17 } }
  local answers = vim.lsp.buf_request_sync(flows, 'textDocument/definition', at_list, TIMEOUT) or {}
  local definition = answers[client_id] and answers[client_id].result
  if definition and definition[1] then definition = definition[1] end
  result.definition = definition and { uri = definition.uri, line = definition.range.start.line } or vim.NIL
  answers = vim.lsp.buf_request_sync(flows, 'textDocument/hover', at_list, TIMEOUT) or {}
  local hover = answers[client_id] and answers[client_id].result
  result.hover = hover and hover.contents and (hover.contents.value or hover.contents) or vim.NIL

  -- 3. Rename the segment (line 5, `  trigger segment Vips`), applied by
  -- Neovim's workspace-edit applier to both files (schema.flow is loaded
  -- into a buffer for it).
  local at_segment = { textDocument = { uri = uri('shop/flows.flow') }, position = { line = 4, character = 19 },
                       newName = 'Regulars' }
  answers = vim.lsp.buf_request_sync(flows, 'textDocument/rename', at_segment, TIMEOUT) or {}
  local rename = answers[client_id]
  if rename and rename.result then vim.lsp.util.apply_workspace_edit(rename.result, client.offset_encoding) end
  result.rename_error = rename and rename.error and rename.error.message or vim.NIL
  result.flows_after_rename = lines('shop/flows.flow')
  result.schema_after_rename = lines('shop/schema.flow')

  -- 4. A risky rename (a list: list_add and list_remove events name it).
  -- Neovim 0.7 has no change annotations, so the server refuses with a
  -- message rather than renaming without asking.
  answers = vim.lsp.buf_request_sync(flows, 'textDocument/rename',
    vim.tbl_extend('force', at_list, { newName = 'Subscribers' }), TIMEOUT) or {}
  local risky = answers[client_id]
  result.risky_rename_error = risky and risky.error and risky.error.message or vim.NIL
  result.risky_rename_applied = risky ~= nil and risky.result ~= nil

  -- 5. Fix schema.flow in the editor: its diagnostics clear.
  local schema = buffer('shop/schema.flow')
  vim.lsp.buf_attach_client(schema, client_id)
  vim.api.nvim_buf_set_lines(schema, 1, 2, false, { 'segment Regulars = profile.email != ""' })
  wait_for_diagnostics('shop/schema.flow', nil)
  result.schema_diagnostics_after_fix = diagnostics('shop/schema.flow')

  -- 6. A typo in flows.flow, then the checker's "did you mean" applied as
  -- a code action through Neovim's applier.
  vim.api.nvim_buf_set_lines(flows, 4, 5, false, { '  trigger segment Regular' })
  wait_for_diagnostics('shop/flows.flow', 'Regular`')
  result.typo_diagnostics = diagnostics('shop/flows.flow')
  -- As Neovim 0.7's own vim.lsp.buf.code_action() builds the context.
  local context_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(flows, 4)
  answers = vim.lsp.buf_request_sync(flows, 'textDocument/codeAction', {
    textDocument = { uri = uri('shop/flows.flow') },
    range = { start = { line = 4, character = 19 }, ['end'] = { line = 4, character = 19 } },
    context = { diagnostics = context_diagnostics },
  }, TIMEOUT) or {}
  local actions = answers[client_id] and answers[client_id].result or {}
  result.code_actions = {}
  for _, action in ipairs(actions) do table.insert(result.code_actions, action.title) end
  if actions[1] and actions[1].edit then vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding) end
  result.flows_after_fix = lines('shop/flows.flow')
  wait_for_diagnostics('shop/flows.flow', nil)
  result.flows_diagnostics_after_fix = diagnostics('shop/flows.flow')

  -- 7. Formatting, applied by Neovim's text-edit applier.
  vim.api.nvim_buf_set_lines(flows, 0, -1, false, { 'flow Welcome {', 'trigger   list Newsletter', '}' })
  answers = vim.lsp.buf_request_sync(flows, 'textDocument/formatting', {
    textDocument = { uri = uri('shop/flows.flow') }, options = { tabSize = 2, insertSpaces = true },
  }, TIMEOUT) or {}
  local edits = answers[client_id] and answers[client_id].result
  if edits then vim.lsp.util.apply_text_edits(edits, flows, client.offset_encoding) end
  result.flows_formatted = vim.api.nvim_buf_get_lines(flows, 0, -1, false)

  -- 8. Completion after `trigger segment `: the segments of the whole program.
  vim.api.nvim_buf_set_lines(flows, 1, 2, false, { '  trigger segment ' })
  answers = vim.lsp.buf_request_sync(flows, 'textDocument/completion', {
    textDocument = { uri = uri('shop/flows.flow') }, position = { line = 1, character = 18 },
  }, TIMEOUT) or {}
  local completion = answers[client_id] and answers[client_id].result or {}
  local items = completion.items or completion
  result.completion = {}
  for _, item in ipairs(items) do table.insert(result.completion, item.label) end

  vim.lsp.stop_client(client_id)
end

local ok, err = pcall(run)
result.ok = ok
result.error = ok and vim.NIL or tostring(err)
local file = assert(io.open(result_path, 'w'))
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qall!')
