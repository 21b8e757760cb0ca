import type { BindStatement } from '../tsql/ast';
import type { Rule } from './rule';
import { where } from './util';

/** XTP205 bind-twice: a database bound again without an unbind in between fails with error 41372 (domain.md §2.1). */
export const XTP205: Rule = {
  code: 'XTP205',
  name: 'bind-twice',
  meta: {
    description: 'A database is bound to a resource pool again with no sp_xtp_unbind_db_resource_pool in between.',
    severity: 'error',
    fixable: 'none',
    scope: 'file',
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      const bound = new Map<string, BindStatement>();
      for (const s of script.parse.statements) {
        if ((s.kind !== 'bind' && s.kind !== 'unbind') || !s.database?.known || s.database.text === undefined) continue;
        const key = s.database.text.toLowerCase();
        if (s.kind === 'unbind') {
          bound.delete(key);
          continue;
        }
        const first = bound.get(key);
        // IF/ELSE branches bind in only one of them: stay silent on conditional calls.
        if (first && !first.conditional && !s.conditional) {
          ctx.report({
            file: script.file,
            range: s.database.range,
            message: `${s.database.text} is already bound at ${where(script, first.database!.range, script)} with no sp_xtp_unbind_db_resource_pool since; this call fails with error 41372. Unbind it first.`,
            related: [{ file: script.file, range: first.database!.range, message: `${s.database.text} first bound here` }],
          });
        }
        bound.set(key, s);
      }
    }
  },
};
