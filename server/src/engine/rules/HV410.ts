import { vmLabel } from '../fixes/size';
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
    const reported = new Set<string>();
    for (const inst of ctx.model.instances) {
      const vm = inst.vm;
      if (!vm || vm.facts.dynamic?.value !== true || !vm.facts.dynamic || reported.has(vm.key)) continue;
      reported.add(vm.key);
      const src = vm.sources.find((s) => s.facts.dynamic === vm.facts.dynamic) ?? vm.sources[0];
      ctx.report({
        file: src.vmFile.file,
        range: vm.facts.dynamic.range,
        message: `${vmLabel(vm.facts)} runs SQL Server (${inst.label}) with Dynamic Memory. SQL Server manages its own memory; Microsoft's guidance is fixed memory for it, or at least a min server memory the VM's Minimum RAM can cover.`,
      });
    }
  },
};
