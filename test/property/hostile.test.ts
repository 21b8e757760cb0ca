/**
 * Hostile input (issue 7.3), each linted alone at the size the issue names: no throw, no
 * stack overflow, no reader fault, every range inside the document; and growth that is
 * linear: 4x the input may take at most LINEAR_SLACK times as long (best of 3 runs each, at 1/64 and
 * 1/16 of the size or larger; linear is 4, quadratic 16). Absolute times (each under 2 s) are measured by
 * `npm run fuzz` and recorded in docs/fuzzing.md, not asserted here.
 */
import * as assert from 'assert';
import { HOSTILE, lintHostile, timeHostile } from '../fuzz/hostile';

const LINEAR_SLACK = 10;
const MIN_MS = 5;
const FAST_MS = 100;

describe('property: hostile input', function () {
  this.timeout(60_000);
  for (const h of HOSTILE.filter((x) => !x.name.startsWith('6 MB'))) {
    it(`${h.name} (${h.file}): read without error, findings inside the document, and linear growth`, () => {
      const full = lintHostile(h, 1);
      assert.ok(full.size > 0);
      // growth from a quarter of a size to the size, at sizes where the time is measurable
      // (at least MIN_MS at the smaller one); measured twice, and the better ratio counts,
      // so that one disturbed run on a loaded machine does not decide
      let [a, b] = h.scales ?? [1 / 64, 1 / 16];
      let small = timeHostile(h, a);
      while (small < MIN_MS && b < 1) {
        a *= 4;
        b *= 4;
        small = timeHostile(h, a);
      }
      const large = timeHostile(h, b);
      // an input that lints in a few ms even at four times the size is too fast to measure a
      // ratio on (timer and scheduler noise); any super-linear step would show as seconds there
      if (large < FAST_MS) return;
      let ratio = large / Math.max(small, MIN_MS);
      for (let retry = 0; retry < 2 && ratio > LINEAR_SLACK; retry++) ratio = Math.min(ratio, timeHostile(h, b) / Math.max(timeHostile(h, a), MIN_MS));
      assert.ok(ratio <= LINEAR_SLACK, `4x the input (scale ${a} -> ${b}) took ${ratio.toFixed(1)}x as long`);
    });
  }

  it('a file above memlint.maxFileSize is skipped with exactly one info finding (CFG906)', () => {
    const h = HOSTILE.find((x) => x.name.startsWith('6 MB'))!;
    const r = lintHostile(h, 1);
    assert.ok(r.size > 5 * 1024 * 1024);
    assert.deepStrictEqual(r.findings.map((f) => `${f.code}:${f.severity}`), ['CFG906:info']);
  });
});
