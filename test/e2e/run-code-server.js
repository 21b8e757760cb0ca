#!/usr/bin/env node
// Runner A: the packaged .vsix in code-server 4.100.3 (VS Code 1.100.3) driven by headless Chromium.
//  1. install code-server (cached in test/e2e/.work/cs)   2. npm run package -> .vsix, --install-extension
//  3. start code-server in its own process group on a free loopback port
//  4. the extension-host suites (out/test/e2e/suite) via the workbench URL payload, on a copy of examples/
//  5. a UI walk on another copy, with screenshots in test/e2e/screenshots/
//  6. stop the whole process group.  Counts: $MEMLINT_TEST_COUNTS (as test/reporter.js) and a closing line.
//  7. a team build with test/e2e/team-policy.yaml in another code-server: suite/team checks its policy applies.
// Options: --skip-ui, --skip-suites, --skip-team, --vsix FILE (an already built package).
'use strict';
const fs = require('fs');
const util = require('util');
const path = require('path');
const { REPO, WORK, log: logAny, scratch, copyExamples, startGroup, stopGroup, runGroup, freePort, poll, reportCounts, launchChromium } = require('./lib');
const { walk, onDemandActivation } = require('./ui-walk');

const log = (...a) => logAny('code-server', ...a);
const argv = process.argv.slice(2);
const flag = (f) => argv.includes(f);
const option = (f) => (argv.includes(f) ? argv[argv.indexOf(f) + 1] : undefined);

async function main() {
  const { dir, env } = scratch('code-server-run');
  if ((await runGroup('bash', [path.join(__dirname, 'install-code-server.sh')], { timeoutMs: 600000 })) !== 0) {
    log('FAIL: code-server could not be installed');
    return reportCounts('code-server', 0, 1);
  }
  let passed = 0;
  let failed = 0;
  const add = (r) => { passed += r.passed; failed += r.failed; };

  // the real package, as users get it
  let vsix = option('--vsix');
  if (!vsix) {
    vsix = path.join(dir, 'memlint.vsix');
    log('packaging the extension (npm run package)');
    if (!(await pack(dir, env, ['--out', vsix], 'package'))) return reportCounts('code-server', 0, 1);
  }
  add(await session(path.join(dir, 'plain'), env, vsix, async ({ ctx, port, pkg, countsFile, data }) => {
    const r = { passed: 0, failed: 0 };
    const plus = (x) => { r.passed += x.passed; r.failed += x.failed; };
    if (!flag('--skip-suites')) plus(await runSuites(ctx, port, copyExamples(path.join(dir, 'ws-suite')), pkg.dir, countsFile));
    if (!flag('--skip-ui')) {
      const page = await ctx.newPage();
      const w = await walk(page, { port, ws: copyExamples(path.join(dir, 'ws-ui')), shots: path.join(__dirname, 'screenshots'), log: (...a) => logAny('ui', ...a) });
      plus(w);
      await page.close();
      const late = await ctx.newPage();
      let onDemandMs;
      try {
        onDemandMs = await onDemandActivation(late, { port, ws: path.join(dir, 'ws-late'), log: (...a) => logAny('ui', ...a) });
        plus({ passed: 1, failed: 0 });
      } catch (e) {
        logAny('ui', `FAIL on-demand activation: ${String(e && e.message ? e.message : e).split('\n')[0]}`);
        await late.screenshot({ path: path.join(__dirname, 'screenshots', 'on-demand-activation-failed.png') }).catch(() => {});
        plus({ passed: 0, failed: 1 });
      }
      await late.close();
      reportActivation(w.activationMs, onDemandMs, data);
    }
    return r;
  }));

  // a team build (README "Team policies") with test/e2e/team-policy.yaml: its policy applies in the editor
  if (!flag('--skip-team')) {
    const teamVsix = path.join(dir, 'e2e-memlint.vsix');
    log('packaging a team build (npm run package -- --policy test/e2e/team-policy.yaml --name e2e-memlint)');
    if (!(await pack(dir, env, ['--policy', path.join(__dirname, 'team-policy.yaml'), '--name', 'e2e-memlint', '--out', teamVsix], 'package-team'))) add({ passed: 0, failed: 1 });
    else {
      add(await session(path.join(dir, 'team'), { ...env, MEMLINT_E2E_SUITE: 'team' }, teamVsix, ({ ctx, port, pkg, countsFile }) =>
        runSuites(ctx, port, copyExamples(path.join(dir, 'ws-team')), pkg.dir, countsFile)));
    }
  }
  return reportCounts('code-server', passed, failed);
}

