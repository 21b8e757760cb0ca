/**
 * `npm run fuzz`: the long fuzz run of issue 7 (docs/fuzzing.md). It runs the properties
 * of checks.ts over the inputs of corpus.ts, seeded, for a total number of cases, then
 * the LSP storm (storm.ts) and the hostile inputs (hostile.ts) with their times, and
 * prints a Markdown summary.
 *
 *   node out/test/fuzz/run.js [--cases 1000000] [--seed 20261207] [--storm 10000] [--only read,lint,fix,workspace,storm,hostile]
 */
import * as fc from 'fast-check';
import * as os from 'os';
import { checkSafeFixes, checkWorkspace, lintCase, readCase } from './checks';
import { READERS, ReaderName, inputs, mutatedSeeds, workspaces } from './corpus';
import type { WorkspaceCase } from './corpus';
import { HOSTILE, runHostile } from './hostile';
import { runStorm } from './storm';

interface Args {
  cases: number;
  seed: number;
  storm: number;
  only: Set<string>;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { cases: 1_000_000, seed: 20261207, storm: 10_000, only: new Set(['read', 'lint', 'fix', 'workspace', 'storm', 'hostile']) };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (argv[i] === '--cases') a.cases = Number(v);
    else if (argv[i] === '--seed') a.seed = Number(v);
    else if (argv[i] === '--storm') a.storm = Number(v);
    else if (argv[i] === '--only') a.only = new Set(v.split(','));
    else continue;
    i++;
  }
  return a;
}

/** Shares of the cases: reader-only reads are cheap, full lints and fix runs dearer. */
const SHARES = { read: 0.76, lint: 0.15, fix: 0.05, workspace: 0.04 };

interface Row {
  property: string;
  reader: ReaderName | '-';
  cases: number;
  seconds: number;
  /** The case that took longest for its size. */
  slowest?: string;
  result: string;
}

function runProperty(name: string, reader: ReaderName | '-', arb: fc.Arbitrary<{ file: string; text: string }>, check: (c: { file: string; text: string }) => void, numRuns: number, seed: number): Row {
  const t0 = performance.now();
  // the slowest case for its size (ms per KB, sizes under 1 KB counted as 1 KB): time must follow size
  let slowest: { ms: number; length: number; perKb: number; input?: unknown } = { ms: 0, length: 0, perKb: 0 };
  const timed = (c: { file: string; text: string }) => {
    const ts = performance.now();
    check(c);
    const ms = performance.now() - ts;
    const length = c.text?.length ?? (c as unknown as WorkspaceCase).files.reduce((n, f) => n + f.text.length, 0);
    const perKb = ms / Math.max(1, length / 1024);
    if (perKb > slowest.perKb) slowest = { ms, length, perKb, input: c };
  };
  const out = fc.check(fc.property(arb, (c) => void timed(c)), { seed, numRuns, endOnFailure: false });
  const seconds = (performance.now() - t0) / 1000;
  let result = 'pass';
  if (out.failed) {
    const ce = JSON.stringify(out.counterexample).slice(0, 2000);
    const err = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
    result = `FAIL after ${out.numRuns} cases: ${err.split('\n')[0]}`;
    process.stderr.write(`\n${name}/${reader} FAILED (seed ${seed}, path ${out.counterexamplePath}):\n${err}\ncounterexample: ${ce}\n`);
  }
  const slow = `${slowest.ms.toFixed(1)} ms for ${slowest.length} chars`;
  if (slowest.perKb > 50) process.stderr.write(`slowest ${name}/${reader} input: ${JSON.stringify(slowest.input).slice(0, 4000)}\n`);
  process.stderr.write(`${name} ${reader}: ${out.numRuns} cases in ${seconds.toFixed(1)} s (slowest for its size: ${slow}): ${result}\n`);
  return { property: name, reader, cases: out.numRuns, seconds, slowest: slow, result };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = new Date();
  const t0 = performance.now();
  const rows: Row[] = [];
  const perReader = (share: number) => Math.max(1, Math.round((args.cases * share) / READERS.length));
  let seed = args.seed;
  for (const r of READERS) {
    if (args.only.has('read')) rows.push(runProperty('read', r.name, inputs(r.name, 'large'), readCase, perReader(SHARES.read), seed++));
    if (args.only.has('lint')) rows.push(runProperty('lint', r.name, inputs(r.name), lintCase, perReader(SHARES.lint), seed++));
    if (args.only.has('fix')) rows.push(runProperty('safe fixes', r.name, mutatedSeeds(r.name), (c) => void checkSafeFixes(c), perReader(SHARES.fix), seed++));
  }
  if (args.only.has('workspace')) rows.push(runProperty('workspace', '-', workspaces() as unknown as fc.Arbitrary<{ file: string; text: string }>, (w) => checkWorkspace(w as unknown as WorkspaceCase), Math.round(args.cases * SHARES.workspace), seed++));
  let storm: Awaited<ReturnType<typeof runStorm>> | undefined;
  if (args.only.has('storm')) {
    const ts = performance.now();
    storm = await runStorm({ events: args.storm, seed: args.seed, checkpointEvery: 250 });
    rows.push({ property: 'LSP storm', reader: '-', cases: storm.events, seconds: (performance.now() - ts) / 1000, result: storm.ok ? `pass (${storm.documents} documents compared; code actions: ${storm.actions?.disabled ?? 0} disable-line, ${storm.actions?.fixAlls ?? 0} fix-all, ${storm.actions?.hovers ?? 0} hovers)` : `FAIL: ${storm.problem}` });
  }
  const hostile = args.only.has('hostile') ? runHostile(HOSTILE, 'full') : [];
  const seconds = (performance.now() - t0) / 1000;
  const failed = rows.filter((r) => r.result !== 'pass' && !r.result.startsWith('pass')).length + hostile.filter((h) => !h.ok).length;
  const lines: string[] = [];
  lines.push(`## Fuzz run ${started.toISOString()}`, '');
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  lines.push(`${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average at the end ${load}`, '');
  lines.push(`seed ${args.seed}, ${rows.filter((r) => r.property !== 'LSP storm').reduce((n, r) => n + r.cases, 0)} property cases, ${storm?.events ?? 0} LSP events, node ${process.version}, ${seconds.toFixed(0)} s in all: ${failed ? `${failed} FAILED` : 'all passed'}`, '');
  lines.push('| property | reader | cases | seconds | slowest case for its size | result |', '| --- | --- | ---: | ---: | --- | --- |');
  for (const r of rows) lines.push(`| ${r.property} | ${r.reader} | ${r.cases} | ${r.seconds.toFixed(1)} | ${r.slowest ?? '-'} | ${r.result} |`);
  if (hostile.length) {
    lines.push('', '| hostile input | file | size (bytes) | ms (best of 3) | budget ms | findings | result |', '| --- | --- | ---: | ---: | ---: | ---: | --- |');
    for (const h of hostile) lines.push(`| ${h.name} | ${h.file} | ${h.size} | ${h.ms.toFixed(0)} | ${h.budget ?? '-'} | ${h.findings} | ${h.ok ? 'ok' : `FAIL: ${h.problem}`} |`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  process.exitCode = failed ? 1 : 0;
}

void main();
