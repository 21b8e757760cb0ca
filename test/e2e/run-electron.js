#!/usr/bin/env node
// Runner B: the same extension-host suites in VS Code desktop through @vscode/test-electron, for
// machines that can download VS Code (or have one: E2E_VSCODE_EXECUTABLE=/path/to/code).
// Where VS Code can't be had it prints one line and skips (exit 0); every wait has a deadline.
'use strict';
const fs = require('fs');
const path = require('path');
const { REPO, WORK, log: logAny, scratch, copyExamples, reportCounts } = require('./lib');

const log = (...a) => logAny('test-electron', ...a);
const VERSION = process.env.E2E_VSCODE_VERSION || '1.100.3'; // the VS Code of code-server 4.100.3

function withDeadline(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

async function main() {
  const { download, runTests } = require('@vscode/test-electron');
  const { dir, env } = scratch('test-electron');
  let executable = process.env.E2E_VSCODE_EXECUTABLE;
  if (!executable) {
    try {
      executable = await withDeadline(download({ version: VERSION, cachePath: path.join(WORK, 'vscode-test'), timeout: 15000, reporter: { report() {}, error() {} } }), 180000, 'the VS Code download');
    } catch (e) {
      const why = String(e && e.message ? e.message : e).split('\n')[0];
      console.log(`test-electron: skipped, VS Code ${VERSION} could not be downloaded on this machine (${why}); the same suites ran in code-server`);
      return reportCounts('test-electron', 0, 0, 1);
    }
  }
  const ws = copyExamples(path.join(dir, 'ws'));
  const counts = path.join(dir, 'suite-counts.json');
  try {
    await withDeadline(runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: path.join(REPO, 'out', 'test', 'e2e', 'suite'),
      launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', path.join(dir, 'data'), '--extensions-dir', path.join(dir, 'extensions')],
      extensionTestsEnv: { ...env, MEMLINT_E2E_COUNTS: counts },
    }), 600000, 'VS Code');
  } catch (e) {
    log('the suites failed:', String(e && e.message ? e.message : e).split('\n')[0]);
  }
  if (!fs.existsSync(counts)) return reportCounts('test-electron', 0, 1);
  const c = JSON.parse(fs.readFileSync(counts, 'utf8'));
  return reportCounts('test-electron', c.passed, c.failed, c.skipped);
}

main().then((failures) => process.exit(failures ? 1 : 0), (e) => { console.error(e); reportCounts('test-electron', 0, 1); process.exit(1); });
