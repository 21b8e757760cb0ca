import { vmLabel } from '../fixes/size';
import { showSize, vmMemoryLimit } from '../hyperv/limits';
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
        // with Dynamic Memory the VM can grow to Maximum; otherwise it has its Startup size
        const value = vm.dynamic?.value === true ? vm.maximum ?? vm.startup : vm.startup;
        if (!value || value.bytes === undefined) continue;
        const hostVersion = vm.hostVersion?.value;
        const limit = vmMemoryLimit(vm.generation?.value, hostVersion);
        if (value.bytes <= limit.bytes) continue;
        const what = value === vm.maximum ? 'Maximum RAM' : vm.dynamic?.value === true ? 'Startup RAM' : 'Memory';
        ctx.report({
          file: f.file,
          range: value.range,
          message: `${what} of ${vmLabel(vm)} (${showSize(value.bytes)}) is above the ${showSize(limit.bytes)} that ${limit.why} can have; Hyper-V rejects it.`,
        });
      }
    }
  },
};
