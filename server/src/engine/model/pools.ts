/**
 * Resource pools of one SQL Server instance, computed the way SQL Server would apply the
 * instance's scripts: CREATE, then ALTERs and DROPs in script order. A statement SQL
 * Server would reject (out-of-range value, MIN above MAX, minimums over 100 %, a
 * duplicate or reserved name) is recorded with its problems and does not change state,
 * exactly as the server leaves a pool unchanged after an error.
 */
import type { DropPoolStatement, PoolOption, PoolOptionName, PoolStatement } from '../tsql/ast';
import { kindSet, listPositionsOfKind } from './kinds';
import type { ScriptStatement } from './model';
import type { SqlScript } from './sqlScript';

export type NumericPoolOption = Exclude<PoolOptionName, 'AFFINITY'>;

/** Documented ranges (domain.md §1.1). */
export const POOL_OPTION_RANGES: Record<NumericPoolOption, { min: number; max: number; default: number }> = {
  MIN_CPU_PERCENT: { min: 0, max: 100, default: 0 },
  MAX_CPU_PERCENT: { min: 1, max: 100, default: 100 },
  CAP_CPU_PERCENT: { min: 1, max: 100, default: 100 },
  MIN_MEMORY_PERCENT: { min: 0, max: 100, default: 0 },
  MAX_MEMORY_PERCENT: { min: 1, max: 100, default: 100 },
  MIN_IOPS_PER_VOLUME: { min: 0, max: 2147483647, default: 0 },
  MAX_IOPS_PER_VOLUME: { min: 0, max: 2147483647, default: 0 },
};

/** MIN must not exceed MAX (and MIN_CPU must not exceed CAP_CPU); errors 10908/10909. */
export const MIN_MAX_PAIRS: readonly [NumericPoolOption, NumericPoolOption][] = [
  ['MIN_CPU_PERCENT', 'MAX_CPU_PERCENT'],
  ['MIN_CPU_PERCENT', 'CAP_CPU_PERCENT'],
  ['MIN_MEMORY_PERCENT', 'MAX_MEMORY_PERCENT'],
  ['MIN_IOPS_PER_VOLUME', 'MAX_IOPS_PER_VOLUME'],
];

export const PREDEFINED_POOLS = ['default', 'internal'];
export const MAX_POOL_NAME_LENGTH = 128;
/** The most pools an instance can have, predefined ones included (error 10910, domain.md §1.1). */
export const MAX_POOLS = 64;

export interface PoolStatementRef {
  script: SqlScript;
  stmt: PoolStatement;
  /** Position of the statement in the instance's statement order. */
  seq: number;
}

/** Where the value of one option of a pool was set. */
export interface OptionSource extends PoolStatementRef {
  option: PoolOption;
}

export interface PoolState {
  /** Lower-case name (pool names compare case-insensitively on the usual collations). */
  key: string;
  /** The name as first written. */
  name: string;
  predefined: boolean;
  /** The CREATE in effect, when the instance's scripts create the pool. */
  create?: PoolStatementRef;
  /** The last CREATE or ALTER that SQL Server would apply to it. */
  last?: PoolStatementRef;
  /** Current values; absent when not known (a pool created outside these scripts). */
  values: Partial<Record<NumericPoolOption, number>>;
  /** The option that set each current value (absent for defaults). */
  setBy: Partial<Record<NumericPoolOption, OptionSource>>;
}

export type StepProblem =
  | { kind: 'reserved'; reason: string }
  | { kind: 'duplicate'; first: PoolStatementRef }
  /** A CREATE when the instance already has MAX_POOLS pools: rejected (10910), so it creates nothing. */
  | { kind: 'tooMany'; limit: number }
  | { kind: 'range'; option: PoolOption; min: number; max: number; integer: boolean }
  | { kind: 'minMax'; low: NumericPoolOption; high: NumericPoolOption; lowValue: number; highValue: number; culprit: PoolOption; lowSource?: OptionSource; highSource?: OptionSource }
  | { kind: 'sum'; resource: 'MIN_MEMORY_PERCENT' | 'MIN_CPU_PERCENT'; total: number; option: PoolOption; others: { pool: PoolState; value: number; source?: OptionSource }[] };

export interface PoolStep {
  script: SqlScript;
  stmt: PoolStatement | DropPoolStatement;
  key: string;
  /** The pool after this step (or before it, when the step was not applied). */
  pool?: PoolState;
  problems: StepProblem[];
  /** False when SQL Server would reject the statement, or an IF guard skips a duplicate CREATE. */
  applied: boolean;
  /** A CREATE under IF [NOT] EXISTS of a pool that already exists: the guard skips it. */
  guardedDuplicate?: boolean;
}

export interface PoolTimeline {
  steps: PoolStep[];
  /** Pools that exist after all scripts ran (predefined ones included). */
  pools: Map<string, PoolState>;
}

