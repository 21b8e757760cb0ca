-- Headless Neovim (0.7+) as a second LSP client of dist/server.js --stdio.
-- Usage (see ../run-lsp-clients.js): MEMLINT_SERVER=dist/server.js nvim --headless -n -i NONE -u nvim-init.lua <ws>/sql/report/01-report-pool.sql
-- Prints "PASS <test>" / "FAIL <test>: why" lines, exits 0 only when every test passed.
local SERVER = assert(os.getenv('MEMLINT_SERVER'), 'MEMLINT_SERVER is not set')
local ROOT = assert(os.getenv('MEMLINT_WS'), 'MEMLINT_WS is not set')
local function out(s) io.stdout:write(s .. '\n') end
local failures = 0
local function result(name, ok, why)
  if ok then out('PASS ' .. name) else failures = failures + 1; out('FAIL ' .. name .. ': ' .. tostring(why)) end
end

local raw = {} -- the server's diagnostics per uri, as sent (codes and the data the code actions need)
local default_pd = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, res, ctx, config)
  raw[res.uri] = res.diagnostics
  return default_pd(err, res, ctx, config)
end

local client_id
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'sql',
  callback = function(args)
    client_id = client_id or vim.lsp.start_client({ name = 'memlint', cmd = { 'node', SERVER, '--stdio' }, root_dir = ROOT })
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})

local function describe(d)
  local sev = ({ 'error', 'warning', 'info', 'hint' })[d.severity] or '?'
  return string.format('%d:%d-%d:%d %s %s', d.range.start.line + 1, d.range.start.character + 1, d.range['end'].line + 1, d.range['end'].character + 1, tostring(d.code), sev)
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local buf = vim.api.nvim_get_current_buf()
    local uri = vim.uri_from_bufnr(buf)
    local want = '2:22-2:37 RG110 error | 2:65-2:66 XTP201 warning'
    local got = ''
    vim.wait(20000, function()
      local ds = {}
      for _, d in ipairs(raw[uri] or {}) do table.insert(ds, describe(d)) end
      table.sort(ds)
      got = table.concat(ds, ' | ')
      return got == want
    end, 20)
    result('neovim: diagnostics of 01-report-pool.sql', got == want, 'got ' .. got)
    -- vim.diagnostic shows them too (signs, virtual text)
    result('neovim: vim.diagnostic has them', #vim.diagnostic.get(buf) == 2, #vim.diagnostic.get(buf) .. ' diagnostics')

    local xtp201
    for _, d in ipairs(raw[uri] or {}) do if d.code == 'XTP201' then xtp201 = d end end
    local applied = false
    if xtp201 then
      local params = { textDocument = { uri = uri }, range = xtp201.range, context = { diagnostics = { xtp201 }, only = { 'quickfix' } } }
      local results = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000) or {}
      for cid, res in pairs(results) do
        for _, action in ipairs(res.result or {}) do
          if not applied and action.edit and action.title == 'Set MIN_MEMORY_PERCENT of [ReportCachePool] to 25 (= MAX_MEMORY_PERCENT)' then
            vim.lsp.util.apply_workspace_edit(action.edit, vim.lsp.get_client_by_id(cid).offset_encoding)
            applied = true
          end
        end
      end
    end
    local line = vim.api.nvim_buf_get_lines(buf, 1, 2, false)[1]
    local fixed = 'CREATE RESOURCE POOL ReportCachePool WITH (MIN_MEMORY_PERCENT = 25, MAX_MEMORY_PERCENT = 25);'
    result('neovim: the XTP201 code action applies', applied and line == fixed, 'line 2 is ' .. tostring(line))
    -- the server re-lints the edited buffer: XTP201 is gone
    local gone = vim.wait(10000, function()
      for _, d in ipairs(raw[uri] or {}) do if d.code == 'XTP201' then return false end end
      return true
    end, 20)
    result('neovim: XTP201 gone after the fix', applied and gone, 'still reported')
    vim.lsp.stop_client(client_id)
    vim.wait(5000, function() return vim.tbl_isempty(vim.lsp.get_active_clients()) end, 20)
    if failures > 0 then vim.cmd('cquit 1') else vim.cmd('qall!') end
  end,
})
