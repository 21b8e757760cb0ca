import { showSize } from '../hyperv/limits';
import { vmLabel } from '../fixes/size';
import { budgetInputs, poolNeeds, poolWaterfall, vmSizes } from '../model/budget';
import { requiredPoolPercent, requiredVmGb } from '../model/memory';
import type { Fix } from '../types';
import { budgetFormula, dataLocations, dataText, databasesOf, gb, poolPercentFix } from './mem';
import type { Rule } from './rule';
import { pool } from './util';

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
        const f = percent <= 100 ? poolPercentFix(need, percent) : undefined;
        if (f) fixes.push(f);
        const requiredGb = requiredVmGb(neededMb, budgetInputs(need));
        const remedy = f
          ? `Set MIN_MEMORY_PERCENT = MAX_MEMORY_PERCENT = ${percent} on the pool${requiredGb !== undefined ? `, or give the VM ${gb(requiredGb)}` : ''}.`
          : requiredGb !== undefined
            ? `${percent <= 100 ? `A pool percent of ${percent} would leave the minimums of all pools above 100 %; ` : 'No pool percent is enough; '}the VM would need ${gb(requiredGb)} at this pool percent.`
            : 'No VM size is enough at this pool percent and max server memory: raise both.';
        const steady = sizes.steady.value;
        const source = need.percentSource;
        const vmSource = need.vm.sources.find((s) => s.facts.maximum === steady || s.facts.startup === steady) ?? need.vm.sources[0];
        ctx.report({
          file: source ? source.script.file : vmSource.vmFile.file,
          range: source ? source.option.value?.range ?? source.option.range : steady.range,
          message: `Pool ${pool(need.poolName)} on ${inst.label} (${databasesOf(need)}) can hold ${budgetFormula(w)} at ${vmLabel(need.vm.facts)}'s ${sizes.dynamic ? 'Maximum RAM' : 'memory'} (${showSize(steady.bytes!)}), less than ${need.headroom} × ${dataText(need)} = the room memory-optimized data needs at steady state. ${remedy}`,
          related: [...dataLocations(need), ...(source ? [{ file: vmSource.vmFile.file, range: steady.range, message: `${sizes.dynamic ? 'Maximum RAM' : 'memory'} of ${vmLabel(need.vm.facts)}` }] : [])],
          fixes,
        });
      }
    }
  },
};
