import { UNIT_BYTES } from '../hyperv/facts';
import { showSize } from '../hyperv/limits';
import { setVmField, vmLabel } from '../fixes/size';
import { budgetInputs, poolNeeds, poolWaterfall, vmSizes } from '../model/budget';
import { requiredPoolPercent, requiredVmGb } from '../model/memory';
import type { Fix } from '../types';
import { budgetFormula, dataLocations, dataText, databasesOf, gb } from './mem';
import type { Rule } from './rule';
import { int, pool } from './util';

/**
 * MEM502 minimum-ram-too-low-for-xtp: Hyper-V may shrink a Dynamic Memory VM down to its
 * Minimum RAM, but memory-optimized data can't be paged out: Minimum RAM must cover it
 * (domain.md §2.5, [S21]).
 */
export const MEM502: Rule = {
  code: 'MEM502',
  name: 'minimum-ram-too-low-for-xtp',
  meta: {
    description: "On a Dynamic Memory VM, the pool's In-Memory OLTP budget at Minimum RAM is below the memory-optimized data bound to it.",
    severity: 'warning',
    fixable: 'safe',
    scope: 'workspace',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      for (const need of poolNeeds(inst)) {
        const sizes = vmSizes(need.vm);
        if (!sizes.dynamic || !sizes.floor) continue;
        const w = poolWaterfall(need, sizes.floor.mb);
        if (w.budgetMb >= need.dataMb) continue;
        const requiredGb = requiredVmGb(need.dataMb, budgetInputs(need));
        const floorPercent = requiredPoolPercent(need.dataMb, w.sqlTargetMb);
        const fixes: Fix[] = [];
        const startup = need.vm.facts.startup?.bytes;
        // raising Minimum above Startup would break Minimum <= Startup (HV401): MEM501 raises Startup first
        if (requiredGb !== undefined && (startup === undefined || requiredGb * UNIT_BYTES.GB <= startup)) {
          const edits = setVmField(need.vm, 'minimum', requiredGb * UNIT_BYTES.GB);
          if (edits.length) fixes.push({ title: `Raise Minimum RAM of ${vmLabel(need.vm.facts)} to ${gb(requiredGb)}`, applicability: 'safe', edits });
        }
        const floor = sizes.floor.value;
        const vmSource = need.vm.sources.find((s) => s.facts.minimum === floor) ?? need.vm.sources[0];
        ctx.report({
          file: vmSource.vmFile.file,
          range: floor.range,
          message: `Hyper-V may shrink ${vmLabel(need.vm.facts)} to its Minimum RAM (${showSize(floor.bytes!)}), where pool ${pool(need.poolName)} on ${inst.label} (${databasesOf(need)}) can hold ${budgetFormula(w)}, less than the ${dataText(need)} of memory-optimized data, which can't be paged out. ${
            requiredGb === undefined
              ? need.maxServerMemory && requiredVmGb(need.dataMb, { ...budgetInputs(need), maxServerMemoryMb: undefined }) !== undefined
                ? `No VM size is enough: max server memory (${int(need.maxServerMemory.valueMb)} MB) caps SQL Server; raise it${floorPercent <= 100 ? `, or the pool's percent to ${floorPercent} %` : ''}.`
                : `No VM size is enough at the pool's ${need.percent} %: the pool needs a larger guaranteed percent.`
              : startup !== undefined && requiredGb * UNIT_BYTES.GB > startup
                ? `Raise Minimum RAM to ${gb(requiredGb)}, and Startup RAM with it (Minimum can't exceed Startup).`
                : `Raise Minimum RAM to ${gb(requiredGb)}.`
          }`,
          related: dataLocations(need),
          fixes,
        });
      }
    }
  },
};
