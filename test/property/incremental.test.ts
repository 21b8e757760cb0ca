/**
 * The lint after an edit reuses what the edit did not touch (project.ts `UnitMemo`, the
 * instances a model takes over): these tests hold it to the same answer as a lint from
 * scratch, and check that reuse really happens.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { Project } from '../../server/src/engine/project';
import { RULES } from '../../server/src/engine/rules/registry';
import type { Report } from '../../server/src/engine/types';
import type { Model } from '../../server/src/engine/model/model';
import { READER_BY_NAME, readerOfFile, workspaceSeeds } from '../fuzz/corpus';
import { TEST_SEED } from '../fuzz/suite';
import { fixtureCases, loadProject } from '../helpers/fixtures';
import { FIXTURES } from '../helpers/paths';

const DIR = '/ws';

/** A fresh project's findings for the same texts: what every incremental lint must equal. */
function fromScratch(texts: Map<string, string>) {
  const p = new Project();
  for (const [file, text] of texts) p.setFile(file, text);
  return p.lint();
}

describe('incremental lint', () => {
  it(`a long-lived project, edited file by file, finds exactly what a fresh project finds after every edit (fixture workspaces, 150 edit sequences)`, () => {
    const seeds = workspaceSeeds();
    // one step: edit a file in its own syntax, swap in random text, delete it or bring it back
    const step = fc.record({ file: fc.nat(), at: fc.nat(), del: fc.nat({ max: 40 }), ins: fc.nat(), random: fc.string({ unit: 'binary', maxLength: 6 }), kind: fc.constantFrom('token', 'token', 'token', 'random', 'remove', 'restore') });
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(step, { minLength: 1, maxLength: 8 }), (i, steps) => {
        const seed = seeds[i];
        const texts = new Map(seed.map((f) => [`${DIR}/${f.name}`, f.text]));
        const p = new Project();
        for (const [file, text] of texts) p.setFile(file, text);
        assert.deepStrictEqual(p.lint(), fromScratch(texts));
        for (const s of steps) {
          const f = seed[s.file % seed.length];
          const file = `${DIR}/${f.name}`;
          if (s.kind === 'remove') {
            texts.delete(file);
            p.removeFile(file);
          } else if (s.kind === 'restore') {
            texts.set(file, f.text);
            p.setFile(file, f.text);
          } else {
            const old = texts.get(file) ?? f.text;
            const tokens = READER_BY_NAME.get(readerOfFile(f.name)!)!.tokens;
            const at = s.at % (old.length + 1);
            const text = old.slice(0, at) + (s.kind === 'random' ? s.random : tokens[s.ins % tokens.length]) + old.slice(at + s.del);
            texts.set(file, text);
            p.setFile(file, text);
          }
          assert.deepStrictEqual(p.lint(), fromScratch(texts), `after ${s.kind} in ${f.name}`);
        }
      }),
      { seed: TEST_SEED, numRuns: 150 },
    );
  });

  it('a rule with a unit (one instance, script or VM file at a time) reports on the whole model exactly what it reports on each item alone, for every fixture', () => {
    const units = RULES.filter((r) => r.meta.unit);
    assert.ok(units.length >= 30, `only ${units.length} rules have a unit`);
    for (const c of fixtureCases(FIXTURES)) {
      const model = loadProject(c.files).model();
      for (const rule of units) {
        const whole: Report[] = [];
        rule.check({ model, report: (r) => whole.push(r) });
        const key = rule.meta.unit === 'instance' ? 'instances' : rule.meta.unit === 'script' ? 'scripts' : 'vmFiles';
        const byItem: Report[] = [];
        for (const item of model[key] as readonly object[]) {
          const one = Object.create(model, { [key]: { value: [item] } }) as Model;
          rule.check({ model: one, report: (r) => byItem.push(r) });
        }
        assert.deepStrictEqual(byItem, whole, `${rule.code} on ${c.name}`);
      }
    }
  });

  it('after an edit of one script, the other instances are taken over with what they computed, and the edited one is rebuilt', () => {
    const p = new Project();
    p.setFile(`${DIR}/memlint.yaml`, 'instances:\n  SQL1: {}\n  SQL2: {}\n');
    p.setFile(`${DIR}/a.sql`, '-- memlint: instance=SQL1\nCREATE RESOURCE POOL PoolA WITH (MIN_MEMORY_PERCENT = 10, MAX_MEMORY_PERCENT = 20);\n');
    p.setFile(`${DIR}/b.sql`, '-- memlint: instance=SQL2\nCREATE RESOURCE POOL PoolB WITH (MIN_MEMORY_PERCENT = 10, MAX_MEMORY_PERCENT = 20);\n');
    p.lint();
    const before = p.model();
    const [a1, b1] = ['SQL1', 'SQL2'].map((n) => before.instances.find((i) => i.name === n)!);
    const poolsB = b1.pools;
    p.setFile(`${DIR}/a.sql`, '-- memlint: instance=SQL1\nCREATE RESOURCE POOL PoolA WITH (MIN_MEMORY_PERCENT = 20, MAX_MEMORY_PERCENT = 20);\n');
    const findings = p.lint();
    const after = p.model();
    const [a2, b2] = ['SQL1', 'SQL2'].map((n) => after.instances.find((i) => i.name === n)!);
    assert.notStrictEqual(a2, a1, 'the edited instance is rebuilt');
    assert.strictEqual(b2, b1, 'the other instance is taken over');
    assert.strictEqual(b2.pools, poolsB, 'with the views it computed');
    assert.deepStrictEqual(findings, fromScratch(new Map([`${DIR}/memlint.yaml`, `${DIR}/a.sql`, `${DIR}/b.sql`].map((f) => [f, p.text(f)!]))));
    // a change to memlint.yaml can change any instance: nothing is taken over
    p.setFile(`${DIR}/memlint.yaml`, 'instances:\n  SQL1: {}\n  SQL2: { vm: VM2 }\n');
    p.lint();
    assert.notStrictEqual(p.model().instances.find((i) => i.name === 'SQL2'), b2);
  });
});
