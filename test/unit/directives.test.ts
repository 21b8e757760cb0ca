import * as assert from 'assert';
import { LineIndex, Project } from '../../server/src/engine';
import { SuppressionDirective, parseDirectives } from '../../server/src/engine/directives';
import { disableNextLineEdit } from '../../server/src/engine/suppress';

const comment = { start: 0, end: 0 };

describe('memlint directives', () => {
  it('reads suppressions with codes, lists and reasons', () => {
    const d = parseDirectives(' memlint-disable-next-line XTP201, rg105 -- known, fixed in v2', 10, comment);
    assert.strictEqual(d.length, 1);
    const s = d[0] as SuppressionDirective;
    assert.strictEqual(s.mode, 'next-line');
    assert.deepStrictEqual(s.codes.map((c) => [c.code, c.range.start]), [['XTP201', 37], ['RG105', 45]]);
    assert.deepStrictEqual((parseDirectives('memlint-disable', 0, comment)[0] as SuppressionDirective).codes, []);
    assert.strictEqual((parseDirectives('memlint-disable-file RG101', 0, comment)[0] as SuppressionDirective).mode, 'file');
    assert.strictEqual((parseDirectives('memlint-enable RG101', 0, comment)[0] as SuppressionDirective).mode, 'enable');
  });
  it('reads settings: instance and rows', () => {
    const [a] = parseDirectives(' memlint: instance=SQLPROD01 ', 2, comment);
    assert.deepStrictEqual(a, { kind: 'setting', key: 'instance', value: 'SQLPROD01', valueRange: { start: 21, end: 30 }, comment });
    const [b] = parseDirectives(' memlint: rows=5000000*/', 0, comment);
    assert.strictEqual(b.kind === 'setting' && b.value, '5000000');
  });
  it('keeps digit-grouping commas in values and splits settings at a comma before a name', () => {
    const d = parseDirectives(' memlint: rows=1,000,000, instance=A', 0, comment);
    assert.deepStrictEqual(d.map((x) => x.kind === 'setting' && [x.key, x.value]), [['rows', '1,000,000'], ['instance', 'A']]);
  });
  it('ignores other comments', () => {
    assert.deepStrictEqual(parseDirectives(' memlinting is fun', 0, comment), []);
    assert.deepStrictEqual(parseDirectives(' see memlint-disable', 0, comment), []);
    assert.deepStrictEqual(parseDirectives(' memlint-disabled RG101', 0, comment), []);
  });

  describe('suppressions applied to findings', () => {
    const lint = (text: string) => {
      const p = new Project();
      p.setFile('/w/a.sql', text);
      return p.lint().map((f) => `${f.code}@${p.lines('/w/a.sql')!.positionAt(f.range.start).line + 1}`);
    };
    const bad = 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);';
    it('next-line, with and without codes, in -- and /* */', () => {
      assert.deepStrictEqual(lint(`${bad}\nALTER RESOURCE GOVERNOR RECONFIGURE;`), ['RG101@1']);
      assert.deepStrictEqual(lint(`-- memlint-disable-next-line RG101\n${bad}\nALTER RESOURCE GOVERNOR RECONFIGURE;`), []);
      assert.deepStrictEqual(lint(`/* memlint-disable-next-line */\n${bad}\nALTER RESOURCE GOVERNOR RECONFIGURE;`), []);
      assert.deepStrictEqual(lint(`-- memlint-disable-next-line XTP201\n${bad}\nALTER RESOURCE GOVERNOR RECONFIGURE;`), ['CFG904@1', 'RG101@2']);
    });
    it('disable ... enable ranges and disable-file', () => {
      const text = `-- memlint-disable RG101\n${bad}\n-- memlint-enable RG101\n${bad.replace(' P ', ' Q ')}\nALTER RESOURCE GOVERNOR RECONFIGURE;`;
      assert.deepStrictEqual(lint(text), ['RG101@4']);
      assert.deepStrictEqual(lint(`${bad}\n-- memlint-disable-file RG101\nALTER RESOURCE GOVERNOR RECONFIGURE;`), []);
    });
  });

  describe('"Disable CODE for this line" edit', () => {
    it('inserts a comment above the line with its indentation and line break', () => {
      const text = 'BEGIN\r\n    CREATE RESOURCE POOL P;\r\nEND';
      const e = disableNextLineEdit(text, new LineIndex(text), 12, 'RG105', (b) => `-- ${b}`);
      assert.deepStrictEqual(e, { start: 7, end: 7, newText: '    -- memlint-disable-next-line RG105\r\n' });
    });
    it('adds the code to an existing comment, or does nothing when it is there', () => {
      const text = '-- memlint-disable-next-line RG101 -- why\nCREATE RESOURCE POOL P;';
      const li = new LineIndex(text);
      assert.deepStrictEqual(disableNextLineEdit(text, li, 50, 'RG105', (b) => `-- ${b}`), { start: 34, end: 34, newText: ', RG105' });
      assert.strictEqual(disableNextLineEdit(text, li, 50, 'RG101', (b) => `-- ${b}`).newText, '');
    });
  });
});
