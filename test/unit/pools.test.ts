import * as assert from 'assert';
import { Project } from '../../server/src/engine';

function timeline(...texts: string[]) {
  const p = new Project();
  texts.forEach((t, i) => p.setFile(`/w/${i}.sql`, t));
  const model = p.model();
  return model.instances;
}

describe('pool timeline', () => {
  it('starts created pools at the documented defaults and applies ALTERs in order', () => {
    const [inst] = timeline('CREATE RESOURCE POOL P;\nALTER RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 40);\nALTER RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 40);');
    const p = inst.pools.pools.get('p')!;
    assert.deepStrictEqual(p.values, { MIN_CPU_PERCENT: 0, MAX_CPU_PERCENT: 100, CAP_CPU_PERCENT: 100, MIN_MEMORY_PERCENT: 40, MAX_MEMORY_PERCENT: 40, MIN_IOPS_PER_VOLUME: 0, MAX_IOPS_PER_VOLUME: 0 });
    assert.strictEqual(p.last!.seq, 2);
    assert.strictEqual(p.create!.seq, 0);
  });

  it('does not apply a statement SQL Server rejects', () => {
    const [inst] = timeline('CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 40);\nALTER RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 60);\nALTER RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);');
    const steps = inst.pools.steps;
    assert.deepStrictEqual(steps.map((s) => [s.applied, s.problems.map((p) => p.kind)]), [[true, []], [false, ['minMax']], [false, ['range']]]);
    assert.deepStrictEqual([inst.pools.pools.get('p')!.values.MIN_MEMORY_PERCENT, inst.pools.pools.get('p')!.values.MAX_MEMORY_PERCENT], [0, 40]);
  });

  it('keeps the sum of minimums at or below 100 and reports the statement that crosses it', () => {
    const [inst] = timeline('CREATE RESOURCE POOL A WITH (MIN_MEMORY_PERCENT = 60);\nALTER RESOURCE POOL [default] WITH (MIN_MEMORY_PERCENT = 20);\nCREATE RESOURCE POOL B WITH (MIN_MEMORY_PERCENT = 30);');
    const last = inst.pools.steps[2];
    assert.strictEqual(last.problems[0].kind, 'sum');
    assert.strictEqual(last.problems[0].kind === 'sum' && last.problems[0].total, 110);
    assert.ok(!inst.pools.pools.has('b'));
  });

  it('treats MAX_IOPS_PER_VOLUME = 0 as unlimited', () => {
    const [inst] = timeline('CREATE RESOURCE POOL P WITH (MIN_IOPS_PER_VOLUME = 100, MAX_IOPS_PER_VOLUME = 0);');
    assert.strictEqual(inst.pools.steps[0].applied, true);
  });

  it('knows nothing of a pool it only sees altered, and forgets what SQLCMD fills in', () => {
    const [inst] = timeline('ALTER RESOURCE POOL Ext WITH (MIN_MEMORY_PERCENT = 10);\nCREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = $(Max));');
    assert.deepStrictEqual(inst.pools.pools.get('ext')!.values, { MIN_MEMORY_PERCENT: 10 });
    assert.strictEqual(inst.pools.pools.get('p')!.values.MAX_MEMORY_PERCENT, undefined);
  });

  it('skips a guarded duplicate CREATE and drops pools', () => {
    const [inst] = timeline("CREATE RESOURCE POOL P;\nIF NOT EXISTS (SELECT 1 FROM sys.resource_governor_resource_pools WHERE name = 'P') CREATE RESOURCE POOL P;\nDROP RESOURCE POOL P;");
    assert.deepStrictEqual(inst.pools.steps.map((s) => [s.applied, !!s.guardedDuplicate]), [[true, false], [false, true], [true, false]]);
    assert.ok(!inst.pools.pools.has('p'));
  });

  it('groups scripts by their instance comment, each other script is its own instance', () => {
    const insts = timeline('-- memlint: instance=SQL1\nCREATE RESOURCE POOL A WITH (MIN_MEMORY_PERCENT = 60);', '-- memlint: instance=sql1\nCREATE RESOURCE POOL B WITH (MIN_MEMORY_PERCENT = 60);', 'CREATE RESOURCE POOL C;');
    assert.deepStrictEqual(insts.map((i) => [i.key, i.scripts.length]), [['|sql1', 2], ['file:/w/2.sql', 1]]);
    assert.strictEqual(insts[0].pools.steps[1].problems[0].kind, 'sum');
  });
});
