#!/usr/bin/env node
/**
 * Entry point of dist/cli.js, the `memlint` command. It compiles and runs dist/cli-main.js
 * (main.ts: the CLI and the engine) with the V8 code cache that `npm run build` made for it,
 * dist/cli-main.cache: the bytecode of the functions a run of the CLI compiles, so that a
 * run does not parse and compile them again (about a tenth of a lone script's lint).
 *
 * Nothing is written at run time: the cache is made once, by the build (scripts/build.mjs,
 * which runs `compileMain(false)` on examples/ and saves `script.createCachedData()`), and
 * only read here. Its first line holds the CRC-32 of the bundle it was made for and of the
 * cache itself: V8 checks only its own version, its flags and the source's length, and
 * crashes on damaged cache data, so a cache that is not for these exact bytes, or is
 * damaged, is not handed to V8. Without a cache (or on a node without zlib.crc32, or when V8
 * rejects it), the bundle is compiled as usual and runs the same.
 *
 * Written with require() only, so esbuild keeps it a CommonJS module (require.main, module).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const fs = require('fs') as typeof import('fs');
const path = require('path') as typeof import('path');
const vm = require('vm') as typeof import('vm');
const { createRequire } = require('module') as typeof import('module');
const { crc32 } = require('zlib') as { crc32?: (data: Uint8Array) => number };

const MAIN = path.join(__dirname, 'cli-main.js');
const CACHE = path.join(__dirname, 'cli-main.cache');
/** The first line of dist/cli-main.cache: the CRC-32s of the bundle and of the cache data that follows. */
function cacheHeader(bundle: Uint8Array, data: Uint8Array): string {
  return `memlint-code-cache ${crc32!(bundle)} ${crc32!(data)}\n`;
}

/** The cache data for these bundle bytes, or undefined when there is none that fits. */
function readCache(bundle: Uint8Array): Buffer | undefined {
  if (!crc32) return undefined;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(CACHE);
  } catch {
    return undefined;
  }
  const nl = bytes.indexOf(10);
  if (nl < 0) return undefined;
  const data = bytes.subarray(nl + 1);
  return bytes.toString('latin1', 0, nl + 1) === cacheHeader(bundle, data) ? data : undefined;
}

/** dist/cli-main.js compiled (with the code cache when `useCache` and it fits), and a function that runs it once. */
function compileMain(useCache: boolean): { script: import('vm').Script; cacheRejected: boolean | undefined; run: () => void } {
  const bundle = fs.readFileSync(MAIN);
  const source = bundle.toString('utf8');
  const cachedData = useCache ? readCache(bundle) : undefined;
  // the wrapper node's own module loader puts around a CommonJS file
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: MAIN, cachedData });
  const run = () => {
    const mod = { exports: {} };
    script.runInThisContext()(mod.exports, createRequire(MAIN), mod, MAIN, __dirname);
  };
  return { script, cacheRejected: cachedData ? script.cachedDataRejected === true : undefined, run };
}

module.exports = { compileMain, cacheHeader, MAIN, CACHE };

if (require.main === module) compileMain(true).run();
