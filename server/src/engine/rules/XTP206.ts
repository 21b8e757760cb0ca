import { RESERVED_POOLS } from '../model/bindings';
import type { Rule } from './rule';
import { instanceStatementsOfKind, kindSet, pool, poolsCreatedIn } from './util';

const KINDS_BIND = kindSet('bind');

/** XTP206 bind-unknown-pool: a bind to a pool that no script of the instance creates. */
export const XTP206: Rule = {
  code: 'XTP206',
  name: 'bind-unknown-pool',
  meta: {
    description: "sp_xtp_bind_db_resource_pool binds to a pool created nowhere in the instance's scripts.",
    severity: 'warning',
    fixable: 'none',
    scope: 'workspace',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      // only where memlint knows all of an instance's scripts: a one-file anonymous instance
      // is often an incremental script for pools created long ago
      if (inst.name === undefined) continue;
      const created = poolsCreatedIn(inst);
      if (!created) continue;
      for (const { script, stmt } of instanceStatementsOfKind(inst, KINDS_BIND)) {
        if (!stmt.pool?.known || stmt.pool.text === undefined) continue;
        const key = stmt.pool.text.toLowerCase();
        if (created.has(key) || RESERVED_POOLS.includes(key)) continue;
        ctx.report({
          file: script.file,
          range: stmt.pool.range,
          message: `Pool ${pool(stmt.pool.text)} is not created in any script of ${inst.name}: the bind fails with error 41370 unless the pool exists on the server, and memlint can't check the pool's memory.`,
        });
      }
    }
  },
};
