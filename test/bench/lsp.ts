/** Language-server measures for `npm run bench`: edit latency and memory, over the real protocol. */
import * as fs from 'fs';
import * as path from 'path';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { TestClient } from '../helpers/lspClient';
import { now } from './measure';

/** Resident and peak memory of a process, in MB (Linux). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** The server's own split of each lint, from its log: "linted N files in X ms (... published in Y ms)". */
function serverSplit(logs: string[]): { lintMs: number[]; publishMs: number[] } {
  const lintMs: number[] = [];
  const publishMs: number[] = [];
  for (const l of logs) {
    const m = /linted \d+ files in (\d+) ms .*published in (\d+) ms/.exec(l);
    if (m) {
      lintMs.push(Number(m[1]));
      publishMs.push(Number(m[2]) - Number(m[1]));
    }
  }
  return { lintMs, publishMs };
}

/** CPU time (user + system) a process has used so far, in ms (Linux; clock ticks of 10 ms). */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime
  } catch {
    return undefined;
  }
}

/**
 * `edits` edits of an open document (versions 2, 3, ...), each inserting or (next time)
 * removing an empty line in the middle, so every edit moves the findings below it and is
 * published; each is waited for before the next. Returns each edit's round trip in ms.
 */
async function timedEdits(client: TestClient, uri: string, text: string, edits: number): Promise<number[]> {
  const line = Math.floor(text.split('\n').length / 2);
  const times: number[] = [];
  for (let v = 2; v < edits + 2; v++) {
    const insert = v % 2 === 0;
    const range = insert ? { start: { line, character: 0 }, end: { line, character: 0 } } : { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
    const published = client.nextDiagnostics(uri, (p) => p.version === v);
    const t0 = now();
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [{ range, text: insert ? '\n' : '' }] });
    await published;
    times.push(now() - t0);
  }
  return times;
}

/**
 * didChange -> publishDiagnostics for one open file of `text`: `edits` edits, each
 * inserting or (next time) removing an empty line in the middle of the file (so every
 * edit moves the findings below it and is published), each waited for before the next.
 * The lint delay is 0: this measures the server's work, not the typing debounce.
 */
export async function editLatency(file: string, text: string, edits: number): Promise<{ times: number[]; findings: number; cpuPerEditMs?: number; lintMs: number[]; publishMs: number[] }> {
  const client = await TestClient.start({ settings: { lintDelayMs: 0 } });
  try {
    const uri = URI.file(file).toString();
    const first = client.nextDiagnostics(uri, (p) => p.version === 1);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'sql', version: 1, text } });
    const findings = (await first).diagnostics.length;
    const logsBefore = client.logs.length;
    const cpu0 = cpuMsOf(client.child.pid!);
    const times = await timedEdits(client, uri, text, edits);
    const cpu1 = cpuMsOf(client.child.pid!);
    return { times, findings, cpuPerEditMs: cpu0 !== undefined && cpu1 !== undefined ? (cpu1 - cpu0) / edits : undefined, ...serverSplit(client.logs.slice(logsBefore)) };
  } finally {
    await client.stop();
  }
}

/**
 * A server started on a workspace folder: time from initialize until it has read every
 * file and published its first lint (status idle), and its memory then; then `edits`
 * edits of one of its files (`editFile`, relative), each waited for as in editLatency.
 */
export async function workspaceServer(
  dir: string,
  files: number,
  editFile?: string,
  edits = 0,
): Promise<{ ms: number; rssMb: number; peakMb: number; log: string; editTimes: number[]; lintMs: number[]; publishMs: number[] }> {
  const t0 = now();
  const client = await TestClient.start({ settings: { lintDelayMs: 0 }, workspaceFolders: [{ uri: URI.file(dir).toString(), name: 'bench' }] });
  try {
    await client.notificationWhen<{ state: string; files: number }>('memlint/status', (p) => p.state === 'idle' && p.files >= files);
    const ms = now() - t0;
    const mem = memoryOf(client.child.pid!);
    if (!mem) throw new Error('cannot read the server memory from /proc');
    const log = client.logs.filter((l) => /read \d+ files|linted \d+ files/.test(l)).join('; ');
    const editTimes: number[] = [];
    const logsBefore = client.logs.length;
    if (editFile && edits) {
      const file = path.join(dir, editFile);
      const uri = URI.file(file).toString();
      const text = fs.readFileSync(file, 'utf8');
      const first = client.nextDiagnostics(uri, (p) => p.version === 1);
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'sql', version: 1, text } });
      await first;
      editTimes.push(...(await timedEdits(client, uri, text, edits)));
    }
    return { ms, ...mem, log, editTimes, ...serverSplit(client.logs.slice(logsBefore + 1)) };
  } finally {
    await client.stop();
  }
}
