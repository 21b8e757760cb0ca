import { MB } from '../hyperv/facts';
import { showSize } from '../hyperv/limits';
import { vmLabel } from '../fixes/size';
import { replace } from '../fixes/sql';
import { vmSizes } from '../model/budget';
import { osReserveMb } from '../model/memory';
import { vmSizeConflicts } from '../model/model';
import type { Rule } from './rule';
import { int } from './util';

/** The smallest max server memory SQL Server accepts (domain.md §2.3). */
const MIN_MAX_SERVER_MEMORY_MB = 128;

/** SRV304 max-server-memory-vs-vm: max server memory that leaves the guest OS less than its reserve, or exceeds the VM. */
export const SRV304: Rule = {
  code: 'SRV304',
  name: 'max-server-memory-vs-vm',
  meta: {
    description: "max server memory is above the VM's memory minus the OS reserve (warning), or above the VM's memory itself (error).",
    severity: 'warning',
    fixable: 'unsafe',
    scope: 'workspace',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      const vm = inst.vm;
      if (!vm) continue; // before the setting: finding it walks all of the instance's statements
      const max = inst.serverMemory('max server memory (MB)');
      if (!max) continue;
      // files that disagree on the VM's memory: CFG903 reports it, and like the MEM rules this one picks no value
      if (vmSizeConflicts(vm)) continue;
      const sizes = vmSizes(vm);
      const steady = sizes.steady;
      if (!steady) continue;
      const fixedReserve = inst.config?.osReserveMb?.value;
      const reserve = osReserveMb(steady.mb, fixedReserve);
      const limit = Math.floor(steady.mb - reserve);
      if (max.valueMb <= limit) continue;
      const over = max.valueMb > steady.mb;
      const vmSize = `${sizes.dynamic ? 'Maximum RAM ' : ''}${showSize(steady.mb * MB)}`;
      const reserveText = `${int(reserve)} MB${fixedReserve !== undefined ? ' from sizing.osReserve' : ''}`;
      const fixable = limit >= MIN_MAX_SERVER_MEMORY_MB;
      const advice = fixable
        ? `Set it to at most ${int(limit)} MB${over ? ` (the VM less an OS reserve of ${reserveText})` : ''}.`
        : `That leaves SQL Server less than the ${MIN_MAX_SERVER_MEMORY_MB} MB max server memory needs at least: give the VM more memory${fixedReserve !== undefined ? ', or lower sizing.osReserve' : ''}.`;
      const source = vm.sources.find((s) => s.facts.maximum === steady.value || s.facts.startup === steady.value) ?? vm.sources[0];
      ctx.report({
        file: max.script.file,
        range: max.stmt.value!.range,
        severity: over ? 'error' : 'warning',
        message: over
          ? `max server memory (${int(max.valueMb)} MB) is more than ${vmLabel(vm.facts)} has (${vmSize}): SQL Server can take memory the guest OS needs, and the VM pages. ${advice}`
          : `max server memory (${int(max.valueMb)} MB) leaves the guest OS of ${vmLabel(vm.facts)} (${vmSize}) less than its OS reserve of ${reserveText}. ${advice}`,
        related: [{ file: source.vmFile.file, range: steady.value.range, message: `${sizes.dynamic ? 'Maximum RAM' : 'memory'} of ${vmLabel(vm.facts)}` }],
        fixes: fixable ? [{ title: `Set max server memory to ${int(limit)} MB`, applicability: 'unsafe', edits: [replace(max.script, max.stmt.value!.range, String(limit))] }] : [],
      });
    }
  },
};
