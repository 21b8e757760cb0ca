import * as assert from 'assert';
import * as fc from 'fast-check';
import { Fix, Project, runFixLoop, selectFixes } from '../../server/src/engine';

const edit = (start: number, end: number, newText: string, file = 'a') => ({ file, range: { start, end }, newText });
const fix = (...edits: ReturnType<typeof edit>[]): Fix => ({ title: 't', applicability: 'safe', edits });

/**
 * The first selectFixes, every edit against every chosen one: the oracle for the indexed one
 * (which also never chooses a fix whose own edits overlap: it could not be applied whole).
 */
function selectFixesReference(fixes: Fix[]): Fix[] {
  const overlaps = (a: ReturnType<typeof edit>, b: ReturnType<typeof edit>): boolean => {
    if (a.file !== b.file) return false;
    if (a.range.start === b.range.start && a.range.end === b.range.end && a.newText === b.newText) return false;
    if (a.range.start === a.range.end && b.range.start === b.range.end) return a.range.start === b.range.start;
    return (a.range.start < b.range.end && b.range.start < a.range.end) || (a.range.start === a.range.end && a.range.start > b.range.start && a.range.start < b.range.end) || (b.range.start === b.range.end && b.range.start > a.range.start && b.range.start < a.range.end);
  };
  const chosen: Fix[] = [];
  const taken: ReturnType<typeof edit>[] = [];
  const changes = new Set<string>();
  for (const f of fixes) {
    if (f.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    if (f.edits.some((e, i) => f.edits.some((o, j) => j < i && overlaps(e, o)))) continue;
    const change = f.sameChange !== undefined && f.edits.length ? `${f.edits[0].file}\n${f.sameChange}` : undefined;
    if (change !== undefined && changes.has(change)) continue;
    if (change !== undefined) changes.add(change);
    chosen.push(f);
    taken.push(...f.edits);
  }
  return chosen;
}

describe('fix loop', () => {
  it('chooses the same fixes as comparing every edit with every chosen one, for any fixes', () => {
    const editArb = fc.record({ file: fc.constantFrom('a', 'b'), start: fc.nat(24), len: fc.oneof(fc.constant(0), fc.nat(5)), newText: fc.constantFrom('', 'x', 'y') }).map((e) => edit(e.start, e.start + e.len, e.newText, e.file));
    const fixArb = fc.record({ edits: fc.array(editArb, { minLength: 1, maxLength: 3 }), same: fc.option(fc.constantFrom('k1', 'k2'), { nil: undefined }) }).map((f) => ({ ...fix(...f.edits), sameChange: f.same }));
    fc.assert(
      fc.property(fc.array(fixArb, { maxLength: 40 }), (fixes) => {
        assert.deepStrictEqual(selectFixes(fixes), selectFixesReference(fixes));
      }),
      { numRuns: 3000 },
    );
  });

  it('selects whole fixes whose edits do not overlap', () => {
    const a = fix(edit(0, 2, 'x'), edit(10, 10, 'y'));
    const b = fix(edit(1, 3, 'z')); // overlaps a
    const c = fix(edit(10, 10, 'y')); // the same insertion as a's: harmless
    const d = fix(edit(10, 10, 'w'), edit(20, 21, '')); // another insertion at 10: would interleave
    const e = fix(edit(0, 2, 'q', 'b'));
    assert.deepStrictEqual(selectFixes([a, b, c, d, e]), [a, c, e]);
    // a fix whose own edits overlap could not be applied whole: never chosen
    const torn = fix(edit(1, 4, ''), edit(2, 2, 'x'));
    assert.deepStrictEqual(selectFixes([torn, b]), [b]);
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

  it('keeps the kind of a file it fixes: one read as T-SQL for its language id, not its name', () => {
    // an untitled editor, or a script named on the command line: setFile without the
    // language id forgot such a file, so the CLI stopped with an internal error and the
    // editor's fix-all did nothing
    const p = new Project();
    p.setFile('untitled:Untitled-1', 'CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 10, MAX_MEMORY_PERCENT = 40);\n', 'sql');
    const r = runFixLoop(p);
    assert.strictEqual(r.changed.get('untitled:Untitled-1'), 'CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 10, MAX_MEMORY_PERCENT = 40);\nALTER RESOURCE GOVERNOR RECONFIGURE;\n');
    assert.deepStrictEqual([r.rounds, r.applied, r.remaining], [1, 1, []]);
    assert.strictEqual(p.kind('untitled:Untitled-1'), 'sql');
  });

  it('stops after maxRounds', () => {
    const p = new Project();
    p.setFile('/w/a.sql', 'CREATE RESOURCE POOL P;');
    const r = runFixLoop(p, { maxRounds: 0 });
    assert.strictEqual(r.changed.size, 0);
    assert.strictEqual(r.rounds, 0);
  });
});
