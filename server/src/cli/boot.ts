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
import * as vm from 'vm';
import { turnInliningOff } from '../host/compiler';

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
// The CLI lives a few hundred milliseconds, most of it before the optimizing compiler has
// caught up: measured interleaved on the 20,000-line script, turning its inlining off took
// the wall time from 359 to 301 ms (process CPU 484 -> 372 ms, main thread 243 -> 220 ms),
// and on a 100,000-line script from 1.17 to 0.82 s (host/compiler.ts says why). Only after
// the code cache was read: V8 accepts a cache only under the flags it was made with.
turnInliningOff();
const main = { exports: {} };
(script.runInThisContext() as (...a: unknown[]) => void).call(main.exports, main.exports, createRequire(file), main, file, __dirname);
