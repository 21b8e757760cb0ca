import * as assert from 'assert';
import { Fix, Project, runFixLoop, selectFixes } from '../../server/src/engine';

const edit = (start: number, end: number, newText: string, file = 'a') => ({ file, range: { start, end }, newText });
const fix = (...edits: ReturnType<typeof edit>[]): Fix => ({ title: 't', applicability: 'safe', edits });

describe('fix loop', () => {
  it('selects whole fixes whose edits do not overlap', () => {
    const a = fix(edit(0, 2, 'x'), edit(10, 10, 'y'));
    const b = fix(edit(1, 3, 'z')); // overlaps a
    const c = fix(edit(10, 10, 'y')); // the same insertion as a's: harmless
    const d = fix(edit(10, 10, 'w'), edit(20, 21, '')); // another insertion at 10: would interleave
    const e = fix(edit(0, 2, 'q', 'b'));
    assert.deepStrictEqual(selectFixes([a, b, c, d, e]), [a, c, e]);
  });

  it('applies safe fixes until nothing changes, and unsafe ones only on request', () => {
    const text = 'CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 10, MAX_MEMORY_PERCENT = 40);\nCREATE RESOURCE POOL Q WITH (MIN_MEMORY_PERCENT = 60, MAX_MEMORY_PERCENT = 50);\nEXEC sp_xtp_bind_db_resource_pool N\'SalesDB\', N\'P\';';
    const p = new Project();
    p.setFile('/w/a.sql', text);
    const safe = runFixLoop(p.clone());
    const out = safe.changed.get('/w/a.sql')!;
    // RG105 (reconfigure) and XTP203 (reconfigure before bind) and XTP201 (MIN = MAX) are safe
    assert.match(out, /MIN_MEMORY_PERCENT = 40, MAX_MEMORY_PERCENT = 40/);
    assert.match(out, /ALTER RESOURCE GOVERNOR RECONFIGURE;\nEXEC sp_xtp_bind/);
    assert.match(out, /MIN_MEMORY_PERCENT = 60, MAX_MEMORY_PERCENT = 50/, 'RG102 is unsafe and stays');
    assert.ok(safe.rounds >= 1 && safe.rounds <= 10);
    const all = runFixLoop(p.clone(), { unsafe: true });
    assert.match(all.changed.get('/w/a.sql')!, /MIN_MEMORY_PERCENT = 50, MAX_MEMORY_PERCENT = 50/);
  });

  it('applies one of the fixes that make the same change in a file per round', () => {
    const a = { ...fix(edit(0, 0, 'x')), sameChange: 'k' };
    const b = { ...fix(edit(5, 5, 'x')), sameChange: 'k' };
    const c = { ...fix(edit(5, 5, 'x', 'b')), sameChange: 'k' }; // another file
    assert.deepStrictEqual(selectFixes([a, b, c]), [a, c]);
  });

  it('adds one ALTER RESOURCE GOVERNOR RECONFIGURE when RG105 and XTP203 both ask for it', () => {
    for (const between of ['GO\n', '-- bind it\n']) {
      const text = `CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 40, MAX_MEMORY_PERCENT = 40);\n${between}EXEC sp_xtp_bind_db_resource_pool N'SalesDB', N'P';\nALTER DATABASE SalesDB SET OFFLINE WITH ROLLBACK IMMEDIATE;\nALTER DATABASE SalesDB SET ONLINE;\n`;
      const p = new Project();
      p.setFile('/w/a.sql', text);
      assert.deepStrictEqual(p.lint().map((f) => f.code).sort(), ['RG105', 'XTP203']);
      const r = runFixLoop(p);
      const out = r.changed.get('/w/a.sql')!;
      assert.strictEqual(out.match(/ALTER RESOURCE GOVERNOR RECONFIGURE/g)?.length, 1, out);
      assert.deepStrictEqual(r.remaining, []);
    }
  });

  it('stops after maxRounds', () => {
    const p = new Project();
    p.setFile('/w/a.sql', 'CREATE RESOURCE POOL P;');
    const r = runFixLoop(p, { maxRounds: 0 });
    assert.strictEqual(r.changed.size, 0);
    assert.strictEqual(r.rounds, 0);
  });
});
