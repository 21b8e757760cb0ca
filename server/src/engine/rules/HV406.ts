import { vmLabel } from '../fixes/size';
import { PRIORITY_RANGE, WEIGHT_RANGE } from '../hyperv/limits';
import type { Rule } from './rule';

/** HV406 priority-range: -Priority 0-100, or XML/WMI weight 0-10000 (domain.md §3.1). */
export const HV406: Rule = {
  code: 'HV406',
  name: 'priority-range',
  meta: {
    description: 'Memory priority is outside 0-100 (PowerShell -Priority), or the memory weight outside 0-10000 (XML/WMI).',
    severity: 'error',
    fixable: 'none',
    scope: 'file',
    unit: 'vmFile',
  },
  check(ctx) {
    for (const f of ctx.model.vmFiles) {
      for (const vm of f.vms) {
        for (const [what, value, range] of [['priority', vm.priority, PRIORITY_RANGE], ['weight', vm.weight, WEIGHT_RANGE]] as const) {
          const v = value?.value;
          if (!value || v === undefined || (Number.isInteger(v) && v >= range.min && v <= range.max)) continue;
          ctx.report({
            file: f.file,
            range: value.range,
            // the weight range is derived (Priority x 100, non-official [S34]): the message says so
            message: `Memory ${what} of ${vmLabel(vm)} is ${v}; Hyper-V accepts a whole number from ${range.min} to ${range.max.toLocaleString('en-US')}${what === 'weight' ? ' (the weight is the -Priority value x 100)' : ''}.`,
          });
        }
      }
    }
  },
};
