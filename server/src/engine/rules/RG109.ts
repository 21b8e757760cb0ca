import type { Rule } from './rule';
import { pool } from './util';

/** The most pools an instance can have, predefined ones included (error 10910, domain.md §1.1). */
export const MAX_POOLS = 64;

/** RG109 too-many-pools: more than 64 pools, including internal and default (error 10910). */
export const RG109: Rule = {
  code: 'RG109',
  name: 'too-many-pools',
  meta: {
    description: 'An instance would have more than 64 resource pools, counting internal and default.',
    severity: 'error',
    fixable: 'none',
    scope: 'workspace',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      // count as the timeline goes: predefined pools exist from the start
      let count = 2;
      const alive = new Set<string>(['default', 'internal']);
      for (const step of inst.pools.steps) {
        if (!step.applied) continue;
        if (step.stmt.kind === 'dropPool') {
          if (alive.delete(step.key)) count--;
          continue;
        }
        if (step.stmt.kind !== 'createPool' || alive.has(step.key)) continue;
        if (count === MAX_POOLS) {
          // SQL Server rejects the CREATE, so the pool does not count: every later CREATE is
          // rejected too until a DROP frees a place
          ctx.report({
            file: step.script.file,
            range: step.stmt.name.range,
            message: `Pool ${pool(step.stmt.name.value)} would be pool number ${count + 1} of ${inst.label}, counting internal and default; SQL Server allows ${MAX_POOLS} and rejects it (error 10910).`,
          });
          continue;
        }
        alive.add(step.key);
        count++;
      }
    }
  },
};
