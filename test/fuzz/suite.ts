/**
 * The per-reader property tests (test/property/<reader>.test.ts): short seeded runs of the
 * properties in checks.ts over the inputs in corpus.ts. `npm run fuzz` runs the same
 * properties a million times.
 */
import * as fc from 'fast-check';
import { checkSafeFixes, checkWorkspace, lintCase } from './checks';
import { ReaderName, inputs, mutatedSeeds, workspaces } from './corpus';

/** The seed of the short runs in `npm test` (fixed, so a failure reproduces). */
export const TEST_SEED = 20261207;

export function readerProperties(reader: ReaderName, runs: { lint: number; fixes: number }): void {
  it(`random, token-soup and mutated ${reader} inputs lint without throwing or a reader fault, and every range lies inside the document (${runs.lint} cases)`, () => {
    fc.assert(
      fc.property(inputs(reader), (c) => void lintCase(c)),
      { seed: TEST_SEED, numRuns: runs.lint },
    );
  });

  it(`applying all safe fixes to mutated ${reader} fixtures edits only the findings' lines, leaves no fixable finding and is idempotent (${runs.fixes} cases)`, () => {
    fc.assert(
      fc.property(mutatedSeeds(reader), (c) => void checkSafeFixes(c)),
      { seed: TEST_SEED, numRuns: runs.fixes },
    );
  });
}

export function workspaceProperties(runs: number): void {
  it(`mutated fixture workspaces lint together without throwing, with every range inside its file, their safe fixes are idempotent, and their budget report, HTML page and hovers show no NaN, undefined or Infinity (${runs} cases)`, () => {
    fc.assert(
      fc.property(workspaces(), (w) => void checkWorkspace(w)),
      { seed: TEST_SEED, numRuns: runs },
    );
  });
}
