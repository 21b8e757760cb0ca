import * as assert from 'assert';
import * as fc from 'fast-check';
import { globMatcher, globProblem } from '../../server/src/engine/glob';

describe('globs from user input (engine/glob)', () => {
  it('says why an empty or over-long pattern is not a glob, and accepts the rest', () => {
    assert.strictEqual(globProblem(''), 'is an empty glob');
    assert.match(globProblem('a'.repeat(70_000))!, /can't be read as a glob \(Input length: 70000, exceeds maximum allowed length: 65536\)/);
    // short enough for picomatch, too large a regular expression for V8 (which says so on first use)
    assert.match(globProblem('x'.repeat(40_000))!, /can't be read as a glob \(Invalid regular expression: .*….*Regular expression too large\)$/);
    for (const ok of ['*.sql', 'sql/**', '[', '{a,b', '!x', ' ', '\\']) assert.strictEqual(globProblem(ok), undefined, ok);
  });

  it('never throws: a pattern it can not read matches nothing, the others match as usual', () => {
    const m = globMatcher(['', 'a'.repeat(70_000), 'x'.repeat(40_000), 'sql/**/*.sql'], { dot: true, nocase: true });
    assert.strictEqual(m('sql/prod/01.SQL'), true);
    assert.strictEqual(m('other/01.sql'), false);
    assert.strictEqual(globMatcher('')('anything'), false);
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 5 }), fc.string({ maxLength: 40 }), (patterns, path) => {
        const match = globMatcher(patterns, { dot: true });
        assert.strictEqual(typeof match(path), 'boolean');
      }),
    );
  });
});
