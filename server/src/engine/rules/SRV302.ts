import { fixWith, insertBefore, keywordCase } from '../fixes/sql';
import type { Fix } from '../types';
import type { Rule } from './rule';
import { setsServerMemory } from './SRV301';

/** SRV302 advanced-options-needed: memory options are advanced; the script must enable 'show advanced options' first (domain.md §2.3). */
export const SRV302: Rule = {
  code: 'SRV302',
  name: 'advanced-options-needed',
  meta: {
    description: "sp_configure sets 'max/min server memory' without enabling 'show advanced options' (and RECONFIGURE) earlier in the script, so the script depends on server state.",
    severity: 'warning',
    fixable: 'safe',
    scope: 'file',
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      let advancedSet = false; // sp_configure 'show advanced options', 1 seen
      let advancedOn = false; // ... and a RECONFIGURE after it
      for (const s of script.parse.statements) {
        if (s.kind === 'configure' && s.option === 'show advanced options' && s.value) {
          advancedSet = s.value.number === 1;
          advancedOn = false;
          continue;
        }
        if (s.kind === 'reconfigure') {
          if (advancedSet) advancedOn = true;
          continue;
        }
        if (!setsServerMemory(s) || advancedOn) continue;
        const fixes: Fix[] = [];
        if (s.transactionDepth === 0) {
          const k = keywordCase(script, s.anchor);
          fixes.push(...fixWith("Enable 'show advanced options' before this sp_configure", 'safe', [insertBefore(script, s.anchor, [`${k('EXEC sp_configure')} 'show advanced options', 1;`, `${k('RECONFIGURE')};`])]));
        }
        ctx.report({
          file: script.file,
          range: s.optionArg!.range,
          message: `'${s.option}' is an advanced option: unless 'show advanced options' is already 1 on the server, this sp_configure fails. Run EXEC sp_configure 'show advanced options', 1; RECONFIGURE; earlier in the script so it does not depend on server state.`,
          fixes,
        });
        break; // once fixed, every later call in the script is covered
      }
    }
  },
};
