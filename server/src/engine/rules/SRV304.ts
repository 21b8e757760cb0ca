import { MB } from '../hyperv/facts';
import { showSize } from '../hyperv/limits';
import { vmLabel } from '../fixes/size';
import { replace } from '../fixes/sql';
import { vmSizes } from '../model/budget';
import { osReserveMb } from '../model/memory';
import type { Rule } from './rule';
import { int } from './util';

/** SRV304 max-server-memory-vs-vm: max server memory that leaves the guest OS less than its reserve, or exceeds the VM. */
export const SRV304: Rule = {
  code: 'SRV304',
  name: 'max-server-memory-vs-vm',
  meta: {
    description: "max server memory is above the VM's memory minus the OS reserve (warning), or above the VM's memory itself (error).",
    severity: 'warning',
    fixable: 'unsafe',
    scope: 'workspace',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      const vm = inst.vm;
      const max = inst.serverMemory('max server memory (MB)');
      if (!vm || !max) continue;
      const steady = vmSizes(vm).steady;
      if (!steady) continue;
      const reserve = osReserveMb(steady.mb, inst.config?.osReserveMb?.value);
      const limit = Math.floor(steady.mb - reserve);
      if (max.valueMb <= limit) continue;
      const over = max.valueMb > steady.mb;
      ctx.report({
        file: max.script.file,
        range: max.stmt.value!.range,
        severity: over ? 'error' : 'warning',
        message: over
          ? `max server memory (${int(max.valueMb)} MB) is more than ${vmLabel(vm.facts)} has (${showSize(steady.mb * MB)}): SQL Server can take memory the guest OS needs, and the VM pages. Set it to at most ${int(limit)} MB (the VM less an OS reserve of ${int(reserve)} MB).`
          : `max server memory (${int(max.valueMb)} MB) leaves the guest OS of ${vmLabel(vm.facts)} (${showSize(steady.mb * MB)}) less than its ${int(reserve)} MB reserve. Set it to at most ${int(limit)} MB.`,
        related: [{ file: vm.sources[0].vmFile.file, range: steady.value.range, message: `memory of ${vmLabel(vm.facts)}` }],
        fixes: [{ title: `Set max server memory to ${int(limit)} MB`, applicability: 'unsafe', edits: [replace(max.script, max.stmt.value!.range, String(limit))] }],
      });
    }
  },
};
