import { MB } from '../hyperv/facts';
import { showSize } from '../hyperv/limits';
import { vmLabel } from '../fixes/size';
import { vmSizes } from '../model/budget';
import { osReserveMb } from '../model/memory';
import { vmSizeConflicts } from '../model/model';
import type { Rule } from './rule';
import { int } from './util';

/**
 * SRV306 min-server-memory-vs-minimum-ram: on a Dynamic Memory VM, min server memory above
 * what Minimum RAM leaves SQL Server: Hyper-V may reclaim memory SQL Server will not
 * release (domain.md §2.3, §3.7).
 */
export const SRV306: Rule = {
  code: 'SRV306',
  name: 'min-server-memory-vs-minimum-ram',
  meta: {
    description: "On a Dynamic Memory VM, min server memory is above Minimum RAM minus the OS reserve.",
    severity: 'info',
    fixable: 'none',
    scope: 'workspace',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      const vm = inst.vm;
      if (!vm) continue; // before the setting: finding it walks all of the instance's statements
      const min = inst.serverMemory('min server memory (MB)');
      if (!min) continue;
      // files that disagree on the VM's memory: CFG903 reports it, and like the MEM rules this one picks no value
      if (vmSizeConflicts(vm)) continue;
      const floor = vmSizes(vm).floor;
      if (!floor) continue;
      const fixedReserve = inst.config?.osReserveMb?.value;
      const reserve = osReserveMb(floor.mb, fixedReserve);
      const limit = Math.floor(floor.mb - reserve);
      if (min.valueMb <= limit) continue;
      ctx.report({
        file: min.script.file,
        range: min.stmt.value!.range,
        message: `min server memory (${int(min.valueMb)} MB) is above what ${vmLabel(vm.facts)} leaves SQL Server at its Minimum RAM (${showSize(floor.mb * MB)} less an OS reserve of ${int(reserve)} MB${fixedReserve !== undefined ? ' from sizing.osReserve' : ''} = ${int(limit)} MB): Hyper-V may take back memory that SQL Server will not release, and the guest pages.`,
        related: [{ file: vm.sources.find((s) => s.facts.minimum)?.vmFile.file ?? vm.sources[0].vmFile.file, range: floor.value.range, message: `Minimum RAM of ${vmLabel(vm.facts)}` }],
      });
    }
  },
};
