import type { Rule } from './rule';
import { MAX_NAMED, pool, where } from './util';

/** RG103 pool-min-sum-over-100: the minimums of all pools of an instance add up to more than 100 % (error 10911). */

export const RG103: Rule = {
  code: 'RG103',
  name: 'pool-min-sum-over-100',
  meta: {
    description: 'The MIN_MEMORY_PERCENT (or MIN_CPU_PERCENT) values of all pools of an instance add up to more than 100.',
    severity: 'error',
    fixable: 'none',
    scope: 'workspace',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      for (const step of inst.pools.steps) {
        for (const p of step.problems) {
          if (p.kind !== 'sum' || !p.option.value) continue;
          // name the largest contributors (and their places in related): a long list helps nobody and grows with the square of the pools
          const largest = [...p.others].sort((a, b) => b.value - a.value).slice(0, MAX_NAMED);
          const rest = p.others.length - largest.length;
          const others = largest.map((o) => `${pool(o.pool.name)} ${o.value}${o.source ? ` at ${where(o.source.script, o.source.option.range, step.script)}` : ''}`);
          if (rest) others.push(`and ${rest} more pool${rest === 1 ? '' : 's'}`);
          ctx.report({
            file: step.script.file,
            range: p.option.value.range,
            message: `${p.resource} of pool ${pool(step.stmt.name.value)} (${p.option.value.raw}) makes the minimums of ${inst.label} add up to ${p.total} % (${others.join(', ')}); SQL Server rejects this statement (error 10911). Keep the sum of ${p.resource} over all pools at or below 100.`,
            related: largest
              .filter((o) => o.source)
              .map((o) => ({ file: o.source!.script.file, range: o.source!.option.value?.range ?? o.source!.option.range, message: `${p.resource} = ${o.value} for pool ${pool(o.pool.name)}` })),
          });
        }
      }
    }
  },
};
