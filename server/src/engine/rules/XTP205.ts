import type { BindStatement } from '../tsql/ast';
import type { Rule } from './rule';
import { where } from './util';
import { bindingUnchanged } from '../model/bindings';

/** XTP205 bind-twice: a database bound again without an unbind in between fails with error 41372 (domain.md §2.1). */
export const XTP205: Rule = {
  code: 'XTP205',
  name: 'bind-twice',
  meta: {
    description: 'A database is bound to a resource pool again with no sp_xtp_unbind_db_resource_pool in between.',
    severity: 'error',
    fixable: 'none',
    scope: 'file',
    unit: 'script',
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      const bound = new Map<string, BindStatement>();
      /** `batch:database` of every unbind ('batch:' for a database memlint can't name), for GO n. */
      const unbindsInBatch = new Set<string>();
      for (const t of script.parse.statements) {
        if (t.kind === 'unbind') unbindsInBatch.add(`${t.batch}:${t.database?.known ? t.database.text?.toLowerCase() ?? '' : ''}`);
      }
      for (const s of script.parse.statements) {
        if (s.kind !== 'bind' && s.kind !== 'unbind') continue;
        if (!s.database?.known || s.database.text === undefined) {
          // An unbind of a database memlint can't name (@db, $(Db)) may unbind any of them.
          if (s.kind === 'unbind') bound.clear();
          continue;
        }
        const key = s.database.text.toLowerCase();
        if (s.kind === 'unbind') {
          bound.delete(key);
          continue;
        }
        // A bind SQL Server rejects (system database, internal/default pool: XTP204) binds nothing.
        if (bindingUnchanged(s)) continue;
        const first = bound.get(key);
        if (first && !first.conditional) {
          // This call fails if it runs, so the first binding stays the one in effect.
          // IF/ELSE branches bind in only one of them: stay silent on conditional calls.
          if (s.conditional) continue;
          ctx.report({
            file: script.file,
            range: s.database.range,
            message: `${s.database.text} is already bound at ${where(script, first.database!.range, script)} with no sp_xtp_unbind_db_resource_pool since; this call fails with error 41372. Unbind it first.`,
            related: [{ file: script.file, range: first.database!.range, message: `${s.database.text} first bound here` }],
          });
          continue;
        }
        bound.set(key, s);
        // GO n runs the batch n times: from the second run on the bind fails, unless the
        // batch also unbinds the database (or a database memlint can't name).
        const batch = script.parse.batches[s.batch];
        if (s.conditional || !batch || batch.repeat < 2 || !batch.go) continue;
        if (unbindsInBatch.has(`${s.batch}:${key}`) || unbindsInBatch.has(`${s.batch}:`)) continue;
        ctx.report({
          file: script.file,
          range: s.database.range,
          message: `This batch ends with GO ${batch.repeat}, so it runs ${batch.repeat} times: from the second run on, ${s.database.text} is already bound and this call fails with error 41372. Use GO without a count, or unbind it first.`,
          related: [{ file: script.file, range: batch.go, message: `GO ${batch.repeat} repeats the batch` }],
        });
      }
    }
  },
};
