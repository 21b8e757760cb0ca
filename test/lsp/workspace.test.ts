import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  FileChangeType,
  HoverRequest,
  MarkupContent,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { TestClient } from '../helpers/lspClient';
import { tempDir, writeTree } from '../helpers/tmp';
import { BUDGET_REPORT_REQUEST, BudgetReportResult } from '../../server/src/shared/protocol';

const CONFIG = `instances:
  SQLPROD01: { vm: SQLVM01, edition: enterprise, version: 2019 }
databases:
  SalesDB: { instance: SQLPROD01, inMemoryData: 24GB }
targets:
  "sql/**/*.sql": SQLPROD01
`;
const VM = `Set-VMMemory -VMName SQLVM01 -DynamicMemoryEnabled $true -MinimumBytes 16GB -StartupBytes 16GB -MaximumBytes 128GB\n`;
const POOLS = `CREATE RESOURCE POOL InMemPool WITH (MIN_MEMORY_PERCENT = 80, MAX_MEMORY_PERCENT = 80);
ALTER RESOURCE GOVERNOR RECONFIGURE;
EXEC sp_xtp_bind_db_resource_pool 'SalesDB', 'InMemPool';
ALTER DATABASE SalesDB SET OFFLINE WITH ROLLBACK IMMEDIATE;
ALTER DATABASE SalesDB SET ONLINE;
EXEC sp_configure 'show advanced options', 1;
RECONFIGURE;
EXEC sp_configure 'max server memory (MB)', 112640;
RECONFIGURE;
`;

