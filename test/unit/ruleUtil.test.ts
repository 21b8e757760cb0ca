import * as assert from 'assert';
import * as fc from 'fast-check';
import { Project } from '../../server/src/engine';
import { MAX_NAMED, instancePositionsOfKind, instanceStatementsOfKind, kindSet, poolsCreatedIn, positionsOfKind, someOf, statementsOfKind } from '../../server/src/engine/rules/util';

const POOLS = kindSet('createPool', 'alterPool');
const BINDS = kindSet('bind', 'unbind');
const TABLES = kindSet('createTable');
const THREE = kindSet('dropPool', 'createPool', 'reconfigure');
const WITH_ABSENT = kindSet('configure', 'createTable', 'bind');

/** One statement of each kind the sets above ask about, and one they don't. */
const STATEMENT_OF_KIND = [
  'CREATE RESOURCE POOL P1;',
  'ALTER RESOURCE POOL P1 WITH (MAX_MEMORY_PERCENT = 40);',
  'DROP RESOURCE POOL P1;',
  "EXEC sys.sp_xtp_bind_db_resource_pool @database_name = N'D1', @resource_pool_name = N'P1';",
  "EXEC sys.sp_xtp_unbind_db_resource_pool @database_name = N'D1';",
  'RECONFIGURE;',
  "EXEC sp_configure 'max server memory (MB)', 4096;",
  'ALTER RESOURCE GOVERNOR RECONFIGURE;',
];

const A = `-- memlint: instance=I1
CREATE RESOURCE POOL P1;
EXEC sys.sp_xtp_bind_db_resource_pool @database_name = N'D1', @resource_pool_name = N'P1';
ALTER RESOURCE POOL P1 WITH (MAX_MEMORY_PERCENT = 40);
ALTER RESOURCE GOVERNOR RECONFIGURE;
EXEC sys.sp_xtp_unbind_db_resource_pool @database_name = N'D1';
`;
const B = `-- memlint: instance=I1
ALTER RESOURCE GOVERNOR RECONFIGURE;
CREATE RESOURCE POOL P2;
EXEC sys.sp_xtp_bind_db_resource_pool @database_name = N'D2', @resource_pool_name = N'P2';
`;

describe('statements by kind (rules/util)', () => {
  const p = new Project();
  p.setFile('/w/a.sql', A);
  p.setFile('/w/b.sql', B);
  const model = p.model();

  it('gives a script the statements of the asked kinds, in order, with their positions', () => {
    const stmts = model.scripts.find((s) => s.file === '/w/a.sql')!.parse.statements;
    assert.deepStrictEqual(
      statementsOfKind(stmts, POOLS).map((s) => s.kind),
      ['createPool', 'alterPool'],
    );
    assert.deepStrictEqual(positionsOfKind(stmts, POOLS), [0, 2]);
    assert.deepStrictEqual(positionsOfKind(stmts, BINDS), [1, 4]);
    assert.deepStrictEqual(statementsOfKind(stmts, TABLES), []);
    for (const set of [POOLS, BINDS]) {
      assert.deepStrictEqual(statementsOfKind(stmts, set), stmts.filter((s) => (set.kinds as readonly string[]).includes(s.kind)));
      assert.deepStrictEqual(positionsOfKind(stmts, set).map((i) => stmts[i]), statementsOfKind(stmts, set));
    }
  });

  it("gives an instance of several scripts the same as a walk over all its statements", () => {
    const [inst] = model.instances;
    assert.strictEqual(inst.scripts.length, 2);
    for (const set of [POOLS, BINDS, TABLES]) {
      const walked = inst.statements.map((e, i) => ({ e, i })).filter(({ e }) => (set.kinds as readonly string[]).includes(e.stmt.kind));
      assert.deepStrictEqual(instanceStatementsOfKind(inst, set), walked.map(({ e }) => e));
      assert.deepStrictEqual(instancePositionsOfKind(inst, set), walked.map(({ i }) => i));
    }
    assert.deepStrictEqual(instancePositionsOfKind(inst, POOLS), [0, 2, 6]);
  });

  it('merges the kinds of a set in statement order, for any mix of statements', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: STATEMENT_OF_KIND.length - 1 }), { maxLength: 60 }), (picks) => {
        const q = new Project();
        q.setFile('/w/c.sql', picks.map((i) => STATEMENT_OF_KIND[i]).join('\n'));
        const stmts = q.model().scripts[0].parse.statements;
        for (const set of [POOLS, BINDS, TABLES, THREE, WITH_ABSENT]) {
          const walked = stmts.map((st, i) => ({ st, i })).filter(({ st }) => (set.kinds as readonly string[]).includes(st.kind));
          assert.deepStrictEqual(positionsOfKind(stmts, set), walked.map(({ i }) => i));
          assert.deepStrictEqual(statementsOfKind(stmts, set), walked.map(({ st }) => st));
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('names in messages (rules/util)', () => {
  it('someOf lists up to MAX_NAMED names, then how many more, whatever the count', () => {
    assert.strictEqual(someOf([], 'pool'), '');
    assert.strictEqual(someOf(['a', 'b'], 'pool'), 'a, b');
    assert.strictEqual(someOf(['a', 'b', 'c', 'd', 'e', 'f'], 'pool'), 'a, b, c, d, e and 1 more pool');
    assert.strictEqual(someOf(['a', 'b', 'c'], 'host', 2), 'a, b and 1 more host');
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/), { maxLength: 3000 }), (names) => {
        const text = someOf(names, 'instance');
        const shown = names.slice(0, MAX_NAMED).join(', ');
        assert.ok(text.startsWith(shown));
        // the length is bounded by the longest names, not their count
        assert.ok(text.length <= MAX_NAMED * 10 + 30, text);
        if (names.length > MAX_NAMED) assert.ok(text.endsWith(` and ${(names.length - MAX_NAMED).toLocaleString('en-US')} more instance${names.length - MAX_NAMED === 1 ? '' : 's'}`), text);
        else assert.strictEqual(text, shown);
      }),
    );
  });

  it('poolsCreatedIn gives the pools an instance creates, or nothing when one name is not known', () => {
    const model = (sql: string) => {
      const p = new Project();
      p.setFile('/w/a.sql', sql);
      return p.model();
    };
    assert.deepStrictEqual([...poolsCreatedIn(model('CREATE RESOURCE POOL [Big];\nCREATE RESOURCE POOL small;\nALTER RESOURCE POOL Other;').instances[0])!], ['big', 'small']);
    assert.strictEqual(poolsCreatedIn(model('CREATE RESOURCE POOL P1;\nCREATE RESOURCE POOL $(PoolName);').instances[0]), undefined);
  });
});
