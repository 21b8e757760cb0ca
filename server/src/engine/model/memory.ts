/**
 * The memory engine's arithmetic, exactly as product.md ("The memory engine") defines it.
 * Every number memlint shows about a VM's memory budget (diagnostics, hover, report)
 * comes from this module; no other module computes memory. All sizes are in MB.
 *
 *   R(V) = 1 GB + max(0, min(V, 16 GB) - 4 GB) / 4 + max(0, V - 16 GB) / 8   (V / 2 below 2 GB)
 *   T(V) = min(max server memory, V - R(V))
 *   f(T) = 70 % (T <= 8 GB), 75 % (<= 16 GB), 80 % (<= 32 GB), 85 % (<= 96 GB), 90 % (> 96 GB)
 *   B(V) = T(V) x poolPercent / 100 x f(T(V))
 */

export const GB_MB = 1024;

/** What SQL Server uses when max server memory is not set: 2,147,483,647 MB (domain.md §2.3). */
export const DEFAULT_MAX_SERVER_MEMORY_MB = 2_147_483_647;

/**
 * The guest OS reserve R(V): 1 GB, plus 1 GB per 4 GB between 4 and 16 GB, plus 1 GB per
 * 8 GB above 16 GB, made continuous; half the VM below 2 GB. `fixedReserveMb`
 * (memlint.yaml sizing.osReserve) replaces the formula.
 */
export function osReserveMb(vmMb: number, fixedReserveMb?: number): number {
  if (fixedReserveMb !== undefined) return Math.min(fixedReserveMb, vmMb);
  if (vmMb < 2 * GB_MB) return vmMb / 2;
  return GB_MB + Math.max(0, Math.min(vmMb, 16 * GB_MB) - 4 * GB_MB) / 4 + Math.max(0, vmMb - 16 * GB_MB) / 8;
}

/** SQL Server's target memory T(V) = min(max server memory, V - R(V)). */
export function sqlTargetMb(vmMb: number, maxServerMemoryMb = DEFAULT_MAX_SERVER_MEMORY_MB, fixedReserveMb?: number): number {
  return Math.max(0, Math.min(maxServerMemoryMb, vmMb - osReserveMb(vmMb, fixedReserveMb)));
}

/** The share of a pool In-Memory OLTP can use, by target committed memory (domain.md §2.2, [S16]). */
export function xtpShare(targetMb: number): number {
  if (targetMb <= 8 * GB_MB) return 0.7;
  if (targetMb <= 16 * GB_MB) return 0.75;
  if (targetMb <= 32 * GB_MB) return 0.8;
  if (targetMb <= 96 * GB_MB) return 0.85;
  return 0.9;
}

/** What the budget depends on besides the VM's memory. */
export interface BudgetInputs {
  /** The pool's guaranteed percent: MIN_MEMORY_PERCENT (or MAX when MIN = MAX). */
  poolPercent: number;
  /** sp_configure 'max server memory (MB)'; unset means SQL Server's default. */
  maxServerMemoryMb?: number;
  /** memlint.yaml sizing.osReserve, when set. */
  fixedReserveMb?: number;
}

/** Every step of the waterfall for one VM size, so a DBA can check it by hand. */
export interface Waterfall {
  vmMb: number;
  osReserveMb: number;
  /** V - R(V), before max server memory caps it. */
  availableMb: number;
  maxServerMemoryMb: number;
  sqlTargetMb: number;
  poolPercent: number;
  poolMb: number;
  xtpShare: number;
  /** B(V): what In-Memory OLTP can use in the pool. */
  budgetMb: number;
}

export function waterfall(vmMb: number, inputs: BudgetInputs): Waterfall {
  const reserve = osReserveMb(vmMb, inputs.fixedReserveMb);
  const maxServer = inputs.maxServerMemoryMb ?? DEFAULT_MAX_SERVER_MEMORY_MB;
  const target = sqlTargetMb(vmMb, maxServer, inputs.fixedReserveMb);
  const poolMb = (target * inputs.poolPercent) / 100;
  const share = xtpShare(target);
  return {
    vmMb,
    osReserveMb: reserve,
    availableMb: Math.max(0, vmMb - reserve),
    maxServerMemoryMb: maxServer,
    sqlTargetMb: target,
    poolPercent: inputs.poolPercent,
    poolMb,
    xtpShare: share,
    budgetMb: poolMb * share,
  };
}

/** B(V) alone. */
export function poolBudgetMb(vmMb: number, inputs: BudgetInputs): number {
  return waterfall(vmMb, inputs).budgetMb;
}

/** The largest VM memory any Hyper-V host allows (240 TB, domain.md §3.2), in whole GB. */
export const LARGEST_VM_GB = 240 * 1024;

/**
 * The smallest whole number of GB V with B(V) >= neededMb, or undefined when no VM size
 * is enough (max server memory or the pool percent caps the budget below the need).
 * B is non-decreasing in V (R grows slower than V, and f only steps up), so a binary
 * search over whole GB finds it.
 */
export function requiredVmGb(neededMb: number, inputs: BudgetInputs): number | undefined {
  if (neededMb <= 0) return 1;
  if (poolBudgetMb(LARGEST_VM_GB * GB_MB, inputs) < neededMb) return undefined;
  let lo = 1;
  let hi = LARGEST_VM_GB;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (poolBudgetMb(mid * GB_MB, inputs) >= neededMb) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The pool percent that makes B(V) >= neededMb at SQL target T: ceil(100 x need / (T x f(T))),
 * as Microsoft's worked examples compute it (domain.md §2.2). May exceed 100 (then no percent is enough).
 */
export function requiredPoolPercent(neededMb: number, sqlTarget: number): number {
  if (sqlTarget <= 0) return Infinity;
  return Math.ceil((100 * neededMb) / (sqlTarget * xtpShare(sqlTarget)) - 1e-9);
}
