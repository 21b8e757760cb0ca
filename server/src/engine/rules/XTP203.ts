import { insertBefore, keywordCase } from '../fixes/sql';
import type { PoolStatement } from '../tsql/ast';
import type { Fix } from '../types';
import type { Rule } from './rule';
import { pool, where } from './util';

/** XTP203 bind-before-reconfigure: binding to a pool the script created before RECONFIGURE ran fails with error 41370 (domain.md §2.1). */
export const XTP203: Rule = {
  code: 'XTP203',
  name: 'bind-before-reconfigure',
  meta: {
    description: 'A database is bound to a pool that this script creates, before ALTER RESOURCE GOVERNOR RECONFIGURE has run (or before the pool is created at all): the bind fails with error 41370.',
    severity: 'error',
    fixable: 'safe',
    scope: 'file',
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      const stmts = script.parse.statements;
      /** Pools created since the last RECONFIGURE. */
      const notReconfigured = new Map<string, PoolStatement>();
      const created = new Set<string>();
      stmts.forEach((s, i) => {
        if (s.kind === 'alterResourceGovernor' && s.action === 'reconfigure') {
          notReconfigured.clear();
          return;
        }
        if (s.kind === 'createPool' && s.name.known) {
          notReconfigured.set(s.name.value.toLowerCase(), s);
          created.add(s.name.value.toLowerCase());
          return;
        }
        if (s.kind !== 'bind' || !s.pool?.known || s.pool.text === undefined) return;
        const key = s.pool.text.toLowerCase();
        const name = pool(s.pool.text);
        const pending = notReconfigured.get(key);
        if (pending) {
          const fixes: Fix[] = [];
          if (s.transactionDepth === 0) {
            const k = keywordCase(script, s.anchor);
            fixes.push({
              title: 'Add ALTER RESOURCE GOVERNOR RECONFIGURE before the binding',
              applicability: 'safe',
              edits: [insertBefore(script, s.anchor, [`${k('ALTER RESOURCE GOVERNOR RECONFIGURE')};`])],
            });
          }
          ctx.report({
            file: script.file,
            range: s.pool.range,
            message: `Pool ${name} is created at ${where(script, pending.name.range, script)} but ALTER RESOURCE GOVERNOR RECONFIGURE has not run since, so it does not exist yet for In-Memory OLTP: this bind fails with error 41370. Run ALTER RESOURCE GOVERNOR RECONFIGURE; before binding${s.transactionDepth > 0 ? ', outside the transaction (it cannot run inside one)' : ''}.`,
            related: [{ file: script.file, range: pending.name.range, message: `${name} created here` }],
            fixes,
          });
          return;
        }
        if (created.has(key)) return;
        const later = stmts.slice(i + 1).find((t): t is PoolStatement => t.kind === 'createPool' && t.name.known && t.name.value.toLowerCase() === key && !t.conditional);
        if (later) {
          ctx.report({
            file: script.file,
            range: s.pool.range,
            message: `Pool ${name} is only created later, at ${where(script, later.name.range, script)}: when this bind runs the pool does not exist, and it fails with error 41370. Create the pool and run ALTER RESOURCE GOVERNOR RECONFIGURE before binding.`,
            related: [{ file: script.file, range: later.name.range, message: `${name} created here` }],
          });
        }
      });
    }
  },
};
