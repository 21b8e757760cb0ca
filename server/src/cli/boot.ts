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
 * the source's length, so the cache starts with a SHA-256 of the bundle it was made from.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { createRequire, wrap } from 'module';
import * as path from 'path';
import * as vm from 'vm';

const file = path.join(__dirname, 'cli-main.js');
const bytes = fs.readFileSync(file);
let cachedData: Buffer | undefined;
try {
  const cache = fs.readFileSync(`${file}.cache`);
  if (cache.length > 32 && createHash('sha256').update(bytes).digest().equals(cache.subarray(0, 32))) cachedData = cache.subarray(32);
} catch {
  // no cache: compile as usual
}
const script = new vm.Script(wrap(bytes.toString('utf8')), { filename: file, cachedData });
const main = { exports: {} };
(script.runInThisContext() as (...a: unknown[]) => void).call(main.exports, main.exports, createRequire(file), main, file, __dirname);
