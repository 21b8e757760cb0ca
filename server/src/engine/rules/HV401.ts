import { setSize, vmLabel } from '../fixes/size';
import { showSize } from '../hyperv/limits';
import type { Rule } from './rule';

/** HV401 memory-order: with Dynamic Memory, Minimum <= Startup <= Maximum (domain.md §3.1). */
export const HV401: Rule = {
  code: 'HV401',
  name: 'memory-order',
  meta: {
    description: 'A Dynamic Memory VM has Minimum RAM above Startup RAM, or Startup RAM above Maximum RAM.',
    severity: 'error',
    fixable: 'unsafe',
    scope: 'file',
    unit: 'vmFile',
  },
  check(ctx) {
    for (const f of ctx.model.vmFiles) {
      for (const vm of f.vms) {
        if (vm.dynamic?.value !== true) continue;
        const start = vm.startup?.bytes;
        const min = vm.minimum?.bytes;
        const max = vm.maximum?.bytes;
        if (start === undefined) {
          // Startup unknown or not written here: Minimum > Maximum breaks the order whatever Startup is
          if (vm.minimum && vm.maximum && min !== undefined && max !== undefined && min > max) {
            ctx.report({
              file: f.file,
              range: vm.minimum.range,
              message: `Minimum RAM of ${vmLabel(vm)} (${showSize(min)}) is above its Maximum RAM (${showSize(max)}); Hyper-V requires Minimum <= Startup <= Maximum and rejects the setting whatever Startup RAM is. Lower Minimum RAM or raise Maximum RAM.`,
              related: [{ file: f.file, range: vm.maximum.range, message: 'Maximum RAM' }],
            });
          }
          continue;
        }
        if (vm.minimum && min !== undefined && min > start) {
          ctx.report({
            file: f.file,
            range: vm.minimum.range,
            message: `Minimum RAM of ${vmLabel(vm)} (${showSize(min)}) is above its Startup RAM (${showSize(start)}); Hyper-V requires Minimum <= Startup <= Maximum and rejects the setting. Lower Minimum RAM to at most ${showSize(start)}.`,
            related: vm.startup ? [{ file: f.file, range: vm.startup.range, message: 'Startup RAM' }] : [],
            fixes: [{ title: `Lower Minimum RAM of ${vmLabel(vm)} to ${showSize(start)}`, applicability: 'unsafe', edits: [setSize(f, vm.minimum, start)] }],
          });
        }
        if (vm.maximum && max !== undefined && start > max) {
          ctx.report({
            file: f.file,
            range: vm.maximum.range,
            message: `Maximum RAM of ${vmLabel(vm)} (${showSize(max)}) is below its Startup RAM (${showSize(start)}); Hyper-V requires Minimum <= Startup <= Maximum and rejects the setting. Raise Maximum RAM to at least ${showSize(start)}.`,
            related: vm.startup ? [{ file: f.file, range: vm.startup.range, message: 'Startup RAM' }] : [],
            fixes: [{ title: `Raise Maximum RAM of ${vmLabel(vm)} to ${showSize(start)}`, applicability: 'unsafe', edits: [setSize(f, vm.maximum, start)] }],
          });
        }
      }
    }
  },
};
