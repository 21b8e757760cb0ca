/**
 * Team policies in the editor, over the real protocol against dist/server.js: a team
 * build's default policy (initializationOptions.defaultPolicy), a policy memlint.yaml
 * extends from disk (and its changes), the effective configuration request, and what the
 * user is told when a setting or a memlint.yaml tries to lower a pinned rule.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DiagnosticSeverity, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, DidOpenTextDocumentNotification, FileChangeType, MessageType, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { EFFECTIVE_CONFIG_REQUEST, EffectiveConfigResult, STATUS_NOTIFICATION, StatusParams } from '../../server/src/shared/protocol';
import { TestClient } from '../helpers/lspClient';
import { tempDir, writeTree } from '../helpers/tmp';

/** XTP201 (MIN_MEMORY_PERCENT not equal to MAX; a warning by default) for pool P. */
const POOL = "CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 10, MAX_MEMORY_PERCENT = 50);\nGO\nALTER RESOURCE GOVERNOR RECONFIGURE;\nGO\nEXEC sys.sp_xtp_bind_db_resource_pool N'Db', N'P';\n";
const PIN_XTP201 = 'name: acme\nrules:\n  XTP201: { minimumSeverity: error }\n';

const severityOf = (p: PublishDiagnosticsParams, code: string) => p.diagnostics.find((d) => d.code === code)?.severity;

