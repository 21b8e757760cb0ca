import { setPoolOption } from '../fixes/sql';
import type { PoolStatement } from '../tsql/ast';
import type { Rule } from './rule';
import { pool, where } from './util';

/** RG102 pool-min-exceeds-max: after CREATE and ALTERs in order, MIN > MAX or CAP_CPU < MIN_CPU (errors 10908/10909). */
export const RG102: Rule = {
  code: 'RG102',
  name: 'pool-min-exceeds-max',
  meta: {
    description: 'After the pool statements so far, a MIN_x option exceeds its MAX_x (or CAP_CPU_PERCENT is below MIN_CPU_PERCENT).',
    severity: 'error',
    fixable: 'unsafe',
    scope: 'file',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      for (const step of inst.pools.steps) {
        for (const p of step.problems) {
          if (p.kind !== 'minMax') continue;
          const stmt = step.stmt as PoolStatement;
          const name = pool(stmt.name.value);
          const related = [];
          const other = p.culprit.name === p.low ? p.highSource : p.lowSource;
          if (other && other.stmt !== stmt) {
            related.push({ file: other.script.file, range: other.option.range, message: `${other.option.name} of ${name} set here` });
          }
          // The place of the value set by an earlier statement goes next to that value.
          const otherPlace = other && other.stmt !== stmt ? `, set at ${where(other.script, other.option.range, step.script)}` : '';
          const lowPlace = other === p.lowSource ? otherPlace : '';
          const highPlace = other === p.highSource ? otherPlace : '';
          ctx.report({
            file: step.script.file,
            range: p.culprit.value ? p.culprit.value.range : p.culprit.range,
            // Which of 10908 ("greater than") and 10909 ("less than") SQL Server raises is not documented (domain.md §1.7).
            message: `Pool ${name}: ${p.low} (${p.lowValue}${lowPlace}) is greater than ${p.high} (${p.highValue}${highPlace}); SQL Server rejects this statement (error 10908 or 10909). Lower ${p.low} to ${p.highValue} or raise ${p.high}.`,
            related,
            fixes: [
              {
                title: `Lower ${p.low} of ${name} to ${p.highValue}`,
                applicability: 'unsafe',
                edits: [setPoolOption(step.script, stmt, p.low, p.highValue)],
              },
            ],
          });
        }
      }
    }
  },
};
