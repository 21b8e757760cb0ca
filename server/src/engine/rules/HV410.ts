import { vmLabel } from '../fixes/size';
import { type VmModel, vmConflicts } from '../model/model';
import type { Rule } from './rule';

/** HV410 dynamic-memory-sql: a VM running SQL Server uses Dynamic Memory (domain.md §3.7). */
export const HV410: Rule = {
  code: 'HV410',
  name: 'dynamic-memory-sql',
  meta: {
    description: "A VM that hosts a SQL Server instance uses Dynamic Memory; Microsoft's guidance for SQL Server is fixed memory, or at least min server memory.",
    severity: 'info',
    fixable: 'none',
    scope: 'workspace',
  },
  check(ctx) {
    // one finding per VM, naming every instance on it
    const byVm = new Map<string, { vm: VmModel; labels: string[] }>();
    for (const inst of ctx.model.instances) {
      const vm = inst.vm;
      // files that disagree on Dynamic Memory: CFG903 says so, and which is deployed is unknown
      if (!vm || vm.facts.dynamic?.value !== true || vmConflicts(vm, 'dynamic')) continue;
      const entry = byVm.get(vm.key);
      if (entry) entry.labels.push(inst.label);
      else byVm.set(vm.key, { vm, labels: [inst.label] });
    }
    for (const { vm, labels } of byVm.values()) {
      const dynamic = vm.facts.dynamic!;
      const src = vm.sources.find((s) => s.facts.dynamic === dynamic) ?? vm.sources[0];
      ctx.report({
        file: src.vmFile.file,
        range: dynamic.range,
        message: `${vmLabel(vm.facts)} runs SQL Server (${labels.join(', ')}) with Dynamic Memory. SQL Server manages its own memory; Microsoft's guidance is fixed memory for it, or at least a min server memory the VM's Minimum RAM can cover.`,
      });
    }
  },
};
