/**
 * The budget waterfall explained: for a pool holding In-Memory OLTP data, every step of
 * product.md's arithmetic at the VM's recovery, floor and steady-state sizes, with its
 * number, its formula and the file each input comes from. Hover, the report and the
 * webview render this; the numbers all come from ./model/memory.
 */
import { PoolNeed, budgetInputs, poolNeeds, poolWaterfall, vmSizes } from './model/budget';
import type { Instance, Model } from './model/model';
import { Waterfall, requiredVmGb } from './model/memory';
import type { FileId, Range } from './types';

/** Where a number comes from. */
export interface Source {
  file: FileId;
  range: Range;
  /** "Startup RAM", "MIN_MEMORY_PERCENT", "inMemoryData"... */
  what: string;
}

export interface ScenarioExplained {
  /** recovery: Startup RAM after a restart; floor: Minimum RAM; steady: Maximum RAM (or the static size). */
  scenario: 'recovery' | 'floor' | 'steady';
  /** The memory In-Memory OLTP needs in this scenario, MB (D, or H x D at steady state). */
  neededMb: number;
  waterfall: Waterfall;
  vmSource: Source;
  ok: boolean;
  /** The smallest whole-GB VM size that would be enough (undefined: none is). */
  requiredVmGb?: number;
}

export interface PoolExplained {
  need: PoolNeed;
  instanceName: string;
  vmName: string;
  poolName: string;
  databases: { name: string; mb: number; estimated: boolean; source?: Source }[];
  percentSource?: Source;
  maxServerMemorySource?: Source;
  scenarios: ScenarioExplained[];
}

function vmSource(need: PoolNeed, field: 'startup' | 'minimum' | 'maximum', what: string): Source | undefined {
  const s = need.vm.sources.find((x) => x.facts[field]);
  return s ? { file: s.vmFile.file, range: s.facts[field]!.range, what } : undefined;
}

export function explainPool(need: PoolNeed): PoolExplained {
  const sizes = vmSizes(need.vm);
  const inputs = budgetInputs(need);
  const scenarios: ScenarioExplained[] = [];
  const add = (scenario: ScenarioExplained['scenario'], size: { mb: number } | undefined, source: Source | undefined, neededMb: number) => {
    if (!size || !source) return;
    const w = poolWaterfall(need, size.mb);
    scenarios.push({ scenario, neededMb, waterfall: w, vmSource: source, ok: w.budgetMb >= neededMb, requiredVmGb: w.budgetMb >= neededMb ? undefined : requiredVmGb(neededMb, inputs) });
  };
  add('recovery', sizes.recovery, vmSource(need, 'startup', sizes.dynamic ? 'Startup RAM' : 'memory'), need.dataMb);
  if (sizes.dynamic) add('floor', sizes.floor, vmSource(need, 'minimum', 'Minimum RAM'), need.dataMb);
  add('steady', sizes.steady, sizes.dynamic ? vmSource(need, 'maximum', 'Maximum RAM') : vmSource(need, 'startup', 'memory'), need.headroom * need.dataMb);
  return {
    need,
    instanceName: need.instance.label,
    vmName: need.vm.name,
    poolName: need.poolName,
    databases: need.databases.map((d) => ({
      name: d.name,
      mb: d.inMemoryData!.mb,
      estimated: d.inMemoryData!.estimated,
      source: d.inMemoryData!.declared
        ? { file: d.inMemoryData!.declared.config.file, range: d.inMemoryData!.declared.range, what: 'inMemoryData' }
        : d.inMemoryData!.tables[0]
          ? { file: d.inMemoryData!.tables[0].script.file, range: d.inMemoryData!.tables[0].table.name.range, what: 'memory-optimized tables' }
          : undefined,
    })),
    percentSource: need.percentSource ? { file: need.percentSource.script.file, range: need.percentSource.option.range, what: 'MIN_MEMORY_PERCENT' } : undefined,
    maxServerMemorySource: need.maxServerMemory ? { file: need.maxServerMemory.script.file, range: need.maxServerMemory.stmt.value!.range, what: 'max server memory' } : undefined,
    scenarios,
  };
}

/** Every explained pool of the model, instance by instance. */
export function explainModel(model: Model): { instance: Instance; pools: PoolExplained[] }[] {
  return model.instances.map((instance) => ({ instance, pools: poolNeeds(instance).map(explainPool) })).filter((x) => x.pools.length);
}

function within(r: Range, offset: number): boolean {
  return offset >= r.start && offset <= r.end;
}

/**
 * The pools a position is about: a pool name, a bind's arguments, a database name, a VM
 * memory value, an instance or database in memlint.yaml. Returns the range hovered.
 */
export function poolsAt(model: Model, file: FileId, offset: number): { range: Range; pools: PoolExplained[] } | undefined {
  for (const inst of model.instances) {
    for (const need of poolNeeds(inst)) {
      let hit: Range | undefined;
      for (const { script, stmt } of inst.statements) {
        if (script.file !== file || !within(stmt.range, offset)) continue;
        if ((stmt.kind === 'createPool' || stmt.kind === 'alterPool') && stmt.name.known && stmt.name.value.toLowerCase() === need.poolKey && within(stmt.name.range, offset)) hit = stmt.name.range;
        else if ((stmt.kind === 'createPool' || stmt.kind === 'alterPool') && stmt.name.known && stmt.name.value.toLowerCase() === need.poolKey) {
          const o = stmt.options.find((x) => within(x.range, offset));
          if (o) hit = o.range;
        } else if (stmt.kind === 'bind' && stmt.pool?.text?.toLowerCase() === need.poolKey) {
          for (const v of [stmt.pool, stmt.database]) if (v && within(v.range, offset)) hit = v.range;
        } else if ((stmt.kind === 'createDatabase' || stmt.kind === 'alterDatabase') && stmt.name.known && need.databases.some((d) => d.key === stmt.name.value.toLowerCase()) && within(stmt.name.range, offset)) hit = stmt.name.range;
        else if (stmt.kind === 'configure' && stmt.option === 'max server memory (MB)' && stmt.value && within(stmt.value.range, offset)) hit = stmt.value.range;
      }
      for (const s of need.vm.sources) {
        if (s.vmFile.file !== file) continue;
        for (const v of [s.facts.startup, s.facts.minimum, s.facts.maximum, s.facts.dynamic]) if (v && within(v.range, offset)) hit = v.range;
        if (within(s.facts.nameRange, offset)) hit = s.facts.nameRange;
      }
      const cfg = inst.config;
      if (cfg && cfg.file === file) {
        if (inst.decl && (within(inst.decl.nameRange, offset) || (inst.decl.vm && within(inst.decl.vm.range, offset)))) hit = within(inst.decl.nameRange, offset) ? inst.decl.nameRange : inst.decl.vm!.range;
        for (const d of need.databases) {
          if (d.decl && within(d.decl.nameRange, offset)) hit = d.decl.nameRange;
          if (d.decl?.inMemoryDataMb && within(d.decl.inMemoryDataMb.range, offset)) hit = d.decl.inMemoryDataMb.range;
        }
      }
      if (hit) return { range: hit, pools: poolNeeds(inst).filter((n) => n.poolKey === need.poolKey || need.vm.sources.some((s) => s.vmFile.file === file)).map(explainPool) };
    }
  }
  return undefined;
}

