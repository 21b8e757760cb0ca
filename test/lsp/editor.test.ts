/**
 * What the VS Code extension builds on: severity customizations from settings, the size
 * limit, the status notification, the rule list and the workspace commands, driven over
 * the real protocol against dist/server.js.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DidChangeConfigurationNotification, DidOpenTextDocumentNotification, ExecuteCommandRequest, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { Project, RULES, runFixLoop } from '../../server/src/engine';
import { FIX_ALL_IN_WORKSPACE_COMMAND, LINT_WORKSPACE_COMMAND, RULES_REQUEST, RuleInfo, STATUS_NOTIFICATION, StatusParams } from '../../server/src/shared/protocol';
import { TestClient, applyLspEdits } from '../helpers/lspClient';
import { tempDir, writeTree } from '../helpers/tmp';

/** RG101 (error, no fix), RG105 (warning, safe fix) in one script. */
const POOL = 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);\nCREATE RESOURCE POOL Q WITH (MIN_MEMORY_PERCENT = 10, MAX_MEMORY_PERCENT = 50);\n';

const codes = (p: { diagnostics: { code?: string | number }[] }) => p.diagnostics.map((d) => String(d.code)).sort();

describe('language server: editor settings and commands', function () {
  let dir: string;
  let client: TestClient;
  const uri = (rel: string) => URI.file(path.join(dir, rel)).toString();

  async function setSettings(settings: Record<string, unknown>): Promise<void> {
    client.settings = settings;
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { memlint: settings } });
  }

  beforeEach(async () => {
    dir = tempDir('lsp-editor');
    writeTree(dir, { 'a.sql': POOL, 'b.sql': POOL.replace(/\bP\b/, 'P2').replace(/\bQ\b/, 'Q2') });
    client = await TestClient.start({
      settings: { lintDelayMs: 0 },
      capabilities: {
        workspace: { configuration: true, workspaceEdit: { documentChanges: true }, applyEdit: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { codeDescriptionSupport: true, dataSupport: true, versionSupport: true } },
      },
      workspaceFolders: [{ uri: URI.file(dir).toString(), name: 'ws' }],
    });
  });
  afterEach(async () => {
    assert.strictEqual(await client.stop(), 0);
  });

  it('memlint.rules.customizations changes severities and turns rules off, later entries winning, and re-publishes', async () => {
    const a = await client.diagnosticsWhen(uri('a.sql'), (p) => p.diagnostics.length > 0);
    assert.deepStrictEqual(codes(a), ['RG101', 'RG105', 'RG105']);
    assert.ok(a.diagnostics.filter((d) => d.code === 'RG105').every((d) => d.severity === 2));

    await setSettings({ lintDelayMs: 0, rules: { customizations: [{ rule: 'RG1*', severity: 'info' }, { rule: 'RG101', severity: 'off' }] } });
    const changed = await client.diagnosticsWhen(uri('a.sql'), (p) => !codes(p).includes('RG101'));
    assert.deepStrictEqual(codes(changed), ['RG105', 'RG105']);
    assert.ok(changed.diagnostics.every((d) => d.severity === 3), 'RG1* made them information');
    // the closed file of the same folder follows the same settings
    await client.diagnosticsWhen(uri('b.sql'), (p) => !codes(p).includes('RG101'));

    // "default" hands the rule back: RG105 is a warning again; "!RG105" = every other code
    await setSettings({ lintDelayMs: 0, rules: { customizations: [{ rule: '*', severity: 'error' }, { rule: 'RG105', severity: 'default' }, { rule: '!RG105', severity: 'off' }] } });
    const back = await client.diagnosticsWhen(uri('a.sql'), (p) => codes(p).join() === 'RG105,RG105' && p.diagnostics.every((d) => d.severity === 2));
    assert.strictEqual(back.diagnostics.length, 2);
  });

  it('says which customization entries match no rule or are malformed, once each', async () => {
    await client.diagnosticsWhen(uri('a.sql'), (p) => p.diagnostics.length > 0);
    await setSettings({ lintDelayMs: 0, rules: { customizations: [{ rule: 'XTP2O1', severity: 'off' }, { rule: 'RG101', severity: 'loud' }, { severity: 'off' }] } });
    const status = await client.notificationWhen<StatusParams>(STATUS_NOTIFICATION, (p) => p.state === 'idle' && client.messages.length >= 3);
    assert.ok(status);
    const texts = client.messages.map((m) => m.message);
    assert.ok(texts.some((t) => /customizations\[0\]: memlint has no rule matching "XTP2O1"/.test(t)), texts.join('\n'));
    assert.ok(texts.some((t) => /customizations\[1\] \("RG101"\): severity must be one of error, warning, info, hint, off, default, not "loud"/.test(t)), texts.join('\n'));
    assert.ok(texts.some((t) => /customizations\[2\] has no "rule"/.test(t)), texts.join('\n'));
    // asking again (another lint with the same settings) does not repeat them
    await setSettings({ lintDelayMs: 0, rules: { customizations: [{ rule: 'XTP2O1', severity: 'off' }, { rule: 'RG101', severity: 'loud' }, { severity: 'off' }] } });
    await client.notificationWhen<StatusParams>(STATUS_NOTIFICATION, (p) => p.state === 'idle');
    assert.strictEqual(client.messages.length, 3);
  });

  it('reports memlint/status: linting, then idle with the counts of what is shown', async () => {
    const idle = await client.notificationWhen<StatusParams>(STATUS_NOTIFICATION, (p) => p.state === 'idle' && p.errors > 0);
    assert.deepStrictEqual({ errors: idle.errors, warnings: idle.warnings, others: idle.others, files: idle.files }, { errors: 2, warnings: 4, others: 0, files: 2 });
    const states = (client.notifications.get(STATUS_NOTIFICATION) as StatusParams[]).map((p) => p.state);
    assert.ok(states.includes('indexing') && states.includes('linting'), states.join());
  });

  it('answers memlint/rules with every rule and its documentation link', async () => {
    const rules = await client.connection.sendRequest<RuleInfo[]>(RULES_REQUEST);
    assert.deepStrictEqual(rules.map((r) => r.code), RULES.map((r) => r.code));
    assert.ok(rules.every((r) => r.url.endsWith(`/docs/rules/${r.code}.md`) && r.description.length > 10));
  });

  it('memlint.fixAllInWorkspace applies every safe fix of every file in one workspace edit, like memlint --fix', async () => {
    await client.diagnosticsWhen(uri('b.sql'), (p) => p.diagnostics.length > 0);
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: FIX_ALL_IN_WORKSPACE_COMMAND, arguments: [] });
    assert.deepStrictEqual(result, { files: 2, fixes: 4 });
    assert.strictEqual(client.appliedEdits.length, 1);
    const edit: WorkspaceEdit = client.appliedEdits[0].edit;
    const byUri = new Map((edit.documentChanges as TextDocumentEdit[]).map((d) => [d.textDocument.uri, d]));
    assert.deepStrictEqual([...byUri.keys()].sort(), [uri('a.sql'), uri('b.sql')]);
    for (const f of ['a.sql', 'b.sql']) {
      const before = fs.readFileSync(path.join(dir, f), 'utf8');
      const d = byUri.get(uri(f))!;
      assert.strictEqual(d.textDocument.version, null, 'a closed file has no version');
      // the same text the CLI's fix loop gives
      const p = new Project();
      p.setFile(path.join(dir, f), before);
      const expected = runFixLoop(p).changed.get(path.join(dir, f));
      assert.strictEqual(applyLspEdits(before, d.edits as never), expected);
    }
    assert.ok(/applied 4 fixes in 2 files/.test(client.messages.map((m) => m.message).join('\n')));
    // the files on disk are untouched: the editor applies the edit, the user saves
    assert.strictEqual(fs.readFileSync(path.join(dir, 'a.sql'), 'utf8'), POOL);
  });

  it('memlint.lintWorkspace reads the workspace again from disk', async () => {
    await client.diagnosticsWhen(uri('a.sql'), (p) => p.diagnostics.length > 0);
    // changed behind the server's back (no file watcher event)
    fs.writeFileSync(path.join(dir, 'a.sql'), 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 50);\nALTER RESOURCE GOVERNOR RECONFIGURE;\n');
    const cleared = client.nextDiagnostics(uri('a.sql'), (p) => p.diagnostics.length === 0);
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: LINT_WORKSPACE_COMMAND, arguments: [] });
    assert.deepStrictEqual(result, { files: 2 });
    await cleared;
  });

  it('memlint.maxFileSize: a larger file is not read, said once with CFG906; raising the limit reads it', async () => {
    await client.diagnosticsWhen(uri('a.sql'), (p) => p.diagnostics.length > 0);
    await setSettings({ lintDelayMs: 0, maxFileSize: 100 });
    const skipped = await client.diagnosticsWhen(uri('a.sql'), (p) => codes(p).join() === 'CFG906');
    assert.ok(String(skipped.diagnostics[0].message).includes(`did not read this file: it is ${POOL.length} bytes, above memlint.maxFileSize (100 bytes)`), String(skipped.diagnostics[0].message));
    assert.deepStrictEqual(skipped.diagnostics[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    // an open editor's text is held to the same limit
    const text = POOL + '-- '.padEnd(200, '.') + '\n';
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('c.sql'), languageId: 'sql', version: 1, text } });
    await client.diagnosticsWhen(uri('c.sql'), (p) => codes(p).join() === 'CFG906');
    await setSettings({ lintDelayMs: 0 });
    await client.diagnosticsWhen(uri('a.sql'), (p) => codes(p).includes('RG101'));
    await client.diagnosticsWhen(uri('c.sql'), (p) => codes(p).includes('RG101'));
  });
});
