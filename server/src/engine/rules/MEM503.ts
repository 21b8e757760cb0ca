import { showSize } from '../hyperv/limits';
import { vmLabel } from '../fixes/size';
import { budgetInputs, poolNeeds, poolWaterfall, vmSizes } from '../model/budget';
import { requiredPoolPercent, requiredVmGb } from '../model/memory';
import type { Fix } from '../types';
import { budgetFormula, dataLocations, dataText, databasesOf, gb, mb, percentAlternative, percentSetting, poolPercentFix, poolPercentTarget } from './mem';
import type { Rule } from './rule';
import { int, pool } from './util';

/**
 * MEM503 pool-too-small: at steady state a pool needs room for its memory-optimized data
 * times the headroom Microsoft recommends (2x by default: row versions, growth) (domain.md
 * §2.2, §2.4 [S16][S20]).
 */
export const MEM503: Rule = {
  code: 'MEM503',
  name: 'pool-too-small',
  meta: {
    description: "At steady state (Maximum RAM, or the static size) the pool's In-Memory OLTP budget is below the headroom factor times the memory-optimized data bound to it.",
    severity: 'warning',
    fixable: 'safe',
    scope: 'workspace',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      for (const need of poolNeeds(inst)) {
        const sizes = vmSizes(need.vm);
        if (!sizes.steady) continue;
        const w = poolWaterfall(need, sizes.steady.mb);
        const neededMb = need.headroom * need.dataMb;
        if (w.budgetMb >= neededMb) continue;
        const percent = requiredPoolPercent(neededMb, w.sqlTargetMb);
        const fixes: Fix[] = [];
        const target = poolPercentTarget(need, percent);
        const f = percent <= 100 ? poolPercentFix(need, target) : undefined;
        if (f) fixes.push(f);
        const requiredGb = requiredVmGb(neededMb, budgetInputs(need));
        const ofWhat = sizes.dynamic ? ' of Maximum RAM' : '';
        const vmWay =
          requiredGb !== undefined
            ? `the VM would need ${gb(requiredGb)}${ofWhat} at this pool percent`
            : `no VM size is enough at this pool percent${need.maxServerMemory ? ` and max server memory (${int(need.maxServerMemory.valueMb)} MB): raise max server memory` : ''}`;
        const alternative = percentAlternative(need, percent, target, f);
        const remedy = f
          ? `Set MIN_MEMORY_PERCENT = MAX_MEMORY_PERCENT = ${percentSetting(percent, target)} on the pool${requiredGb !== undefined ? `, or give the VM ${gb(requiredGb)}${ofWhat}` : ''}.`
          : `${alternative ? `Raise ${alternative}` : 'No pool percent is enough'}; ${vmWay}.`;
        const steady = sizes.steady.value;
        const source = need.percentSource;
        const vmSource = need.vm.sources.find((s) => s.facts.maximum === steady || s.facts.startup === steady) ?? need.vm.sources[0];
        // on the MIN value in effect; on the pool's name when MIN is never set (it is 0); on the VM for the default pool
        const poolStmt = !source && need.pool && !need.pool.predefined ? need.pool.last : undefined;
        const at = source
          ? { file: source.script.file, range: source.option.value?.range ?? source.option.range }
          : poolStmt
            ? { file: poolStmt.script.file, range: poolStmt.stmt.name.range }
            : { file: vmSource.vmFile.file, range: steady.range };
        const onPool = !!(source || poolStmt);
        ctx.report({
          file: at.file,
          range: at.range,
          message: `Pool ${pool(need.poolName)} on ${inst.label} (${databasesOf(need)}) can hold ${budgetFormula(w)} at ${vmLabel(need.vm.facts)}'s ${sizes.dynamic ? 'Maximum RAM' : 'memory'} (${showSize(steady.bytes!)}), less than ${need.headroom} × ${mb(need.dataMb)} = ${dataText(need, need.headroom)}, the room memory-optimized data needs at steady state. ${remedy}`,
          related: [...dataLocations(need), ...(onPool ? [{ file: vmSource.vmFile.file, range: steady.range, message: `${sizes.dynamic ? 'Maximum RAM' : 'memory'} of ${vmLabel(need.vm.facts)}` }] : [])],
          fixes,
        });
      }
    }
  },
};
