/** Timing helpers for `npm run bench` (never used by tests). */
import { spawnSync } from 'child_process';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

export interface Timed {
  ms: number;
  status: number | null;
  stdout: string;
  stderr: string;
  /** Stopped at `timeoutMs` (then `ms` is the time it was given). */
  timedOut: boolean;
}

/** Runs a program to its end and times it (wall clock, whole process). */
export function timeProcess(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Timed {
  const t0 = now();
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: opts.timeoutMs });
  const ms = now() - t0;
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  if (r.error && !timedOut) throw r.error;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr, timedOut };
}

/**
 * Runs several commands in turn, `runs` rounds, so that each sees the same load (the
 * machine is shared); returns the times of each command.
 */
export function interleaved(commands: (() => number)[], runs: number): number[][] {
  const times = commands.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) commands.forEach((c, k) => times[k].push(c()));
  return times;
}

/** "12.3 ms (min 10.1, max 15.0)". */
export function spread(xs: number[], digits = 1): string {
  return `min ${Math.min(...xs).toFixed(digits)}, max ${Math.max(...xs).toFixed(digits)}`;
}
