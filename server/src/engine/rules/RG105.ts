import { isRgChange, reconfigureChange } from '../fixes/reconfigure';
import { fixWith, insertAfter, insertBefore, isCodeGap, keywordCase } from '../fixes/sql';
import type { SqlScript } from '../model/sqlScript';
import { Statement, alwaysRunsWith } from '../tsql/ast';
import type { Fix, FileEdit, Range } from '../types';
import type { Rule } from './rule';
import { kindSet, pool, statementsOfKind } from './util';

/** ALTER RESOURCE GOVERNOR and the kinds of statement isRgChange may be true for. */
const KINDS_RG = kindSet('alterResourceGovernor', 'createPool', 'alterPool', 'dropPool', 'createGroup', 'alterGroup', 'dropGroup');

/** How a Resource Governor change is named in the message. */
function describeDdl(s: Statement): { what: string; range: Range } | undefined {
  switch (s.kind) {
    case 'createPool':
    case 'alterPool':
    case 'dropPool': {
      const verb = s.kind === 'createPool' ? 'created' : s.kind === 'alterPool' ? 'altered' : 'dropped';
      return { what: `Pool ${pool(s.name.value)} is ${verb}`, range: s.name.range };
    }
    case 'createGroup':
    case 'alterGroup':
    case 'dropGroup': {
      const verb = s.kind === 'createGroup' ? 'created' : s.kind === 'alterGroup' ? 'altered' : 'dropped';
      return { what: `Workload group ${pool(s.name.value)} is ${verb}`, range: s.name.range };
    }
    case 'alterResourceGovernor':
      if (s.action === 'classifier') return { what: 'The classifier function is changed', range: s.actionRange };
      if (s.action === 'maxOutstandingIo') return { what: 'MAX_OUTSTANDING_IO_PER_VOLUME is changed', range: s.actionRange };
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Where the missing RECONFIGURE goes: right after the last change, or, when that change
 * sits under IF/ELSE or WHILE, at the end of its batch. Next to a conditional statement it
 * would run on that branch only: after `IF ... BEGIN CREATE ... END ELSE BEGIN ALTER ... END`
 * the CREATE branch would never be reconfigured.
 */
function reconfigureEdit(script: SqlScript, last: Statement): FileEdit | undefined {
  const line = `${keywordCase(script, last.anchor)('ALTER RESOURCE GOVERNOR RECONFIGURE')};`;
  if (!last.conditional) return insertAfter(script, last.anchor, [line]);
  const batch = script.parse.batches[last.batch];
  // at the end of a batch cut short inside a block the RECONFIGURE would be in that block,
  // on one branch again: a fix that fixes nothing, and that fix-all would add once a round
  if (!batch || batch.unclosed) return undefined;
  if (batch.go) return insertBefore(script, { anchor: batch.go }, [line])[0];
  let at = batch.range.end;
  while (at > batch.range.start && /\s/.test(script.text[at - 1])) at--;
  return isCodeGap(script, at) ? { file: script.file, range: { start: at, end: at }, newText: script.lines.eol() + line } : undefined;
}

/** RG105 reconfigure-missing: Resource Governor DDL with no later ALTER RESOURCE GOVERNOR RECONFIGURE (domain.md §1.4). */
export const RG105: Rule = {
  code: 'RG105',
  name: 'reconfigure-missing',
  meta: {
    description: 'Pool, workload group or classifier changes are not followed by ALTER RESOURCE GOVERNOR RECONFIGURE in the script, so they never take effect.',
    severity: 'warning',
    fixable: 'safe',
    scope: 'file',
    unit: 'script',
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      let pending: Statement[] = [];
      for (const s of statementsOfKind(script.parse.statements, KINDS_RG)) {
        if (s.kind === 'alterResourceGovernor' && s.action === 'reconfigure') {
          // a RECONFIGURE in one IF branch does not take effect for a change in another
          if (pending.length) pending = pending.filter((p) => !alwaysRunsWith(s, p));
          continue;
        }
        if (isRgChange(s)) pending.push(s);
      }
      if (!pending.length) continue;
      const last = pending[pending.length - 1];
      const fixes: Fix[] = [];
      // RECONFIGURE can't run inside a transaction (RG108): then only the message helps.
      if (last.transactionDepth === 0) {
        // the same change as XTP203's fix before a bind after the same change: fix-all adds one RECONFIGURE, not one per rule
        fixes.push(...fixWith('Add ALTER RESOURCE GOVERNOR RECONFIGURE after the last Resource Governor statement', 'safe', [reconfigureEdit(script, last)]).map((f) => ({ ...f, sameChange: reconfigureChange(last) })));
      }
      for (const s of pending) {
        const p = describeDdl(s)!;
        ctx.report({
          file: script.file,
          range: p.range,
          message: `${p.what}, but no ALTER RESOURCE GOVERNOR RECONFIGURE follows in this script, so the change does not take effect. Add ALTER RESOURCE GOVERNOR RECONFIGURE; after the last Resource Governor statement${last.transactionDepth > 0 ? ', outside the transaction' : ''}.`,
          fixes,
        });
      }
    }
  },
};
