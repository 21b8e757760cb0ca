/**
 * How the CLI and the language server tune V8's optimizing compiler (TurboFan) at start-up.
 *
 * Both entry points turn off TurboFan's inlining, on node 20 only, for the same reason:
 * what users wait for is code that runs before the optimizing compiler has caught up (a CLI
 * run of a few hundred milliseconds; the first edits after a large script is opened, while
 * the 48 rules and the re-read are optimized one by one), and on a 2-core machine that
 * compiler's background jobs compete with the main thread for the cores. Without inlining
 * its jobs are several times cheaper and their code arrives sooner. docs/benchmarks.md has
 * the interleaved measurements for both (the CLI's wall time, the server's first twelve
 * edits, its p95, its median and its indexing of the 1,000-file workspace).
 *
 * Node documents flags set after start-up as possibly unpredictable: this one only changes
 * what the optimizing compiler inlines, is set before any of memlint's code has been
 * optimized, and the engine's own tests run without it. It is set only on the node version
 * it was measured on (later ones tier up differently, and a flag their V8 lacked would be
 * reported on stderr).
 */
import { setFlagsFromString } from 'v8';

/** Whether `nodeVersion` (process.versions.node) is one the flag was measured on. */
export function inliningOffMeasuredOn(nodeVersion: string): boolean {
  return nodeVersion.split('.')[0] === '20';
}

/** Turns TurboFan's inlining off when the running node is one it was measured on; returns whether it did. */
export function turnInliningOff(nodeVersion = process.versions.node): boolean {
  if (!inliningOffMeasuredOn(nodeVersion)) return false;
  try {
    setFlagsFromString('--no-turbo-inlining');
    return true;
  } catch {
    return false; // runs as it would have anyway
  }
}
