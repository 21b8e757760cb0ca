import type { PoolStatement, ResourceGovernorStatement, WorkloadGroupStatement } from '../tsql/ast';
import type { Rule } from './rule';

/** Editions with Resource Governor (domain.md §1.8): Enterprise, Developer, Evaluation; Standard from 2025. */
export function editionHasResourceGovernor(edition: string, version: number | undefined): boolean {
  if (['enterprise', 'developer', 'evaluation'].includes(edition)) return true;
  return edition === 'standard' && version !== undefined && version >= 2025;
}

/** RG110 rg-edition: Resource Governor DDL on an edition without Resource Governor (error 10981: the DDL runs, nothing applies). */
export const RG110: Rule = {
  code: 'RG110',
  name: 'rg-edition',
  meta: {
    description: "Resource Governor DDL on an instance whose edition (memlint.yaml) lacks Resource Governor: it runs, but nothing takes effect.",
    severity: 'error',
    fixable: 'none',
    scope: 'workspace',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      const edition = inst.decl?.edition?.value;
      if (!edition || editionHasResourceGovernor(edition, inst.decl?.version?.value)) continue;
      const version = inst.decl?.version?.value;
      for (const script of inst.scripts) {
        // once per script, on its first Resource Governor statement
        const first = script.parse.statements.find(
          (s): s is PoolStatement | WorkloadGroupStatement | ResourceGovernorStatement =>
            s.kind === 'createPool' || s.kind === 'alterPool' || s.kind === 'createGroup' || s.kind === 'alterGroup' || s.kind === 'alterResourceGovernor',
        );
        if (!first) continue;
        const count = script.parse.statements.filter((s) => s.kind === 'createPool' || s.kind === 'alterPool' || s.kind === 'dropPool' || s.kind === 'createGroup' || s.kind === 'alterGroup' || s.kind === 'dropGroup' || s.kind === 'alterResourceGovernor').length;
        ctx.report({
          file: script.file,
          range: first.kind === 'alterResourceGovernor' ? first.actionRange : first.name.range,
          message: `${inst.label} is ${edition.charAt(0).toUpperCase() + edition.slice(1)} edition${version ? ` ${version}` : ''}, which has no Resource Governor${edition === 'standard' ? ' before SQL Server 2025' : ''}: the ${count} Resource Governor statement${count === 1 ? '' : 's'} in this script run (message 10981) but none takes effect, and In-Memory OLTP data stays in the default pool.`,
          related: inst.decl?.edition && inst.config ? [{ file: inst.config.file, range: inst.decl.edition.range, message: 'edition set here' }] : [],
        });
      }
    }
  },
};
