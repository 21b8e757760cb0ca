import type { PoolStatement } from '../tsql/ast';
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
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      // CREATEs SQL Server rejects for another reason (a reserved name, a value out of range)
      // create nothing, so a later CREATE of the name is not a duplicate.
      const rejected = new Set<unknown>();
      for (const step of inst.pools.steps) if (step.problems.some((p) => p.kind !== 'duplicate')) rejected.add(step.stmt);
      for (const script of inst.scripts) {
        // "created earlier in the script": each script is checked on its own
        const created = new Map<string, PoolStatement>();
        const droppedInBatch = new Set<string>();
        for (const s of script.parse.statements) if (s.kind === 'dropPool' && s.name.known) droppedInBatch.add(`${s.batch}:${s.name.value.toLowerCase()}`);
        for (const s of script.parse.statements) {
          if (s.kind === 'dropPool' && s.name.known) created.delete(s.name.value.toLowerCase());
          if (s.kind !== 'createPool' || !s.name.known || rejected.has(s)) continue;
          const key = s.name.value.toLowerCase();
          const name = pool(s.name.value);
          const first = created.get(key);
          if (first) {
            // under IF [NOT] EXISTS the guard skips a CREATE of an existing pool
            if (!s.conditional) {
              ctx.report({
                file: script.file,
                range: s.name.range,
                message: `Pool ${name} is already created at ${where(script, first.name.range, script)} and not dropped since; this CREATE fails with error 10919. Use ALTER RESOURCE POOL, or guard the CREATE with IF NOT EXISTS (SELECT 1 FROM sys.resource_governor_resource_pools WHERE name = N'${s.name.value.replace(/'/g, "''")}').`,
                related: [{ file: script.file, range: first.name.range, message: `${pool(first.name.value)} first created here` }],
              });
            }
            continue;
          }
          created.set(key, s);
          // GO n runs the batch n times: an unguarded CREATE fails from the second run on,
          // unless the batch also drops the pool (DROP then CREATE, or CREATE then DROP).
          // Dynamic SQL in the batch runs n times as well.
          const batch = script.parse.batches[s.batch];
          if (!s.conditional && batch && batch.repeat > 1 && batch.go && !droppedInBatch.has(`${s.batch}:${key}`)) {
            ctx.report({
              file: script.file,
              range: s.name.range,
              message: `This batch ends with GO ${batch.repeat}, so it runs ${batch.repeat} times: from the second run on, CREATE RESOURCE POOL ${name} fails with error 10919. Use GO without a count, or guard the CREATE with IF NOT EXISTS.`,
              related: [{ file: script.file, range: batch.go, message: `GO ${batch.repeat} repeats the batch` }],
            });
          }
        }
      }
    }
  },
};
