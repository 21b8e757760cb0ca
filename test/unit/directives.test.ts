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
    it('is offered only where the comment suppresses the finding (Project.disableLineEdit)', () => {
      const offered = (file: string, text: string, code: string) => {
        const p = new Project();
        p.setFile(file, text);
        const f = p.lint().find((x) => x.code === code)!;
        assert.ok(f, `${code} in ${JSON.stringify(text)}`);
        return p.disableLineEdit(file, f.range.start, f.code);
      };
      const bad = 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);';
      assert.deepStrictEqual(offered('/w/a.sql', `GO\n  ${bad}\n`, 'RG101'), { start: 3, end: 3, newText: '  -- memlint-disable-next-line RG101\n' });
      // the line starts inside a string (dynamic SQL, data) or a block comment: a comment
      // there would change the string and suppress nothing
      assert.strictEqual(offered('/w/a.sql', `EXEC ('\n${bad}\n');\n`, 'RG101'), undefined);
      assert.strictEqual(offered('/w/a.sql', `SELECT 'a\n'; ${bad}\n`, 'RG101'), undefined);
      assert.strictEqual(offered('/w/a.sql', `/* deploy\n*/ ${bad}\n`, 'RG101'), undefined);
      // text that looks like the comment inside a string is no comment to add the code to
      assert.strictEqual(offered('/w/a.sql', `PRINT 'memlint-disable-next-line RG105\n'; ${bad}\n`, 'RG101'), undefined);
      const minAboveMax = 'Set-VMMemory -VMName V -DynamicMemoryEnabled $true -MinimumBytes 4GB -MaximumBytes 2GB';
      assert.strictEqual(offered('/w/v.ps1', `$s = @'\nx\n'@; ${minAboveMax}\n`, 'HV401'), undefined); // a here-string
      assert.strictEqual(offered('/w/v.ps1', `<# a\n#> ${minAboveMax}\n`, 'HV401'), undefined);
      assert.deepStrictEqual(offered('/w/v.ps1', `${minAboveMax}\n`, 'HV401'), { start: 0, end: 0, newText: '# memlint-disable-next-line HV401\n' });
      // nothing goes before an XML declaration
      const xml = '<?xml version="1.0"?><configuration><properties><name type="string">V</name></properties><settings><memory><bank><dynamic_memory_enabled type="bool">True</dynamic_memory_enabled><limit type="integer">1024</limit><reservation type="integer">2048</reservation><size type="integer">1024</size></bank></memory></settings></configuration>';
      assert.strictEqual(offered('/w/v.xml', `${xml}\n`, 'HV401'), undefined);
      // CFG904 is about the comments themselves: no comment suppresses it
      assert.strictEqual(offered('/w/a.sql', '-- memlint-disable-next-line RG101\nSELECT 1;\n', 'CFG904'), undefined);
    });

    it('adds the code to an existing comment, or does nothing when it is there', () => {
      const text = '-- memlint-disable-next-line RG101 -- why\nCREATE RESOURCE POOL P;';
      const li = new LineIndex(text);
      assert.deepStrictEqual(disableNextLineEdit(text, li, 50, 'RG105', (b) => `-- ${b}`), { start: 34, end: 34, newText: ', RG105' });
      assert.strictEqual(disableNextLineEdit(text, li, 50, 'RG101', (b) => `-- ${b}`).newText, '');
    });
  });
});
