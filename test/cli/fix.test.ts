/**
 * `memlint --fix` as a real process: safe fixes only (unsafe ones with --unsafe-fixes),
 * re-linting until stable, what is left reported and counted in the exit code, files kept
 * in their encoding and line endings, files without fixes never written, and --stdin
 * --fix printing the fixed text.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixSummary, MAX_FIX_ROUNDS } from '../../server/src/cli/run';
import { Finding, FixResult } from '../../server/src/engine';
import { CliResult, cliAll, parseGithub } from '../helpers/cli';
import { DIST, ROOT } from '../helpers/paths';
import { tempDir, writeTree } from '../helpers/tmp';

/** RG105, XTP201 and XTP203 have safe fixes; RG102 (error) and XTP202 only unsafe ones. */
const MIXED = [
  'CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 10, MAX_MEMORY_PERCENT = 40);',
  'CREATE RESOURCE POOL Q WITH (MIN_MEMORY_PERCENT = 60, MAX_MEMORY_PERCENT = 50);',
  "EXEC sp_xtp_bind_db_resource_pool N'SalesDB', N'P';",
  '',
];
const MIXED_SAFE = [
  'CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 40, MAX_MEMORY_PERCENT = 40);',
  'CREATE RESOURCE POOL Q WITH (MIN_MEMORY_PERCENT = 60, MAX_MEMORY_PERCENT = 50);',
  'ALTER RESOURCE GOVERNOR RECONFIGURE;',
  "EXEC sp_xtp_bind_db_resource_pool N'SalesDB', N'P';",
  '',
];
const MIXED_ALL = [
  'CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 40, MAX_MEMORY_PERCENT = 40);',
  'CREATE RESOURCE POOL Q WITH (MIN_MEMORY_PERCENT = 50, MAX_MEMORY_PERCENT = 50);',
  'ALTER RESOURCE GOVERNOR RECONFIGURE;',
  "EXEC sp_xtp_bind_db_resource_pool N'SalesDB', N'P';",
  'ALTER DATABASE [SalesDB] SET OFFLINE WITH ROLLBACK IMMEDIATE;',
  'ALTER DATABASE [SalesDB] SET ONLINE;',
  '',
];
/**
 * Two rounds: the first inserts RECONFIGURE before the bind (XTP203), which clears the
 * RG105 finding the comment suppressed; the second removes the now unused comment (CFG904).
 */
const CHAIN = ['-- memlint-disable-next-line RG105', 'CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 40, MAX_MEMORY_PERCENT = 40);', "EXEC sp_xtp_bind_db_resource_pool N'SalesDB', N'P';", ''];
const CHAIN_FIXED = ['CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 40, MAX_MEMORY_PERCENT = 40);', 'ALTER RESOURCE GOVERNOR RECONFIGURE;', "EXEC sp_xtp_bind_db_resource_pool N'SalesDB', N'P';", ''];
const UNFIXABLE = 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);\nALTER RESOURCE GOVERNOR RECONFIGURE;\n'; // RG101: no fix
const CLEAN = 'SELECT 1;\n';

