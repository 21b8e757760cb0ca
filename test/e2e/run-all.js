#!/usr/bin/env node
// npm run test:e2e: every end-to-end runner, each in its own process group with a deadline,
// then one closing line "N passed, M failed" (and $MEMLINT_TEST_COUNTS, like test/reporter.js).
//   node test/e2e/run-all.js [--only lsp-clients,test-electron,code-server] [runner options...]
'use strict';
const fs = require('fs');
const path = require('path');
const { REPO, runGroup } = require('./lib');

const RUNNERS = [
  { name: 'lsp-clients', script: 'run-lsp-clients.js', timeoutMs: 3 * 60000 },
  { name: 'test-electron', script: 'run-electron.js', timeoutMs: 12 * 60000 },
  { name: 'code-server', script: 'run-code-server.js', timeoutMs: 12 * 60000 },
];

/** Every file of examples/ with its text: the runners work on copies and must leave it as it was. */
function snapshotExamples() {
  const out = {};
  const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else out[path.relative(REPO, p)] = fs.readFileSync(p, 'utf8'); } };
  walk(path.join(REPO, 'examples'));
  return JSON.stringify(out);
}

async function main() {
  const examplesBefore = snapshotExamples();
  const argv = process.argv.slice(2);
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1].split(',') : undefined;
  const rest = argv.filter((a, i) => a !== '--only' && argv[i - 1] !== '--only');
  const countsDir = path.join(REPO, '.tmp', 'e2e', 'counts');
  fs.rmSync(countsDir, { recursive: true, force: true });
  fs.mkdirSync(countsDir, { recursive: true });
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const summary = [];
  for (const r of RUNNERS) {
    if (only && !only.includes(r.name)) continue;
    const file = path.join(countsDir, `${r.name}.json`);
    const t = Date.now();
    const code = await runGroup(process.execPath, [path.join(__dirname, r.script), ...(r.name === 'code-server' ? rest : [])], { env: { ...process.env, MEMLINT_TEST_COUNTS: file }, timeoutMs: r.timeoutMs });
    let c = { passed: 0, failed: 1, skipped: 0 }; // a runner that reported nothing did not get to run its tests
    if (fs.existsSync(file)) c = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (code !== 0 && c.failed === 0) c.failed = 1;
    passed += c.passed;
    failed += c.failed;
    skipped += c.skipped || 0;
    summary.push(`${r.name}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''} (${((Date.now() - t) / 1000).toFixed(0)} s)`);
  }
  if (snapshotExamples() === examplesBefore) {
    passed++;
    summary.push('examples/ unchanged: 1 passed');
  } else {
    failed++;
    summary.push('examples/ changed during the run (the runners must work on copies): 1 failed');
  }
  console.log(`\ne2e summary\n  ${summary.join('\n  ')}`);
  if (passed === 0) failed = Math.max(failed, 1); // a run that executed no test is not green
  const out = process.env.MEMLINT_TEST_COUNTS;
  if (out) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ passed, failed, skipped }));
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed;
}

main().then((failures) => process.exit(failures ? 1 : 0), (e) => { console.error(e); process.exit(1); });
