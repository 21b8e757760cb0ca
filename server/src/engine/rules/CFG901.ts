import type { Rule } from './rule';

/** CFG901 config-invalid: memlint.yaml is not valid YAML or does not match its schema. */
export const CFG901: Rule = {
  code: 'CFG901',
  name: 'config-invalid',
  meta: {
    description: 'memlint.yaml is not valid YAML or does not match schemas/memlint.schema.json; reported at the exact key or value.',
    severity: 'error',
    fixable: 'none',
    scope: 'file',
  },
  check(ctx) {
    for (const c of ctx.model.configs) for (const e of c.errors) ctx.report({ file: c.file, range: e.range, message: e.message });
  },
};