async function pack(dir, env, args, name) {
  const logFile = path.join(dir, 'logs', `${name}.log`);
  const ok = (await runGroup(process.execPath, [path.join(REPO, 'scripts', 'package.mjs'), ...args], { env, log: logFile, timeoutMs: 300000 })) === 0;
  if (!ok) log(`FAIL: npm run package -- ${args.join(' ')} failed (${path.relative(REPO, logFile)})`);
  return ok;
}

/**
 * One code-server with its own user data and extensions folders: installs `vsix`, starts
 * code-server in its own process group and a headless Chromium, runs `body`, stops both.
 */
async function session(dir, env, vsix, body) {
  const cs = path.join(WORK, 'cs', 'node_modules', '.bin', 'code-server');
  const data = path.join(dir, 'data');
  const exts = path.join(dir, 'extensions');
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  fs.mkdirSync(path.join(data, 'User'), { recursive: true });
  fs.writeFileSync(path.join(data, 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'workbench.tips.enabled': false,
    'update.mode': 'none', 'chat.disableAIFeatures': true, 'workbench.enableExperiments': false,
    'git.enabled': false, 'git.openRepositoryInParentFolders': 'never',
    ...(process.env.MEMLINT_E2E_TRACE ? { 'memlint.trace.server': 'messages' } : {}),
  }, null, 2));
  const config = path.join(dir, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const common = ['--config', config, '--user-data-dir', data, '--extensions-dir', exts];
  if ((await runGroup(cs, [...common, '--install-extension', vsix], { env, log: path.join(dir, 'logs', 'install-extension.log'), timeoutMs: 120000 })) !== 0) {
    log(`FAIL: --install-extension ${vsix} (${path.join(dir, 'logs', 'install-extension.log')})`);
    return { passed: 0, failed: 1 };
  }
  const installed = fs.readdirSync(exts).filter((x) => fs.statSync(path.join(exts, x)).isDirectory());
  const pkg = installed.map((x) => ({ dir: path.join(exts, x), json: JSON.parse(fs.readFileSync(path.join(exts, x, 'package.json'), 'utf8')) }))[0];
  if (!pkg) {
    log('FAIL: the .vsix installed no extension');
    return { passed: 0, failed: 1 };
  }
  const extensionId = `${pkg.json.publisher}.${pkg.json.name}`;
  log(`installed ${extensionId} ${pkg.json.version} from ${path.relative(REPO, vsix)}`);

  const port = await freePort();
  const countsFile = path.join(dir, 'suite-counts.json');
  const serverEnv = { ...env, MEMLINT_E2E_COUNTS: countsFile, MEMLINT_E2E_EXTENSION_ID: extensionId };
  const server = startGroup(cs, [...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--disable-file-downloads'], { env: serverEnv, log: path.join(dir, 'logs', 'code-server.log') });
  let ctx;
  try {
    await poll('code-server /healthz', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60000);
    log(`code-server up on 127.0.0.1:${port} (process group ${server.pid})`);
    ctx = await launchChromium(dir, env);
    return await body({ ctx, port, pkg, countsFile, data });
  } catch (e) {
    log('FAIL:', e && e.stack ? e.stack : e);
    return { passed: 0, failed: 1 };
  } finally {
    if (ctx) await ctx.close().catch(() => {});
    await stopGroup(server.pid);
    log('code-server stopped');
  }
}

/**
 * Prints "activation: N ms" and writes .tmp/e2e/activation.json. N is VS Code's own measure
 * (Running Extensions: loading dist/extension.js + the activate() call) when a new file is
 * switched to SQL in a running window; the startup activation (the examples workspace, competing with
 * the built-in extensions) and the extension's own log of when its language server answered
 * come with it. A measurement with a target, not a test.
 */
function reportActivation(startupMs, onDemandMs, data) {
  const TARGET = 100;
  let serverReadyMs;
  const logs = [];
  const walkDir = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walkDir(p); else if (e.name === 'memlint.log') logs.push(p); } };
  if (fs.existsSync(path.join(data, 'logs'))) walkDir(path.join(data, 'logs'));
  logs.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs); // the on-demand window is the last
  const m = logs.length ? /language server ready in (\d+) ms/.exec(fs.readFileSync(logs[0], 'utf8')) : null;
  if (m) serverReadyMs = Number(m[1]);
  const activationMs = onDemandMs ?? startupMs;
  if (activationMs === undefined) {
    log('activation: not measured');
    return;
  }
  console.log(`activation: ${activationMs} ms (target ≤ ${TARGET} ms${activationMs > TARGET ? ', ABOVE TARGET' : ''}; code-server 4.100.3, Running Extensions = code loading + activate() call, ${onDemandMs !== undefined ? 'on demand (a new file switched to SQL)' : 'at startup'})` +
    `${startupMs !== undefined && onDemandMs !== undefined ? `; at startup of the examples workspace ${startupMs} ms` : ''}${serverReadyMs !== undefined ? `; language server ready ${serverReadyMs} ms after activate() began` : ''}`);
  const file = path.join(REPO, '.tmp', 'e2e', 'activation.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ activationMs, targetMs: TARGET, withinTarget: activationMs <= TARGET, onDemandMs, startupMs, serverReadyMs, editor: 'code-server 4.100.3 (VS Code 1.100.3)', measuredAt: new Date().toISOString() }, null, 2) + '\n');
}

