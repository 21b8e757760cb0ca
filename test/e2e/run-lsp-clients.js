#!/usr/bin/env node
// Other LSP clients: headless Neovim and Emacs eglot start dist/server.js --stdio on a copy of
// examples/, assert diagnostics and apply one code action (clients/nvim-init.lua, clients/emacs-eglot.el).
// Each client runs in its own process group with a deadline. Counts: $MEMLINT_TEST_COUNTS and a closing line.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { REPO, log: logAny, scratch, copyExamples, startGroup, stopGroup, reportCounts } = require('./lib');

const log = (...a) => logAny('lsp-clients', ...a);
const server = path.join(REPO, 'dist', 'server.js');

function has(cmd) {
  try { execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }); return true; } catch { return false; }
}

/** Runs one client to its end (or the deadline) and counts its PASS/FAIL lines. */
function runClient(name, cmd, args, env, cwd, timeoutMs) {
  return new Promise((resolve) => {
    const child = startGroup(cmd, args, { env, cwd, log: path.join(env.E2E_LOGS, `${name}.log`) });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; stopGroup(child.pid, 1000); }, timeoutMs);
    child.on('exit', async (code) => {
      clearTimeout(timer);
      await stopGroup(child.pid, 1000); // the language server the client started, if still there
      const text = fs.readFileSync(path.join(env.E2E_LOGS, `${name}.log`), 'utf8');
      const lines = text.split('\n').filter((l) => /^(PASS|FAIL) /.test(l));
      for (const l of lines) log(l);
      let passed = lines.filter((l) => l.startsWith('PASS')).length;
      let failed = lines.filter((l) => l.startsWith('FAIL')).length;
      if (timedOut) { log(`FAIL ${name}: no end after ${timeoutMs} ms (stopped)`); failed++; }
      else if (code !== 0 && failed === 0) { log(`FAIL ${name}: exit code ${code} (log: ${path.relative(REPO, path.join(env.E2E_LOGS, `${name}.log`))})`); failed++; }
      if (passed + failed === 0) failed = 1;
      resolve({ passed, failed });
    });
  });
}

async function main() {
  const { dir, env: base } = scratch('lsp-clients');
  if (!fs.existsSync(server)) {
    log('FAIL: dist/server.js is missing (npm run build)');
    return reportCounts('lsp-clients', 0, 1);
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const clients = [
    { name: 'neovim', bin: 'nvim', pkg: 'neovim', args: (ws) => ['--headless', '-n', '-i', 'NONE', '-u', path.join(__dirname, 'clients', 'nvim-init.lua'), path.join(ws, 'sql', 'report', '01-report-pool.sql')] },
    { name: 'emacs', bin: 'emacs', pkg: 'emacs-nox elpa-eglot', args: () => ['--batch', '-l', path.join(__dirname, 'clients', 'emacs-eglot.el')] },
  ];
  for (const c of clients) {
    if (!has(c.bin)) {
      log(`${c.name}: '${c.bin}' is not installed (apt-get install ${c.pkg}): skipped`);
      skipped++;
      continue;
    }
    const ws = copyExamples(path.join(dir, `ws-${c.name}`));
    const home = path.join(dir, `home-${c.name}`);
    fs.mkdirSync(home, { recursive: true });
    const env = { ...base, HOME: home, MEMLINT_SERVER: server, MEMLINT_WS: ws, E2E_LOGS: path.join(dir, 'logs') };
    const t = Date.now();
    const r = await runClient(c.name, c.bin, c.args(ws), env, ws, 60000);
    log(`${c.name}: ${r.passed} passed, ${r.failed} failed (${Date.now() - t} ms)`);
    passed += r.passed;
    failed += r.failed;
  }
  return reportCounts('lsp-clients', passed, failed, skipped);
}

main().then((failures) => process.exit(failures ? 1 : 0), (e) => { console.error(e); reportCounts('lsp-clients', 0, 1); process.exit(1); });
