import type { Rule } from './rule';
import { pool } from './util';

/** The model's reason, said precisely for each predefined pool on CREATE. */
function reason(kind: string, key: string, modelReason: string): string {
  if (kind === 'createPool' && key === 'default') return 'default is a predefined pool; it can be altered but not created';
  if (kind === 'createPool' && key === 'internal') return 'internal is a predefined pool; it cannot be created, altered or dropped';
  return modelReason;
}

/** RG104 reserved-pool: CREATE/DROP of default or internal, ALTER of internal, names starting with # or over 128 characters. */
export const RG104: Rule = {
  code: 'RG104',
  name: 'reserved-pool',
  meta: {
    description: 'A pool statement uses a reserved or invalid pool name: it creates or drops a predefined pool, alters internal, or names a pool with # or more than 128 characters.',
    severity: 'error',
    fixable: 'none',
    scope: 'file',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      for (const step of inst.pools.steps) {
        for (const p of step.problems) {
          if (p.kind !== 'reserved') continue;
          ctx.report({
            file: step.script.file,
            range: step.stmt.name.range,
            message: `Pool ${pool(step.stmt.name.value.length > 60 ? step.stmt.name.value.slice(0, 57) + '...' : step.stmt.name.value)}: ${reason(step.stmt.kind, step.key, p.reason)}. SQL Server rejects this statement.`,
          });
        }
      }
    }
  },
};
