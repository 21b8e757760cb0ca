import { vmLabel } from '../fixes/size';
import { BUFFER_RANGE } from '../hyperv/limits';
import type { Rule } from './rule';

/** HV405 buffer-range: the Dynamic Memory buffer is a percent from 5 to 2000 (domain.md §3.1). */
export const HV405: Rule = {
  code: 'HV405',
  name: 'buffer-range',
  meta: {
    description: 'The memory buffer is outside 5-2000 %.',
    severity: 'error',
    fixable: 'none',
    scope: 'file',
    unit: 'vmFile',
  },
  check(ctx) {
    for (const f of ctx.model.vmFiles) {
      for (const vm of f.vms) {
        const b = vm.buffer?.value;
        if (!vm.buffer || b === undefined || (Number.isInteger(b) && b >= BUFFER_RANGE.min && b <= BUFFER_RANGE.max)) continue;
        ctx.report({
          file: f.file,
          range: vm.buffer.range,
          message: `Memory buffer of ${vmLabel(vm)} is ${b} %; Hyper-V accepts a whole number from ${BUFFER_RANGE.min} to ${BUFFER_RANGE.max}.`,
        });
      }
    }
  },
};
