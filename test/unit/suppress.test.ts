import * as assert from 'assert';
import * as fc from 'fast-check';
import type { Finding } from '../../server/src/engine';
import type { SuppressionDirective } from '../../server/src/engine/directives';
import { SuppressionUse, applySuppressions } from '../../server/src/engine/suppress';
import { LineIndex } from '../../server/src/engine/text/lineIndex';

/** The first applySuppressions, every finding against every directive: the oracle for the one-pass one. */
function reference(findings: Finding[], directives: SuppressionDirective[], lines: LineIndex, used: SuppressionUse): Finding[] {
  const covers = (d: SuppressionDirective, code: string) => d.codes.length === 0 || d.codes.some((c) => c.code === code);
  const ordered = [...directives].sort((a, b) => a.comment.start - b.comment.start);
  return findings.filter((f) => {
    const line = lines.lineOf(f.range.start);
    let by: SuppressionDirective | undefined;
    let open: SuppressionDirective | undefined;
    for (const d of ordered) {
      if (d.comment.start > f.range.start) break;
      if (!covers(d, f.code)) continue;
      if (d.mode === 'disable') open = d;
      else if (d.mode === 'enable') open = undefined;
    }
    if (open) by = open;
    for (const d of ordered) {
      if (by) break;
      if (!covers(d, f.code)) continue;
      if (d.mode === 'file') by = d;
      else if (d.mode === 'next-line' && lines.lineOf(d.comment.end) + 1 === line) by = d;
    }
    if (!by) return true;
    const codes = used.get(by) ?? new Set<string>();
    codes.add(f.code);
    used.set(by, codes);
    return false;
  });
}

describe('suppressions (engine/suppress)', () => {
  it('suppress and credit exactly as comparing every finding with every directive, for any directives and findings', () => {
    // a text of 20 lines of 10 characters; directives and findings at random places in it
    const text = Array.from({ length: 20 }, () => 'x'.repeat(9)).join('\n');
    const lines = new LineIndex(text);
    const code = fc.constantFrom('RG105', 'XTP201', 'HV401');
    const directive = fc
      .record({ mode: fc.constantFrom('disable', 'enable', 'file', 'next-line' as const), codes: fc.uniqueArray(code, { maxLength: 2 }), at: fc.nat(text.length - 1), len: fc.nat(12) })
      .map(
        (d): SuppressionDirective => ({
          kind: 'suppression',
          mode: d.mode as SuppressionDirective['mode'],
          codes: d.codes.map((c) => ({ code: c, range: { start: d.at, end: d.at } })),
          comment: { start: d.at, end: Math.min(text.length, d.at + d.len) },
        }),
      );
    const finding = fc.record({ code, at: fc.nat(text.length - 1) }).map(
      (f): Finding => ({ code: f.code, name: 'n', severity: 'warning', message: 'm', file: '/a.sql', range: { start: f.at, end: f.at + 1 }, fixes: [], related: [] }),
    );
    fc.assert(
      fc.property(fc.array(directive, { maxLength: 12 }), fc.array(finding, { maxLength: 20 }), (directives, findings) => {
        const usedA: SuppressionUse = new Map();
        const usedB: SuppressionUse = new Map();
        assert.deepStrictEqual(applySuppressions(findings, directives, lines, usedA), reference(findings, directives, lines, usedB));
        assert.deepStrictEqual([...usedA].map(([d, c]) => [directives.indexOf(d), [...c].sort()]).sort(), [...usedB].map(([d, c]) => [directives.indexOf(d), [...c].sort()]).sort());
      }),
      { numRuns: 3000 },
    );
  });
});