export function poolKey(script: SqlScript, stmt: { name: { value: string; known: boolean; range: { start: number } } }): string {
  return stmt.name.known ? stmt.name.value.toLowerCase() : `?${script.file}:${stmt.name.range.start}`;
}

/** Totals of the minimums per finished pool map (a timeline's pools never change once computed). */
const minimumTotals = new WeakMap<ReadonlyMap<string, PoolState>, Record<'MIN_MEMORY_PERCENT' | 'MIN_CPU_PERCENT', number>>();

/**
 * Sum of the MIN values of one resource over the pools of a finished timeline, except
 * `exceptKey` (unknown values count as 0). The total is added up once per timeline, so
 * asking for every pool costs O(pools), not O(pools²).
 */
export function sumOfMinimums(pools: ReadonlyMap<string, PoolState>, resource: 'MIN_MEMORY_PERCENT' | 'MIN_CPU_PERCENT', exceptKey?: string): number {
  let totals = minimumTotals.get(pools);
  if (!totals) {
    totals = { MIN_MEMORY_PERCENT: 0, MIN_CPU_PERCENT: 0 };
    for (const p of pools.values()) {
      if (p.key === 'internal') continue;
      totals.MIN_MEMORY_PERCENT += p.values.MIN_MEMORY_PERCENT ?? 0;
      totals.MIN_CPU_PERCENT += p.values.MIN_CPU_PERCENT ?? 0;
    }
    minimumTotals.set(pools, totals);
  }
  const except = exceptKey !== undefined && exceptKey !== 'internal' ? pools.get(exceptKey) : undefined;
  return totals[resource] - (except?.values[resource] ?? 0);
}

const POOL_KINDS = kindSet('createPool', 'alterPool', 'dropPool');

