import { MB } from '../hyperv/facts';
import { showSize } from '../hyperv/limits';
import { setVmField, vmLabel } from '../fixes/size';
import { vmConflicts } from '../model/model';
import type { Rule } from './rule';

/**
 * The least Startup RAM a guest needs (domain.md §3.6 [S49][S50]): Windows Server 2016+
 * 512 MB (Server Core) / 2 GB (Desktop Experience); 2012 / 2012 R2 512 MB Startup and
 * 256 MB Minimum. A VM running SQL Server needs 1 GB (Express 512 MB).
 */
function guestMinimums(guestOs: string | undefined): { startupMb: number; minimumMb?: number; why: string } | undefined {
  if (!guestOs) return undefined;
  const m = /windows\s+server\s+(2012(\s*r2)?|2016|2019|2022|2025)/i.exec(guestOs);
  if (!m) return undefined;
  if (/^2012/i.test(m[1])) return { startupMb: 512, minimumMb: 256, why: `Windows Server ${m[1].replace(/\s+/g, ' ').toUpperCase()}` };
  const core = /\bcore\b/i.test(guestOs);
  return { startupMb: core ? 512 : 2048, why: `Windows Server ${m[1]} ${core ? 'Server Core' : 'with Desktop Experience'}` };
}

/** HV408 startup-below-guest-minimum: Startup (or static) RAM below what the guest OS or SQL Server needs. */
export const HV408: Rule = {
  code: 'HV408',
  name: 'startup-below-guest-minimum',
  meta: {
    description: 'Startup (or static) RAM is below what the guest OS needs, or below 1 GB on a VM that runs SQL Server (512 MB for Express).',
    severity: 'warning',
    fixable: 'safe',
    scope: 'workspace',
  },
  check(ctx) {
    const sqlOn = new Map<string, string[]>(); // VM key -> editions of the instances on it
    for (const inst of ctx.model.instances) if (inst.vm) sqlOn.set(inst.vm.key, [...(sqlOn.get(inst.vm.key) ?? []), inst.decl?.edition?.value ?? '']);
    for (const vm of ctx.model.vms) {
      const start = vm.facts.startup;
      // files that disagree on Startup RAM: CFG903 says so, and which value is deployed is unknown
      if (!start || start.bytes === undefined || vmConflicts(vm, 'startup')) continue;
      const needs: { mb: number; why: string }[] = [];
      const guest = guestMinimums(vm.facts.guestOs?.value);
      if (guest) needs.push({ mb: guest.startupMb, why: guest.why });
      const editions = sqlOn.get(vm.key);
      if (editions) needs.push(editions.every((e) => e === 'express') ? { mb: 512, why: 'SQL Server Express' } : { mb: 1024, why: 'SQL Server' });
      const need = needs.sort((a, b) => b.mb - a.mb)[0];
      if (need && start.bytes < need.mb * MB) {
        const src = vm.sources.find((s) => s.facts.startup === start) ?? vm.sources[0];
        // with Dynamic Memory, Startup above Maximum is rejected (HV401): raise Maximum with it
        const max = vm.facts.maximum?.bytes;
        const raiseMax = vm.facts.dynamic?.value === true && max !== undefined && max < need.mb * MB;
        const edits = setVmField(vm, 'startup', need.mb * MB);
        if (raiseMax) edits.push(...setVmField(vm, 'maximum', need.mb * MB));
        ctx.report({
          file: src.vmFile.file,
          range: start.range,
          message: `Startup RAM of ${vmLabel(vm.facts)} (${showSize(start.bytes)}) is below the ${showSize(need.mb * MB)} ${need.why} needs.${raiseMax ? ` Raise it, and Maximum RAM (${showSize(max)}) with it.` : ''}`,
          fixes: [{ title: `Raise Startup RAM of ${vmLabel(vm.facts)} to ${showSize(need.mb * MB)}${raiseMax ? ' (and Maximum RAM with it)' : ''}`, applicability: 'safe', edits }],
        });
      }
      const min = vm.facts.minimum;
      if (guest?.minimumMb && vm.facts.dynamic?.value === true && !vmConflicts(vm, 'dynamic', 'minimum') && min?.bytes !== undefined && min.bytes < guest.minimumMb * MB) {
        const src = vm.sources.find((s) => s.facts.minimum === min) ?? vm.sources[0];
        ctx.report({
          file: src.vmFile.file,
          range: min.range,
          message: `Minimum RAM of ${vmLabel(vm.facts)} (${showSize(min.bytes)}) is below the ${guest.minimumMb} MB ${guest.why} needs with Dynamic Memory.`,
          fixes: [{ title: `Raise Minimum RAM of ${vmLabel(vm.facts)} to ${guest.minimumMb} MB`, applicability: 'safe', edits: setVmField(vm, 'minimum', guest.minimumMb * MB) }],
        });
      }
    }
  },
};
