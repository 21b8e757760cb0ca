import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { DIST } from '../helpers/paths';
import { tempDir, writeTree } from '../helpers/tmp';

const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [path.join(DIST, 'cli.js'), ...args], { cwd, encoding: 'utf8' });

describe('CLI --max-file-size', () => {
  it('does not read a larger file and reports it once (CFG906, info); smaller files are checked as usual', () => {
    const dir = tempDir('cli-max-size');
    const big = 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);\n-- ' + '.'.repeat(100) + '\n';
    writeTree(dir, { 'big.sql': big, 'small.sql': 'CREATE RESOURCE POOL Q WITH (MAX_MEMORY_PERCENT = 150);\n' });
    const r = cli(['--max-file-size', '100', '--format', 'json'], dir);
    const findings = JSON.parse(r.stdout).findings as { file: string; code: string; severity: string; message: string; line: number; column: number }[];
    const bigFindings = findings.filter((f) => f.file === 'big.sql');
    assert.deepStrictEqual(bigFindings.map((f) => [f.code, f.severity, f.line, f.column]), [['CFG906', 'info', 1, 1]]);
    assert.match(bigFindings[0].message, new RegExp(`it is ${Buffer.byteLength(big)} bytes, above --max-file-size \\(100 bytes\\)`));
    assert.ok(findings.some((f) => f.file === 'small.sql' && f.code === 'RG101'));
    assert.strictEqual(r.status, 1); // small.sql's error
    // the default (5 MB) reads both
    const all = JSON.parse(cli(['--format', 'json'], dir).stdout).findings as { file: string; code: string }[];
    assert.ok(all.some((f) => f.file === 'big.sql' && f.code === 'RG101'));
  });

  it('reads a pipe or a device (no size on disk) only up to the limit: /dev/zero is one CFG906, not a hang', () => {
    const dir = tempDir('cli-max-size-dev');
    const r = cli(['/dev/zero', '--format', 'json'], dir);
    const findings = JSON.parse(r.stdout).findings as { code: string; message: string }[];
    assert.deepStrictEqual(findings.map((f) => f.code), ['CFG906']);
    assert.match(findings[0].message, /it is more than 5 MB, above --max-file-size/);
    assert.strictEqual(r.status, 0);
    // a shell pipe over the limit, and one under it
    const piped = (max: number) => spawnSync('sh', ['-c', `printf 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);' | ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(DIST, 'cli.js'))} /dev/stdin --max-file-size ${max} --format json`], { cwd: dir, encoding: 'utf8' });
    assert.deepStrictEqual(JSON.parse(piped(20).stdout).findings.map((f: { code: string }) => f.code), ['CFG906']);
    assert.match(JSON.parse(piped(20).stdout).findings[0].message, /it is more than 20 bytes/);
    assert.deepStrictEqual(JSON.parse(piped(1000).stdout).findings.map((f: { code: string }) => f.code), ['RG105', 'RG101']);
  });

  it('reads only regular files it finds itself: a FIFO that extends: names, or one in a folder, is not waited on', () => {
    const dir = tempDir('cli-fifo');
    writeTree(dir, { 'memlint.yaml': 'extends: team.memlint-policy.yaml\n', 'a.sql': 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);\n' });
    // nobody writes to these: opening one for reading would wait for ever
    for (const f of ['team.memlint-policy.yaml', 'b.sql']) assert.strictEqual(spawnSync('mkfifo', [path.join(dir, f)]).status, 0);
    const r = spawnSync(process.execPath, [path.join(DIST, 'cli.js'), '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    assert.strictEqual(r.error, undefined, 'the CLI finished');
    const codes = (JSON.parse(r.stdout).findings as { file: string; code: string }[]).map((f) => `${f.file} ${f.code}`);
    assert.deepStrictEqual(codes, ['a.sql RG105', 'a.sql RG101', 'memlint.yaml CFG902']);
  });

  it('needs a positive number of bytes', () => {
    const dir = tempDir('cli-max-size-bad');
    for (const v of ['0', '5MB', '-1']) {
      const r = cli([`--max-file-size=${v}`], dir);
      assert.strictEqual(r.status, 2, v);
      assert.match(r.stderr, /--max-file-size needs a number of bytes/);
    }
  });
});
