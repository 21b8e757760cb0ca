import type { Rule } from './rule';

/** The most indexes a memory-optimized table or table type may have on SQL Server 2014 and 2016 (domain.md §2.4, [S25]). */
export const MAX_XTP_INDEXES_2016 = 8;

/** XTP211 index-limit: more than 8 indexes on a memory-optimized table or type on SQL Server 2014/2016. */
export const XTP211: Rule = {
  code: 'XTP211',
  name: 'index-limit',
  meta: {
    description: 'A memory-optimized table or table type has more than 8 indexes on an instance running SQL Server 2014 or 2016.',
    severity: 'error',
    fixable: 'none',
    scope: 'workspace',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      const version = inst.decl?.version?.value;
      if (version !== 2014 && version !== 2016) continue;
      for (const { script, stmt } of inst.statements) {
        if (stmt.kind !== 'createTable' || !stmt.memoryOptimized || stmt.indexes.length <= MAX_XTP_INDEXES_2016) continue;
        const ninth = stmt.indexes[MAX_XTP_INDEXES_2016];
        ctx.report({
          file: script.file,
          range: ninth.range,
          message: `${stmt.isType ? 'Table type' : 'Table'} ${stmt.name.value} has ${stmt.indexes.length} indexes; on SQL Server ${version} a memory-optimized ${stmt.isType ? 'table type' : 'table'} can have at most ${MAX_XTP_INDEXES_2016} (the limit is gone from SQL Server 2017). Remove ${stmt.indexes.length - MAX_XTP_INDEXES_2016} of them.`,
          related: inst.decl?.version && inst.config ? [{ file: inst.config.file, range: inst.decl.version.range, message: 'version set here' }] : [],
        });
      }
    }
  },
};
