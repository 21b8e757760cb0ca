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
    unit: 'script',
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      let max: ConfigureStatement | undefined;
      let min: ConfigureStatement | undefined;
      for (const s of script.parse.statements) {
        if (s.kind !== 'configure' || !s.value) continue;
        if (!s.value.known || s.value.number === undefined || Number.isNaN(s.value.number)) {
          // A value memlint can't know ($(var), @var, an expression) replaces the earlier one.
          if (s.option === 'max server memory (MB)') max = undefined;
          else if (s.option === 'min server memory (MB)') min = undefined;
          continue;
        }
        if (s.option === 'max server memory (MB)') {
          if (s.value.number < MIN_MAX_SERVER_MEMORY_MB) {
            ctx.report({
              file: script.file,
              range: s.value.range,
              message: `max server memory (MB) = ${s.value.raw} is below the minimum of ${MIN_MAX_SERVER_MEMORY_MB} MB; too little memory can keep SQL Server from starting. Set at least ${MIN_MAX_SERVER_MEMORY_MB}, and in practice what the workload needs.`,
            });
            // sp_configure refuses values outside the option's range, so the earlier max
            // stays in force for the comparison with min.
            continue;
          }
          max = s;
        } else if (s.option === 'min server memory (MB)') min = s;
        else continue;
        if (min && max && min.value!.number! > max.value!.number!) {
          const other = s === min ? max : min;
          // Say where the value set earlier comes from, whichever of the two it is.
          const minText = s === min ? min.value!.raw : `${min.value!.raw}, set at ${where(script, min.value!.range, script)}`;
          const maxText = s === max ? max.value!.raw : `${max.value!.raw}, set at ${where(script, max.value!.range, script)}`;
          ctx.report({
            file: script.file,
            range: s.value.range,
            message: `min server memory (MB) (${minText}) is greater than max server memory (MB) (${maxText}). Lower min server memory or raise max server memory.`,
            related: [{ file: script.file, range: other.value!.range, message: `${other.option} set here` }],
          });
        }
      }
    }
  },
};