/** The mocha suites inside code-server's node extension host, started through the workbench URL payload. */
async function runSuites(ctx, port, ws, extensionDir, countsFile) {
  const page = await ctx.newPage();
  let exit;
  const exited = new Promise((r) => (exit = r));
  // the extension host's console in test mode (mocha's spec reporter), minus the workbench's own chatter
  const noise = /^(Resolv|Creating a socket|Updating additional builtin|\[Service Worker\]|ChatSessionStore|Creation of workbench contribution)/;
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = util.format(...(args || []));
    if (!noise.test(text)) console.log(`   ${type === 'error' ? '[error] ' : ''}${text}`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => exit(code));
  // the extension host's console (mocha's spec reporter) is mirrored into the page's console
  const consoleLog = fs.openSync(path.join(path.dirname(countsFile), 'logs', 'browser-console.log'), 'w');
  page.on('console', (m) => {
    fs.writeSync(consoleLog, `${m.type()} ${m.text()}\n`);
    const t = m.text().replace(/%c/g, '').replace(/color: [^\s]+/g, '');
    if (/\[Extension Host\]/.test(t)) console.log('   ', t.replace(/^.*?\[Extension Host\]\s*/, '').trimEnd());
  });
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  // the installed extension's folder as the development path: the suites run against the .vsix contents
  const payload = JSON.stringify([['extensionDevelopmentPath', remote(extensionDir)], ['extensionTestsPath', remote(path.join(REPO, 'out', 'test', 'e2e', 'suite'))]]);
  log('extension-host suites on', path.relative(REPO, ws));
  fs.rmSync(countsFile, { force: true });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`);
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 300000))]);
  log('extension tests exit code:', code);
  await page.close().catch(() => {});
  if (fs.existsSync(countsFile)) return JSON.parse(fs.readFileSync(countsFile, 'utf8'));
  log('FAIL: the suites did not report counts');
  return { passed: 0, failed: 1 };
}

main().then((failures) => process.exit(failures ? 1 : 0), (e) => { console.error(e); reportCounts('code-server', 0, 1); process.exit(1); });
