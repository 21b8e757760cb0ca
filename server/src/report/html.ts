/**
 * The memory budget as one self-contained HTML page: `memlint report --format html` and
 * the "memlint: Show Memory Budget" webview. No script, no remote resource: a strict
 * Content-Security-Policy allows only the page's own nonce'd style block, and the charts
 * are inline SVG drawn with presentation attributes.
 */
import type { PoolExplained, ScenarioExplained } from '../engine/explain';
import { RenderContext } from './markdown';

export interface HtmlOptions {
  /** Nonce for the style block (the webview passes a fresh one; the CLI makes one). */
  nonce: string;
  title?: string;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function mb(n: number): string {
  const r = Math.round(n * 10) / 10;
  const [i, d] = String(r).split('.');
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${d ? '.' + d : ''} MB`;
}

const LABELS: Record<ScenarioExplained['scenario'], string> = { recovery: 'Recovery', floor: 'Floor', steady: 'Steady state' };

/** One scenario: VM → OS reserve → SQL target → pool → In-Memory OLTP budget, against the need; `scaleMb` is the width of the chart (its own VM memory or need, so a small Startup RAM stays readable). */
function scenarioSvg(s: ScenarioExplained, scaleMb: number): string {
  const width = 640;
  // room on the left for the longest label ("In-Memory OLTP B (75 %)" at 12 px) and on
  // the right for the value after a full-length bar ("131,072 MB"), so neither is clipped
  const left = 170;
  const barW = width - left - 80;
  const x = (v: number) => left + Math.max(0, Math.min(1, v / scaleMb)) * barW;
  const w = s.waterfall;
  const rows: [string, number, string][] = [
    ['VM memory', w.vmMb, '#9aa5b1'],
    ['SQL target T', w.sqlTargetMb, '#5b8def'],
    [`pool (${w.poolPercent} %)`, w.poolMb, '#8e6bd8'],
    [`In-Memory OLTP B (${Math.round(w.xtpShare * 100)} %)`, w.budgetMb, s.ok ? '#2e9d5b' : '#d1453b'],
  ];
  const rowH = 26;
  const h = rows.length * rowH + 34;
  const bars = rows
    .map(([label, v, color], i) => {
      const y = 8 + i * rowH;
      return `<text x="${left - 8}" y="${y + 14}" text-anchor="end" font-size="12" fill="#333">${esc(label)}</text>` +
        `<rect x="${left}" y="${y}" width="${Math.max(1, x(v) - left).toFixed(1)}" height="18" fill="${color}" rx="2"/>`;
    })
    .join('');
  // values are drawn after the "needed" line, on a halo of the page's white, so the line
  // never runs through a number
  const values = rows
    .map(([, v], i) => `<text x="${(x(v) + 6).toFixed(1)}" y="${8 + i * rowH + 14}" font-size="11" fill="#333" stroke="#fff" stroke-width="6" stroke-linejoin="round" paint-order="stroke">${esc(mb(v))}</text>`)
    .join('');
  const reserve = `<rect x="${x(w.vmMb - w.osReserveMb).toFixed(1)}" y="8" width="${Math.max(0, x(w.vmMb) - x(w.vmMb - w.osReserveMb)).toFixed(1)}" height="18" fill="#c9cfd6" rx="2"><title>OS reserve ${esc(mb(w.osReserveMb))}</title></rect>`;
  const needX = x(s.neededMb).toFixed(1);
  const needLine = `<line x1="${needX}" y1="4" x2="${needX}" y2="${h - 22}" stroke="#111" stroke-width="2" stroke-dasharray="4 3"/>`;
  const needLabel = `<text x="${needX}" y="${h - 8}" font-size="11" text-anchor="middle" fill="#111">needed ${esc(mb(s.neededMb))}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" role="img" aria-label="${esc(`${LABELS[s.scenario]}: budget ${mb(w.budgetMb)}, needed ${mb(s.neededMb)}`)}">${bars}${reserve}${needLine}${values}${needLabel}</svg>`;
}

function poolHtml(p: PoolExplained, ctx: RenderContext): string {
  const data = p.databases.map((d) => `${esc(d.name)} ${esc(mb(d.mb))}${d.estimated ? ' <em>(estimated)</em>' : ''}`).join(', ');
  const scenarios = p.scenarios
    .map((s) => {
      const verdict = s.ok
        ? `<span class="ok">✓ ${esc(mb(s.waterfall.budgetMb - s.neededMb))} to spare</span>`
        : `<span class="bad">✗ ${esc(mb(s.neededMb - s.waterfall.budgetMb))} short${s.requiredVmGb !== undefined ? `; needs ${s.requiredVmGb} GB` : '; no VM size is enough'}</span>`;
      return `<figure><figcaption>${LABELS[s.scenario]} — ${esc(s.vmSource.what)} ${esc(mb(s.waterfall.vmMb))} (${esc(ctx.where(s.vmSource))}): ${verdict}</figcaption>${scenarioSvg(s, Math.max(s.waterfall.vmMb, s.neededMb) * 1.05)}</figure>`;
    })
    .join('');
  const w = p.scenarios[0]?.waterfall;
  const steps = w
    ? `<p class="steps">R(V) = ${esc(mb(w.osReserveMb))}; T = min(max server memory${p.maxServerMemorySource ? ` ${esc(mb(w.maxServerMemoryMb))} (${esc(ctx.where(p.maxServerMemorySource))})` : ' (not set)'}, V − R) = ${esc(mb(w.sqlTargetMb))}; pool = T × ${p.need.percent} %${p.percentSource ? ` (${esc(ctx.where(p.percentSource))})` : ''}; B = pool × ${Math.round(w.xtpShare * 100)} %.</p>`
    : '';
  return `<section class="pool"><h3>Pool [${esc(p.poolName)}] on VM ${esc(p.vmName)}</h3><p>${data}</p>${steps}${scenarios}</section>`;
}

export function reportHtml(instances: { name: string; pools: PoolExplained[] }[], ctx: RenderContext, opts: HtmlOptions): string {
  const title = opts.title ?? 'memlint memory budget';
  const body = instances.length
    ? instances.map((i) => `<section class="instance"><h2>${esc(i.name)}</h2>${i.pools.map((p) => poolHtml(p, ctx)).join('')}</section>`).join('')
    : '<p>No instance has a VM with known memory and pools holding In-Memory OLTP data. Place instances on VMs in memlint.yaml and declare or create their memory-optimized data.</p>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${opts.nonce}'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style nonce="${opts.nonce}">
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; background: #fff; }
h1 { font-size: 1.4em; } h2 { font-size: 1.2em; border-bottom: 1px solid #ddd; } h3 { font-size: 1em; }
figure { margin: 0.6em 0 1.2em; } figure svg { width: 100%; max-width: 640px; height: auto; } figcaption { font-size: 0.9em; margin-bottom: 0.3em; }
.ok { color: #2e7d32; } .bad { color: #c62828; font-weight: 600; } .steps { font-size: 0.85em; color: #555; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p>VM memory → OS reserve → SQL Server target → pool → In-Memory OLTP share, against what the memory-optimized data needs at recovery, at Minimum RAM and at steady state. Each chart is drawn to its own scale: compare a bar with the dashed line of its chart.</p>
${body}
</body>
</html>
`;
}