describe('language server on a workspace folder', () => {
  let dir: string;
  let client: TestClient;
  const uri = (rel: string) => URI.file(path.join(dir, rel)).toString();

  before(async () => {
    dir = tempDir('lsp-ws');
    writeTree(dir, { 'memlint.yaml': CONFIG, 'infra/vm.ps1': VM, 'sql/pools.sql': POOLS, 'notes/readme.yaml': 'not: memlint\n' });
    client = await TestClient.start({
      settings: { lintDelayMs: 0 },
      capabilities: {
        workspace: { configuration: true, workspaceEdit: { documentChanges: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: { hover: { contentFormat: ['markdown'] } },
      },
      workspaceFolders: [{ uri: URI.file(dir).toString(), name: 'ws' }],
    });
  });
  after(async () => {
    assert.strictEqual(await client.stop(), 0);
  });

  it('reads the folder at start-up and publishes findings of files nobody opened, in each file of a cross-file finding', async () => {
    const sql = await client.diagnosticsWhen(uri('sql/pools.sql'), (p) => p.diagnostics.length > 0);
    const vm = await client.diagnosticsWhen(uri('infra/vm.ps1'), (p) => p.diagnostics.some((d) => d.code === 'MEM501'));
    assert.deepStrictEqual(sql.diagnostics.map((d) => d.code), ['MEM501']);
    const mem = vm.diagnostics.find((d) => d.code === 'MEM501')!;
    assert.match(mem.message as string, /Raise Startup RAM to 43 GB/);
    assert.strictEqual(mem.relatedInformation?.[0].location.uri, uri('sql/pools.sql'));
    assert.strictEqual(sql.version, undefined, 'a closed file has no version');
  });

  it('re-publishes the SQL file when the VM script changes in the editor', async () => {
    const vmUri = uri('infra/vm.ps1');
    const cleared = client.nextDiagnostics(uri('sql/pools.sql'), (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: vmUri, languageId: 'powershell', version: 1, text: VM } });
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: vmUri, version: 2 },
      contentChanges: [{ text: VM.replace('-StartupBytes 16GB', '-StartupBytes 43GB').replace('-MinimumBytes 16GB', '-MinimumBytes 43GB') }],
    });
    await cleared;
    // and back: the disk's 16 GB is not what the editor says, the editor wins
    const again = client.nextDiagnostics(uri('sql/pools.sql'), (p) => p.diagnostics.length > 0);
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: vmUri, version: 3 }, contentChanges: [{ text: VM }] });
    await again;
  });

  it("re-publishes a closed file whose related location moved to another line of an edited file, at the same offset", async () => {
    // "RECONFIGURE;" moves to a line of its own: every offset stays, the lines below move
    // down by one, and the VM script's MEM501 (closed, same findings) points one line lower
    const vmUri = uri('infra/vm.ps1');
    const sqlUri = uri('sql/pools.sql');
    // the test before left the VM script open: close it (back to the disk's text, the same)
    const closed = client.nextDiagnostics(vmUri, (p) => p.version === undefined && p.diagnostics.some((d) => d.code === 'MEM501'));
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: vmUri } });
    const before = await closed;
    const line = (p: { diagnostics: { code?: unknown; relatedInformation?: { location: { range: { start: { line: number } } } }[] }[] }) =>
      p.diagnostics.find((d) => d.code === 'MEM501')!.relatedInformation![0].location.range.start.line;
    const was = line(before);
    assert.ok(was >= 2, `MEM501 points at line ${was} of pools.sql`);
    const moved = client.nextDiagnostics(vmUri, (p) => p.diagnostics.some((d) => d.code === 'MEM501'));
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: sqlUri, languageId: 'sql', version: 1, text: POOLS.replace('ALTER RESOURCE GOVERNOR RECONFIGURE', 'ALTER RESOURCE GOVERNOR\nRECONFIGURE') } });
    assert.strictEqual(line(await moved), was + 1);
    const back = client.nextDiagnostics(vmUri, (p) => p.diagnostics.some((d) => d.code === 'MEM501'));
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: sqlUri, version: 2 }, contentChanges: [{ text: POOLS }] });
    assert.strictEqual(line(await back), was);
  });

  it('explains the budget on hover of a pool name, step by step with sources', async () => {
    const sqlUri = uri('sql/pools.sql');
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: sqlUri, languageId: 'sql', version: 1, text: POOLS } });
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: sqlUri }, position: { line: 0, character: 24 } });
    const md = (hover?.contents as MarkupContent).value;
    assert.match(md, /\*\*Pool \[InMemPool\] on SQLPROD01\*\*, VM SQLVM01: SalesDB 24,576 MB/);
    assert.match(md, /\| OS reserve R\(V\)[^|]*\| 4,096 MB \|/);
    assert.match(md, /\*\*budget B = pool × f\*\* \| \*\*7,372\.8 MB\*\*/);
    assert.match(md, /✗ 17,203\.2 MB short; needs 43 GB/);
    assert.match(md, /Startup RAM: infra\/vm\.ps1:1/);
    assert.match(md, /SalesDB \(inMemoryData\): memlint\.yaml:4/);
    assert.deepStrictEqual(hover?.range, { start: { line: 0, character: 21 }, end: { line: 0, character: 30 } });
    const none = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: sqlUri }, position: { line: 1, character: 2 } });
    assert.strictEqual(none, null);
  });

  it('answers memlint/budgetReport with a self-contained page under a strict CSP', async () => {
    const r = (await client.connection.sendRequest(BUDGET_REPORT_REQUEST, { nonce: 'n0nce' })) as BudgetReportResult;
    assert.strictEqual(r.instances, 1);
    assert.match(r.html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-n0nce'; img-src data:">/);
    assert.match(r.html, /<h3>Pool \[InMemPool\] on VM SQLVM01<\/h3>/);
    assert.doesNotMatch(r.html, /<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('follows files created, changed and deleted on disk', async () => {
    const extra = path.join(dir, 'sql', 'extra.sql');
    fs.writeFileSync(extra, 'CREATE RESOURCE POOL Extra WITH (MAX_MEMORY_PERCENT = 150);\nALTER RESOURCE GOVERNOR RECONFIGURE;\n');
    const created = client.nextDiagnostics(uri('sql/extra.sql'), (p) => p.diagnostics.some((d) => d.code === 'RG101'));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('sql/extra.sql'), type: FileChangeType.Created }] });
    await created;
    fs.unlinkSync(extra);
    const gone = client.nextDiagnostics(uri('sql/extra.sql'), (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('sql/extra.sql'), type: FileChangeType.Deleted }] });
    await gone;
  });
});

describe('language server without workspace diagnostics', () => {
  it('memlint.lintWorkspace = false publishes only open files', async () => {
    const dir = tempDir('lsp-ws-off');
    writeTree(dir, { 'a.sql': 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);\n', 'b.sql': 'CREATE RESOURCE POOL Q WITH (MAX_MEMORY_PERCENT = 150);\n' });
    const client = await TestClient.start({
      settings: { lintDelayMs: 0, lintWorkspace: false },
      capabilities: { workspace: { configuration: true } },
      workspaceFolders: [{ uri: URI.file(dir).toString(), name: 'ws' }],
    });
    const a = URI.file(path.join(dir, 'a.sql')).toString();
    const published = client.nextDiagnostics(a, (p) => p.diagnostics.length > 0);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: a, languageId: 'sql', version: 1, text: fs.readFileSync(path.join(dir, 'a.sql'), 'utf8') } });
    await published;
    assert.deepStrictEqual(client.lastDiagnostics(URI.file(path.join(dir, 'b.sql')).toString()), []);
    assert.strictEqual(await client.stop(), 0);
  });
});
