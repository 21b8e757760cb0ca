import { hasMemoryOptimizedData } from '../model/model';
import type { Rule } from './rule';
import { instancePositionsOfKind, instanceStatementsOfKind, kindSet } from './util';

const KINDS_CREATE_DATABASE_ALTER_DATABASE = kindSet('createDatabase', 'alterDatabase');
const KINDS_ALTER_DATABASE = kindSet('alterDatabase');

/**
 * XTP209 restream-trigger: switching READ_ONLY/READ_WRITE or READ_COMMITTED_SNAPSHOT on a
 * database with memory-optimized data streams the data into memory again (domain.md §2.5;
 * non-official source [S27]).
 */
export const XTP209: Rule = {
  code: 'XTP209',
  name: 'restream-trigger',
  meta: {
    description: 'ALTER DATABASE ... SET READ_ONLY, READ_WRITE or READ_COMMITTED_SNAPSHOT on a database with memory-optimized data, which streams the data into memory again.',
    severity: 'info',
    fixable: 'none',
    scope: 'workspace',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      const dbs = inst.databases;
      // where each database gets its memory-optimized filegroup, when these scripts add it
      // unconditionally: a database can have only one, so before it there is no data to stream
      const filegroupAt = new Map<string, number>();
      const dbPositions = instancePositionsOfKind(inst, KINDS_CREATE_DATABASE_ALTER_DATABASE);
      instanceStatementsOfKind(inst, KINDS_CREATE_DATABASE_ALTER_DATABASE).forEach(({ stmt }, k) => {
        if (stmt.memoryOptimizedFilegroup && stmt.name.known && !stmt.conditional) {
          const key = stmt.name.value.toLowerCase();
          if (!filegroupAt.has(key)) filegroupAt.set(key, dbPositions[k]);
        }
      });
      const alterPositions = instancePositionsOfKind(inst, KINDS_ALTER_DATABASE);
      const alters = instanceStatementsOfKind(inst, KINDS_ALTER_DATABASE);
      for (let k = 0; k < alters.length; k++) {
        const { script, stmt } = alters[k];
        if (!stmt.name.known) continue;
        const i = alterPositions[k];
        const key = stmt.name.value.toLowerCase();
        const d = dbs.get(key);
        if (!d || !hasMemoryOptimizedData(d) || (filegroupAt.get(key) ?? -1) > i) continue;
        for (const o of stmt.set) {
          if (o.option !== 'READ_ONLY' && o.option !== 'READ_WRITE' && o.option !== 'READ_COMMITTED_SNAPSHOT') continue;
          ctx.report({
            file: script.file,
            range: o.range,
            message: `SET ${o.option} on ${d.name}, which holds memory-optimized data, streams all of it from the checkpoint files into memory again (reported by a practitioner, not documented by Microsoft): plan for the time and memory of a recovery.`,
          });
        }
      }
    }
  },
};
