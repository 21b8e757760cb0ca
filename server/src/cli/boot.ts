#!/usr/bin/env node
/**
 * Entry point of dist/cli.js: runs the CLI bundle, dist/cli-main.js, with the V8 code cache
 * the build made for it (dist/cli-main.js.cache, see scripts/cli-code-cache.cjs).
 *
 * Without it node parses and compiles the bundle's top level, then every function the first
 * time it runs: about 25 ms of a cold 300 ms lint of a 20,000-line script, all on the main
 * thread. The cache holds the bytecode of the functions a lint ran when the build made it.
 * V8 rejects a cache from another node version (or other V8 flags) and then compiles as
 * usual, so a missing, stale or foreign cache costs only reading it. V8 itself checks only
 * the source's length, and in release builds no checksum of the data (damaged data can
 * crash it), so the file starts with a SHA-256 of the bundle it was made for and one of the
 * cache data, and is used only when both match.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { createRequire, wrap } from 'module';
import * as path from 'path';
import { setFlagsFromString } from 'v8';
import * as vm from 'vm';

const file = path.join(__dirname, 'cli-main.js');
const bytes = fs.readFileSync(file);
let cachedData: Buffer | undefined;
try {
  const cache = fs.readFileSync(`${file}.cache`);
  const data = cache.subarray(64);
  const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();
  if (data.length && sha256(bytes).equals(cache.subarray(0, 32)) && sha256(data).equals(cache.subarray(32, 64))) cachedData = data;
} catch {
  // no cache: compile as usual
}
const script = new vm.Script(wrap(bytes.toString('utf8')), { filename: file, cachedData });
// The CLI lives a few hundred milliseconds: most of its code runs before the optimizing
// compiler has caught up, and that compiler's background jobs compete for the same cores
// (on 2 cores they took as much CPU as the main thread). Without inlining its jobs are
// several times cheaper and their code arrives sooner; measured interleaved on the
// 20,000-line script, wall time 359 -> 301 ms (process CPU 484 -> 372 ms, main thread
// 243 -> 220 ms), and on a 100,000-line script 1.17 -> 0.82 s. Set only after the code
// cache was read (V8 accepts a cache only under the flags it was made with), and only on
// the node version it was measured on, 20 (later ones tier up differently, and a flag
// their V8 lacks would be reported on stderr).
// Node documents flags set after start-up as possibly unpredictable: this one only changes
// what the optimizing compiler inlines, is set before any of the CLI's code has run (let
// alone been optimized), and the engine's own tests run without it.
if (process.versions.node.split('.')[0] === '20') {
  try {
    setFlagsFromString('--no-turbo-inlining');
  } catch {
    // runs as it would have anyway
  }
}
const main = { exports: {} };
(script.runInThisContext() as (...a: unknown[]) => void).call(main.exports, main.exports, createRequire(file), main, file, __dirname);