export function computePoolTimeline(statements: readonly ScriptStatement[]): PoolTimeline {
  const pools = new Map<string, PoolState>();
  for (const name of PREDEFINED_POOLS) pools.set(name, { key: name, name, predefined: true, values: {}, setBy: {} });
  const steps: PoolStep[] = [];
  // Running sums of the minimums over existing pools (internal excluded), kept in step
  // with `pools` so each statement costs O(1) whatever the number of pools.
  const sums = { MIN_MEMORY_PERCENT: 0, MIN_CPU_PERCENT: 0 };
  // pools that count towards MAX_POOLS: the predefined ones and those these scripts create
  const counts = (p: PoolState | undefined) => (p && (p.predefined || p.create) ? 1 : 0);
  let poolCount = PREDEFINED_POOLS.length;
  const setPool = (key: string, state: PoolState | undefined) => {
    const old = pools.get(key);
    poolCount += counts(state) - counts(old);
    if (key !== 'internal') {
      for (let j = 0; j < MIN_RESOURCES.length; j++) {
        const r = MIN_RESOURCES[j];
        sums[r] += (state?.values[r] ?? 0) - (old?.values[r] ?? 0);
      }
    }
    if (state) pools.set(key, state);
    else pools.delete(key);
  };

  // only the pool statements: where they are comes from the shared index of statements by kind
  const positions = listPositionsOfKind(statements, POOL_KINDS);
  for (let p = 0; p < positions.length; p++) {
    const seq = positions[p];
    const { script, stmt: s } = statements[seq];
    const stmt = s as PoolStatement | DropPoolStatement;
    const key = poolKey(script, stmt);
    const existing = pools.get(key);
    const step: PoolStep = { script, stmt, key, problems: [], applied: false, pool: existing };
    steps.push(step);

    if (stmt.kind === 'dropPool') {
      if (PREDEFINED_POOLS.includes(key)) {
        step.problems.push({ kind: 'reserved', reason: `the predefined pool ${key} cannot be dropped` });
        continue;
      }
      setPool(key, undefined);
      step.applied = true;
      step.pool = undefined;
      continue;
    }

    if (stmt.kind === 'createPool') {
      if (PREDEFINED_POOLS.includes(key)) step.problems.push({ kind: 'reserved', reason: `${key} is a predefined pool; it can be altered (except internal) but not created` });
      else if (stmt.name.known && stmt.name.value.startsWith('#')) step.problems.push({ kind: 'reserved', reason: 'a pool name cannot begin with # or ##' });
      else if (stmt.name.known && stmt.name.value.length > MAX_POOL_NAME_LENGTH) step.problems.push({ kind: 'reserved', reason: `a pool name can have at most ${MAX_POOL_NAME_LENGTH} characters (this one has ${stmt.name.value.length})` });
      else if (existing) {
        if (stmt.conditional) {
          step.guardedDuplicate = true;
          continue;
        }
        if (existing.create) step.problems.push({ kind: 'duplicate', first: existing.create });
      }
      if (!step.problems.length && !counts(existing) && poolCount >= MAX_POOLS) step.problems.push({ kind: 'tooMany', limit: MAX_POOLS });
    } else if (key === 'internal') {
      step.problems.push({ kind: 'reserved', reason: 'the internal pool cannot be altered' });
    }

    // Option values: documented ranges, whole numbers. (Indexed loops here and below: this
    // runs for every pool statement, and for-of made iterators until it was optimized.)
    const options = stmt.options;
    for (let j = 0; j < options.length; j++) {
      const o = options[j];
      if (!o.value || !o.value.known || o.name === 'AFFINITY') continue;
      const r = POOL_OPTION_RANGES[numericOption(o.name)];
      const v = o.value.kind === 'number' ? o.value.number : undefined;
      const integer = v !== undefined && Number.isInteger(v);
      if (!integer || v! < r.min || v! > r.max) step.problems.push({ kind: 'range', option: o, min: r.min, max: r.max, integer });
    }
    if (step.problems.length) continue;

    // The state this statement would produce: a CREATE starts from the documented
    // defaults, an ALTER of a pool these scripts never created from nothing known.
    const fresh = stmt.kind === 'createPool' || !existing;
    const values: PoolState['values'] = fresh ? (stmt.kind === 'createPool' ? { ...DEFAULT_VALUES } : {}) : { ...existing.values };
    const setBy: PoolState['setBy'] = fresh ? {} : { ...existing.setBy };
    const ref: PoolStatementRef = { script, stmt, seq };
    for (let j = 0; j < options.length; j++) {
      const o = options[j];
      if (o.name === 'AFFINITY' || !o.value) continue;
      const opt = numericOption(o.name);
      // a SQLCMD variable or template placeholder leaves the value unknown from here on
      values[opt] = o.value.known && o.value.number !== undefined ? o.value.number : undefined;
      // an object literal, not a spread of `ref`: this runs for every option of every pool statement
      setBy[opt] = { script, stmt, seq, option: o };
    }

    for (let j = 0; j < MIN_MAX_PAIRS.length; j++) {
      const low = MIN_MAX_PAIRS[j][0];
      const high = MIN_MAX_PAIRS[j][1];
      const lv = values[low];
      const hv = values[high];
      if (lv === undefined || hv === undefined) continue;
      if (high === 'MAX_IOPS_PER_VOLUME' && hv === 0) continue; // 0 = not limited
      if (lv <= hv) continue;
      const culprit = optionOf(stmt, low) ?? optionOf(stmt, high);
      if (!culprit) continue; // neither set here: the violation was reported where it arose
      step.problems.push({ kind: 'minMax', low, high, lowValue: lv, highValue: hv, culprit, lowSource: setBy[low], highSource: setBy[high] });
    }
    if (step.problems.length) continue;

    for (let j = 0; j < MIN_RESOURCES.length; j++) {
      const resource = MIN_RESOURCES[j];
      const option = optionOf(stmt, resource);
      const mine = values[resource];
      if (!option || mine === undefined || key === 'internal') continue;
      const total = mine + sums[resource] - (existing?.values[resource] ?? 0);
      if (total > 100) {
        const others = [...pools.values()].filter((p) => p.key !== key && p.key !== 'internal' && (p.values[resource] ?? 0) > 0);
        step.problems.push({
          kind: 'sum',
          resource,
          total,
          option,
          others: others.map((p) => ({ pool: p, value: p.values[resource]!, source: p.setBy[resource] })),
        });
      }
    }
    if (step.problems.length) continue;

    const next: PoolState = {
      key,
      name: fresh ? stmt.name.value : existing.name,
      predefined: fresh ? false : existing.predefined,
      values,
      setBy,
      last: ref,
      create: stmt.kind === 'createPool' ? ref : existing?.create,
    };
    setPool(key, next);
    step.pool = next;
    step.applied = true;
  }
  return { steps, pools };
}

/** The resources whose minimums must add up to 100 % at most. */
const MIN_RESOURCES = ['MIN_MEMORY_PERCENT', 'MIN_CPU_PERCENT'] as const;

/** A new pool's values: the documented defaults. */
const DEFAULT_VALUES: Readonly<Partial<Record<NumericPoolOption, number>>> = Object.freeze(
  Object.fromEntries(Object.entries(POOL_OPTION_RANGES).map(([k, r]) => [k, r.default])),
);

/** The option names as constants: the parser's are sliced from the text, and object keys made from those are slow. */
const NUMERIC_OPTIONS = new Map<string, NumericPoolOption>(Object.keys(POOL_OPTION_RANGES).map((k) => [k, k as NumericPoolOption]));

function numericOption(name: PoolOptionName): NumericPoolOption {
  return NUMERIC_OPTIONS.get(name) ?? (name as NumericPoolOption);
}

function optionOf(stmt: PoolStatement, name: PoolOptionName): PoolOption | undefined {
  const options = stmt.options;
  for (let i = 0; i < options.length; i++) if (options[i].name === name) return options[i];
  return undefined;
}
