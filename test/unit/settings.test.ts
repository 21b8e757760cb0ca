import * as assert from 'assert';
import { Project, RULES } from '../../server/src/engine';
import { customizationsFrom, customizedSeverity, rulePatternMatcher, settingsFrom } from '../../server/src/shared/settings';

const CODES = RULES.map((r) => r.code);

describe('editor settings', () => {
  it('rule patterns: codes, globs, negation, any case', () => {
    assert.ok(rulePatternMatcher('XTP201')('XTP201'));
    assert.ok(!rulePatternMatcher('XTP201')('XTP2011'));
    assert.ok(rulePatternMatcher('hv4*')('HV401'));
    assert.ok(!rulePatternMatcher('HV4*')('RG101'));
    assert.ok(rulePatternMatcher('*')('MEM501'));
    assert.ok(rulePatternMatcher('!MEM*')('RG101'));
    assert.ok(!rulePatternMatcher('!MEM*')('MEM501'));
    // regex characters are literal
    assert.ok(!rulePatternMatcher('RG10.')('RG101'));
    // a run of stars is one star (as a regular expression each would multiply the backtracking:
    // these took minutes per code)
    assert.deepStrictEqual(CODES.filter(rulePatternMatcher('*'.repeat(10_000) + 'Q')), []);
    assert.deepStrictEqual(CODES.filter(rulePatternMatcher('X**T***P' + '*'.repeat(5_000) + '1')), CODES.filter((c) => /^X.*T.*P.*1$/.test(c)));
  });

  it('customizations: the last matching entry wins; default hands back; unmatched codes are not customized', () => {
    const list = [
      { rule: 'RG*', severity: 'error' as const },
      { rule: 'RG105', severity: 'off' as const },
      { rule: 'RG101', severity: 'default' as const },
    ];
    assert.strictEqual(customizedSeverity(list, 'RG102'), 'error');
    assert.strictEqual(customizedSeverity(list, 'RG105'), 'off');
    assert.strictEqual(customizedSeverity(list, 'RG101'), undefined);
    assert.strictEqual(customizedSeverity(list, 'XTP201'), undefined);
  });

  it('reports entries that match no rule or are malformed, and keeps the good ones', () => {
    const r = customizationsFrom([{ rule: 'XTP201', severity: 'Error' }, { rule: 'XTP999', severity: 'off' }, { rule: 'ZZ*', severity: 'off' }, { rule: 'RG101' }, 'RG101', { rule: 'HV4*', severity: 'hint' }], CODES);
    assert.deepStrictEqual(r.customizations, [{ rule: 'XTP201', severity: 'error' }, { rule: 'HV4*', severity: 'hint' }]);
    assert.strictEqual(r.problems.length, 4);
    assert.match(r.problems[0], /\[1\]: memlint has no rule matching "XTP999"/);
    assert.match(r.problems[1], /\[2\]: memlint has no rule matching "ZZ\*"/);
    assert.match(r.problems[2], /\[3\] \("RG101"\): severity must be one of/);
    assert.match(r.problems[3], /\[4\] has no "rule"/);
    assert.deepStrictEqual(customizationsFrom({ rule: 'RG101' }, CODES).problems.length, 1);
  });

  it('cleans every setting: wrong types fall back to the defaults', () => {
    const s = settingsFrom({ enable: 'yes', lintDelayMs: -5, lintWorkspace: false, maxFileSize: 'big', rules: { customizations: [{ rule: 'RG101', severity: 'off' }] } }, CODES);
    assert.strictEqual(s.enable, true);
    assert.strictEqual(s.lintDelayMs, 0);
    assert.strictEqual(s.lintWorkspace, false);
    assert.strictEqual(s.maxFileSize, 5 * 1024 * 1024);
    assert.deepStrictEqual(s.customizations, [{ rule: 'RG101', severity: 'off' }]);
    assert.strictEqual(settingsFrom({ maxFileSize: 1000.7 }).maxFileSize, 1000);
    assert.strictEqual(settingsFrom(null).enable, true);
  });

  it('precedence in the engine: CLI --rule > editor customizations > memlint.yaml > default', () => {
    const p = new Project();
    p.setFile('/w/memlint.yaml', 'rules:\n  RG101: warning\n  RG105: info\n');
    p.setFile('/w/a.sql', 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);\n');
    const sev = (opts: Parameters<Project['lint']>[0]) =>
      Object.fromEntries(p.lint(opts).filter((f) => f.file === '/w/a.sql').map((f) => [f.code, f.severity]));
    assert.deepStrictEqual(sev({}), { RG101: 'warning', RG105: 'info' });
    const editor = [{ rule: 'RG101', severity: 'hint' as const }, { rule: 'RG105', severity: 'default' as const }];
    assert.deepStrictEqual(sev({ severityFor: (code) => customizedSeverity(editor, code) }), { RG101: 'hint', RG105: 'info' });
    assert.deepStrictEqual(sev({ rules: { RG101: 'error' }, severityFor: (code) => customizedSeverity(editor, code) }), { RG101: 'error', RG105: 'info' });
    assert.deepStrictEqual(sev({ severityFor: (code) => (code === 'RG105' ? 'off' : undefined) }), { RG101: 'warning' });
  });

  it('the size limit: a text above it is not read and is reported once (CFG906); UTF-8 bytes are counted', () => {
    const p = new Project();
    p.maxFileSizeBytes = 69;
    p.setFile('/w/a.sql', 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150); -- 67 bytes');
    assert.deepStrictEqual(p.lint().map((f) => f.code).sort(), ['RG101', 'RG105']);
    // 23 characters of 3 UTF-8 bytes each: 23 UTF-16 units, 69 bytes, at the limit
    p.setFile('/w/b.sql', '€'.repeat(23));
    assert.deepStrictEqual(p.lint().filter((f) => f.file === '/w/b.sql'), []);
    p.setFile('/w/b.sql', '€'.repeat(24));
    const f = p.lint().filter((x) => x.file === '/w/b.sql');
    assert.deepStrictEqual(f.map((x) => [x.code, x.severity, x.range.start, x.range.end]), [['CFG906', 'info', 0, 0]]);
    assert.match(f[0].message, /it is 72 bytes, above memlint.maxFileSize \(69 bytes\)/);
    // emoji: 2 UTF-16 units, 4 bytes
    p.setFile('/w/c.sql', '😀'.repeat(18));
    assert.match(p.lint().find((x) => x.file === '/w/c.sql')!.message, /72 bytes/);
  });
});
