/** The YAML readers (VM YAML and memlint.yaml) under random and mutated input (see test/fuzz/suite.ts). */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { isMap, isSeq, visit } from 'yaml';
import { Project } from '../../server/src/engine';
import { parseYamlSafely, yamlData } from '../../server/src/engine/config/yamlDoc';
import { inputs } from '../fuzz/corpus';
import { readerProperties } from '../fuzz/suite';

function messages(file: string, text: string): string[] {
  const p = new Project();
  p.setFile(file, text);
  return p.lint().map((f) => `${f.code}: ${f.message}`);
}

describe('property: yaml reader', () => {
  readerProperties('yaml', { lint: 300, fixes: 100 });

  describe('regressions found by fuzzing', () => {
    it('a memlint.yaml that is not a mapping says what it found (it said "found undefined" for a bare NUL)', () => {
      assert.deepStrictEqual(messages('/p/memlint.yaml', '\0'), ['CFG901: memlint.yaml must be a mapping of sections (rules:, instances:, databases:, ...), one "key: value" per line; found "\\u0000".']);
      assert.deepStrictEqual(messages('/p/memlint.yaml', '- a\n- b\n'), ['CFG901: memlint.yaml must be a mapping of sections (rules:, instances:, databases:, ...), one "key: value" per line; found a list.']);
    });

    it('a long wrong value is cut short in the message, a mapping is named by its kind', () => {
      const [m] = messages('/p/memlint.yaml', 'x'.repeat(10_000));
      assert.ok(m.length < 250 && m.includes('xxx..."'), m);
      assert.deepStrictEqual(messages('/p/memlint.yaml', 'ignore: {a: 1}\n'), ['CFG901: ignore must be a list ([A, B] or "- " lines); found a mapping.']);
    });

    it('sizes with blanks around the unit still read (the size regex is matched on the trimmed value, so it cannot backtrack)', () => {
      const p = new Project();
      p.setFile('/p/a.vm.yaml', 'vms:\n  A:\n    memory: { startup: " 16 GB ", minimum: "\t512MB\t", maximum: "0\t\t0" }\n');
      const m = p.model();
      const vm = m.vms.find((v) => v.facts.name === 'A');
      assert.ok(vm);
      assert.strictEqual(vm.facts.startup?.bytes, 16 * 1024 ** 3);
      assert.strictEqual(vm.facts.minimum?.bytes, 512 * 1024 ** 2);
      assert.strictEqual(vm.facts.maximum?.bytes, undefined);
    });
  });

  describe('plain data for the schema (yamlData)', () => {
    it("equals the yaml package's toJS on random and mutated YAML", () => {
      let compared = 0;
      fc.assert(
        fc.property(inputs('yaml'), (c) => {
          const doc = parseYamlSafely(c.text, { uniqueKeys: true }).doc;
          if (!doc) return;
          // keys that are lists or mappings are dropped before (the package makes them YAML text)
          let collectionKey = false;
          visit(doc, { Pair: (_, p) => void (collectionKey ||= isMap(p.key) || isSeq(p.key)) });
          let expected: unknown;
          try {
            expected = doc.toJS({ maxAliasCount: -1 });
          } catch {
            assert.throws(() => yamlData(doc), ReferenceError, 'an alias the package can not resolve');
            return;
          }
          if (collectionKey) return;
          assert.deepStrictEqual(yamlData(doc), expected);
          compared++;
        }),
        { seed: 4242, numRuns: 400 },
      );
      assert.ok(compared > 100, `compared ${compared}`);
    });

    it('reads an anchor used by 150 VMs (the package gave up after 100: "can\'t be read: Excessive alias count")', () => {
      let text = 'vms:\n  SQLVM0:\n    memory: &std { dynamic: false, startup: 16GB }\n';
      for (let i = 1; i < 150; i++) text += `  SQLVM${i}:\n    memory: *std\n`;
      assert.deepStrictEqual(messages('/p/memlint.yaml', text).filter((m) => m.startsWith('CFG901')), []);
      const p = new Project();
      p.setFile('/p/memlint.yaml', text);
      assert.strictEqual(p.model().vms.filter((v) => v.facts.startup?.bytes === 16 * 1024 ** 3).length, 150);
    });

    it('still refuses a "billion laughs" document (a billion values from 90 aliases)', () => {
      const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
      const m = messages('/p/memlint.yaml', lines.join('\n') + '\n');
      assert.ok(m.includes(`CFG901: memlint.yaml can't be read: its aliases expand to more than 1,000,000 values, as in a "billion laughs" attack`), m.join('\n'));
    });
  });
});
