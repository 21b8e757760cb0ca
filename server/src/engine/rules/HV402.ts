import { setSize, vmLabel } from '../fixes/size';
import { MINIMUM_RAM_BYTES, showSize } from '../hyperv/limits';
import type { Rule } from './rule';

/** HV402 minimum-below-32mb: Minimum RAM must be at least 32 MB (domain.md §3.1). */
export const HV402: Rule = {
  code: 'HV402',
  name: 'minimum-below-32mb',
  meta: {
    description: 'Minimum RAM is below 32 MB, the least Hyper-V accepts.',
    severity: 'error',
    fixable: 'safe',
    scope: 'file',
    unit: 'vmFile',
  },
  check(ctx) {
    for (const f of ctx.model.vmFiles) {
      for (const vm of f.vms) {
        const min = vm.minimum?.bytes;
        if (!vm.minimum || min === undefined || min >= MINIMUM_RAM_BYTES) continue;
        ctx.report({
          file: f.file,
          range: vm.minimum.range,
          message: `Minimum RAM of ${vmLabel(vm)} is ${showSize(min)}; Hyper-V requires at least 32 MB. Set it to 32 MB or more.`,
          fixes: [{ title: `Set Minimum RAM of ${vmLabel(vm)} to 32 MB`, applicability: 'safe', edits: [setSize(f, vm.minimum, MINIMUM_RAM_BYTES)] }],
        });
      }
    }
  },
};
