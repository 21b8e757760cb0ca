import { replace } from '../fixes/sql';
import type { Fix, Severity } from '../types';
import type { Rule } from './rule';
import { bytes, int } from './util';

/** The largest BUCKET_COUNT SQL Server accepts (domain.md §2.4). */
export const MAX_BUCKET_COUNT = 1_073_741_824;
/** Each hash bucket is an 8-byte pointer. */
const BYTES_PER_BUCKET = 8;

/** SQL Server rounds BUCKET_COUNT up to the next power of two. */
export function allocatedBuckets(bucketCount: number): number {
  let p = 1;
  while (p < bucketCount) p *= 2;
  return p;
}

/** XTP208 hash-bucket-count: a hash index BUCKET_COUNT above the maximum, below the declared rows, or far above them. */
export const XTP208: Rule = {
  code: 'XTP208',
  name: 'hash-bucket-count',
  meta: {
    description: 'A hash index BUCKET_COUNT is above the 1,073,741,824 maximum (error), below the rows declared with `-- memlint: rows=N` (warning), or more than 10 times those rows (info).',
    severity: 'warning',
    fixable: 'unsafe',
    scope: 'file',
    unit: 'script',
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      for (const s of script.parse.statements) {
        if (s.kind !== 'createTable') continue;
        for (const idx of s.indexes) {
          const v = idx.bucketCount;
          if (!idx.hash || !v || !v.known || v.number === undefined || !Number.isInteger(v.number) || v.number < 1) continue;
          const bc = v.number;
          const rows = s.rows && s.rows.count > 0 ? s.rows.count : undefined;
          // most indexes are fine: build messages only for those that are not
          if (bc <= MAX_BUCKET_COUNT && (rows === undefined || (bc >= rows && bc <= 10 * rows))) continue;
          const what = idx.name ? `hash index ${idx.name.value}` : `the hash index on ${idx.columns.join(', ') || s.name.value}`;
          const alloc = allocatedBuckets(Math.min(bc, MAX_BUCKET_COUNT));
          const allocated = `allocated as ${int(alloc)} buckets (2^${Math.log2(alloc)}, ${bytes(alloc * BYTES_PER_BUCKET)})`;
          // The next power of two >= 2 x rows, but never above what SQL Server accepts.
          const ideal = rows !== undefined ? allocatedBuckets(2 * rows) : undefined;
          const capped = ideal !== undefined && ideal > MAX_BUCKET_COUNT;
          const suggested = ideal !== undefined ? Math.min(ideal, MAX_BUCKET_COUNT) : undefined;
          const suggestion = suggested !== undefined ? `${int(suggested)} (${bytes(suggested * BYTES_PER_BUCKET)})` : '';
          let severity: Severity;
          let message: string;
          if (bc > MAX_BUCKET_COUNT) {
            severity = 'error';
            const hint = rows === undefined ? '' : capped ? ` Use the maximum, ${suggestion}, for the ${int(rows)} rows declared for ${s.name.value}.` : ` For the ${int(rows)} rows declared for ${s.name.value}, ${suggestion} is enough.`;
            message = `BUCKET_COUNT ${int(bc)} of ${what} is above the maximum of ${int(MAX_BUCKET_COUNT)}; SQL Server rejects the ${s.isType ? 'type' : 'table'}.${hint}`;
          } else if (rows !== undefined && bc < rows) {
            severity = 'warning';
            const hint = !capped
              ? `Use at least ${int(rows)}; the next power of two ≥ 2 × rows is ${suggestion}.`
              : bc < MAX_BUCKET_COUNT
                ? `Use the maximum, ${suggestion}: BUCKET_COUNT can't go above it.`
                : `BUCKET_COUNT is already at its maximum, ${int(MAX_BUCKET_COUNT)}.`;
            message = `BUCKET_COUNT ${int(bc)} of ${what} (${allocated}) is below the ${int(rows)} rows declared for ${s.name.value}: hash chains grow long and lookups slow down. ${hint}`;
          } else if (rows !== undefined && bc > 10 * rows) {
            severity = 'info';
            message = `BUCKET_COUNT ${int(bc)} of ${what} (${allocated}) is more than 10 × the ${int(rows)} rows declared for ${s.name.value}: most buckets stay empty and the index holds memory it does not need. ${suggestion} is enough.`;
          } else continue;
          const fixes: Fix[] =
            suggested !== undefined && suggested !== bc
              ? [
                  {
                    title: `Set BUCKET_COUNT to ${int(suggested)} (${capped ? 'the maximum' : `next power of two ≥ 2 × ${int(rows!)} rows`})`,
                    applicability: 'unsafe',
                    edits: [replace(script, v.range, String(suggested))],
                  },
                ]
              : [];
          ctx.report({ file: script.file, range: v.range, severity, message, fixes });
        }
      }
    }
  },
};
