/**
 * A long lint never blocks the editor: the server lints in slices, answers hover and code
 * actions in between, drops a run that a newer edit made stale, and answers a request the
 * client cancelled with RequestCancelled instead of computing it.
 */
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';
import { CodeActionRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, HoverRequest, LSPErrorCodes } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { TestClient } from '../helpers/lspClient';
import { DIST } from '../helpers/paths';
import { tempDir, writeTree } from '../helpers/tmp';

/** A workspace whose full lint takes long enough (hundreds of ms) to watch it in flight. */
function bigWorkspace(): string {
  const dir = tempDir('lsp-big');
  const files: Record<string, string> = {};
  for (let i = 0; i < 600; i++) {
    files[`sql/f${i}.sql`] = `-- memlint: instance=SQL${i % 6}\n` + `CREATE RESOURCE POOL P${i} WITH (MIN_MEMORY_PERCENT = 10, MAX_MEMORY_PERCENT = 150);\nALTER RESOURCE GOVERNOR RECONFIGURE;\nEXEC sp_xtp_bind_db_resource_pool 'Db${i}', 'P${i}';\n`.repeat(4);
  }
  writeTree(dir, files);
  return dir;
}

/** Enough T-SQL that linting it takes several slices, so the next edit lands mid-run. */
const BULK = Array.from({ length: 4000 }, (_, i) => `EXEC sp_xtp_bind_db_resource_pool N'Db${i}', N'Pool${i}';\nGO\n`).join('');
/**
 * BULK with every statement different for each `tag`: an edit from one to another is read
 * again whole (an edit that leaves most batches alone is re-read only where it changed).
 */
const bulk = (tag: number) => Array.from({ length: 12000 }, (_, i) => `EXEC sp_xtp_bind_db_resource_pool N'Db${i}', N'Pool${i}_${tag}';\nGO\n`).join('');
const OPEN = 'CREATE RESOURCE POOL Mine WITH (MIN_MEMORY_PERCENT = 10, MAX_MEMORY_PERCENT = 150);\n';

describe('language server under load', function () {
  this.timeout(60_000);
  let dir: string;
  let client: TestClient;
  const mine = () => URI.file(path.join(dir, 'mine.sql')).toString();

  before(async () => {
    dir = bigWorkspace();
    client = await TestClient.start({ settings: { lintDelayMs: 0 }, workspaceFolders: [{ uri: URI.file(dir).toString(), name: 'big' }] });
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: mine(), languageId: 'sql', version: 1, text: OPEN } });
    await client.diagnosticsWhen(mine(), (p) => p.version === 1);
  });
  after(async () => {
    assert.strictEqual(await client.stop(), 0);
  });

  it('answers hover and code actions while a workspace lint is running', async () => {
    const events: string[] = [];
    const published = client.nextDiagnostics(mine(), (p) => p.version === 2).then(() => events.push('diagnostics v2'));
    // the new version is large: a lint after an edit re-checks only what changed, so an edit
    // of a small file would be linted before the requests arrive and prove nothing
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: mine(), version: 2 }, contentChanges: [{ text: OPEN + BULK + '-- edited\n' }] });
    const hover = client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: mine() }, position: { line: 0, character: 23 } }).then(() => events.push('hover'));
    const actions = client.connection
      .sendRequest(CodeActionRequest.type, { textDocument: { uri: mine() }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }, context: { diagnostics: [] } })
      .then(() => events.push('code actions'));
    await Promise.all([published, hover, actions]);
    // both answers came while the lint of the new version was still going
    assert.deepStrictEqual(events.slice(-1), ['diagnostics v2'], events.join(', '));
  });

  it('drops a lint run that a newer edit made stale, and publishes only the newest version', async () => {
    // Whether the second edit reaches the server while the first run is still in flight is
    // up to the OS scheduler, so try a few times; an attempt where the first run finished
    // first proves nothing either way, and an attempt with a drop must publish only the newest.
    // The first edit replaces the whole text (a long lint); the second is one small change, so
    // that it arrives in one piece between two slices of that lint (a second whole text, over
    // a megabyte, came in a pipe-full at a time, between slices, and a fast lint was done first).
    let version = 2;
    for (let attempt = 0; attempt < 6; attempt++) {
      const stale = ++version;
      const newest = ++version;
      const versions: number[] = [];
      const done = client.nextDiagnostics(mine(), (p) => {
        versions.push(p.version ?? -1);
        return p.version === newest;
      });
      // start from a quiet server, so that the next 'linting' is the run for `stale`
      await client.notificationWhen<{ state: string }>('memlint/status', (p) => p.state === 'idle');
      const logsBefore = client.logs.length;
      const started = client.nextNotification<{ state: string }>('memlint/status', (p) => p.state === 'linting');
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: mine(), version: stale }, contentChanges: [{ text: OPEN + bulk(stale) }] });
      await started;
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: mine(), version: newest }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `-- version ${newest}\n` }] });
      await done;
      const logs = client.logs.slice(logsBefore).join('\n');
      if (!/dropped a stale lint/.test(logs)) continue;
      assert.deepStrictEqual(versions, [newest], logs);
      return;
    }
    assert.fail('in 6 attempts, no lint run was still in flight when the next edit arrived');
  });
});

/** Content-Length framing, for writing several messages in one write. */
const frame = (msg: object) => {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
};

describe('language server cancellation', () => {
  it('answers a request cancelled before it ran with RequestCancelled', async () => {
    const child = spawn(process.execPath, [path.join(DIST, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const responses = new Map<number, { result?: unknown; error?: { code: number } }>();
    let buffer = Buffer.alloc(0);
    const waiters: (() => void)[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const sep = buffer.indexOf('\r\n\r\n');
        if (sep < 0) break;
        const len = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, sep).toString('ascii'))![1]);
        if (buffer.length < sep + 4 + len) break;
        const msg = JSON.parse(buffer.subarray(sep + 4, sep + 4 + len).toString('utf8'));
        buffer = buffer.subarray(sep + 4 + len);
        if (msg.id !== undefined && msg.method === undefined) responses.set(msg.id, msg);
        for (const w of waiters.splice(0)) w();
      }
    });
    const response = (id: number) =>
      new Promise<{ result?: unknown; error?: { code: number } }>((resolve) => {
        const check = () => (responses.has(id) ? resolve(responses.get(id)!) : waiters.push(check));
        check();
      });
    const uri = 'untitled:cancel.sql';
    child.stdin.write(frame({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
    await response(1);
    child.stdin.write(Buffer.concat([
      frame({ method: 'initialized', params: {} }),
      frame({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'sql', version: 1, text: OPEN } } }),
    ]));
    // the request and its cancellation in one write: the server reads both before it runs the request
    child.stdin.write(Buffer.concat([
      frame({ id: 2, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 0, character: 23 } } }),
      frame({ method: '$/cancelRequest', params: { id: 2 } }),
      frame({ id: 3, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 0, character: 23 } } }),
    ]));
    const cancelled = await response(2);
    assert.strictEqual(cancelled.error?.code, LSPErrorCodes.RequestCancelled);
    const answered = await response(3);
    assert.strictEqual(answered.error, undefined);
    child.stdin.write(frame({ id: 4, method: 'shutdown' }));
    await response(4);
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    child.stdin.write(frame({ method: 'exit' }));
    assert.strictEqual(await exited, 0);
  });
});
