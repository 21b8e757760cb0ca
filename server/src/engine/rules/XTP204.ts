import { RESERVED_POOLS, SYSTEM_DATABASES } from '../model/bindings';
import type { Rule } from './rule';

/** XTP204 bind-reserved: binding to internal/default (41373) or binding a system database (41371) (domain.md §2.1). */
export const XTP204: Rule = {
  code: 'XTP204',
  name: 'bind-reserved',
  meta: {
    description: 'sp_xtp_bind_db_resource_pool binds to the internal or default pool, or binds a system database.',
    severity: 'error',
    fixable: 'none',
    scope: 'file',
    unit: 'script',
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      for (const s of script.parse.statements) {
        if (s.kind !== 'bind') continue;
        if (s.pool?.known && s.pool.text !== undefined && RESERVED_POOLS.includes(s.pool.text.toLowerCase())) {
          ctx.report({
            file: script.file,
            range: s.pool.range,
            message: `${s.database?.known && s.database.text !== undefined ? s.database.text : 'A database'} cannot be bound explicitly to the ${s.pool.text.toLowerCase()} pool (error 41373). Bind it to a user-defined pool, or call sp_xtp_unbind_db_resource_pool to return it to default.`,
          });
        }
        if (s.database?.known && s.database.text !== undefined && SYSTEM_DATABASES.includes(s.database.text.toLowerCase())) {
          ctx.report({
            file: script.file,
            range: s.database.range,
            message: `${s.database.text} is a system database: binding it to a resource pool is not supported (error 41371).`,
          });
        }
      }
    }
  },
};
