import { vmLabel } from '../fixes/size';
import type { Rule } from './rule';

/** HV407 dynamic-settings-ignored: Minimum/Maximum/Buffer have no effect while Dynamic Memory is off (domain.md §4.1). */
export const HV407: Rule = {
  code: 'HV407',
  name: 'dynamic-settings-ignored',
  meta: {
    description: 'Minimum RAM, Maximum RAM or the memory buffer is set while Dynamic Memory is off, where it has no effect.',
    severity: 'info',
    fixable: 'none',
    scope: 'file',
    unit: 'vmFile',
  },
  check(ctx) {
    for (const f of ctx.model.vmFiles) {
      for (const vm of f.vms) {
        if (vm.dynamic?.value !== false) continue; // only when Dynamic Memory is explicitly off
        for (const [what, value] of [['Minimum RAM', vm.minimum], ['Maximum RAM', vm.maximum], ['The memory buffer', vm.buffer]] as const) {
          if (!value) continue;
          ctx.report({
            file: f.file,
            range: value.range,
            message: `${what} of ${vmLabel(vm)} has no effect: Dynamic Memory is off for this VM, so it runs with its Startup RAM. Turn Dynamic Memory on, or remove the setting.`,
            related: vm.dynamic ? [{ file: f.file, range: vm.dynamic.range, message: 'Dynamic Memory is turned off here' }] : [],
          });
        }
      }
    }
  },
};
