import type { Rule } from './rule';

/** CFG901 config-invalid: memlint.yaml is not valid YAML or does not match its schema. */
export const CFG901: Rule = {
  code: 'CFG901',
  name: 'config-invalid',
  meta: {
    description: 'memlint.yaml (or a team policy file) is not valid YAML or does not match its schema (schemas/memlint.schema.json, schemas/memlint-policy.schema.json), or a *.vm.yaml VM spec is not valid YAML; reported at the exact key or value.',
    severity: 'error',
    fixable: 'none',
    scope: 'file',
  },
  check(ctx) {
    // memlint.yaml files and the policy files of the workspace (a default policy's own
    // problems are the host's to show: it is not a workspace file)
    for (const c of [...ctx.model.configs, ...ctx.model.policies]) for (const e of c.errors) ctx.report({ file: c.file, range: e.range, message: e.message });
    // *.vm.yaml VM specs: YAML that can't be read as written (what could be read is still checked)
    for (const v of ctx.model.vmFiles) for (const e of v.problems ?? []) ctx.report({ file: v.file, range: e.range, message: e.message });
  },
};
