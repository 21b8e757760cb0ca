/**
 * Joins an instance, its VM, its pools and its databases into the inputs of the memory
 * arithmetic (./memory.ts): for each pool that holds In-Memory OLTP data, what the pool
 * guarantees and what its databases need, at recovery (Startup RAM), at the floor
 * (Minimum RAM) and at steady state (Maximum RAM). Rules MEM501–MEM503, hover and the
 * budget report read these, so they always show the same numbers.
 */
import { MB, SizeValue } from '../hyperv/facts';
import type { DatabaseModel, Instance, ScriptValue, VmModel } from './model';
import { hasMemoryOptimizedData, vmSizeConflicts } from './model';
import { BudgetInputs, Waterfall, waterfall } from './memory';
import { OptionSource, PoolState, sumOfMinimums } from './pools';

/** Default steady-state factor over the data (Microsoft's guidance: 2x, domain.md §2.4). */
export const DEFAULT_XTP_HEADROOM = 2.0;

/** The VM sizes the engine looks at (product.md step 1), in MB, with the values they come from. */
export interface VmSizes {
  dynamic: boolean;
  /** V_rec: Startup RAM (dynamic) or the static size. */
  recovery?: { mb: number; value: SizeValue };
  /** V_max: Maximum RAM (dynamic; unknown when no file sets it) or the static size. */
  steady?: { mb: number; value: SizeValue };
  /** V_min: Minimum RAM (dynamic only). */
  floor?: { mb: number; value: SizeValue };
}

export function vmSizes(vm: VmModel): VmSizes {
  const f = vm.facts;
  const dynamic = f.dynamic?.value === true;
  const mb = (v: SizeValue | undefined) => (v && v.bytes !== undefined ? { mb: v.bytes / MB, value: v } : undefined);
  const startup = mb(f.startup);
  return {
    dynamic,
    recovery: startup,
    // a Dynamic Memory VM can grow to Maximum RAM: when no file sets it, V_max is unknown,
    // not Startup RAM (that would make max server memory look too high and pools too small)
    steady: dynamic ? mb(f.maximum) : startup,
    floor: dynamic ? mb(f.minimum) : undefined,
  };
}

/** A pool that holds In-Memory OLTP data on an instance placed on a VM. */
export interface PoolNeed {
  instance: Instance;
  vm: VmModel;
  /** Lower-case pool name; 'default' for databases bound to no pool. */
  poolKey: string;
  poolName: string;
  pool?: PoolState;
  /** The guaranteed percent the budget uses (MIN_MEMORY_PERCENT; for default, 100 - the other pools' minimums). */
  percent: number;
  /** Where the percent is set, when a statement sets it. */
  percentSource?: OptionSource;
  databases: DatabaseModel[];
  /** D: the databases' in-memory data, MB. */
  dataMb: number;
  /** True when some of D is estimated from CREATE TABLE statements. */
  estimated: boolean;
  headroom: number;
  maxServerMemory?: ScriptValue;
  fixedReserveMb?: number;
}

export function budgetInputs(need: PoolNeed): BudgetInputs {
  return { poolPercent: need.percent, maxServerMemoryMb: need.maxServerMemory?.valueMb, fixedReserveMb: need.fixedReserveMb };
}

/** The waterfall of a pool at a VM size. */
export function poolWaterfall(need: PoolNeed, vmMb: number): Waterfall {
  return waterfall(vmMb, budgetInputs(need));
}

/**
 * The pools of an instance that hold In-Memory OLTP data, when the instance's VM is known,
 * its sources agree on memory (CFG903 otherwise) and the data of the databases is known.
 */
export function poolNeeds(instance: Instance): readonly PoolNeed[] {
  // asked by several rules per instance (MEM501, MEM502, MEM503): computed once per instance
  // and VM (a later model that takes the instance over has its own VM objects)
  const vm = instance.vm;
  let memo = poolNeedsByInstance.get(instance);
  if (!memo || memo.vm !== vm) poolNeedsByInstance.set(instance, (memo = { vm, needs: computePoolNeeds(instance) }));
  return memo.needs;
}

const poolNeedsByInstance = new WeakMap<Instance, { vm: VmModel | undefined; needs: readonly PoolNeed[] }>();

function computePoolNeeds(instance: Instance): PoolNeed[] {
  const vm = instance.vm;
  if (!vm || vmSizeConflicts(vm)) return [];
  const config = instance.config;
  const headroom = config?.xtpHeadroom?.value ?? DEFAULT_XTP_HEADROOM;
  const fixedReserveMb = config?.osReserveMb?.value;
  const maxServerMemory = instance.serverMemory('max server memory (MB)');
  const pools = instance.pools.pools;
  const byPool = new Map<string, DatabaseModel[]>();
  for (const d of instance.databases.values()) {
    if (!hasMemoryOptimizedData(d) || !d.inMemoryData) continue;
    const key = d.binding?.poolKey ?? 'default';
    const list = byPool.get(key);
    if (list) list.push(d);
    else byPool.set(key, [d]);
  }
  const needs: PoolNeed[] = [];
  for (const [poolKey, databases] of byPool) {
    const pool = pools.get(poolKey);
    let percent: number | undefined;
    let percentSource: OptionSource | undefined;
    if (poolKey === 'default') {
      // the default pool gets what the other pools' minimums leave (domain.md §1.2)
      percent = 100 - sumOfMinimums(pools, 'MIN_MEMORY_PERCENT', 'default');
    } else if (pool) {
      percent = pool.values.MIN_MEMORY_PERCENT;
      percentSource = pool.setBy.MIN_MEMORY_PERCENT;
    }
    if (percent === undefined) continue; // a pool these scripts don't create: unknown percent
    needs.push({
      instance,
      vm,
      poolKey,
      poolName: pool?.name ?? poolKey,
      pool,
      percent,
      percentSource,
      databases,
      dataMb: databases.reduce((s, d) => s + d.inMemoryData!.mb, 0),
      estimated: databases.some((d) => d.inMemoryData!.estimated),
      headroom,
      maxServerMemory,
      fixedReserveMb,
    });
  }
  return needs;
}
