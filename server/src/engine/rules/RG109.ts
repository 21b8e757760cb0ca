import { MAX_POOLS } from '../model/pools';
import type { Rule } from './rule';
import { pool } from './util';

export { MAX_POOLS };

/** RG109 too-many-pools: more than 64 pools, including internal and default (error 10910). */
export const RG109: Rule = {
  code: 'RG109',
  name: 'too-many-pools',
  meta: {
    description: 'An instance would have more than 64 resource pools, counting internal and default.',
    severity: 'error',
    fixable: 'none',
    scope: 'workspace',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      // the pool timeline counts the pools as the scripts go (predefined ones from the start):
      // SQL Server rejects a CREATE beyond the limit, so the pool does not count, and every
      // later CREATE is rejected too until a DROP frees a place
      for (const step of inst.pools.steps) {
        const p = step.problems.find((x) => x.kind === 'tooMany');
        if (!p || p.kind !== 'tooMany' || step.stmt.kind !== 'createPool') continue;
        ctx.report({
          file: step.script.file,
          range: step.stmt.name.range,
          message: `Pool ${pool(step.stmt.name.value)} would be pool number ${p.limit + 1} of ${inst.label}, counting internal and default; SQL Server allows ${p.limit} and rejects it (error 10910).`,
        });
      }
    }
  },
};
