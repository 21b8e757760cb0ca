/**
 * The budget waterfall as Markdown: hover text and `memlint report --format md`. Each
 * step shows its number, its formula and where its inputs come from, so a DBA can check
 * the arithmetic by hand.
 */
import type { PoolExplained, ScenarioExplained, Source } from '../engine/explain';

export interface RenderContext {
  /** "sql/pools.sql:12" for a source. */
  where(source: Source): string;
}

function mb(n: number): string {
  const rounded = Math.round(n * 10) / 10;
  const [i, d] = String(rounded).split('.');
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${d ? '.' + d : ''} MB`;
}

const TITLES: Record<ScenarioExplained['scenario'], string> = {
  recovery: 'recovery',
  floor: 'floor',
  steady: 'steady state',
};

function result(s: ScenarioExplained): string {
  if (s.ok) return `✓ ${mb(s.waterfall.budgetMb - s.neededMb)} to spare`;
  const short = `✗ ${mb(s.neededMb - s.waterfall.budgetMb)} short`;
  return s.requiredVmGb !== undefined ? `${short}; needs ${s.requiredVmGb} GB` : `${short}; no VM size is enough`;
}

export function poolMarkdown(p: PoolExplained, ctx: RenderContext): string {
  const sc = p.scenarios;
  const row = (label: string, cell: (s: ScenarioExplained) => string) => `| ${label} | ${sc.map(cell).join(' | ')} |`;
  const data = p.databases.map((d) => `${d.name} ${mb(d.mb)}${d.estimated ? ' (estimated)' : ''}`).join(', ');
  const lines = [
    `**Pool [${p.poolName}] on ${p.instanceName}**, VM ${p.vmName}: ${data}`,
    '',
    `| step | ${sc.map((s) => `${TITLES[s.scenario]} (${s.vmSource.what})`).join(' | ')} |`,
    `|---|${sc.map(() => '---:').join('|')}|`,
    row('VM memory V', (s) => mb(s.waterfall.vmMb)),
    row('OS reserve R(V) = 1 GB + (min(V, 16 GB) − 4 GB) / 4 + (V − 16 GB) / 8', (s) => mb(s.waterfall.osReserveMb)),
    row(`SQL target T = min(max server memory${p.maxServerMemorySource ? '' : ' (not set)'}, V − R)`, (s) => mb(s.waterfall.sqlTargetMb)),
    row(`pool = T × ${p.need.percent} %`, (s) => mb(s.waterfall.poolMb)),
    row('In-Memory OLTP share f(T)', (s) => `${Math.round(s.waterfall.xtpShare * 100)} %`),
    row('**budget B = pool × f**', (s) => `**${mb(s.waterfall.budgetMb)}**`),
    row(`needed: D, and ${p.need.headroom} × D at steady state`, (s) => mb(s.neededMb)),
    row('result', result),
    '',
  ];
  const sources = [
    ...sc.map((s) => `${s.vmSource.what}: ${ctx.where(s.vmSource)}`),
    p.percentSource ? `MIN_MEMORY_PERCENT: ${ctx.where(p.percentSource)}` : p.poolName.toLowerCase() === 'default' ? 'default pool: 100 % less the minimums of the other pools' : undefined,
    p.maxServerMemorySource ? `max server memory: ${ctx.where(p.maxServerMemorySource)}` : undefined,
    ...p.databases.map((d) => (d.source ? `${d.name} (${d.source.what}): ${ctx.where(d.source)}` : undefined)),
  ].filter((x): x is string => !!x);
  lines.push(`Sources: ${[...new Set(sources)].join(' · ')}`);
  return lines.join('\n');
}

/** `memlint report --format md`. */
export function reportMarkdown(instances: { name: string; pools: PoolExplained[] }[], ctx: RenderContext): string {
  const out = ['# memlint memory budget', ''];
  if (!instances.length) {
    out.push('No instance has a VM with known memory and pools holding In-Memory OLTP data. Place instances on VMs in memlint.yaml (`instances: { NAME: { vm: VM } }`) and declare or create their memory-optimized data.');
    return out.join('\n') + '\n';
  }
  for (const i of instances) {
    out.push(`## ${i.name}`, '');
    for (const p of i.pools) out.push(poolMarkdown(p, ctx), '');
  }
  return out.join('\n');
}
