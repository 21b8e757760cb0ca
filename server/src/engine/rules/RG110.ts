import type { DropPoolStatement, PoolStatement, ResourceGovernorStatement, Statement, WorkloadGroupStatement } from '../tsql/ast';
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
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      const edition = inst.decl?.edition?.value;
      const version = inst.decl?.version?.value;
      if (!edition || editionHasResourceGovernor(edition, version)) continue;
      // Standard of an unknown version may be 2025, which has Resource Governor: don't guess
      if (edition === 'standard' && version === undefined) continue;
      for (const script of inst.scripts) {
        // once per script, on its first Resource Governor statement (a DROP is one too)
        const rg = script.parse.statements.filter(isResourceGovernorStatement);
        const first = rg[0];
        if (!first) continue;
        const count = rg.length;
        ctx.report({
          file: script.file,
          range: first.kind === 'alterResourceGovernor' ? first.actionRange : first.name.range,
          message: `${inst.label} is ${edition.charAt(0).toUpperCase() + edition.slice(1)} edition${version ? ` ${version}` : ''}, which has no Resource Governor${edition === 'standard' ? ' before SQL Server 2025' : ''}: ${count === 1 ? 'the Resource Governor statement in this script runs (message 10981) but does not take effect' : `the ${count} Resource Governor statements in this script run (message 10981) but none takes effect`}, and In-Memory OLTP data stays in the default pool.`,
          related: inst.decl?.edition && inst.config ? [{ file: inst.config.file, range: inst.decl.edition.range, message: 'edition set here' }] : [],
        });
      }
    }
  },
};

function isResourceGovernorStatement(s: Statement): s is PoolStatement | DropPoolStatement | WorkloadGroupStatement | ResourceGovernorStatement {
  return s.kind === 'createPool' || s.kind === 'alterPool' || s.kind === 'dropPool' || s.kind === 'createGroup' || s.kind === 'alterGroup' || s.kind === 'dropGroup' || s.kind === 'alterResourceGovernor';
}
