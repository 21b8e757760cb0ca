import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { cli } from '../helpers/cli';
import { tempDir, writeTree } from '../helpers/tmp';

// exit codes in every format: exitCodes.test.ts; options: options.test.ts; --fix: fix.test.ts

const CLEAN = `CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 40, MAX_MEMORY_PERCENT = 40);\nALTER RESOURCE GOVERNOR RECONFIGURE;\n`;
const ERROR = `CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);\nALTER RESOURCE GOVERNOR RECONFIGURE;\n`;
const WARNING = `CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 40);\n`; // RG105 only

describe('CLI', () => {
  let dir: string;
  before(() => {
    dir = tempDir('cli');
    writeTree(dir, {
      'clean/a.sql': CLEAN,
      'error/a.sql': ERROR,
      'warn/a.sql': WARNING,
      'warn/b.sql': WARNING,
      'warn/node_modules/x.sql': ERROR, // skipped
      'warn/notes.txt': ERROR, // not a .sql file
      'utf16/a.sql': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`-- é\r\n${ERROR.replace(/\n/g, '\r\n')}`, 'utf16le')]),
      'binary/a.sql': Buffer.from([0x43, 0x00, 0x01, 0x02, 0x00]),
    });
  });

  it('prints the demo findings for examples/ in stylish format and exits 1 (it has an error)', () => {
    const r = cli(['examples']);
    assert.strictEqual(r.code, 1, r.stderr);
    assert.match(r.stdout, /examples\/sql\/prod\/01-resource-pools\.sql/);
    assert.match(r.stdout, /XTP201/);
    assert.match(r.stdout, /✖ \d+ problems \(\d+ errors?, \d+ warnings?/);
    assert.strictEqual(r.stderr, '');
  });

  it('walks folders for *.sql, skipping node_modules and other extensions', () => {
    const r = cli([path.join(dir, 'warn'), '--format', 'json'], dir);
    const files = [...new Set(JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file))];
    assert.deepStrictEqual(files, ['warn/a.sql', 'warn/b.sql']);
  });

  it('--format json prints the stable version-1 shape with 1-based positions and relative paths', () => {
    const r = cli(['--format', 'json', 'warn/a.sql'], dir);
    assert.strictEqual(r.code, 0);
    const out = JSON.parse(r.stdout);
    assert.deepStrictEqual(Object.keys(out), ['version', 'findings']);
    assert.strictEqual(out.version, 1);
    assert.deepStrictEqual(out.findings, [
      {
        file: 'warn/a.sql',
        line: 1,
        column: 22,
        endLine: 1,
        endColumn: 23,
        code: 'RG105',
        name: 'reconfigure-missing',
        severity: 'warning',
        message: out.findings[0].message,
        fixes: [
          {
            title: 'Add ALTER RESOURCE GOVERNOR RECONFIGURE after the last Resource Governor statement',
            applicability: 'safe',
            edits: [{ file: 'warn/a.sql', line: 1, column: 55, endLine: 1, endColumn: 55, newText: '\nALTER RESOURCE GOVERNOR RECONFIGURE;' }],
          },
        ],
        related: [],
      },
    ]);
    assert.match(out.findings[0].message, /^Pool \[P\] is created, but no ALTER RESOURCE GOVERNOR RECONFIGURE follows/);
  });

  it('reads UTF-16 LE files with a BOM (as SSMS saves them) with exact positions', () => {
    const r = cli(['--format', 'json', 'utf16'], dir);
    const [f] = JSON.parse(r.stdout).findings;
    assert.deepStrictEqual([f.code, f.line, f.column], ['RG101', 2, 51]);
  });

  it('skips binary files with a one-line reason', () => {
    const r = cli(['binary'], dir);
    assert.strictEqual(r.code, 0);
    assert.match(r.stderr, /^memlint: skipped .*a\.sql: binary file \(NUL bytes\)\n$/);
  });

  it('says why it skips a file whose name is not UTF-8 (Node can not open it by name)', () => {
    const dir = tempDir('cli-latin1-name');
    writeTree(dir, { 'ok.sql': 'CREATE RESOURCE POOL Q WITH (MAX_MEMORY_PERCENT = 150);\n' });
    // "café.sql" in Latin-1: the name's bytes are not UTF-8
    fs.writeFileSync(Buffer.concat([Buffer.from(dir + '/'), Buffer.from('caf\xe9.sql', 'latin1')]), 'CREATE RESOURCE POOL P;\n');
    const r = cli(['.', '--format', 'json'], dir);
    assert.strictEqual(r.stderr, 'memlint: skipped caf\ufffd.sql: its name is not valid UTF-8, so memlint can not open it; rename it\n');
    assert.deepStrictEqual([...new Set(JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file))], ['ok.sql']);
  });

  it('never writes the files it lints', () => {
    const before = fs.readFileSync(path.join(dir, 'warn/a.sql'), 'utf8');
    cli(['warn'], dir);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'warn/a.sql'), 'utf8'), before);
  });

  const usage: [string, string[], RegExp][] = [
    ['a path that does not exist', ['no/such/dir'], /^memlint: no such file or directory: no\/such\/dir\n$/],
    ["an unknown format", ["--format", "xml", "."], /^memlint: unknown format "xml": use stylish, json, sarif, junit, github\n$/],
  ];
  for (const [what, args, message] of usage) {
    it(`exits 2 with one clear line for ${what}`, () => {
      const r = cli(args, dir);
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.strictEqual(r.stdout, '');
    });
  }

  it('reads the memlint.yaml tree around a target for context but reports only on the target', () => {
    const r = cli(['examples/sql/prod', '--format', 'json']);
    const findings = JSON.parse(r.stdout).findings as { file: string; code: string; message: string }[];
    assert.ok(findings.every((f) => f.file.startsWith('examples/sql/prod/')), 'only the paths asked for');
    const mem = findings.find((f) => f.code === 'MEM501');
    assert.ok(mem, 'the VM in examples/infra is known although only sql/prod was linted');
    assert.match(mem.message, /Raise Startup RAM to 43 GB/);
  });

  it('memlint report prints the budget waterfall in Markdown or a self-contained HTML page', () => {
    const md = cli(['report', 'examples']);
    assert.strictEqual(md.code, 0, md.stderr);
    assert.match(md.stdout, /^# memlint memory budget\n\n## SQLPROD01\n/);
    assert.match(md.stdout, /\| \*\*budget B = pool × f\*\* \| \*\*7,372\.8 MB\*\* \|/);
    assert.match(md.stdout, /Startup RAM: examples\/infra\/SQLVM01\.ps1:5/);
    // the table fits a hover: short step names, the formulas under it
    const steps = [...md.stdout.matchAll(/^\| ([^|]+) \|/gm)].map((m) => m[1]);
    assert.ok(steps.length >= 9 && steps.every((x) => x.length <= 25), `step names: ${steps.join(' / ')}`);
    assert.match(md.stdout, /^R\(V\) = 1 GB \+ max\(0, min\(V, 16 GB\) − 4 GB\) \/ 4 \+ max\(0, V − 16 GB\) \/ 8 \(V \/ 2 below 2 GB\) · T = min\(max server memory, V − R\)/m);
    const html = cli(['report', 'examples', '--format', 'html']);
    assert.strictEqual(html.code, 0);
    assert.match(html.stdout, /^<!DOCTYPE html>/);
    // each chart's values are drawn over its "needed" line, on a halo, so the line never crosses a number
    const charts = html.stdout.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    assert.strictEqual(charts.length, 3);
    for (const svg of charts) assert.match(svg, /stroke-dasharray="4 3"\/>(<text [^>]*paint-order="stroke">[\d,.]+ MB<\/text>){4}<text[^>]*>needed /);
    assert.match(html.stdout, /Content-Security-Policy" content="default-src 'none'; style-src 'nonce-[A-Za-z0-9+\/=]+'; img-src data:"/);
    const bad = cli(['report', '--format', 'pdf', 'examples']);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /^memlint: unknown report format "pdf": use md or html\n$/);
  });
});
