import * as assert from 'assert';
import { Project, applyTextEdits } from '../../server/src/engine';
import { insertBefore, isCodeGap, keywordCase, setPoolOption } from '../../server/src/engine/fixes/sql';
import type { Statement } from '../../server/src/engine/tsql/ast';
import { FLAG_UNTERMINATED } from '../../server/src/engine/tsql/lexer';

function scriptOf(text: string) {
  const p = new Project();
  p.setFile('/f.sql', text);
  return p.model().scripts[0];
}
function apply(text: string, edits: { range: { start: number; end: number }; newText: string }[]): string {
  return applyTextEdits(text, edits.map((e) => ({ start: e.range.start, end: e.range.end, newText: e.newText }))).text;
}
function pool(text: string) {
  const script = scriptOf(text);
  return { script, stmt: script.parse.statements.find((s) => s.kind === 'createPool' || s.kind === 'alterPool') as Extract<Statement, { kind: 'createPool' }> };
}

describe('T-SQL fix building blocks', () => {
  it('isCodeGap: an offset is code exactly when no token or comment holds it (every offset of texts with comments, strings and unterminated ends)', () => {
    const texts = [
      "-- a\nCREATE RESOURCE POOL [P]]x] /* b /* nested */ c */ WITH (MAX_MEMORY_PERCENT = 5); -- d\nGO\nSELECT 'x''y', N'z' /* e */",
      "SELECT 1 /* never closed",
      "SELECT 'never closed",
      '/**/--\n/* a */ /* b */ x -- c',
    ];
    for (const text of texts) {
      const script = scriptOf(text);
      const lx = script.parse.lex;
      const inside = (start: number, end: number, unterminated: boolean, o: number) => (start < o && o < end) || (o === end && unterminated && start < o);
      for (let o = 0; o <= text.length; o++) {
        let expected = true;
        for (let t = 0; t < lx.count; t++) if (inside(lx.start[t], lx.end[t], (lx.flags[t] & FLAG_UNTERMINATED) !== 0, o)) expected = false;
        for (const c of lx.comments) if (inside(c.start, c.end, c.unterminated, o)) expected = false;
        assert.strictEqual(isCodeGap(script, o), expected, `offset ${o} of ${JSON.stringify(text)}`);
      }
    }
  });

  it('setPoolOption replaces a value, or puts a MIN just before its MAX', () => {
    const cases: [string, string][] = [
      ['CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 0, MAX_MEMORY_PERCENT = 40);', 'CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 40, MAX_MEMORY_PERCENT = 40);'],
      ['CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 40);', 'CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 40, MAX_MEMORY_PERCENT = 40);'],
      ['CREATE RESOURCE POOL P WITH (MAX_CPU_PERCENT = 50 MAX_MEMORY_PERCENT = 40);', 'CREATE RESOURCE POOL P WITH (MAX_CPU_PERCENT = 50 MIN_MEMORY_PERCENT = 40 MAX_MEMORY_PERCENT = 40);'],
      ['CREATE RESOURCE POOL P WITH (MAX_CPU_PERCENT = 50);', 'CREATE RESOURCE POOL P WITH (MAX_CPU_PERCENT = 50, MIN_MEMORY_PERCENT = 40);'],
      ['CREATE RESOURCE POOL P WITH ();', 'CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 40);'],
      ['create resource pool P;', 'create resource pool P with (min_memory_percent = 40);'],
      ['CREATE RESOURCE POOL P WITH (\r\n    MIN_CPU_PERCENT = 0,\r\n    MAX_MEMORY_PERCENT = 40\r\n);', 'CREATE RESOURCE POOL P WITH (\r\n    MIN_CPU_PERCENT = 0,\r\n    MIN_MEMORY_PERCENT = 40,\r\n    MAX_MEMORY_PERCENT = 40\r\n);'],
    ];
    for (const [before, after] of cases) {
      const { script, stmt } = pool(before);
      assert.strictEqual(apply(before, [setPoolOption(script, stmt, 'MIN_MEMORY_PERCENT', 40)]), after);
    }
  });

  it('insertBefore adds EXEC to a call written without it, so it may stop being first in its batch', () => {
    const text = "CREATE RESOURCE POOL P;\nGO\nsp_xtp_bind_db_resource_pool 'Db', 'P';\n";
    const script = scriptOf(text);
    const bind = script.parse.statements.find((s) => s.kind === 'bind')!;
    const edits = insertBefore(script, bind, ['ALTER RESOURCE GOVERNOR RECONFIGURE;']);
    assert.strictEqual(apply(text, edits.map((e) => e!)), "CREATE RESOURCE POOL P;\nGO\nALTER RESOURCE GOVERNOR RECONFIGURE;\nEXEC sp_xtp_bind_db_resource_pool 'Db', 'P';\n");
  });

  it('keywordCase follows the statement keyword, or the file for a procedure name', () => {
    const upper = scriptOf("EXEC sp_configure 'x', 1;\nGO\nsp_configure 'y', 2\nRECONFIGURE;");
    const bare = upper.parse.statements[1];
    assert.strictEqual(keywordCase(upper, bare.anchor)('RECONFIGURE'), 'RECONFIGURE');
    const lower = scriptOf("exec sp_configure 'x', 1;\ngo\nsp_configure 'y', 2\nreconfigure;");
    assert.strictEqual(keywordCase(lower, lower.parse.statements[1].anchor)('RECONFIGURE'), 'reconfigure');
    assert.strictEqual(keywordCase(lower, lower.parse.statements[0].anchor)('EXEC'), 'exec');
  });
});

describe('bindings in the model', () => {
  const bound = (text: string) => {
    const p = new Project();
    p.setFile('/f.sql', text);
    return [...p.model().instances[0].bindings.byDatabase.values()].map((b) => `${b.database}->${b.pool}`);
  };
  it('a rejected bind (to default/internal, or of a system database) changes no binding', () => {
    assert.deepStrictEqual(bound("EXEC sp_xtp_bind_db_resource_pool 'SalesDB', 'P';\nEXEC sp_xtp_bind_db_resource_pool 'SalesDB', 'default';\nEXEC sp_xtp_bind_db_resource_pool 'master', 'P';"), ['SalesDB->P']);
  });
  it('an unbind of a database memlint cannot name may have unbound any', () => {
    assert.deepStrictEqual(bound("EXEC sp_xtp_bind_db_resource_pool 'SalesDB', 'P';\nEXEC sp_xtp_unbind_db_resource_pool @db;"), []);
  });
});
