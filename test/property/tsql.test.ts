/**
 * The T-SQL reader is total: any text in, findings out, with every range inside the document.
 * Short seeded runs here; issue-level fuzzing runs longer (npm run fuzz).
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { Finding, Project, runFixLoop } from '../../server/src/engine';
import { lex } from '../../server/src/engine/tsql/lexer';
import { parseScript } from '../../server/src/engine/tsql/parser';
import { fixtureCases, readText } from '../helpers/fixtures';
import { FIXTURES, ROOT } from '../helpers/paths';
import { readerProperties } from '../fuzz/suite';

const SEED = 20261123;

/** Pieces of T-SQL that stress the reader when glued together at random. */
const TOKENS = [
  'CREATE', 'ALTER', 'DROP', 'RESOURCE', 'POOL', 'GOVERNOR', 'RECONFIGURE', 'WORKLOAD', 'GROUP', 'USING', 'WITH', '(', ')', ',', ';', '=',
  'MIN_MEMORY_PERCENT', 'MAX_MEMORY_PERCENT', 'CAP_CPU_PERCENT', 'AFFINITY', 'SCHEDULER', 'AUTO', 'TO', '40', '-1', '150', '40.5',
  'EXEC', 'EXECUTE', 'sp_configure', 'sys.sp_xtp_bind_db_resource_pool', 'sp_executesql', "'max server memory'", "N'SalesDB'", "N'P'",
  "'it''s'", "'", "N'", '[P', '[P]]x]', '"default"', 'default', '@sql', '@@TRANCOUNT', '$(Var)', '<p, sysname, P>', '<', '>',
  'IF', 'ELSE', 'BEGIN', 'END', 'TRAN', 'COMMIT', 'ROLLBACK', 'CASE', 'WHEN', 'THEN', 'WHILE', 'GO', 'GO 2', '\nGO\n', '\n', '\r\n', '\r',
  '--', '-- memlint-disable-next-line RG101\n', '-- memlint: rows=10\n', '-- memlint: instance=X\n', '/*', '*/', '/* /* */',
  'USE', 'DATABASE', 'SET', 'OFFLINE', 'ONLINE', 'RESTORE', 'NORECOVERY', 'TABLE', 'TYPE', 'AS', 'INDEX', 'HASH', 'BUCKET_COUNT',
  'MEMORY_OPTIMIZED', 'ON', 'PRIMARY', 'KEY', 'NONCLUSTERED', 'INT', 'NVARCHAR(MAX)', 'DECLARE', 'PROCEDURE', ':setvar x 1\n',
  '\u0000', '\ufffd', '\ud83d', '\ude00', 'é', ' ', '\t',
];

const sqlish = fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((parts) => parts.join(' '));
const anyText = fc.string({ unit: 'binary', maxLength: 400 });

function assertFindingsInside(text: string, findings: Finding[], file: string): void {
  for (const f of findings) {
    assert.ok(f.file === file, `finding in unknown file ${f.file}`);
    assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length, `${f.code} range ${f.range.start}-${f.range.end} outside 0-${text.length}`);
    assert.ok(f.message.length > 0);
    for (const x of f.fixes) for (const e of x.edits) assert.ok(e.range.start >= 0 && e.range.start <= e.range.end && e.range.end <= text.length, `${f.code} fix edit outside the text`);
    for (const r of f.related) assert.ok(r.range.start >= 0 && r.range.end <= text.length);
  }
}

function lintOne(text: string): Finding[] {
  const p = new Project();
  p.setFile('/p/a.sql', text);
  const findings = p.lint();
  assertFindingsInside(text, findings, '/p/a.sql');
  return findings;
}

describe('property: T-SQL reader', () => {
  readerProperties('tsql', { lint: 300, fixes: 100 });

  it('the lexer and reader accept any text, and every range lies inside it', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, sqlish), (text) => {
        const lx = lex(text);
        for (let t = 0; t < lx.count; t++) assert.ok(lx.start[t] < lx.end[t] && lx.end[t] <= text.length);
        const r = parseScript(lx);
        for (const s of r.statements) assert.ok(s.range.start >= 0 && s.range.end <= text.length && s.anchor.start <= s.range.start && s.anchor.end >= s.range.end);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('linting never throws and all findings, fixes and related ranges are inside the file', () => {
    fc.assert(fc.property(fc.oneof(anyText, sqlish), (text) => void lintOne(text)), { seed: SEED, numRuns: 300 });
  });

  it('mutated fixtures and examples still lint, and applying all fixes twice changes nothing the second time', () => {
    const sources = [
      ...fixtureCases(FIXTURES).flatMap((c) => c.files).filter((f) => f.endsWith('.sql')),
      ...fs.readdirSync(path.join(ROOT, 'examples/sql/prod')).map((f) => path.join(ROOT, 'examples/sql/prod', f)),
    ].map(readText);
    const mutation = fc.record({
      source: fc.integer({ min: 0, max: sources.length - 1 }),
      edits: fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 8 }), ins: fc.constantFrom('', "'", '(', ')', ',', ';', 'GO\n', '/*', '\n', ' 0 ', 'END', 'BEGIN TRAN ', '--') }), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(mutation, ({ source, edits }) => {
        let text = sources[source];
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
        }
        lintOne(text);
        const p = new Project();
        p.setFile('/p/a.sql', text);
        const once = runFixLoop(p, { unsafe: true });
        const fixed = once.changed.get('/p/a.sql') ?? text;
        const q = new Project();
        q.setFile('/p/a.sql', fixed);
        assert.strictEqual(runFixLoop(q, { unsafe: true }).changed.size, 0, 'a second fix run changed the text again');
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('a variable doubled by SET @s = @s + @s is followed while short and becomes unknown past the text budget (it threw at 2^29 characters)', () => {
    const pool = "CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150); ";
    const short = lintOne(`DECLARE @s NVARCHAR(MAX) = N'${pool}';\nSET @s = @s + @s;\nEXEC (@s);\n`);
    assert.ok(short.some((f) => f.code === 'RG101'), 'dynamic SQL built from a doubled variable is read');
    const long = lintOne(`DECLARE @s NVARCHAR(MAX) = N'${pool}';\n` + 'SET @s = @s + @s;\n'.repeat(40) + 'EXEC (@s);\nSET @s += @s;\nEXEC (@s);\n');
    assert.ok(!long.some((f) => f.code === 'RG101'), 'past the budget the value is unknown');
  });

  it('hostile shapes stay shallow: deep nesting, long lines, unterminated everything', () => {
    const cases = [
      'BEGIN '.repeat(50000) + 'CREATE RESOURCE POOL P;' + ' END'.repeat(50000),
      'IF 1=1 '.repeat(20000) + 'CREATE RESOURCE POOL P;',
      '('.repeat(200000),
      "EXEC('".repeat(2000),
      '/*'.repeat(100000),
      'x'.repeat(1 << 20),
      "'" + 'a'.repeat(100000),
      '<a,b,'.repeat(50000),
    ];
    for (const text of cases) lintOne(text);
  });
});
