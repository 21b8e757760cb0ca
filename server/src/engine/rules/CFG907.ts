import { severityRank } from '../config/policy';
import type { Rule } from './rule';

/**
 * CFG907 policy-minimum: memlint.yaml gives a rule a lower severity than a team policy
 * pins (`minimumSeverity`), or turns it off. memlint keeps the policy's minimum; the
 * finding sits on the memlint.yaml value, so a reviewer sees the attempt.
 */
export const CFG907: Rule = {
  code: 'CFG907',
  name: 'policy-minimum',
  meta: {
    description: "memlint.yaml gives a rule a lower severity than the team policy's minimumSeverity, or turns it off; memlint keeps the policy's minimum.",
    severity: 'warning',
    fixable: 'safe',
    scope: 'file',
  },
  check(ctx) {
    for (const c of ctx.model.configs) {
      const own = c.own ?? c;
      for (const [code, r] of own.rules) {
        const minimum = c.minimumSeverities.get(code);
        if (!minimum || severityRank(r.severity) >= severityRank(minimum.value)) continue;
        const policy = (minimum.file ?? '').split(/[\\/]/).pop();
        const what = r.severity === 'off' ? 'turns it off' : `sets it to ${r.severity}`;
        ctx.report({
          file: c.file,
          range: r.range,
          message: `${code}: this memlint.yaml ${what}, but the team policy (${policy}) pins ${code} at ${minimum.value} or above: memlint reports ${code} as ${minimum.value}. Raise it here, or change the policy.`,
          fixes: [{ title: `Set ${code} to ${minimum.value}, the policy's minimum`, applicability: 'safe', edits: [{ file: c.file, range: r.range, newText: minimum.value }] }],
          related: minimum.file ? [{ file: minimum.file, range: minimum.range, message: `minimumSeverity: ${minimum.value}` }] : [],
        });
      }
    }
  },
};
