import { vmLabel } from '../fixes/size';
import { showSize, vmMemoryLimit } from '../hyperv/limits';
import { vmConflicts } from '../model/model';
import type { Rule } from './rule';

/** HV403 maximum-over-limit: Maximum RAM (or the static size) above the per-VM limit (domain.md §3.2). */
export const HV403: Rule = {
  code: 'HV403',
  name: 'maximum-over-limit',
  meta: {
    description: 'Maximum RAM (or the static memory size) is above what one VM may have on its generation and host version.',
    severity: 'error',
    fixable: 'none',
    scope: 'file',
  },
  check(ctx) {
    for (const f of ctx.model.vmFiles) {
      for (const vm of f.vms) {
        // the VM across the workspace: its host version may come from memlint.yaml `hosts:`,
        // its generation or Dynamic Memory setting from another file
        const model = vm.name !== undefined ? ctx.model.vm(ctx.model.configOf(f.file), vm.name) : undefined;
        // (not when the other files disagree on it: CFG903 says so, and which one holds is unknown)
        const dynamic = vm.dynamic?.value ?? (model && !vmConflicts(model, 'dynamic') ? model.facts.dynamic?.value : undefined);
        // with Dynamic Memory the VM can grow to Maximum; a Maximum is checked too when nothing
        // says Dynamic Memory is off (Hyper-V rejects it either way); else the Startup size counts
        const value = dynamic !== false ? vm.maximum ?? vm.startup : vm.startup;
        if (!value || value.bytes === undefined) continue;
        const hostVersion = vm.hostVersion?.value ?? model?.hostVersion;
        const limit = vmMemoryLimit(vm.generation?.value ?? (model && !vmConflicts(model, 'generation') ? model.facts.generation?.value : undefined), hostVersion);
        if (value.bytes <= limit.bytes) continue;
        const what = value === vm.maximum ? 'Maximum RAM' : dynamic === true ? 'Startup RAM' : 'Memory';
        ctx.report({
          file: f.file,
          range: value.range,
          message: `${what} of ${vmLabel(vm)} (${showSize(value.bytes)}) is above the ${showSize(limit.bytes)} that ${limit.why} can have; Hyper-V rejects it.`,
        });
      }
    }
  },
};
