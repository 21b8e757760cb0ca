import { UNIT_BYTES } from '../hyperv/facts';
import { showSize } from '../hyperv/limits';
import { setVmField, vmLabel } from '../fixes/size';
import { budgetInputs, poolNeeds, poolWaterfall, vmSizes } from '../model/budget';
import { requiredPoolPercent, requiredVmGb } from '../model/memory';
import type { Fix } from '../types';
import { budgetFormula, dataLocations, dataText, databasesOf, gb, percentAlternative, poolPercentFix, poolPercentTarget } from './mem';
import type { Rule } from './rule';
import { int, pool } from './util';

/**
 * MEM501 startup-ram-too-low-for-recovery: after a restart a Dynamic Memory VM runs on its
 * Startup RAM while In-Memory OLTP streams the data back; when the pool budget at Startup
 * RAM is below the data, recovery can end "Recovery Pending" (domain.md §2.5, [S13]).
 */
export const MEM501: Rule = {
  code: 'MEM501',
  name: 'startup-ram-too-low-for-recovery',
  meta: {
    description: "On a Dynamic Memory VM, the pool's In-Memory OLTP budget at Startup RAM is below the memory-optimized data bound to it, so recovery after a restart can fail.",
    severity: 'error',
    fixable: 'safe',
    scope: 'workspace',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      for (const need of poolNeeds(inst)) {
        const sizes = vmSizes(need.vm);
        if (!sizes.dynamic || !sizes.recovery) continue;
        const w = poolWaterfall(need, sizes.recovery.mb);
        if (w.budgetMb >= need.dataMb) continue;
        const inputs = budgetInputs(need);
        const requiredGb = requiredVmGb(need.dataMb, inputs);
        const percent = requiredPoolPercent(need.dataMb, w.sqlTargetMb);
        const fixes: Fix[] = [];
        const max = need.vm.facts.maximum?.bytes;
        const raiseMax = requiredGb !== undefined && max !== undefined && max < requiredGb * UNIT_BYTES.GB;
        if (requiredGb !== undefined) {
          const bytes = requiredGb * UNIT_BYTES.GB;
          const edits = setVmField(need.vm, 'startup', bytes);
          if (raiseMax) edits.push(...setVmField(need.vm, 'maximum', bytes));
          if (edits.length) fixes.push({ title: `Raise Startup RAM of ${vmLabel(need.vm.facts)} to ${gb(requiredGb)}${raiseMax ? ' (and Maximum RAM with it)' : ''}`, applicability: 'safe', edits });
        }
        // when the percent alone is the limit, raising it is the other way out
        const target = poolPercentTarget(need, percent);
        const percentFix = percent > need.percent && percent <= 100 ? poolPercentFix(need, target) : undefined;
        if (percentFix) fixes.push(percentFix);
        const alternative = percent > need.percent ? percentAlternative(need, percent, target, percentFix) : undefined;
        // what stops every VM size: max server memory, or the pool's percent itself (raising max server memory can't help then)
        const msmCaps = requiredGb === undefined && need.maxServerMemory !== undefined && requiredVmGb(need.dataMb, { ...inputs, maxServerMemoryMb: undefined }) !== undefined;
        const what = `pool ${pool(need.poolName)} on ${inst.label} (${databasesOf(need)})`;
        const remedy =
          requiredGb !== undefined
            ? `Raise Startup RAM to ${gb(requiredGb)}${raiseMax ? ' (and Maximum RAM with it)' : ''}${alternative ? `, or ${alternative}` : ''}.`
            : msmCaps
              ? `No VM size is enough: max server memory (${int(need.maxServerMemory!.valueMb)} MB) caps SQL Server; ${alternative ? `raise ${alternative}, or ` : ''}raise max server memory.`
              : `No VM size is enough at the pool's ${need.percent} %${alternative ? `; raise ${alternative}` : ''}.`;
        const message = `After a restart ${vmLabel(need.vm.facts)} runs on its Startup RAM (${showSize(sizes.recovery.value.bytes!)}), where ${what} can hold ${budgetFormula(w)}, less than the ${dataText(need)} of memory-optimized data it must load: the ${need.databases.length > 1 ? 'databases' : 'database'} can end "Recovery Pending". ${remedy}`;
        const startup = sizes.recovery.value;
        const vmSource = need.vm.sources.find((s) => s.facts.startup === startup) ?? need.vm.sources[0];
        ctx.report({
          file: vmSource.vmFile.file,
          range: startup.range,
          message,
          related: dataLocations(need),
          fixes,
        });
        for (const d of need.databases) {
          if (!d.binding) continue;
          ctx.report({
            file: d.binding.script.file,
            range: d.binding.stmt.database?.range ?? d.binding.stmt.range,
            message,
            related: [{ file: vmSource.vmFile.file, range: startup.range, message: `Startup RAM of ${vmLabel(need.vm.facts)}` }],
            fixes,
          });
        }
      }
    }
  },
};
