import type { Rule } from './rule';
import { pool, where } from './util';

/** RG106 duplicate-pool: CREATE RESOURCE POOL of a name that already exists (error 10919). */
export const RG106: Rule = {
  code: 'RG106',
  name: 'duplicate-pool',
  meta: {
    description: 'CREATE RESOURCE POOL of a pool the script already created (not dropped since, not under an IF [NOT] EXISTS guard), or in a batch that GO n runs more than once.',
    severity: 'error',
    fixable: 'none',
    scope: 'file',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      for (const step of inst.pools.steps) {
        if (step.stmt.kind !== 'createPool') continue;
        const name = pool(step.stmt.name.value);
        for (const p of step.problems) {
          if (p.kind !== 'duplicate') continue;
          ctx.report({
            file: step.script.file,
            range: step.stmt.name.range,
            message: `Pool ${name} is already created at ${where(p.first.script, p.first.stmt.name.range, step.script)} and not dropped since; this CREATE fails with error 10919. Use ALTER RESOURCE POOL, or guard the CREATE with IF NOT EXISTS (SELECT 1 FROM sys.resource_governor_resource_pools WHERE name = N'${step.stmt.name.value.replace(/'/g, "''")}').`,
            related: [{ file: p.first.script.file, range: p.first.stmt.name.range, message: `${name} first created here` }],
          });
        }
        // GO n runs the batch n times: an unguarded CREATE fails from the second run on,
        // unless the batch also drops the pool (DROP then CREATE, or CREATE then DROP).
        // Dynamic SQL in the batch runs n times as well.
        const batch = step.script.parse.batches[step.stmt.batch];
        const droppedInBatch = inst.pools.steps.some((o) => o.stmt.kind === 'dropPool' && o.key === step.key && o.script === step.script && o.stmt.batch === step.stmt.batch);
        if (step.applied && !step.stmt.conditional && batch && batch.repeat > 1 && batch.go && !droppedInBatch) {
          ctx.report({
            file: step.script.file,
            range: step.stmt.name.range,
            message: `This batch ends with GO ${batch.repeat}, so it runs ${batch.repeat} times: from the second run on, CREATE RESOURCE POOL ${name} fails with error 10919. Use GO without a count, or guard the CREATE with IF NOT EXISTS.`,
            related: [{ file: step.script.file, range: batch.go, message: `GO ${batch.repeat} repeats the batch` }],
          });
        }
      }
    }
  },
};
