import type { Rule } from './rule';

/** RG108 rg-in-transaction: ALTER RESOURCE GOVERNOR RECONFIGURE/DISABLE/RESET inside an explicit transaction (domain.md §1.4). */
export const RG108: Rule = {
  code: 'RG108',
  name: 'rg-in-transaction',
  meta: {
    description: 'ALTER RESOURCE GOVERNOR RECONFIGURE, DISABLE or RESET STATISTICS runs inside an explicit transaction, where SQL Server does not allow it.',
    severity: 'error',
    fixable: 'none',
    scope: 'file',
    unit: 'script',
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      for (const s of script.parse.statements) {
        if (s.kind !== 'alterResourceGovernor' || s.transactionDepth === 0) continue;
        if (s.action !== 'reconfigure' && s.action !== 'disable' && s.action !== 'reset') continue;
        const words = script.text.slice(s.actionRange.start, s.actionRange.end).toUpperCase().replace(/\s+/g, ' ');
        ctx.report({
          file: script.file,
          range: s.actionRange,
          message: `ALTER RESOURCE GOVERNOR ${words} cannot run inside a user transaction; it fails here. Move it after the COMMIT (or before BEGIN TRANSACTION).`,
          related: s.transactionStart ? [{ file: script.file, range: s.transactionStart, message: 'the transaction begins here' }] : [],
        });
      }
    }
  },
};
