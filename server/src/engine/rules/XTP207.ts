import { bindingUnchanged } from '../model/bindings';
import { ScriptStatement, hasMemoryOptimizedData } from '../model/model';
import type { Range } from '../types';
import type { Rule } from './rule';

/**
 * XTP207 xtp-in-default-pool: a database with memory-optimized data bound to no pool, on
 * an instance that uses Resource Governor: its memory competes with the buffer pool and
 * can't be measured (domain.md §2.2, [S16]).
 */
export const XTP207: Rule = {
  code: 'XTP207',
  name: 'xtp-in-default-pool',
  meta: {
    description: 'A database with memory-optimized data is bound to no resource pool on an instance that uses Resource Governor.',
    severity: 'warning',
    fixable: 'none',
    scope: 'workspace',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      const usesRg = inst.statements.some(({ stmt }) => stmt.kind === 'createPool' || (stmt.kind === 'alterResourceGovernor' && stmt.action === 'reconfigure'));
      if (!usesRg) continue;
      const maybeBound = databasesMaybeBound(inst.statements);
      // a bind of a database memlint can't name (@db, $(Db)) may be a bind of any of them
      if (!maybeBound) continue;
      for (const d of inst.databases.values()) {
        if (d.binding || maybeBound.has(d.key) || !hasMemoryOptimizedData(d)) continue;
        // point at the evidence: the filegroup, the first table, or the declaration
        let at: { file: string; range: Range } | undefined;
        if (d.memoryOptimizedFilegroup) at = { file: d.memoryOptimizedFilegroup.script.file, range: d.memoryOptimizedFilegroup.range };
        else if (d.tables[0]) at = { file: d.tables[0].script.file, range: d.tables[0].stmt.name.range };
        else if (d.decl && inst.config) at = { file: inst.config.file, range: d.decl.nameRange };
        if (!at) continue;
        ctx.report({
          ...at,
          message: `${d.name} holds memory-optimized data but is bound to no resource pool ${inst.name !== undefined ? `on ${inst.name}, which uses` : 'while this script uses'} Resource Governor: its In-Memory OLTP memory comes out of the default pool, competes with the buffer pool and can't be measured. Bind it with sys.sp_xtp_bind_db_resource_pool to a pool with MIN_MEMORY_PERCENT = MAX_MEMORY_PERCENT.`,
        });
      }
    }
  },
};

/**
 * Lower-case names of the databases a bind leaves bound after all scripts ran, the pool
 * known or not (the model's bindings keep only binds to a known pool: `@pool` still binds);
 * undefined when a bind names a database memlint can't read, which may be any of them.
 */
function databasesMaybeBound(statements: ScriptStatement[]): Set<string> | undefined {
  const bound = new Set<string>();
  for (const { stmt } of statements) {
    if ((stmt.kind !== 'bind' && stmt.kind !== 'unbind') || !stmt.database || bindingUnchanged(stmt)) continue;
    const db = stmt.database.known ? stmt.database.text : undefined;
    if (db === undefined) {
      // an unbind of an unknown database may unbind any: keep them as possibly bound
      if (stmt.kind === 'bind') return undefined;
      continue;
    }
    if (stmt.kind === 'bind') bound.add(db.toLowerCase());
    else bound.delete(db.toLowerCase());
  }
  return bound;
}
