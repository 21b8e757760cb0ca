import { PREDEFINED_POOLS } from '../model/pools';
import type { Name } from '../tsql/ast';
import type { Rule } from './rule';
import { instanceStatementsOfKind, kindSet, pool, poolsCreatedIn } from './util';

const KINDS_ALTER_POOL_DROP_POOL_CREATE_GROUP_ALTER_GROUP = kindSet('alterPool', 'dropPool', 'createGroup', 'alterGroup');

/** RG107 unknown-pool: ALTER/DROP RESOURCE POOL or USING a pool that no script of the instance creates. */
export const RG107: Rule = {
  code: 'RG107',
  name: 'unknown-pool',
  meta: {
    description: "ALTER RESOURCE POOL, DROP RESOURCE POOL or a workload group's USING names a pool created nowhere in the instance's scripts.",
    severity: 'info',
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
      const where = `any script of ${inst.name}`;
      const check = (script: { file: string }, name: Name | undefined, what: string) => {
        if (!name || !name.known) return;
        const key = name.value.toLowerCase();
        if (created.has(key) || PREDEFINED_POOLS.includes(key)) return;
        ctx.report({
          file: script.file,
          range: name.range,
          message: `Pool ${pool(name.value)} is not created in ${where}: ${what} fails with error 10912 unless the pool already exists on the server.`,
        });
      };
      for (const { script, stmt } of instanceStatementsOfKind(inst, KINDS_ALTER_POOL_DROP_POOL_CREATE_GROUP_ALTER_GROUP)) {
        if (stmt.kind === 'alterPool') check(script, stmt.name, 'ALTER RESOURCE POOL');
        else if (stmt.kind === 'dropPool') check(script, stmt.name, 'DROP RESOURCE POOL');
        else if (stmt.kind === 'createGroup' || stmt.kind === 'alterGroup') check(script, stmt.pool, 'the workload group');
      }
    }
  },
};
