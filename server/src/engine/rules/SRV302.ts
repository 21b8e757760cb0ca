import { fixWith, insertBefore, keywordCase } from '../fixes/sql';
import { ConfigureStatement, ReconfigureStatement, alwaysRunsWith } from '../tsql/ast';
import type { Fix } from '../types';
import type { Rule } from './rule';
import { runsReconfigure, setsServerMemory } from './SRV301';
import { kindSet, lineOf, statementsOfKind } from './util';

const KINDS_CONFIGURE_RECONFIGURE = kindSet('configure', 'reconfigure');

/** SRV302 advanced-options-needed: memory options are advanced; the script must enable 'show advanced options' first (domain.md §2.3). */
export const SRV302: Rule = {
  code: 'SRV302',
  name: 'advanced-options-needed',
  meta: {
    description: "sp_configure sets 'max/min server memory' without enabling 'show advanced options' (and RECONFIGURE) earlier in the script, so the script depends on server state.",
    severity: 'warning',
    fixable: 'safe',
    scope: 'file',
    unit: 'script',
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      let advancedSet: ConfigureStatement | undefined; // sp_configure 'show advanced options', 1 seen
      let advancedOn: ReconfigureStatement | undefined; // ... and a RECONFIGURE that can run after it
      let blocked: ReconfigureStatement | undefined; // a RECONFIGURE after it that can't run (inside a transaction)
      for (const s of statementsOfKind(script.parse.statements, KINDS_CONFIGURE_RECONFIGURE)) {
        if (s.kind === 'configure' && s.option === 'show advanced options' && s.value) {
          // setting it to 1 again where it is already on (set and reconfigured wherever this runs) changes nothing
          if (s.value.number === 1 && advancedSet && advancedOn && alwaysRunsWith(advancedSet, s) && alwaysRunsWith(advancedOn, s)) continue;
          advancedSet = s.value.number === 1 ? s : undefined;
          advancedOn = undefined;
          blocked = undefined;
          continue;
        }
        if (s.kind === 'reconfigure') {
          // RECONFIGURE inside a user transaction is not allowed, so it changes nothing.
          if (advancedSet && runsReconfigure(s)) advancedOn = s;
          else if (advancedSet) blocked ??= s;
          continue;
        }
        if (!setsServerMemory(s)) continue;
        // covered only when both the setting and its RECONFIGURE run whenever this call runs
        if (advancedSet && advancedOn && alwaysRunsWith(advancedSet, s) && alwaysRunsWith(advancedOn, s)) continue;
        const k = keywordCase(script, s.anchor);
        // The script already sets 'show advanced options' to 1 whenever this call runs, but runs no
        // RECONFIGURE before it: then RECONFIGURE is what is missing. A setting under an IF this
        // call is not under counts as none (adding a RECONFIGURE would not help, again and again).
        const setBefore = advancedSet && alwaysRunsWith(advancedSet, s) ? advancedSet : undefined;
        const lines = setBefore ? [`${k('RECONFIGURE')};`] : [`${k('EXEC sp_configure')} 'show advanced options', 1;`, `${k('RECONFIGURE')};`];
        const fixes: Fix[] = [];
        if (s.transactionDepth === 0) {
          const edits = insertBefore(script, s, lines);
          const title = setBefore ? "Add RECONFIGURE so 'show advanced options' takes effect before this sp_configure" : "Enable 'show advanced options' before this sp_configure";
          fixes.push(...fixWith(title, 'safe', edits));
        }
        const message = setBefore
          ? `'${s.option}' is an advanced option: 'show advanced options' is set to 1 at line ${lineOf(script, setBefore.range)}, but ${
              blocked
                ? `the RECONFIGURE after it (line ${lineOf(script, blocked.range)}) is inside a transaction, where SQL Server does not allow RECONFIGURE`
                : 'no RECONFIGURE runs between that call and this one'
            }, so unless it is already 1 on the server this sp_configure fails. ${s.transactionDepth > 0 ? 'Run RECONFIGURE; outside the transaction, before this call.' : 'Add RECONFIGURE; before this call.'}`
          : `'${s.option}' is an advanced option: unless 'show advanced options' is already 1 on the server, this sp_configure fails. Run EXEC sp_configure 'show advanced options', 1; RECONFIGURE; earlier in the script so it does not depend on server state.`;
        ctx.report({ file: script.file, range: s.optionArg!.range, message, fixes });
        break; // once fixed, every later call in the script is covered
      }
    }
  },
};
