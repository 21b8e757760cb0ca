import { setSize, vmLabel } from '../fixes/size';
import { ALIGNMENT_BYTES, showSize } from '../hyperv/limits';
import type { Rule } from './rule';

/** HV404 memory-alignment: sizes must be whole multiples of 2 MB (domain.md §3.1, [S38]). */
export const HV404: Rule = {
  code: 'HV404',
  name: 'memory-alignment',
  meta: {
    description: 'A VM memory size is not a whole multiple of 2 MB; Hyper-V rejects it ("Memory values must be properly aligned").',
    severity: 'error',
    fixable: 'safe',
    scope: 'file',
    unit: 'vmFile',
  },
  check(ctx) {
    for (const f of ctx.model.vmFiles) {
      for (const vm of f.vms) {
        for (const [what, value] of [['Startup RAM', vm.startup], ['Minimum RAM', vm.minimum], ['Maximum RAM', vm.maximum]] as const) {
          if (!value || value.bytes === undefined || value.bytes % ALIGNMENT_BYTES === 0) continue;
          const aligned = Math.ceil(value.bytes / ALIGNMENT_BYTES) * ALIGNMENT_BYTES;
          ctx.report({
            file: f.file,
            range: value.range,
            message: `${what} of ${vmLabel(vm)} (${showSize(value.bytes)}) is not a multiple of 2 MB; Hyper-V rejects it ("Memory values must be properly aligned"). Use ${showSize(aligned)}.`,
            fixes: [{ title: `Round ${what} of ${vmLabel(vm)} up to ${showSize(aligned)}`, applicability: 'safe', edits: [setSize(f, value, aligned)] }],
          });
        }
      }
    }
  },
};