describe('language server: team policies', function () {
  this.timeout(30_000);
  let dir: string;
  let client: TestClient | undefined;
  const uri = (rel: string) => URI.file(path.join(dir, rel)).toString();

  async function start(opts: { defaultPolicy?: string; settings?: Record<string, unknown> } = {}): Promise<TestClient> {
    client = await TestClient.start({
      settings: { lintDelayMs: 0, ...opts.settings },
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { codeDescriptionSupport: true, dataSupport: true, versionSupport: true } },
      },
      workspaceFolders: [{ uri: URI.file(dir).toString(), name: 'ws' }],
      initializationOptions: opts.defaultPolicy ? { defaultPolicy: opts.defaultPolicy } : undefined,
    });
    return client;
  }
  const open = async (c: TestClient, rel: string) =>
    c.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(rel), languageId: 'sql', version: 1, text: fs.readFileSync(path.join(dir, rel), 'utf8') } });
  const idle = (c: TestClient) => c.notificationWhen<StatusParams>(STATUS_NOTIFICATION, (p) => p.state === 'idle');

  beforeEach(() => {
    dir = tempDir('lsp-policy');
  });
  afterEach(async () => {
    if (client) assert.strictEqual(await client.stop(), 0);
    client = undefined;
  });

  it("a team build's default policy applies to every workspace; without it the rule's default holds", async () => {
    writeTree(dir, { 'pool.sql': POOL, '.team/memlint-policy.yaml': PIN_XTP201 });
    let c = await start();
    await open(c, 'pool.sql');
    assert.strictEqual(severityOf(await c.diagnosticsWhen(uri('pool.sql'), (p) => p.version === 1), 'XTP201'), DiagnosticSeverity.Warning);
    assert.strictEqual(await c.stop(), 0);

    c = await start({ defaultPolicy: path.join(dir, '.team/memlint-policy.yaml') });
    await open(c, 'pool.sql');
    assert.strictEqual(severityOf(await c.diagnosticsWhen(uri('pool.sql'), (p) => p.version === 1), 'XTP201'), DiagnosticSeverity.Error);
    assert.match(c.logs.join('\n'), /team policy .*memlint-policy\.yaml/);
  });

  it('a default policy with errors is reported with its line and column, and linting goes on', async () => {
    writeTree(dir, { 'pool.sql': POOL, 'bad-policy.yaml': 'rules:\n  XTP201: { minimumSeverity: loud }\n' });
    const c = await start({ defaultPolicy: path.join(dir, 'bad-policy.yaml') });
    await open(c, 'pool.sql');
    const p = await c.diagnosticsWhen(uri('pool.sql'), (x) => x.version === 1);
    assert.ok(severityOf(p, 'XTP201'));
    const errors = c.messages.filter((m) => m.type === MessageType.Error).map((m) => m.message);
    assert.strictEqual(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /the team policy .*bad-policy\.yaml:2:30: rules\.XTP201\.minimumSeverity must be one of/);
  });

  it('extends: reads the policy from disk, pins hold against memlint.yaml (CFG907 on its key), and a changed policy re-publishes', async () => {
    writeTree(dir, {
      'pool.sql': POOL,
      'memlint.yaml': 'extends: ./team/acme.yaml\nrules:\n  XTP201: info\n',
      'team/acme.yaml': PIN_XTP201,
    });
    const c = await start();
    await open(c, 'pool.sql');
    const first = await c.diagnosticsWhen(uri('pool.sql'), (p) => p.version === 1 && !!severityOf(p, 'XTP201'));
    assert.strictEqual(severityOf(first, 'XTP201'), DiagnosticSeverity.Error);
    const config = await c.diagnosticsWhen(uri('memlint.yaml'), (p) => p.diagnostics.some((d) => d.code === 'CFG907'));
    const cfg907 = config.diagnostics.find((d) => d.code === 'CFG907')!;
    assert.deepStrictEqual(cfg907.range, { start: { line: 2, character: 10 }, end: { line: 2, character: 14 } });
    assert.match(String(cfg907.message), /XTP201/);

    // the team relaxes its policy: the file on disk changes and the watcher says so
    const relaxed = c.nextDiagnostics(uri('pool.sql'), (p) => severityOf(p, 'XTP201') === DiagnosticSeverity.Information);
    fs.writeFileSync(path.join(dir, 'team/acme.yaml'), 'name: acme\nrules: {}\n');
    await c.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('team/acme.yaml'), type: FileChangeType.Changed }] });
    await relaxed;
    await c.diagnosticsWhen(uri('memlint.yaml'), (p) => !p.diagnostics.some((d) => d.code === 'CFG907'));
  });

  it('memlint/effectiveConfig says which layer each rule comes from', async () => {
    writeTree(dir, { 'pool.sql': POOL, 'memlint.yaml': 'extends: ./team/acme.yaml\nrules:\n  RG105: hint\n', 'team/acme.yaml': PIN_XTP201 });
    const c = await start();
    await open(c, 'pool.sql');
    await c.diagnosticsWhen(uri('pool.sql'), (p) => p.version === 1);
    const r = await c.connection.sendRequest<EffectiveConfigResult>(EFFECTIVE_CONFIG_REQUEST, { uri: uri('pool.sql') });
    assert.match(r.summary, /memlint\.yaml/);
    assert.match(r.summary, /acme/);
    const line = (code: string) => r.markdown.split('\n').find((l) => l.includes(code)) ?? '';
    assert.match(line('XTP201'), /error/);
    assert.match(line('XTP201'), /policy/);
    assert.match(line('RG105'), /hint/);
    assert.match(line('RG105'), /memlint\.yaml/);
    assert.match(line('RG101'), /default/);
  });

  it('a setting that tries to lower a pinned rule is told once, and the pin holds', async () => {
    writeTree(dir, { 'pool.sql': POOL, '.team/memlint-policy.yaml': PIN_XTP201 });
    const c = await start({ defaultPolicy: path.join(dir, '.team/memlint-policy.yaml'), settings: { rules: { customizations: [{ rule: 'XTP201', severity: 'off' }] } } });
    await open(c, 'pool.sql');
    const p = await c.diagnosticsWhen(uri('pool.sql'), (x) => x.version === 1);
    assert.strictEqual(severityOf(p, 'XTP201'), DiagnosticSeverity.Error);
    // a settings change re-lints; the same attempt is not told again
    c.settings = { lintDelayMs: 0, rules: { customizations: [{ rule: 'XTP201', severity: 'off' }] } };
    await c.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await idle(c);
    const warnings = c.messages.filter((m) => m.type === MessageType.Warning && /XTP201/.test(m.message)).map((m) => m.message);
    assert.strictEqual(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /sets XTP201 to off, but the team policy pins XTP201 at error/);
  });

  it('extends: naming a FIFO (or a FIFO among the scripts) is not waited on: the server lints on', async () => {
    writeTree(dir, { 'pool.sql': POOL, 'memlint.yaml': 'extends: team.memlint-policy.yaml\n' });
    // nobody writes to these: opening one for reading would wait for ever, and the server with it
    for (const f of ['team.memlint-policy.yaml', 'other.sql']) assert.strictEqual(spawnSync('mkfifo', [path.join(dir, f)]).status, 0);
    const c = await start();
    await open(c, 'pool.sql');
    const p = await c.diagnosticsWhen(uri('pool.sql'), (x) => x.version === 1);
    assert.strictEqual(severityOf(p, 'XTP201'), DiagnosticSeverity.Warning);
  });
});
