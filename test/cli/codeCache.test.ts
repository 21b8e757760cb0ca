/**
 * dist/cli.js runs the CLI bundle, dist/cli-main.js, with the V8 code cache the build made
 * (server/src/cli/boot.ts, scripts/cli-code-cache.cjs): the cache is for this bundle and
 * this node accepts it, and the CLI gives the same output without it, with a cache of
 * another bundle, with damaged cache data, or with a cache V8 rejects.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import { wrap } from 'module';
import * as path from 'path';
import * as vm from 'vm';
import { DIST } from '../helpers/paths';
import { tempDir, writeTree } from '../helpers/tmp';

const MAIN = path.join(DIST, 'cli-main.js');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();

function lint(dist: string, cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'a.sql', '--format', 'json'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI: code cache', () => {
  it('the built cache starts with the digests of dist/cli-main.js and of the rest, which this node accepts', () => {
    const bytes = fs.readFileSync(MAIN);
    const cache = fs.readFileSync(`${MAIN}.cache`);
    assert.ok(sha256(bytes).equals(cache.subarray(0, 32)), 'digest of another bundle');
    assert.ok(sha256(cache.subarray(64)).equals(cache.subarray(32, 64)), 'digest of other data');
    const script = new vm.Script(wrap(bytes.toString('utf8')), { filename: MAIN, cachedData: cache.subarray(64) });
    assert.strictEqual(script.cachedDataRejected, false);
  });

  it('lints the same without a cache, with the cache of another bundle, and with a cache V8 rejects', () => {
    const work = tempDir('code-cache');
    writeTree(work, { 'a.sql': 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);\nGO\nEXEC sp_configure N\'max server memory\', 1024;\n' });
    const expected = lint(DIST, work);
    assert.strictEqual(expected.code, 1);
    assert.ok(JSON.parse(expected.stdout).findings.length > 0);
    const digest = sha256(fs.readFileSync(MAIN));
    const built = fs.readFileSync(`${MAIN}.cache`);
    const data = built.subarray(64);
    // damaged data V8 would not notice: one byte changed in the middle
    const damaged = Buffer.from(data);
    damaged[damaged.length >> 1] ^= 0xff;
    const junk = Buffer.alloc(4096, 7);
    const caches: Record<string, Buffer | undefined> = {
      none: undefined,
      'another bundle': Buffer.concat([sha256(Buffer.from('another')), sha256(data), data]),
      'damaged data': Buffer.concat([digest, sha256(data), damaged]),
      'rejected by V8': Buffer.concat([digest, sha256(junk), junk]),
      'digests only': built.subarray(0, 64),
      'truncated': built.subarray(0, 40),
    };
    for (const [name, cache] of Object.entries(caches)) {
      const dist = tempDir('code-cache-dist');
      for (const f of fs.readdirSync(DIST)) if (/^cli(-[\w-]+)?\.js$/.test(f)) fs.copyFileSync(path.join(DIST, f), path.join(dist, f));
      if (cache) fs.writeFileSync(path.join(dist, 'cli-main.js.cache'), cache);
      assert.deepStrictEqual(lint(dist, work), expected, name);
    }
  });
});
