/**
 * dist/cli.js loads its third-party packages (YAML, the JSON-schema validator, the XML
 * tokenizer, the glob matcher: dist/cli-<name>.js, see scripts/build.mjs) only when a file
 * needs them, so that linting a lone .sql script does not pay for loading them.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DIST, ROOT } from '../helpers/paths';
import { tempDir, writeTree } from '../helpers/tmp';

/** Runs dist/cli.js and returns its exit code, stdout and the files of dist/ it loaded. */
function cliLoading(args: string[], cwd: string): { code: number | null; stdout: string; loaded: string[] } {
  const dir = tempDir('lazy-load');
  const record = path.join(dir, 'record.js');
  const out = path.join(dir, 'loaded.json');
  fs.writeFileSync(record, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))));\n`);
  const r = spawnSync(process.execPath, ['--require', record, path.join(DIST, 'cli.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const loaded = (JSON.parse(fs.readFileSync(out, 'utf8')) as string[]).filter((f) => path.dirname(f) === DIST).map((f) => path.basename(f));
  return { code: r.status, stdout: r.stdout, loaded: loaded.sort() };
}

describe('CLI: packages loaded on demand', () => {
  it('linting a lone .sql script loads dist/cli.js only', () => {
    const dir = tempDir('lazy-sql');
    writeTree(dir, { 'a.sql': 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);\n' });
    const r = cliLoading(['a.sql', '--format', 'json'], dir);
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code).sort(), ['RG101', 'RG105']);
    assert.deepStrictEqual(r.loaded, ['cli.js']);
  });

  it('a deployment with memlint.yaml, PowerShell and Hyper-V XML loads the packages it needs, and lints as before', () => {
    const r = cliLoading(['examples', '--format', 'json'], ROOT);
    assert.strictEqual(r.code, 1);
    const codes = new Set(JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code));
    assert.ok(codes.has('XTP201'), [...codes].join(' '));
    assert.deepStrictEqual(r.loaded, ['cli-ajv.js', 'cli-htmlparser2.js', 'cli-picomatch.js', 'cli-yaml.js', 'cli.js']);
  });

  it('a --policy file loads the YAML package (and a broken one is still reported)', () => {
    const dir = tempDir('lazy-policy');
    writeTree(dir, { 'a.sql': 'SELECT 1;\n', 'p.yaml': 'rules: [\n' });
    const r = cliLoading(['a.sql', '--policy', 'p.yaml'], dir);
    assert.strictEqual(r.code, 2);
    assert.ok(r.loaded.includes('cli-yaml.js'), r.loaded.join(' '));
  });
});
