// Shared by the e2e runners: scratch folders under test/e2e/.work, process groups, counts.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const WORK = process.env.E2E_WORK || path.join(__dirname, '.work');
const T0 = Date.now();
const log = (tag, ...a) => console.log(`[e2e ${tag} ${((Date.now() - T0) / 1000).toFixed(1)}s]`, ...a);

/** A fresh scratch folder for one runner, with TMPDIR/XDG_* inside it (nothing lands in ~ or /tmp). */
function scratch(name) {
  const dir = path.join(WORK, name);
  fs.rmSync(dir, { recursive: true, force: true });
  const env = { ...process.env, TMPDIR: path.join(dir, 'tmp'), XDG_CONFIG_HOME: path.join(dir, 'xdg', 'config'), XDG_DATA_HOME: path.join(dir, 'xdg', 'data'), XDG_CACHE_HOME: path.join(dir, 'xdg', 'cache'), XDG_STATE_HOME: path.join(dir, 'xdg', 'state'), XDG_RUNTIME_DIR: path.join(dir, 'xdg', 'run') };
  for (const k of ['TMPDIR', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR']) fs.mkdirSync(env[k], { recursive: true, mode: 0o700 });
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  return { dir, env };
}

/** A copy of examples/ to work on (the suites never touch examples/ itself). */
function copyExamples(dest) {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(path.join(REPO, 'examples'), dest, { recursive: true });
  return dest;
}

const groups = new Set();
/** Starts a command in its own process group (setsid); stopGroup ends the whole group. */
function startGroup(cmd, args, opts = {}) {
  const out = opts.log ? fs.openSync(opts.log, 'a') : 'ignore';
  const child = spawn(cmd, args, { cwd: opts.cwd || REPO, env: opts.env || process.env, detached: true, stdio: ['ignore', opts.inherit ? 'inherit' : out, opts.inherit ? 'inherit' : out] });
  groups.add(child.pid);
  child.on('exit', () => groups.delete(child.pid));
  return child;
}

function alive(pgid) {
  try { process.kill(-pgid, 0); return true; } catch { return false; }
}

/** TERM to the whole group, KILL after a grace period; resolves when the group is gone. */
async function stopGroup(pgid, graceMs = 3000) {
  if (!pgid) return;
  try { process.kill(-pgid, 'SIGTERM'); } catch { /* gone */ }
  const deadline = Date.now() + graceMs;
  while (alive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (alive(pgid)) { try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ } }
  groups.delete(pgid);
}

function stopAllSync() {
  for (const g of groups) { try { process.kill(-g, 'SIGKILL'); } catch { /* gone */ } }
  groups.clear();
}
process.on('exit', stopAllSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { stopAllSync(); process.exit(130); });

/** Runs a command in its own group to the end (stdout/stderr inherited); kills the group at the deadline. */
function runGroup(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = startGroup(cmd, args, { ...opts, inherit: !opts.log });
    const timer = setTimeout(() => { log('timeout', `${path.basename(cmd)} ${args.join(' ').slice(0, 80)}: no end after ${opts.timeoutMs} ms, stopping it`); stopGroup(child.pid, 1000); }, opts.timeoutMs || 600000);
    child.on('exit', (code, signal) => { clearTimeout(timer); stopGroup(child.pid, 1000).then(() => resolve(code === null ? 128 + (signal === 'SIGKILL' ? 9 : 15) : code)); });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function poll(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Counts, like test/reporter.js: a JSON file at $MEMLINT_TEST_COUNTS and the closing line. */
function reportCounts(tag, passed, failed, skipped = 0) {
  const file = process.env.MEMLINT_TEST_COUNTS;
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ passed, failed, skipped }));
  }
  console.log(`\n${tag}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed;
}

/** Headless Debian Chromium through playwright-core, with a fresh profile inside the scratch folder. */
async function launchChromium(dir, env) {
  const { chromium } = require('playwright-core');
  const profile = path.join(dir, 'chromium-profile');
  fs.rmSync(profile, { recursive: true, force: true });
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    env,
    viewport: { width: 1280, height: 760 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

module.exports = { REPO, WORK, log, scratch, copyExamples, startGroup, stopGroup, runGroup, freePort, poll, reportCounts, launchChromium };
