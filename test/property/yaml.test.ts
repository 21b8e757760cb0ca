/** The YAML readers (VM YAML and memlint.yaml) under random and mutated input (see test/fuzz/suite.ts). */
import * as assert from 'assert';
import { Project } from '../../server/src/engine';
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
});
