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

/**
 * Text from the user's files (names, paths) as Markdown that shows it as written: a pool
 * named `P&amp;` or a database named `Db<b>` would otherwise render as `P&` or in bold,
 * and a `|` would split a table cell. `_` is left alone inside a word, where it can't
 * start emphasis (`Pool_1`), so the Markdown stays readable as text.
 */
export function mdText(s: string): string {
  return s.replace(/[\\`*[\]<>|&~#]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (c) => `\\${c}`);
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
  const where = (x: Source) => mdText(ctx.where(x));
  const data = p.databases.map((d) => `${mdText(d.name)} ${mb(d.mb)}${d.estimated ? ' (estimated)' : ''}`).join(', ');
  const lines = [
    `**Pool [${mdText(p.poolName)}] on ${mdText(p.instanceName)}**, VM ${mdText(p.vmName)}: ${data}`,
    '',
    `| step | ${sc.map((s) => `${TITLES[s.scenario]} (${s.vmSource.what})`).join(' | ')} |`,
    `|---|${sc.map(() => '---:').join('|')}|`,
    // short step names keep the table narrow enough for a hover; the formulas follow it
    row('VM memory V', (s) => mb(s.waterfall.vmMb)),
    row('OS reserve R(V)', (s) => mb(s.waterfall.osReserveMb)),
    row('SQL target T', (s) => mb(s.waterfall.sqlTargetMb)),
    row(`pool = T × ${p.need.percent} %`, (s) => mb(s.waterfall.poolMb)),
    row('XTP share f(T)', (s) => `${Math.round(s.waterfall.xtpShare * 100)} %`),
    row('**budget B = pool × f**', (s) => `**${mb(s.waterfall.budgetMb)}**`),
    row(`needed: D, ${p.need.headroom} × D steady`, (s) => mb(s.neededMb)),
    row('result', result),
    '',
    `${p.need.fixedReserveMb !== undefined ? `R = ${mb(p.need.fixedReserveMb)} (memlint.yaml osReserve)` : 'R(V) = 1 GB + max(0, min(V, 16 GB) − 4 GB) / 4 + max(0, V − 16 GB) / 8 (V / 2 below 2 GB)'} · T = ${p.maxServerMemorySource ? 'min(max server memory, V − R)' : 'V − R (max server memory is not set)'} · f(T) = the In-Memory OLTP share of T: 70 / 75 / 80 / 85 / 90 % up to 8 / 16 / 32 / 96 GB and above · D = the in-memory data`,
    '',
  ];
  const sources = [
    ...sc.map((s) => `${s.vmSource.what}: ${where(s.vmSource)}`),
    p.percentSource ? `MIN_MEMORY_PERCENT: ${where(p.percentSource)}` : p.poolName.toLowerCase() === 'default' ? 'default pool: 100 % less the minimums of the other pools' : undefined,
    p.maxServerMemorySource ? `max server memory: ${where(p.maxServerMemorySource)}` : undefined,
    ...p.databases.map((d) => (d.source ? `${mdText(d.name)} (${d.source.what}): ${where(d.source)}` : undefined)),
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
    out.push(`## ${mdText(i.name)}`, '');
    for (const p of i.pools) out.push(poolMarkdown(p, ctx), '');
  }
  return out.join('\n');
}
