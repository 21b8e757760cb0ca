import type { ConfigureStatement } from '../tsql/ast';
import type { Rule } from './rule';
import { where } from './util';

/** The smallest max server memory SQL Server 2016+ accepts (domain.md §2.3). */
export const MIN_MAX_SERVER_MEMORY_MB = 128;

/** SRV303 server-memory-values: max server memory below 128 MB, or min server memory above max server memory. */
export const SRV303: Rule = {
  code: 'SRV303',
  name: 'server-memory-values',
  meta: {
    description: "sp_configure sets 'max server memory (MB)' below 128, or 'min server memory (MB)' above 'max server memory (MB)'.",
    severity: 'error',
    fixable: 'none',
    scope: 'file',
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      let max: ConfigureStatement | undefined;
      let min: ConfigureStatement | undefined;
      for (const s of script.parse.statements) {
        if (s.kind !== 'configure' || !s.value || !s.value.known || s.value.number === undefined) continue;
        if (s.option === 'max server memory (MB)') {
          max = s;
          if (s.value.number < MIN_MAX_SERVER_MEMORY_MB) {
            ctx.report({
              file: script.file,
              range: s.value.range,
              message: `max server memory (MB) = ${s.value.raw} is below the minimum of ${MIN_MAX_SERVER_MEMORY_MB} MB; too little memory can keep SQL Server from starting. Set at least ${MIN_MAX_SERVER_MEMORY_MB}, and in practice what the workload needs.`,
            });
            continue;
          }
        } else if (s.option === 'min server memory (MB)') min = s;
        else continue;
        if (min && max && min.value!.number! > max.value!.number!) {
          const other = s === min ? max : min;
          ctx.report({
            file: script.file,
            range: s.value.range,
            message: `min server memory (MB) (${min.value!.raw}) is greater than max server memory (MB) (${max.value!.raw}, set at ${where(script, other.value!.range, script)}). Lower min server memory or raise max server memory.`,
            related: [{ file: script.file, range: other.value!.range, message: `${other.option} set here` }],
          });
        }
      }
    }
  },
};
