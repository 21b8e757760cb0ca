/** Message pieces shared by the MEM rules, so the waterfall reads the same everywhere. */
import { setPoolOptions } from '../fixes/sql';
import type { PoolNeed } from '../model/budget';
import type { Waterfall } from '../model/memory';
import { sumOfMinimums } from '../model/pools';
import type { Fix, RelatedLocation } from '../types';
import { int, pool } from './util';

/** MB with at most one decimal: 7372.8 -> "7,372.8 MB", 1125.96 -> "1,126 MB". */
export function mb(n: number): string {
  // round once, to tenths, so .96 carries into the units instead of printing ".1"
  const tenths = Math.round(n * 10);
  return tenths % 10 === 0 ? `${int(tenths / 10)} MB` : `${int(Math.floor(tenths / 10))}.${tenths % 10} MB`;
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
 * The percent a pool-percent fix sets: the required percent, or the pool's MAX_MEMORY_PERCENT
 * when a statement sets it higher, so a fix that "raises" the guarantee never lowers a ceiling
 * the author wrote (MIN = MAX = MAX is also what XTP201 asks for). An unwritten MAX (the
 * default 100) is not a reason to guarantee the pool everything.
 */
export function poolPercentTarget(need: PoolNeed, percent: number): number {
  const p = need.pool;
  const max = p && !p.predefined && p.setBy.MAX_MEMORY_PERCENT ? p.values.MAX_MEMORY_PERCENT : undefined;
  return percent <= 100 && max !== undefined && max > percent ? max : percent;
}

/** "MIN = MAX = 50" or, when the pool's MAX is above what is needed, "MIN = MAX = 50 (its MAX_MEMORY_PERCENT; 45 is needed)". */
export function percentSetting(percent: number, target: number): string {
  return target > percent ? `${target} (its MAX_MEMORY_PERCENT; ${percent} is needed)` : `${target}`;
}

/**
 * The pool-percent way out, as a clause for messages: "the pool's MIN = MAX to 45 %" when
 * poolPercentFix can set it; otherwise why it can't (the default pool has no MIN of its own;
 * the other pools' minimums leave no room), so a message never suggests a change SQL Server
 * would reject. Undefined when no percent is enough (over 100). `target` is
 * poolPercentTarget's percent.
 */
export function percentAlternative(need: PoolNeed, percent: number, target: number, fix: Fix | undefined): string | undefined {
  if (percent > 100) return undefined;
  if (fix) return target > percent ? `the pool's MIN_MEMORY_PERCENT to its MAX_MEMORY_PERCENT, ${target} % (${percent} % is needed)` : `the pool's MIN = MAX to ${percent} %`;
  if (need.pool?.predefined ?? need.poolKey === 'default') {
    return `the share of the default pool to ${percent} % (it gets what the other pools' minimums leave, ${need.percent} % now: bind the databases to a pool of their own, or lower the others' MIN_MEMORY_PERCENT)`;
  }
  const others = sumOfMinimums(need.instance.pools.pools, 'MIN_MEMORY_PERCENT', need.pool?.key ?? need.poolKey);
  return `the pool's MIN = MAX to ${target} % once the other pools' minimums (${others} % in all) leave room for it`;
}

/**
 * A fix setting MIN = MAX = percent (poolPercentTarget's) on the pool, when its CREATE/ALTER
 * is in a script and the minimums of all pools stay at or below 100.
 */
export function poolPercentFix(need: PoolNeed, percent: number): Fix | undefined {
  const p = need.pool;
  if (!p || p.predefined || percent > 100 || !p.last) return undefined;
  if (sumOfMinimums(need.instance.pools.pools, 'MIN_MEMORY_PERCENT', p.key) + percent > 100) return undefined;
  const target = p.last;
  // one statement gets both options, so no statement ever has MIN > MAX
  const edits = setPoolOptions(target.script, target.stmt, [['MIN_MEMORY_PERCENT', percent], ['MAX_MEMORY_PERCENT', percent]]).filter(
    (e) => target.script.text.slice(e.range.start, e.range.end) !== e.newText, // MAX may already be the target
  );
  return { title: `Set MIN_MEMORY_PERCENT = MAX_MEMORY_PERCENT = ${percent} on ${pool(need.poolName)}`, applicability: 'safe', edits };
}
