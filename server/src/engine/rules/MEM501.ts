import { UNIT_BYTES } from '../hyperv/facts';
import { showSize } from '../hyperv/limits';
import { setVmField, vmLabel } from '../fixes/size';
import { budgetInputs, poolNeeds, poolWaterfall, vmSizes } from '../model/budget';
import { requiredPoolPercent, requiredVmGb } from '../model/memory';
import type { Fix } from '../types';
import { budgetFormula, dataLocations, dataText, databasesOf, gb, poolPercentFix } from './mem';
import type { Rule } from './rule';
import { pool } from './util';

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
        if (requiredGb !== undefined) {
          const bytes = requiredGb * UNIT_BYTES.GB;
          const edits = setVmField(need.vm, 'startup', bytes);
          const max = need.vm.facts.maximum?.bytes;
          if (max !== undefined && max < bytes) edits.push(...setVmField(need.vm, 'maximum', bytes));
          if (edits.length) fixes.push({ title: `Raise Startup RAM of ${vmLabel(need.vm.facts)} to ${gb(requiredGb)}${max !== undefined && max < bytes ? ' (and Maximum RAM with it)' : ''}`, applicability: 'safe', edits });
        }
        // when the percent alone is the limit, raising it is the other way out
        if (percent > need.percent && percent <= 100) {
          const f = poolPercentFix(need, percent);
          if (f) fixes.push(f);
        }
        const what = `pool ${pool(need.poolName)} on ${inst.label} (${databasesOf(need)})`;
        const remedy =
          requiredGb !== undefined
            ? `Raise Startup RAM to ${gb(requiredGb)}${percent <= 100 && percent > need.percent ? `, or the pool's MIN = MAX to ${percent} %` : ''}.`
            : `No VM size is enough: ${need.maxServerMemory ? `max server memory (${need.maxServerMemory.valueMb} MB) caps SQL Server` : `the pool's ${need.percent} % caps it`}; ${percent <= 100 ? `raise the pool's MIN = MAX to ${percent} % or ` : ''}raise max server memory.`;
        const message = `After a restart ${vmLabel(need.vm.facts)} runs on its Startup RAM (${showSize(sizes.recovery.value.bytes!)}), where ${what} can hold ${budgetFormula(w)}, less than the ${dataText(need)} of memory-optimized data it must load: the database can end "Recovery Pending". ${remedy}`;
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
