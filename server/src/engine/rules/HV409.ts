import { showSize } from '../hyperv/limits';
import { setVmField, vmLabel } from '../fixes/size';
import { type VmModel, hasMemoryOptimizedData, vmConflicts } from '../model/model';
import type { Rule } from './rule';

/**
 * HV409 smart-paging-risk: a Dynamic Memory VM with In-Memory OLTP data and Minimum RAM
 * below Startup RAM: restarting under host pressure bridges the gap with Smart Paging
 * (disk used as memory) just while the data streams in (domain.md §3.4, [S30]).
 */
export const HV409: Rule = {
  code: 'HV409',
  name: 'smart-paging-risk',
  meta: {
    description: 'A Dynamic Memory VM that hosts an instance with memory-optimized data has Minimum RAM below Startup RAM, so a restart under host pressure can run on Smart Paging.',
    severity: 'warning',
    fixable: 'unsafe',
    scope: 'workspace',
  },
  check(ctx) {
    // one finding per VM, however many of its instances hold memory-optimized data
    const byVm = new Map<string, { vm: VmModel; hosts: { label: string; dbs: string[] }[] }>();
    for (const inst of ctx.model.instances) {
      const vm = inst.vm;
      // files that disagree on the VM's memory: CFG903 says so, and which is deployed is unknown
      if (!vm || vm.facts.dynamic?.value !== true || vmConflicts(vm, 'dynamic', 'startup', 'minimum')) continue;
      const dbs = [...inst.databases.values()].filter(hasMemoryOptimizedData);
      if (!dbs.length) continue;
      let entry = byVm.get(vm.key);
      if (!entry) byVm.set(vm.key, (entry = { vm, hosts: [] }));
      entry.hosts.push({ label: inst.label, dbs: dbs.map((d) => d.name) });
    }
    for (const { vm, hosts } of byVm.values()) {
      const start = vm.facts.startup?.bytes;
      const min = vm.facts.minimum;
      if (start === undefined || !min || min.bytes === undefined || min.bytes >= start) continue;
      const src = vm.sources.find((s) => s.facts.minimum === min) ?? vm.sources[0];
      ctx.report({
        file: src.vmFile.file,
        range: min.range,
        message: `${vmLabel(vm.facts)} hosts ${hosts.length === 1 ? `${hosts[0].label} with memory-optimized data (${hosts[0].dbs.join(', ')})` : `${hosts.map((h) => `${h.label} (${h.dbs.join(', ')})`).join(' and ')}, with memory-optimized data,`} and may shrink to ${showSize(min.bytes)}, below its ${showSize(start)} Startup RAM: a restart while the host is short of memory runs on Smart Paging (disk used as memory) exactly while the data streams back in. Raise Minimum RAM to Startup RAM.`,
        fixes: [{ title: `Raise Minimum RAM of ${vmLabel(vm.facts)} to ${showSize(start)}`, applicability: 'unsafe', edits: setVmField(vm, 'minimum', start) }],
      });
    }
  },
};
