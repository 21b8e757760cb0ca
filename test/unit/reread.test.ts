/**
 * rereadSqlScript: an edited script re-read from the previous read equals a fresh read,
 * and the batches the edit can't have changed are taken over rather than read again.
 */
import * as assert from 'assert';
import { SqlScript, readSqlScript, rereadSqlScript } from '../../server/src/engine/model/sqlScript';

const FILE = '/p/deploy.sql';

const SCRIPT = [
  '-- memlint: instance=SQL01',
  'USE master;',
  'GO',
  'CREATE RESOURCE POOL P1 WITH (MAX_MEMORY_PERCENT = 10);',
  'ALTER RESOURCE GOVERNOR RECONFIGURE;',
  'GO',
  'USE Sales;',
  'BEGIN TRAN;',
  'GO',
  "EXEC sys.sp_xtp_bind_db_resource_pool N'Sales', N'P1';",
  'IF 1 = 1 ALTER RESOURCE POOL P1 WITH (MAX_MEMORY_PERCENT = 20);',
  'GO',
  '-- memlint: rows=1000',
  'CREATE TABLE dbo.T (Id int PRIMARY KEY NONCLUSTERED HASH WITH (BUCKET_COUNT = 1024)) WITH (MEMORY_OPTIMIZED = ON);',
  'COMMIT;',
  'GO',
  "EXEC sp_configure 'max server memory (MB)', 4096;",
  'RECONFIGURE;',
  '',
].join('\n');

/** Re-reads `after` from a read of `before`, checks it equals a fresh read, and returns both reads. */
function reread(before: string, after: string): { prev: SqlScript; next: SqlScript } {
  const prev = readSqlScript(FILE, before);
  const next = rereadSqlScript(prev, FILE, after);
  assert.deepStrictEqual(next, readSqlScript(FILE, after));
  return { prev, next };
}

function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0, `"${from}" is in the script`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** How many statements of `next` are the very objects of `prev` (taken over, not read again). */
function shared(prev: SqlScript, next: SqlScript): number {
  const old = new Set(prev.parse.statements);
  return next.parse.statements.filter((s) => old.has(s)).length;
}

describe('rereadSqlScript', () => {
  it('the same text gives the previous read', () => {
    const prev = readSqlScript(FILE, SCRIPT);
    assert.strictEqual(rereadSqlScript(prev, FILE, SCRIPT), prev);
  });

  it('an edit in the first batch: the rest is taken over, moved by the change in length', () => {
    const { next } = reread(SCRIPT, replaceOnce(SCRIPT, 'USE master;', 'USE  master;'));
    assert.strictEqual(next.parse.statements.find((s) => s.kind === 'createPool')!.range.start, SCRIPT.indexOf('CREATE RESOURCE POOL') + 1);
  });

  it('an edit in a middle batch keeps the batches before it as they were', () => {
    const { prev, next } = reread(SCRIPT, replaceOnce(SCRIPT, 'MAX_MEMORY_PERCENT = 20', 'MAX_MEMORY_PERCENT = 25'));
    // the two statements of the first batches and everything after the edited batch (same length) are the same objects
    assert.strictEqual(shared(prev, next), prev.parse.statements.length - 2);
    const alter = next.parse.statements.find((s) => s.kind === 'alterPool')!;
    assert.ok(alter.kind === 'alterPool' && alter.options[0].value?.number === 25);
  });

  it('an edit in the last batch', () => {
    const { prev, next } = reread(SCRIPT, replaceOnce(SCRIPT, '4096', '8192'));
    assert.strictEqual(shared(prev, next), prev.parse.statements.length - 2);
  });

  it('adding a GO splits a batch and renumbers the batches after it', () => {
    const { prev, next } = reread(SCRIPT, replaceOnce(SCRIPT, 'ALTER RESOURCE GOVERNOR', 'GO\nALTER RESOURCE GOVERNOR'));
    assert.strictEqual(next.parse.batches.length, prev.parse.batches.length + 1);
    assert.strictEqual(next.parse.statements[next.parse.statements.length - 1].batch, prev.parse.statements[prev.parse.statements.length - 1].batch + 1);
  });

  it('removing a GO joins two batches', () => {
    const { prev, next } = reread(SCRIPT, replaceOnce(SCRIPT, 'RECONFIGURE;\nGO\n', 'RECONFIGURE;\n'));
    assert.strictEqual(next.parse.batches.length, prev.parse.batches.length - 1);
  });

  it('a changed USE changes the database of every statement after it', () => {
    const { next } = reread(SCRIPT, replaceOnce(SCRIPT, 'USE Sales;', 'USE Orders;'));
    const last = next.parse.statements[next.parse.statements.length - 1];
    assert.strictEqual(last.currentDatabase, 'Orders');
  });

  it('a removed COMMIT leaves the transaction open to the end', () => {
    const { prev, next } = reread(SCRIPT, replaceOnce(SCRIPT, 'COMMIT;', ''));
    assert.strictEqual(prev.parse.openTransaction, undefined);
    assert.deepStrictEqual(next.parse.openTransaction, { start: SCRIPT.indexOf('BEGIN TRAN'), end: SCRIPT.indexOf('BEGIN TRAN') + 'BEGIN TRAN'.length });
  });

  it('an edit before an open transaction moves the transaction start of the statements after it', () => {
    const open = replaceOnce(SCRIPT, 'COMMIT;', '');
    const { next } = reread(open, replaceOnce(open, 'USE master;', 'USE   master;'));
    const cfg = next.parse.statements.find((s) => s.kind === 'configure')!;
    assert.strictEqual(cfg.transactionStart!.start, open.indexOf('BEGIN TRAN') + 2);
  });

  it('directives: a changed rows directive, a new instance directive, a suppression', () => {
    reread(SCRIPT, replaceOnce(SCRIPT, 'rows=1000', 'rows=2000'));
    const { next } = reread(SCRIPT, replaceOnce(SCRIPT, '-- memlint: instance=SQL01', '-- memlint: instance=SQL02'));
    assert.strictEqual(next.instance?.name, 'SQL02');
    // a rows directive moved into an earlier batch still applies to the next CREATE TABLE
    reread(SCRIPT, replaceOnce(SCRIPT, 'BEGIN TRAN;', 'BEGIN TRAN;\n-- memlint: rows=7'));
    reread(SCRIPT, replaceOnce(SCRIPT, 'RECONFIGURE;\n', 'RECONFIGURE; -- memlint-disable-next-line SRV301\n'));
  });

  it('an unterminated comment or string swallows the rest, and closing it brings it back', () => {
    const cut = replaceOnce(SCRIPT, 'GO\nUSE Sales;', 'GO\n/* USE Sales;');
    reread(SCRIPT, cut);
    reread(cut, SCRIPT);
    reread(SCRIPT, replaceOnce(SCRIPT, "N'Sales'", "N'Sales"));
  });

  it('CRLF line ends and a GO at the very end', () => {
    const crlf = SCRIPT.replace(/\n/g, '\r\n') + 'GO';
    reread(crlf, crlf + '\r\nSELECT 1;');
    reread(crlf, replaceOnce(crlf, 'P1', 'P2'));
  });
});
