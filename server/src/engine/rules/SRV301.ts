import { fixWith, insertAfter, keywordCase } from '../fixes/sql';
import type { ConfigureStatement } from '../tsql/ast';
import type { Fix } from '../types';
import type { Rule } from './rule';

/** sp_configure calls that set max/min server memory. */
export function setsServerMemory(s: { kind: string }): s is ConfigureStatement {
  const c = s as ConfigureStatement;
  return c.kind === 'configure' && (c.option === 'max server memory (MB)' || c.option === 'min server memory (MB)') && c.value !== undefined;
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
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      let pending: ConfigureStatement[] = [];
      for (const s of script.parse.statements) {
        if (s.kind === 'reconfigure') pending = [];
        else if (setsServerMemory(s)) pending.push(s);
      }
      if (!pending.length) continue;
      const last = pending[pending.length - 1];
      const fixes: Fix[] = [];
      // RECONFIGURE is not allowed inside a user transaction.
      if (last.transactionDepth === 0) {
        fixes.push(...fixWith('Add RECONFIGURE after sp_configure', 'safe', [insertAfter(script, last.anchor, [`${keywordCase(script, last.anchor)('RECONFIGURE')};`])]));
      }
      for (const s of pending) {
        ctx.report({
          file: script.file,
          range: s.optionArg!.range,
          message: `sp_configure sets '${s.option}' to ${s.value!.raw}, but no RECONFIGURE follows in this script, so the running value does not change. Add RECONFIGURE; after it.`,
          fixes,
        });
      }
    }
  },
};
