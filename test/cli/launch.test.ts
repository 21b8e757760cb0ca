/**
 * dist/cli.js (server/src/cli/launch.ts) runs dist/cli-main.js with the V8 code cache the
 * build made for it, dist/cli-main.cache: V8 accepts it on the node that built it, and a
 * cache that is missing, made for another bundle, damaged or cut short changes nothing the
 * CLI prints.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DIST, ROOT } from '../helpers/paths';
import { tempDir } from '../helpers/tmp';

interface Launch {
  compileMain(useCache: boolean): { cacheRejected: boolean | undefined };
  cacheHeader(bundle: Uint8Array, data: Uint8Array): string;
}

/** A copy of dist/'s CLI files, to damage its cache. */
function copyOfDist(): string {
  const dir = tempDir('launch');
  for (const f of fs.readdirSync(DIST).filter((n) => /^cli(-[\w]+)?\.(js|cache)$/.test(n))) fs.copyFileSync(path.join(DIST, f), path.join(dir, f));
  return dir;
}

function run(dist: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(dist, 'cli.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI launcher and its code cache', () => {
  const args = ['examples', '--format', 'json'];
  let expected: { code: number | null; stdout: string; stderr: string };
  before(() => {
    expected = run(DIST, args);
    assert.strictEqual(expected.code, 1, expected.stderr);
  });

  it('the build made a code cache for this bundle, and this node accepts it', () => {
    const launch = require(path.join(DIST, 'cli.js')) as Launch;
    const cache = fs.readFileSync(path.join(DIST, 'cli-main.cache'));
    const nl = cache.indexOf(10);
    assert.strictEqual(cache.toString('latin1', 0, nl + 1), launch.cacheHeader(fs.readFileSync(path.join(DIST, 'cli-main.js')), cache.subarray(nl + 1)));
    assert.strictEqual(launch.compileMain(true).cacheRejected, false);
    assert.strictEqual(launch.compileMain(false).cacheRejected, undefined);
  });

  it('runs the same without the cache, with a cache of another build and with a damaged one', () => {
    const dir = copyOfDist();
    const cache = path.join(dir, 'cli-main.cache');
    const good = fs.readFileSync(cache);
    const nl = good.indexOf(10);
    // damaged data crashes V8 (it does not check a code cache's checksum itself): the
    // launcher must never hand it over
    const damaged = Buffer.from(good);
    for (let i = nl + 64; i < damaged.length; i += 97) damaged[i] ^= 0x5a;
    const header = good.toString('latin1', 0, nl).split(' ');
    const variants: [string, Buffer | undefined][] = [
      ['none', undefined],
      ['made for another bundle', Buffer.concat([Buffer.from(`${header[0]} ${Number(header[1]) ^ 1} ${header[2]}\n`), good.subarray(nl + 1)])],
      ['damaged', damaged],
      ['cut short', good.subarray(0, good.length >> 1)],
      ['empty', Buffer.alloc(0)],
    ];
    for (const [name, bytes] of variants) {
      if (bytes) fs.writeFileSync(cache, bytes);
      else fs.rmSync(cache);
      assert.deepStrictEqual(run(dir, args), expected, name);
    }
  });
});
