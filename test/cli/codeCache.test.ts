/**
 * dist/cli.js runs the CLI bundle, dist/cli-main.js, with the V8 code cache the build made
 * (server/src/cli/boot.ts, scripts/cli-code-cache.cjs): the cache is for this bundle and
 * this node accepts it, and the CLI gives the same output without it, with a cache of
 * another bundle, or with a cache V8 rejects.
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

function lint(dist: string, cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'a.sql', '--format', 'json'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI: code cache', () => {
  it('the built cache starts with the digest of dist/cli-main.js and this node accepts the rest', () => {
    const bytes = fs.readFileSync(MAIN);
    const cache = fs.readFileSync(`${MAIN}.cache`);
    assert.ok(createHash('sha256').update(bytes).digest().equals(cache.subarray(0, 32)), 'digest of another bundle');
    const script = new vm.Script(wrap(bytes.toString('utf8')), { filename: MAIN, cachedData: cache.subarray(32) });
    assert.strictEqual(script.cachedDataRejected, false);
  });

  it('lints the same without a cache, with the cache of another bundle, and with a cache V8 rejects', () => {
    const work = tempDir('code-cache');
    writeTree(work, { 'a.sql': 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);\nGO\nEXEC sp_configure N\'max server memory\', 1024;\n' });
    const expected = lint(DIST, work);
    assert.strictEqual(expected.code, 1);
    assert.ok(JSON.parse(expected.stdout).findings.length > 0);
    const bytes = fs.readFileSync(MAIN);
    const digest = createHash('sha256').update(bytes).digest();
    const caches: Record<string, Buffer | undefined> = {
      none: undefined,
      'another bundle': Buffer.concat([createHash('sha256').update('another').digest(), fs.readFileSync(`${MAIN}.cache`).subarray(32)]),
      'rejected by V8': Buffer.concat([digest, Buffer.alloc(4096, 7)]),
      'digest only': digest,
    };
    for (const [name, cache] of Object.entries(caches)) {
      const dist = tempDir('code-cache-dist');
      for (const f of fs.readdirSync(DIST)) if (/^cli(-[\w-]+)?\.js$/.test(f)) fs.copyFileSync(path.join(DIST, f), path.join(dist, f));
      if (cache) fs.writeFileSync(path.join(dist, 'cli-main.js.cache'), cache);
      assert.deepStrictEqual(lint(dist, work), expected, name);
    }
  });
});