const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()]);
const utf8bom = (s: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')]);
const OLD = new Date('2001-02-03T04:05:06Z');

describe('CLI --fix', () => {
  let dir: string;
  const r: Record<string, CliResult> = {};
  const read = (f: string) => fs.readFileSync(path.join(dir, f));

  before(async function () {
    this.timeout(60_000);
    dir = tempDir('fix');
    writeTree(dir, {
      'safe/m.sql': MIXED.join('\n'),
      'unsafe/m.sql': MIXED.join('\n'),
      'chain/c.sql': CHAIN.join('\n'),
      'enc/utf16le-crlf.sql': utf16le(`-- é ☃\r\n${MIXED.join('\r\n')}`),
      'enc/utf16be.sql': utf16be(MIXED.join('\n')),
      'enc/utf8bom-crlf.sql': utf8bom(MIXED.join('\r\n')),
      'enc/latin1.sql': Buffer.from(`-- caf\xe9\n${MIXED.join('\n')}`, 'latin1'),
      'keep/clean.sql': CLEAN,
      'keep/unfixable.sql': UNFIXABLE,
      // an odd number of bytes after a UTF-16 BOM can't be written back unchanged
      'odd/u.sql': Buffer.concat([utf16le(MIXED.join('\n')), Buffer.from([0x41])]),
      'stdin/m.sql': MIXED.join('\n'),
      // named on the command line, read as T-SQL whatever its extension
      'tmpl/deploy.sql.tmpl': MIXED.join('\n'),
    });
    for (const f of ['keep/clean.sql', 'keep/unfixable.sql', 'odd/u.sql']) fs.utimesSync(path.join(dir, f), OLD, OLD);
    // examples/ copied, to fix only sql/prod: the VM script it reads for context has a fix too (MEM501)
    fs.cpSync(path.join(ROOT, 'examples'), path.join(dir, 'ex'), { recursive: true });
    const calls: [string, string[], (string | Buffer)?][] = [
      ['safe', ['safe', '--fix', '--format', 'json']],
      ['unsafe', ['unsafe', '--fix', '--unsafe-fixes', '--format', 'json']],
      ['chain', ['chain', '--fix', '--format', 'json']],
      ['enc', ['enc', '--fix', '--format', 'github']],
      ['keep', ['keep', '--fix']],
      ['odd', ['odd', '--fix', '--format', 'json']],
      ['ex', ['ex/sql/prod', '--fix', '--format', 'json']],
      ['stdin', ['--stdin', '--stdin-filename', 'stdin/m.sql', '--fix', '--format', 'json'], MIXED.join('\n')],
      ['stdin-utf16', ['--stdin', '--stdin-filename', 'x.sql', '--fix'], utf16le(MIXED.join('\r\n'))],
      ['stdin-unsafe-clean', ['--stdin', '--fix', '--unsafe-fixes', '--format', 'sarif'], utf8bom(MIXED_ALL.join('\n'))],
      ['stdin-odd', ['--stdin', '--fix', '--format', 'json'], Buffer.concat([utf16le(MIXED.join('\n')), Buffer.from([0x41])])],
      ['unsafe-alone', ['safe', '--unsafe-fixes']],
      ['tmpl', ['tmpl/deploy.sql.tmpl', '--fix', '--format', 'json']],
    ];
    const out = await cliAll(calls.map(([, args, input]) => ({ args, cwd: dir, input })));
    calls.forEach(([name], i) => (r[name] = out[i]));
  });

  it('applies safe fixes only, then reports what is left and exits on it', () => {
    assert.strictEqual(read('safe/m.sql').toString('utf8'), MIXED_SAFE.join('\n'));
    assert.strictEqual(r.safe.stderr, 'memlint: fixed 4 problems in 1 file (1 round)\n');
    const left = JSON.parse(r.safe.stdout).findings as { code: string; line: number }[];
    assert.deepStrictEqual(
      left.map((f) => [f.code, f.line]),
      [
        ['RG102', 2],
        ['XTP202', 4],
      ],
      'positions are in the fixed file',
    );
    assert.strictEqual(r.safe.code, 1, 'RG102 is an error and has only an unsafe fix');
  });

  it('--unsafe-fixes applies unsafe fixes too', () => {
    assert.strictEqual(read('unsafe/m.sql').toString('utf8'), MIXED_ALL.join('\n'));
    assert.deepStrictEqual(JSON.parse(r.unsafe.stdout).findings, []);
    assert.strictEqual(r.unsafe.stderr, 'memlint: fixed 6 problems in 1 file (1 round)\n');
    assert.strictEqual(r.unsafe.code, 0);
  });

  it('re-lints and fixes again until nothing changes', () => {
    assert.strictEqual(read('chain/c.sql').toString('utf8'), CHAIN_FIXED.join('\n'));
    assert.strictEqual(r.chain.stderr, 'memlint: fixed 2 problems in 1 file (2 rounds)\n');
    assert.deepStrictEqual(
      JSON.parse(r.chain.stdout).findings.map((f: { code: string }) => f.code),
      ['XTP202'],
    );
  });

  it('keeps each file in its encoding (BOM included) and its line endings', () => {
    assert.deepStrictEqual(read('enc/utf16le-crlf.sql'), utf16le(`-- é ☃\r\n${MIXED_SAFE.join('\r\n')}`));
    assert.deepStrictEqual(read('enc/utf16be.sql'), utf16be(MIXED_SAFE.join('\n')));
    assert.deepStrictEqual(read('enc/utf8bom-crlf.sql'), utf8bom(MIXED_SAFE.join('\r\n')));
    assert.deepStrictEqual(read('enc/latin1.sql'), Buffer.from(`-- caf\xe9\n${MIXED_SAFE.join('\n')}`, 'latin1'));
    assert.strictEqual(r.enc.stderr, 'memlint: fixed 16 problems in 4 files (1 round)\n');
    // what is left, as annotations, at the lines of the fixed files
    assert.deepStrictEqual(
      parseGithub(r.enc.stdout).map((a) => `${a.properties.file}:${a.properties.line} ${a.properties.title.split(' ')[0]}`),
      ['enc/latin1.sql:3 RG102', 'enc/latin1.sql:5 XTP202', 'enc/utf16be.sql:2 RG102', 'enc/utf16be.sql:4 XTP202', 'enc/utf16le-crlf.sql:3 RG102', 'enc/utf16le-crlf.sql:5 XTP202', 'enc/utf8bom-crlf.sql:2 RG102', 'enc/utf8bom-crlf.sql:4 XTP202'],
    );
  });

  it('never writes a file it has no fix for', () => {
    assert.strictEqual(r.keep.code, 1, 'RG101 is left');
    assert.strictEqual(r.keep.stderr, '', 'nothing fixed, nothing said');
    for (const f of ['keep/clean.sql', 'keep/unfixable.sql']) {
      assert.strictEqual(fs.statSync(path.join(dir, f)).mtime.getTime(), OLD.getTime(), `${f} not written`);
    }
    assert.strictEqual(read('keep/unfixable.sql').toString('utf8'), UNFIXABLE);
  });

  it('never writes a file whose bytes it could not write back unchanged, and says so', () => {
    assert.strictEqual(fs.statSync(path.join(dir, 'odd/u.sql')).mtime.getTime(), OLD.getTime());
    assert.strictEqual(r.odd.stderr, 'memlint: not fixing odd/u.sql: its bytes are not valid in any encoding memlint can write back unchanged\n');
    assert.strictEqual(JSON.parse(r.odd.stdout).findings.length, 6, 'all findings are left');
  });

  it('fixes a file named on the command line whatever its extension (it used to stop with an internal error)', () => {
    assert.strictEqual(read('tmpl/deploy.sql.tmpl').toString('utf8'), MIXED_SAFE.join('\n'));
    assert.strictEqual(r.tmpl.stderr, 'memlint: fixed 4 problems in 1 file (1 round)\n');
    assert.deepStrictEqual(JSON.parse(r.tmpl.stdout).findings.map((f: { code: string }) => f.code), ['RG102', 'XTP202']);
  });

  it('reads a pipe named on the command line but never writes to it, and says so', () => {
    // a shell pipe, as `memlint --fix <(generate)` or `generate | memlint /dev/stdin` give
    // (node's own stdin pipes are sockets, which /dev/stdin can't open)
    const cli = JSON.stringify(path.join(DIST, 'cli.js'));
    const r = spawnSync('sh', ['-c', `cat stdin/m.sql | ${JSON.stringify(process.execPath)} ${cli} /dev/stdin --fix --format json`], { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(r.stderr, `memlint: not fixing ${path.relative(dir, '/dev/stdin')}: it is not a regular file\n`);
    assert.deepStrictEqual(JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code).sort(), ['RG102', 'RG105', 'RG105', 'XTP201', 'XTP202', 'XTP203']);
    assert.strictEqual(r.status, 1);
  });

  it('never leaves a file cut short when writing fails (a full disk, a size limit): it stays as it was, the others are written', () => {
    const d = tempDir('fix-write-fails');
    const big = `${'-- a long comment line to make this file larger than the limit\n'.repeat(200)}${MIXED.join('\n')}`;
    writeTree(d, { 'big.sql': big, 'small.sql': MIXED.join('\n') });
    // a file size limit of 4 KB (bash counts in 1,024-byte blocks): writing big.sql in place
    // used to truncate it first and then fail after 4 KB, losing the rest of the script
    const cli = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(DIST, 'cli.js'))}`;
    const r = spawnSync('bash', ['-c', `ulimit -f 4; ${cli} big.sql small.sql --fix`], { cwd: d, encoding: 'utf8' });
    assert.strictEqual(fs.readFileSync(path.join(d, 'big.sql'), 'utf8'), big);
    assert.strictEqual(fs.readFileSync(path.join(d, 'small.sql'), 'utf8'), MIXED_SAFE.join('\n'));
    assert.match(r.stderr, /^memlint: could not write big\.sql, left unchanged: EFBIG: file too large/);
    assert.match(r.stderr, /memlint: 1 of 2 fixed files could not be written; the others were\n$/);
    assert.strictEqual(r.stdout, '');
    assert.strictEqual(r.status, 2);
    assert.deepStrictEqual(fs.readdirSync(d).sort(), ['big.sql', 'small.sql'], 'no temporary file is left behind');
  });

  it('leaves a file the user may not write as it is (a rename over it would need only the folder)', () => {
    // root may write any file: as root, the CLI runs as nobody, from a copy of its bundle
    // under the system's temporary folder (the clone may sit where nobody can't read), on
    // a file in a folder nobody may write to
    const asRoot = process.getuid?.() === 0;
    const d = asRoot ? fs.mkdtempSync(path.join(os.tmpdir(), 'memlint-read-only-')) : tempDir('fix-read-only');
    let bin = DIST;
    if (asRoot) {
      bin = fs.mkdtempSync(path.join(os.tmpdir(), 'memlint-dist-'));
      for (const f of fs.readdirSync(DIST)) if (/^cli.*\.js(\.cache)?$/.test(f)) fs.copyFileSync(path.join(DIST, f), path.join(bin, f));
      fs.chmodSync(bin, 0o755);
      fs.chmodSync(d, 0o777);
    }
    try {
      writeTree(d, { 'ro.sql': MIXED.join('\n') });
      fs.chmodSync(path.join(d, 'ro.sql'), 0o444);
      const r = spawnSync(process.execPath, [path.join(bin, 'cli.js'), 'ro.sql', '--fix'], { cwd: d, encoding: 'utf8', ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
      assert.strictEqual(fs.readFileSync(path.join(d, 'ro.sql'), 'utf8'), MIXED.join('\n'));
      assert.match(r.stderr, /^memlint: could not write ro\.sql, left unchanged: EACCES: permission denied/);
      assert.match(r.stderr, /\nmemlint: the fixed file could not be written\n$/);
      assert.strictEqual(r.status, 2);
      assert.deepStrictEqual(fs.readdirSync(d), ['ro.sql']);
    } finally {
      if (asRoot) for (const x of [d, bin]) fs.rmSync(x, { recursive: true, force: true });
    }
  });

  it("keeps a fixed file's permissions, its symbolic link and its hard links", () => {
    const d = tempDir('fix-links');
    writeTree(d, { 'mode.sql': MIXED.join('\n'), 'target.sql': MIXED.join('\n'), 'linked.sql': MIXED.join('\n') });
    fs.chmodSync(path.join(d, 'mode.sql'), 0o640);
    fs.symlinkSync('target.sql', path.join(d, 'symlink.sql'));
    fs.linkSync(path.join(d, 'linked.sql'), path.join(d, 'hardlink.sql'));
    const r = spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'mode.sql', 'symlink.sql', 'hardlink.sql', '--fix'], { cwd: d, encoding: 'utf8' });
    assert.strictEqual(r.stderr, 'memlint: fixed 12 problems in 3 files (1 round)\n');
    assert.strictEqual(fs.statSync(path.join(d, 'mode.sql')).mode & 0o777, 0o640);
    assert.ok(fs.lstatSync(path.join(d, 'symlink.sql')).isSymbolicLink(), 'the link is still a link');
    assert.strictEqual(fs.readFileSync(path.join(d, 'target.sql'), 'utf8'), MIXED_SAFE.join('\n'));
    assert.strictEqual(fs.readFileSync(path.join(d, 'linked.sql'), 'utf8'), MIXED_SAFE.join('\n'), 'the other hard link sees the fix');
    assert.strictEqual(fs.statSync(path.join(d, 'linked.sql')).ino, fs.statSync(path.join(d, 'hardlink.sql')).ino);
    assert.strictEqual(fs.readFileSync(path.join(d, 'mode.sql'), 'utf8'), MIXED_SAFE.join('\n'));
  });

  it('edits only the files asked for, not the files read for context', () => {
    assert.strictEqual(fs.readFileSync(path.join(dir, 'ex/infra/SQLVM01.ps1'), 'utf8'), fs.readFileSync(path.join(ROOT, 'examples/infra/SQLVM01.ps1'), 'utf8'));
    assert.notStrictEqual(fs.readFileSync(path.join(dir, 'ex/sql/prod/01-resource-pools.sql'), 'utf8'), fs.readFileSync(path.join(ROOT, 'examples/sql/prod/01-resource-pools.sql'), 'utf8'));
    const left = JSON.parse(r.ex.stdout).findings as { file: string }[];
    assert.ok(left.every((f) => f.file.startsWith('ex/sql/prod/')));
  });

  it('--stdin --fix prints the fixed text on stdout, reports what is left on stderr, writes no file', () => {
    assert.strictEqual(r.stdin.stdout, MIXED_SAFE.join('\n'));
    const [summary, ...report] = r.stdin.stderr.split('\n');
    assert.strictEqual(summary, 'memlint: fixed 4 problems in 1 file (1 round)');
    assert.deepStrictEqual(
      JSON.parse(report.join('\n')).findings.map((f: { file: string; code: string }) => `${f.file} ${f.code}`),
      ['stdin/m.sql RG102', 'stdin/m.sql XTP202'],
    );
    assert.strictEqual(r.stdin.code, 1);
    assert.strictEqual(read('stdin/m.sql').toString('utf8'), MIXED.join('\n'), 'the file named by --stdin-filename is not written');
  });

  it('--stdin --fix answers in the encoding and line endings it was given', () => {
    assert.deepStrictEqual(r['stdin-utf16'].stdoutBytes, utf16le(MIXED_SAFE.join('\r\n')));
    assert.match(r['stdin-utf16'].stderr, /^memlint: fixed 4 problems in 1 file \(1 round\)\nx\.sql\n {2}2:51 +error +Pool \[Q\]/);
    // nothing to fix: the same bytes back, BOM included; the report (here SARIF) on stderr
    assert.deepStrictEqual(r['stdin-unsafe-clean'].stdoutBytes, utf8bom(MIXED_ALL.join('\n')));
    assert.deepStrictEqual(JSON.parse(r['stdin-unsafe-clean'].stderr).runs[0].results, []);
    assert.strictEqual(r['stdin-unsafe-clean'].code, 0);
    // bytes that can't be written back: returned untouched
    assert.deepStrictEqual(r['stdin-odd'].stdoutBytes, Buffer.concat([utf16le(MIXED.join('\n')), Buffer.from([0x41])]));
    assert.match(r['stdin-odd'].stderr, /^memlint: not fixing standard input: its bytes are not valid/);
  });

  it('--unsafe-fixes needs --fix', () => {
    assert.strictEqual(r['unsafe-alone'].code, 2);
    assert.strictEqual(r['unsafe-alone'].stderr, 'memlint: --unsafe-fixes needs --fix\n');
    assert.strictEqual(read('safe/m.sql').toString('utf8'), MIXED_SAFE.join('\n'));
  });

  it(`says when it stopped at the ${MAX_FIX_ROUNDS}-round limit with fixes left`, () => {
    assert.strictEqual(MAX_FIX_ROUNDS, 10);
    const file = '/w/a.sql';
    const fixable: Finding = {
      code: 'RG105',
      name: 'reconfigure-missing',
      severity: 'warning',
      message: 'm',
      file,
      range: { start: 0, end: 1 },
      fixes: [{ title: 't', applicability: 'safe', edits: [{ file, range: { start: 0, end: 0 }, newText: 'x' }] }],
      related: [],
    };
    const result = (rounds: number, remaining: Finding[]): FixResult => ({ changed: new Map([[file, 'x']]), applied: rounds, rounds, remaining });
    const writable = new Set([file]);
    assert.strictEqual(fixSummary(result(10, [fixable]), false, writable), 'memlint: fixed 10 problems in 1 file (10 rounds; stopped after 10 rounds with fixes left to apply)\n');
    assert.strictEqual(fixSummary(result(10, []), false, writable), 'memlint: fixed 10 problems in 1 file (10 rounds)\n', 'stable at the last round');
    assert.strictEqual(fixSummary(result(3, [fixable]), false, writable), 'memlint: fixed 3 problems in 1 file (3 rounds)\n');
    assert.strictEqual(fixSummary({ changed: new Map(), applied: 0, rounds: 1, remaining: [fixable] }, false, writable), '');
  });
});
