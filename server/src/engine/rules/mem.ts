/** Message pieces shared by the MEM rules, so the waterfall reads the same everywhere. */
import { setPoolOptions } from '../fixes/sql';
import type { PoolNeed } from '../model/budget';
import type { Waterfall } from '../model/memory';
import { sumOfMinimums } from '../model/pools';
import type { Fix, RelatedLocation } from '../types';
import { int, pool } from './util';

export function mb(n: number): string {
  return Number.isInteger(n) ? `${int(n)} MB` : `${int(Math.floor(n))}.${String(Math.round((n % 1) * 10)).slice(0, 1)} MB`;
}

export function gb(n: number): string {
  return `${n} GB`;
}

/** "B = T 12,288 MB × 80 % × 75 % = 7,372.8 MB" */
export function budgetFormula(w: Waterfall): string {
  return `${mb(w.sqlTargetMb)} SQL target × ${w.poolPercent} % × ${Math.round(w.xtpShare * 100)} % In-Memory OLTP share = ${mb(w.budgetMb)}`;
}

export function databasesOf(need: PoolNeed): string {
  return need.databases.map((d) => d.name).join(', ');
}

/** "24,576 MB" or "24,576 MB (estimated)". */
export function dataText(need: PoolNeed, factor = 1): string {
  return `${mb(need.dataMb * factor)}${need.estimated ? ' (estimated)' : ''}`;
}

/** Where the data is: the bindings in SQL scripts, or the databases in memlint.yaml. */
export function dataLocations(need: PoolNeed): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  for (const d of need.databases) {
    if (d.binding) out.push({ file: d.binding.script.file, range: d.binding.stmt.database?.range ?? d.binding.stmt.range, message: `${d.name} is bound to ${pool(need.poolName)} here` });
    // and where its size comes from
    if (d.inMemoryData?.declared) out.push({ file: d.inMemoryData.declared.config.file, range: d.inMemoryData.declared.range, message: `in-memory data of ${d.name}` });
    else if (d.tables[0]) out.push({ file: d.tables[0].script.file, range: d.tables[0].stmt.name.range, message: `memory-optimized table of ${d.name} (size estimated)` });
  }
  return out;
}

/**
 * A fix setting MIN = MAX = percent on the pool, when its CREATE/ALTER is in a script and
 * the minimums of all pools stay at or below 100.
 */
export function poolPercentFix(need: PoolNeed, percent: number): Fix | undefined {
  const p = need.pool;
  if (!p || p.predefined || percent > 100 || !p.last) return undefined;
  if (sumOfMinimums(need.instance.pools.pools.values(), 'MIN_MEMORY_PERCENT', p.key) + percent > 100) return undefined;
  const target = p.last;
  // one statement gets both options, so no statement ever has MIN > MAX
  const edits = setPoolOptions(target.script, target.stmt, [['MIN_MEMORY_PERCENT', percent], ['MAX_MEMORY_PERCENT', percent]]);
  return { title: `Set MIN_MEMORY_PERCENT = MAX_MEMORY_PERCENT = ${percent} on ${pool(need.poolName)}`, applicability: 'safe', edits };
}
