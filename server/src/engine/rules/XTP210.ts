import { MB } from '../hyperv/facts';
import { showSize } from '../hyperv/limits';
import type { Range } from '../types';
import type { Rule } from './rule';

/** Per-database memory-optimized data quota by edition, in MB (domain.md §2.4, [S21][S12]); Enterprise/Developer have none. */
export const EDITION_QUOTA_MB: Record<string, number> = { standard: 32 * 1024, web: 16 * 1024, express: 352 };

/** XTP210 edition-quota: a database's memory-optimized data above its edition's quota (error 41823). */
export const XTP210: Rule = {
  code: 'XTP210',
  name: 'edition-quota',
  meta: {
    description: "A database's memory-optimized data is above the per-database quota of the instance's edition (Standard 32 GB, Web 16 GB, Express 352 MB).",
    severity: 'error',
    fixable: 'none',
    scope: 'workspace',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      const edition = inst.decl?.edition?.value;
      const quotaMb = edition ? EDITION_QUOTA_MB[edition] : undefined;
      if (quotaMb === undefined) continue;
      for (const d of inst.databases.values()) {
        const data = d.inMemoryData;
        if (!data || data.mb <= quotaMb) continue;
        let at: { file: string; range: Range } | undefined;
        if (data.declared) at = { file: data.declared.config.file, range: data.declared.range };
        else if (data.tables[0]) at = { file: data.tables[0].script.file, range: data.tables[0].table.name.range };
        if (!at) continue;
        ctx.report({
          ...at,
          message: `${d.name} holds ${showSize(Math.round(data.mb) * MB)}${data.estimated ? ' (estimated)' : ''} of memory-optimized data, above the ${showSize(quotaMb * MB)} per-database quota of ${edition!.charAt(0).toUpperCase() + edition!.slice(1)} edition on ${inst.label}: inserts fail with error 41823 once the quota is reached.`,
          related: inst.decl?.edition && inst.config ? [{ file: inst.config.file, range: inst.decl.edition.range, message: 'edition set here' }] : [],
        });
      }
    }
  },
};
