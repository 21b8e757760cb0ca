import type { Rule } from './rule';
import { int, pool } from './util';

/** RG101 pool-option-range: a pool option value SQL Server rejects (domain.md §1.1). */
export const RG101: Rule = {
  code: 'RG101',
  name: 'pool-option-range',
  meta: {
    description: 'A resource pool option value is out of its documented range or is not a whole number.',
    severity: 'error',
    fixable: 'none',
    scope: 'file',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      for (const step of inst.pools.steps) {
        for (const p of step.problems) {
          if (p.kind !== 'range' || !p.option.value) continue;
          const v = p.option.value;
          const what = p.integer ? 'is out of range' : 'is not a whole number';
          ctx.report({
            file: step.script.file,
            range: v.range,
            message: `${p.option.name} = ${v.raw} ${what}: use a whole number from ${int(p.min)} to ${int(p.max)}. SQL Server rejects the statement, so pool ${pool(step.stmt.name.value)} is not ${step.stmt.kind === 'createPool' ? 'created' : 'changed'}.`,
          });
        }
      }
    }
  },
};
