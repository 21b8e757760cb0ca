import * as assert from 'assert';
import {
  CodeAction,
  CodeActionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  TextDocumentEdit,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { Project } from '../../server/src/engine';
import { TestClient, applyLspEdits } from '../helpers/lspClient';

const URI = 'file:///work/deploy/pools.sql';
const TEXT = [
  "CREATE RESOURCE POOL InMemPool WITH (MIN_MEMORY_PERCENT = 0, MAX_MEMORY_PERCENT = 40);",
  'ALTER RESOURCE GOVERNOR RECONFIGURE;',
  "EXEC sys.sp_xtp_bind_db_resource_pool N'SalesDB', N'InMemPool';",
  'ALTER DATABASE SalesDB SET OFFLINE WITH ROLLBACK IMMEDIATE;',
  'ALTER DATABASE SalesDB SET ONLINE;',
  '',
].join('\n');

function editsFor(action: CodeAction, uri: string): TextEdit[] {
  const changes = action.edit?.documentChanges ?? [];
  return (changes as TextDocumentEdit[]).filter((c) => c.textDocument.uri === uri).flatMap((c) => c.edits as TextEdit[]);
}

function lintText(text: string) {
  const p = new Project();
  p.setFile('/x.sql', text);
  return p.lint();
}

describe('language server over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ settings: { enable: true, lintDelayMs: 0 } });
  });
  after(async () => {
    assert.strictEqual(await client.stop(), 0);
  });

  it('publishes diagnostics with code, doc link, source, exact range and fixes in data', async () => {
    const published = client.nextDiagnostics(URI);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'sql', version: 1, text: TEXT } });
    const p = await published;
    assert.strictEqual(p.version, 1);
    assert.strictEqual(p.diagnostics.length, 1);
    const [d] = p.diagnostics;
    assert.strictEqual(d.code, 'XTP201');
    assert.strictEqual(d.source, 'memlint');
    assert.strictEqual(d.severity, 2);
    assert.strictEqual(d.codeDescription?.href, 'https://github.com/memlint/memlint/blob/main/docs/rules/XTP201.md');
    assert.deepStrictEqual(d.range, { start: { line: 0, character: 58 }, end: { line: 0, character: 59 } });
    assert.match(d.message as string, /Pool \[InMemPool\] is bound to In-Memory OLTP database SalesDB but MIN_MEMORY_PERCENT \(0\) ≠ MAX_MEMORY_PERCENT \(40\)/);
    assert.deepStrictEqual(d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line]), [[URI, 2]]);
    assert.strictEqual((d.data as { version: number }).version, 1);
  });

  it('offers the fix (preferred, safe), disable-line and documentation; the fix gives correct T-SQL', async () => {
    const [d] = client.lastDiagnostics(URI);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: URI }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    assert.deepStrictEqual(actions.map((a) => a.title), [
      'Set MIN_MEMORY_PERCENT of [InMemPool] to 40 (= MAX_MEMORY_PERCENT)',
      'Disable XTP201 for this line',
      'Show documentation for XTP201',
      'Fix all auto-fixable memlint problems',
    ]);
    const fix = actions[0];
    assert.strictEqual(fix.isPreferred, true);
    assert.strictEqual(fix.kind, 'quickfix');
    const fixed = applyLspEdits(TEXT, editsFor(fix, URI));
    assert.strictEqual(fixed.split('\n')[0], 'CREATE RESOURCE POOL InMemPool WITH (MIN_MEMORY_PERCENT = 40, MAX_MEMORY_PERCENT = 40);');
    assert.deepStrictEqual(lintText(fixed), []);
    const disabled = applyLspEdits(TEXT, editsFor(actions[1], URI));
    assert.strictEqual(disabled.split('\n')[0], '-- memlint-disable-next-line XTP201');
    assert.deepStrictEqual(lintText(disabled), []);
    assert.deepStrictEqual(actions[2].command, { title: 'Show documentation for XTP201', command: 'memlint.showRuleDocumentation', arguments: ['XTP201'] });
    assert.deepStrictEqual(applyLspEdits(TEXT, editsFor(actions[3], URI)), fixed);
  });

  it('re-lints on incremental changes and does not offer actions for a stale version', async () => {
    const [old] = client.lastDiagnostics(URI);
    const next = client.nextDiagnostics(URI, (p) => p.version === 2);
    // replace "0" in MIN_MEMORY_PERCENT = 0 with "40"
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 58 }, end: { line: 0, character: 59 } }, text: '40' }],
    });
    const p = await next;
    assert.deepStrictEqual(p.diagnostics, []);
    const stale = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: URI }, range: old.range, context: { diagnostics: [old] } })) as CodeAction[];
    assert.deepStrictEqual(stale, []);
  });

  it('source.fixAll.memlint applies every safe fix, re-linting until stable', async () => {
    const uri = 'file:///work/deploy/fixall.sql';
    const text = "create resource pool p with (min_memory_percent = 10, max_memory_percent = 30)\nexec sp_xtp_bind_db_resource_pool 'Db1', 'p'\n";
    const published = client.nextDiagnostics(uri);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'sql', version: 1, text } });
    await published;
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    assert.deepStrictEqual(actions.map((a) => [a.title, a.kind]), [['Fix all auto-fixable memlint problems', 'source.fixAll.memlint']]);
    const fixed = applyLspEdits(text, editsFor(actions[0], uri));
    assert.strictEqual(
      fixed,
      "create resource pool p with (min_memory_percent = 30, max_memory_percent = 30)\nalter resource governor reconfigure;\nexec sp_xtp_bind_db_resource_pool 'Db1', 'p'\n",
    );
    // only the unsafe restart (XTP202) is left
    assert.deepStrictEqual(lintText(fixed).map((f) => f.code), ['XTP202']);
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  });

  it('source.fixAll.memlint fixes an untitled SQL document too (its kind comes from its language id)', async () => {
    const uri = 'untitled:Untitled-1';
    const text = "create resource pool p with (min_memory_percent = 10, max_memory_percent = 30)\nexec sp_xtp_bind_db_resource_pool 'Db1', 'p'\n";
    const published = client.nextDiagnostics(uri);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'sql', version: 1, text } });
    assert.ok((await published).diagnostics.length > 0);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    const fixed = applyLspEdits(text, editsFor(actions[0], uri));
    assert.strictEqual(
      fixed,
      "create resource pool p with (min_memory_percent = 30, max_memory_percent = 30)\nalter resource governor reconfigure;\nexec sp_xtp_bind_db_resource_pool 'Db1', 'p'\n",
    );
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  });

  it('opens the rule documentation through window/showDocument', async () => {
    await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'memlint.showRuleDocumentation', arguments: ['RG105'] });
    assert.deepStrictEqual(client.shownDocuments, ['https://github.com/memlint/memlint/blob/main/docs/rules/RG105.md']);
  });

  it('pulls settings again when they change: memlint.enable=false clears the diagnostics', async () => {
    const uri = 'file:///work/deploy/bad.sql';
    const published = client.nextDiagnostics(uri, (p) => p.diagnostics.length > 0);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'sql', version: 1, text: 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);' } });
    await published;
    const cleared = client.nextDiagnostics(uri, (p) => p.diagnostics.length === 0);
    client.settings = { enable: false };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await cleared;
    const back = client.nextDiagnostics(uri, (p) => p.diagnostics.length > 0);
    client.settings = { enable: true, lintDelayMs: 0 };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.deepStrictEqual((await back).diagnostics.map((d) => d.code), ['RG105', 'RG101']);
  });

  it('clears the diagnostics of a closed document', async () => {
    const uri = 'file:///work/deploy/bad.sql';
    const cleared = client.nextDiagnostics(uri, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    await cleared;
  });
});

describe('language server over node IPC, with a minimal client', () => {
  it('publishes diagnostics and answers code actions with plain changes', async () => {
    const client = await TestClient.start({ transport: 'ipc', capabilities: {} });
    const uri = 'file:///work/ipc.sql';
    const text = 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 40)';
    const published = client.nextDiagnostics(uri);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'sql', version: 7, text } });
    const p = await published;
    assert.deepStrictEqual(p.diagnostics.map((d) => d.code), ['RG105']);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: p.diagnostics[0].range, context: { diagnostics: p.diagnostics } })) as CodeAction[];
    const changes = actions[0].edit?.changes?.[uri];
    assert.ok(changes, 'without documentChanges support the server sends plain changes');
    assert.strictEqual(applyLspEdits(text, changes), `${text}\nALTER RESOURCE GOVERNOR RECONFIGURE;`);
    assert.strictEqual(await client.stop(), 0);
  });
});
