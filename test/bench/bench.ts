/**
 * `npm run bench`: lint time on generated deployment scripts, on this machine.
 * Targets (issue 2): <= 40 ms in-process for 20,000 lines (median of 10); a 10x larger
 * input costs <= 12x the time. Prints a table; exits 1 when a target is missed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from '../../server/src/engine';
import { DIST, ROOT } from '../helpers/paths';
import { generateScript } from './generate';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Lint a fresh project (read + model + all rules), in ms. */
function lintOnce(text: string): { ms: number; findings: number } {
  const t0 = process.hrtime.bigint();
  const p = new Project();
  p.setFile('/bench/deploy.sql', text);
  const findings = p.lint().length;
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, findings };
}

function inProcess(text: string, runs: number): { median: number; min: number; findings: number } {
  for (let i = 0; i < 3; i++) lintOnce(text); // warm up the JIT
  const times: number[] = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const r = lintOnce(text);
    times.push(r.ms);
    findings = r.findings;
  }
  return { median: median(times), min: Math.min(...times), findings };
}

function wholeProcess(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  }
  return median(times);
}

const dir = path.join(ROOT, '.tmp', 'bench');
fs.mkdirSync(dir, { recursive: true });
const small = generateScript(20_000);
const large = generateScript(200_000);
const smallFile = path.join(dir, 'deploy-20k.sql');
fs.writeFileSync(smallFile, small);

const s = inProcess(small, 10);
const l = inProcess(large, 5);
const ratio = l.median / s.median;
const cli = wholeProcess([path.join(DIST, 'cli.js'), smallFile, '--format', 'json'], 5);
const floor = wholeProcess(['-e', `require('fs').readFileSync(${JSON.stringify(smallFile)}, 'utf8')`], 5);

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const rows: [string, string, string, boolean | undefined][] = [
  ['in-process lint, 20,000 lines (median of 10)', `${s.median.toFixed(1)} ms`, '<= 40 ms', s.median <= 40],
  ['in-process lint, 20,000 lines (min of 10)', `${s.min.toFixed(1)} ms`, '', undefined],
  ['in-process lint, 200,000 lines (median of 5)', `${l.median.toFixed(1)} ms`, '', undefined],
  ['10x input / 1x input', `${ratio.toFixed(2)}x`, '<= 12x', ratio <= 12],
  ['CLI whole process, 20,000 lines (median of 5)', `${cli.toFixed(0)} ms`, '', undefined],
  ['bare node reading the same file (median of 5)', `${floor.toFixed(0)} ms`, '', undefined],
  ['CLI / bare node', `${(cli / floor).toFixed(2)}x`, '', undefined],
];
console.log(`memlint bench on ${os.cpus().length} x ${cpu}, node ${process.version}; 20k-line script ${(small.length / 1024).toFixed(0)} KB, ${s.findings} findings`);
console.log('| measure | result | target | |\n|---|---|---|---|');
for (const [name, value, target, ok] of rows) console.log(`| ${name} | ${value} | ${target} | ${ok === undefined ? '' : ok ? 'ok' : 'MISSED'} |`);
process.exitCode = rows.some((r) => r[3] === false) ? 1 : 0;
