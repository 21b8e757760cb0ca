/**
 * Re-reading a T-SQL script after an edit (rereadSqlScript) gives exactly what reading the
 * edited text afresh gives: the same statements, batches, tokens, directives, everything.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { SqlScript, readSqlScript, rereadSqlScript } from '../../server/src/engine/model/sqlScript';
import { generateScript } from '../bench/generate';
import { fixtureCases, readText } from '../helpers/fixtures';
import { FIXTURES, ROOT } from '../helpers/paths';

const SEED = 20261207;

/** Text an edit inserts: pieces that change batches, blocks, transactions, USE and directives. */
const INSERTS = [
  '', 'x', ' ', '\n', '\r\n', "'", "N'", '[', '(', ')', ',', ';', '/*', '*/', '--', 'GO', 'GO\n', '\nGO\n', '\nGO 2\n', '\ngo -- end\n',
  'END', 'BEGIN ', 'IF 1 = 1 ', 'ELSE ', 'WHILE 1 = 0 ', 'BEGIN TRAN ', 'COMMIT ', 'ROLLBACK ', 'SAVE TRAN s1 ', 'ROLLBACK TRAN s1 ',
  'USE Sales;\n', 'USE [Other]\n', 'USE $(Db)\n', '-- memlint: rows=5\n', '-- memlint: instance=Z\n', '-- memlint-disable-next-line RG101\n', '-- memlint-disable RG101, XTP201\n', '/* memlint-enable */', '-- memlint-disable-file SRV305\n', '-- memlint: instance=A, rows=1,000\n',
  "EXEC('CREATE RESOURCE POOL Q WITH (MAX_MEMORY_PERCENT = 5)')", 'DECLARE @s nvarchar(max) = N\'ALTER RESOURCE POOL P\'; EXEC (@s);\n',
  'CREATE TABLE t (a int PRIMARY KEY NONCLUSTERED) WITH (MEMORY_OPTIMIZED = ON);\n', 'CREATE PROCEDURE p AS\n', 'ALTER DATABASE CURRENT SET OFFLINE;\n',
  "EXEC sp_configure 'max server memory', 4096;\n", ':setvar x 1\n', '<p, sysname, P>',
];

const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.oneof(fc.constant(0), fc.nat({ max: 40 })), ins: fc.constantFrom(...INSERTS) });

function apply(text: string, e: { at: number; del: number; ins: string }): string {
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.ins + text.slice(at + e.del);
}

/** Applies the edits one after another, re-reading each time: every re-read must equal a fresh read. */
function rereadsEqualFreshReads(text: string, edits: { at: number; del: number; ins: string }[]): void {
  let script = readSqlScript('/p/a.sql', text);
  for (const e of edits) {
    text = apply(text, e);
    script = rereadSqlScript(script, '/p/a.sql', text);
    const fresh = readSqlScript('/p/a.sql', text);
    assert.deepStrictEqual(script, fresh);
    assert.deepStrictEqual(sharing(script), sharing(fresh), 'the same ranges are shared');
    assert.deepStrictEqual(script.parse.statements.map(keysInOrder), fresh.parse.statements.map(keysInOrder), 'the same keys in the same order');
  }
}

/**
 * An object's keys in order, and its values' (deepStrictEqual ignores the order): statements
 * taken over by a re-read must have the shape of those read afresh, so that V8 gives them the
 * same hidden class and the rules' code sees one shape per kind.
 */
function keysInOrder(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(keysInOrder);
  if (x === null || typeof x !== 'object') return typeof x;
  return Object.entries(x).map(([k, v]) => [k, keysInOrder(v)]);
}

/**
 * Which statements share a range object (deepStrictEqual can't tell): for each statement,
 * whether its anchor is its range, and the first statement with the same anchor object and
 * the same transaction start object.
 */
function sharing(script: SqlScript): [boolean, number, number][] {
  const firstWith = new Map<object, number>();
  const first = (r: object | undefined, i: number) => {
    if (!r) return -1;
    if (!firstWith.has(r)) firstWith.set(r, i);
    return firstWith.get(r)!;
  };
  return script.parse.statements.map((st, i) => [st.anchor === st.range, first(st.anchor, i), first(st.transactionStart, i)]);
}

describe('property: re-reading an edited T-SQL script', () => {
  const sources = [
    ...fixtureCases(FIXTURES).flatMap((c) => c.files).filter((f) => f.endsWith('.sql')),
    ...fs.readdirSync(path.join(ROOT, 'examples/sql/prod')).map((f) => path.join(ROOT, 'examples/sql/prod', f)),
  ].map(readText);
  sources.push(generateScript(600), generateScript(400, 9));

  it('equals a fresh read after any series of edits, fixtures and generated scripts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: sources.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 5 }), (i, edits) => {
        rereadsEqualFreshReads(sources[i], edits);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('equals a fresh read after edits of random text', () => {
    const piece = fc.constantFrom(...INSERTS, 'CREATE RESOURCE POOL P', 'WITH (MAX_MEMORY_PERCENT = 5)', 'ALTER RESOURCE GOVERNOR RECONFIGURE;', '\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.array(edit, { minLength: 1, maxLength: 4 }), (parts, edits) => {
        rereadsEqualFreshReads(parts.join(' '), edits);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
