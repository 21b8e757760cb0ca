import { fixWith, insertAfter, keywordCase } from '../fixes/sql';
import { ConfigureStatement, ReconfigureStatement, alwaysRunsWith } from '../tsql/ast';
import type { Fix } from '../types';
import type { Rule } from './rule';
import { lineOf } from './util';

/** sp_configure calls that set max/min server memory. */
export function setsServerMemory(s: { kind: string }): s is ConfigureStatement {
  const c = s as ConfigureStatement;
  return c.kind === 'configure' && (c.option === 'max server memory (MB)' || c.option === 'min server memory (MB)') && c.value !== undefined;
}

/** A server-level RECONFIGURE that can take effect: RECONFIGURE is not allowed inside a user transaction. */
export function runsReconfigure(s: { kind: string; transactionDepth: number }): boolean {
  return s.kind === 'reconfigure' && s.transactionDepth === 0;
}

/** SRV301 configure-without-reconfigure: sp_configure of a memory option with no later RECONFIGURE (domain.md §2.3). */
export const SRV301: Rule = {
  code: 'SRV301',
  name: 'configure-without-reconfigure',
  meta: {
    description: "sp_configure sets 'max server memory' or 'min server memory' but no RECONFIGURE follows in the script, so the new value is not in effect.",
    severity: 'warning',
    fixable: 'safe',
    scope: 'file',
    unit: 'script',
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      // Each call still waiting for a RECONFIGURE, with the first RECONFIGURE after it
      // that could not run because it sits inside a transaction.
      let pending: { stmt: ConfigureStatement; blockedBy?: ReconfigureStatement }[] = [];
      for (const s of script.parse.statements) {
        if (runsReconfigure(s)) pending = pending.filter((p) => !alwaysRunsWith(s, p.stmt));
        else if (s.kind === 'reconfigure') for (const p of pending) p.blockedBy ??= s;
        else if (setsServerMemory(s)) pending.push({ stmt: s });
      }
      if (!pending.length) continue;
      const last = pending[pending.length - 1].stmt;
      const fixes: Fix[] = [];
      // RECONFIGURE is not allowed inside a user transaction.
      if (last.transactionDepth === 0) {
        fixes.push(...fixWith('Add RECONFIGURE after sp_configure', 'safe', [insertAfter(script, last.anchor, [`${keywordCase(script, last.anchor)('RECONFIGURE')};`])]));
      }
      for (const { stmt: s, blockedBy } of pending) {
        const why = blockedBy
          ? `the RECONFIGURE after it (line ${lineOf(script, blockedBy.range)}) is inside a transaction, where SQL Server does not allow RECONFIGURE`
          : 'no RECONFIGURE follows in this script';
        const todo = s.transactionDepth > 0 ? 'Run RECONFIGURE; after the transaction ends.' : 'Add RECONFIGURE; after it.';
        ctx.report({
          file: script.file,
          range: s.optionArg!.range,
          message: `sp_configure sets '${s.option}' to ${s.value!.raw}, but ${why}, so the running value does not change. ${todo}`,
          fixes,
        });
      }
    }
  },
};
