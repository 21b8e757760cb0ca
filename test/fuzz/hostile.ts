/**
 * Hostile inputs (issue 7.3): each is linted alone the way the CLI reads a file (bytes
 * decoded first where the input is bytes). The property tests check them at full size
 * for correctness (no throw, no stack overflow, ranges inside the document) and their
 * growth as a ratio; `npm run fuzz` also times each at full size against the 2 s budget.
 */
import * as assert from 'assert';
import { Finding, Project, decodeText } from '../../server/src/engine';
import { assertFindingsInside, withoutReaderFaults } from './checks';

export interface Hostile {
  name: string;
  /** File name it is linted under. */
  file: string;
  /** The input at `scale` (1 = the size the issue names). */
  build(scale: number): string | Uint8Array;
  /** The two sizes (4x apart) whose times the linearity test compares; default 1/64 and 1/16. */
  scales?: [number, number];
  /**
   * The time budget at full size when not the 2 s: YAML of about 1 MB is bound by
   * the yaml package's parser and its garbage (about 1 MB/s on this 2-core machine under
   * load); its growth is linear (the ratio test), its absolute time is not ours to halve.
   */
  budgetMs?: number;
  /** Extra check of the findings. */
  expect?(findings: Finding[]): void;
}

const n = (full: number, scale: number) => Math.max(1, Math.round(full * scale));
const MB1 = 1 << 20;
const BANK = '<configuration><properties><name type="string">VM</name></properties><settings><memory><bank>';

function bytes(len: number, fill: (i: number) => number, prefix: number[] = []): Uint8Array {
  const b = new Uint8Array(prefix.length + len);
  b.set(prefix);
  for (let i = 0; i < len; i++) b[prefix.length + i] = fill(i);
  return b;
}

export const HOSTILE: Hostile[] = [
  { name: '2,000,000 `(`', file: 'a.sql', build: (s) => '('.repeat(n(2e6, s)) },
  { name: '2,000,000 `(`', file: 'a.ps1', build: (s) => '('.repeat(n(2e6, s)) },
  { name: '2,000,000 `(` after `$x =`', file: 'a.ps1', build: (s) => '$x = ' + '('.repeat(n(2e6, s)) },
  { name: '2,000,000 `(`', file: 'a.xml', build: (s) => BANK + '('.repeat(n(2e6, s)) },
  { name: '2,000,000 `(`', file: 'a.vm.yaml', build: (s) => 'vms:\n  A: ' + '('.repeat(n(2e6, s)) },
  { name: '2,000,000 `(`', file: 'memlint.yaml', build: (s) => '('.repeat(n(2e6, s)) },
  { name: '1 MB line (one identifier)', file: 'a.sql', build: (s) => 'CREATE RESOURCE POOL ' + 'x'.repeat(n(MB1, s)) + ';' },
  { name: '1 MB line (an unclosed string)', file: 'a.sql', build: (s) => "EXEC sp_configure 'max server memory', '" + 'x'.repeat(n(MB1, s)) },
  { name: '1 MB line (a command)', file: 'a.ps1', build: (s) => 'Set-VMMemory -VMName A ' + '-StartupBytes 1GB '.repeat(n(MB1 / 18, s)) },
  { name: '1 MB line (element text)', file: 'a.xml', build: (s) => BANK + '<size type="integer">' + '9'.repeat(n(MB1, s)) + '</size></bank></memory></settings></configuration>' },
  { name: '1 MB line (a flow mapping)', file: 'a.vm.yaml', budgetMs: 5000, build: (s) => 'vms: {' + Array.from({ length: n(MB1 / 28, s) }, (_, i) => `V${i}: {memory: {startup: 1}}`).join(',') + '}' },
  { name: '1 MB line (a scalar)', file: 'memlint.yaml', build: (s) => 'rules: ' + 'x'.repeat(n(MB1, s)) },
  { name: '200,000 nested BEGIN … END', file: 'a.sql', build: (s) => 'BEGIN '.repeat(n(2e5, s)) + 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);' + ' END'.repeat(n(2e5, s)) },
  { name: '200,000 unclosed BEGIN', file: 'a.sql', build: (s) => 'BEGIN\n'.repeat(n(2e5, s)) + 'CREATE RESOURCE POOL P;' },
  { name: '200,000 nested BEGIN TRY', file: 'a.sql', build: (s) => 'BEGIN TRY '.repeat(n(2e5, s)) + 'SELECT 1;' },
  { name: '20,000 nested IF', file: 'a.sql', build: (s) => 'IF 1=1 '.repeat(n(2e4, s)) + 'CREATE RESOURCE POOL P;' },
  // regressions (the first two): an ELSE IF chain handed every statement up to every IF around it when it ended (n² steps)
  { name: '200,000 ELSE IFs (`IF @a RECONFIGURE ELSE IF …`)', file: 'a.sql', build: (s) => 'IF @a RECONFIGURE ELSE '.repeat(n(2e5, s)) + 'RECONFIGURE;' },
  { name: '100,000 ELSE IFs creating pools', file: 'a.sql', build: (s) => 'IF @a CREATE RESOURCE POOL P ELSE '.repeat(n(1e5, s)) + 'ALTER RESOURCE GOVERNOR RECONFIGURE;' },
  { name: '100,000 IFs around WHILEs (`IF @a WHILE @b …`), one statement', file: 'a.sql', build: (s) => 'IF @a WHILE @b '.repeat(n(1e5, s)) + 'CREATE RESOURCE POOL P;' },
  // regressions: variable values built from values had no bound; `SET @s = @s + @s` threw after 30 lines
  { name: '20,000 lines doubling a variable (`SET @s = @s + @s`)', file: 'a.sql', build: (s) => "DECLARE @s NVARCHAR(MAX) = N'CREATE RESOURCE POOL P; ';\n" + 'SET @s = @s + @s;\n'.repeat(n(2e4, s)) + 'EXEC sp_executesql @s;\n' },
  { name: "100,000 lines appending to a variable (`SET @s += N'x'`)", file: 'a.sql', build: (s) => "DECLARE @s NVARCHAR(MAX) = N'';\n" + "SET @s += N'x';\n".repeat(n(1e5, s)) + 'EXEC (@s);\n' },
  { name: '50,000 `EXEC (@s)` of a 480 KB variable', file: 'a.sql', build: (s) => "DECLARE @s NVARCHAR(MAX) = N'" + 'CREATE RESOURCE POOL P; '.repeat(n(2e4, s)) + "';\n" + 'EXEC (@s);\n'.repeat(n(5e4, s)) },
  { name: '100,000 nested /*', file: 'a.sql', build: (s) => '/*'.repeat(n(1e5, s)) },
  { name: "2,000 nested EXEC('", file: 'a.sql', build: (s) => "EXEC('".repeat(n(2000, s)) },
  { name: '1 MB of NUL', file: 'a.sql', build: (s) => bytes(n(MB1, s), () => 0) },
  { name: '1 MB of NUL', file: 'a.ps1', build: (s) => bytes(n(MB1, s), () => 0) },
  { name: '1 MB of NUL', file: 'a.xml', build: (s) => bytes(n(MB1, s), () => 0) },
  { name: '1 MB of NUL', file: 'a.vm.yaml', build: (s) => bytes(n(MB1, s), () => 0) },
  { name: 'NUL between tokens', file: 'a.sql', build: (s) => 'CREATE\x00RESOURCE\x00POOL\x00P\x00WITH\x00(MAX_MEMORY_PERCENT\x00=\x00150);\x00'.repeat(n(2e4, s)) },
  { name: 'invalid UTF-8 (1 MB of 0x80-0xFF)', file: 'a.sql', build: (s) => bytes(n(MB1, s), (i) => 0x80 + ((i * 7919) & 0x7f)) },
  { name: 'invalid UTF-8 (1 MB of 0x80-0xFF)', file: 'a.ps1', build: (s) => bytes(n(MB1, s), (i) => 0x80 + ((i * 7919) & 0x7f)) },
  { name: 'invalid UTF-8 (1 MB of 0x80-0xFF)', file: 'a.xml', build: (s) => bytes(n(MB1, s), (i) => 0x80 + ((i * 7919) & 0x7f)) },
  { name: 'invalid UTF-8 (1 MB of 0x80-0xFF)', file: 'memlint.yaml', build: (s) => bytes(n(MB1, s), (i) => 0x80 + ((i * 7919) & 0x7f)) },
  { name: 'invalid UTF-16 (BOM, lone surrogates, odd length)', file: 'a.xml', build: (s) => bytes(n(MB1, s) | 1, (i) => (i & 1 ? 0xd8 + (i & 7) : i & 0xff), [0xff, 0xfe]) },
  { name: 'invalid UTF-16 (BOM, lone surrogates, odd length)', file: 'a.sql', build: (s) => bytes(n(MB1, s) | 1, (i) => (i & 1 ? 0xdc : 0x28), [0xfe, 0xff]) },
  { name: 'invalid UTF-16 (BOM, lone surrogates, odd length)', file: 'a.vm.yaml', build: (s) => bytes(n(MB1, s) | 1, (i) => (i & 1 ? 0xd8 + (i & 3) : 0x5b), [0xff, 0xfe]) },
  { name: '100,000 unclosed XML tags in a VM bank', file: 'a.xml', build: (s) => BANK + '<size>'.repeat(n(1e5, s)) },
  { name: '100,000 unclosed XML tags', file: 'a.xml', build: (s) => '<configuration>' + '<a>'.repeat(n(1e5, s)) },
  { name: '100,000 unclosed start tags (`<a `)', file: 'a.xml', build: (s) => BANK + '<a '.repeat(n(1e5, s)) },
  { name: '100,000 unclosed comments, CDATA and PIs', file: 'a.xml', build: (s) => BANK + '<!--<![CDATA[<?x '.repeat(n(1e5, s)) },
  { name: '100,000 stray end tags', file: 'a.xml', build: (s) => BANK + '</bank>'.repeat(n(1e5, s)) },
  { name: '100,000 nested `(` … `)`', file: 'a.ps1', build: (s) => '$x = ' + '('.repeat(n(1e5, s)) + '1' + ')'.repeat(n(1e5, s)) + '\nSet-VMMemory A -StartupBytes $x' },
  { name: '100,000 nested `$(`', file: 'a.ps1', build: (s) => '$x = ' + '$('.repeat(n(1e5, s)) },
  { name: '100,000 nested `@{a=`', file: 'a.ps1', build: (s) => '$x = ' + '@{a='.repeat(n(1e5, s)) },
  { name: '100,000 nested `@{a=`', file: 'a.psd1', build: (s) => '@{a='.repeat(n(1e5, s)) },
  { name: '100,000 nested `"$(`', file: 'a.ps1', build: (s) => '$x = "' + '$("'.repeat(n(1e5, s)) },
  { name: '100,000 nested `{`', file: 'a.ps1', build: (s) => '{'.repeat(n(1e5, s)) },
  { name: '100,000 nested `if (1) {`', file: 'a.ps1', build: (s) => 'if (1) {'.repeat(n(1e5, s)) },
  { name: '100,000 nested `[int]` casts', file: 'a.ps1', build: (s) => '$x = ' + '[int]'.repeat(n(1e5, s)) + '1' },
  { name: '100,000 nested unary `-`', file: 'a.ps1', build: (s) => '$x = ' + '-'.repeat(n(1e5, s)) + '1' },
  { name: '100,000 nested `-not`', file: 'a.ps1', build: (s) => '$x = ' + '-not '.repeat(n(1e5, s)) + '1' },
  { name: '200,000 `+` terms', file: 'a.ps1', build: (s) => '$x = 1' + '+1GB'.repeat(n(2e5, s)) + '\nNew-VM A -MemoryStartupBytes $x' },
  { name: '100,000 `.a` member accesses', file: 'a.ps1', build: (s) => '$x = 1;' + '$x.a'.repeat(n(1e5, s)) },
  // regressions: values that double per line had no cap; 30 lines threw (strings) or made V8 abort the process (arrays)
  { name: '20,000 lines doubling a string (`$s = "$s$s"`)', file: 'a.ps1', build: (s) => '$s = "x"\n' + '$s = "$s$s"\n'.repeat(n(2e4, s)) + 'New-VM -Name $s -MemoryStartupBytes 1GB\n' },
  { name: '20,000 lines doubling a string (here-string, `$()`)', file: 'a.ps1', build: (s) => '$s = "x"\n' + '$s = @"\n$($s)$s\n"@\n'.repeat(n(2e4, s)) },
  { name: '20,000 lines doubling an array (`@($a; $a)`)', file: 'a.ps1', build: (s) => '$a = @(1)\n' + '$a = @($a; $a)\n'.repeat(n(2e4, s)) + 'foreach ($x in $a) { New-VM -Name "V$x" }\n' },
  { name: '20,000 lines doubling an array (`@($a; $a)`)', file: 'a.psd1', build: (s) => '@{ A = @(1) }\n' + '@{ A = @(@(1); @(1)) }\n'.repeat(n(2e4, s)) },
  { name: '100,000 nested `[`', file: 'a.vm.yaml', scales: [1 / 16, 1 / 4], build: (s) => 'vms:\n' + '['.repeat(n(1e5, s)) },
  { name: '100,000 nested `{`', file: 'memlint.yaml', scales: [1 / 16, 1 / 4], build: (s) => 'rules:\n' + '{'.repeat(n(1e5, s)) },
  { name: '100,000 nested `- `', file: 'a.vm.yaml', scales: [1 / 16, 1 / 4], build: (s) => '- '.repeat(n(1e5, s)) },
  // regression: every YAML error scanned back over the blank tail it points into (60 errors x 1 MB of spaces: 1.8 s)
  { name: '60 unclosed `[` before 1 MB of spaces', file: 'a.vm.yaml', build: (s) => 'vms: ' + '['.repeat(60) + ' '.repeat(n(MB1, s)) },
  { name: '60 unclosed `[` before 1 MB of spaces', file: 'memlint.yaml', build: (s) => 'vms: ' + '['.repeat(60) + ' '.repeat(n(MB1, s)) },
  // regressions: the yaml package resolved each alias with a walk over the whole document (11 s here), and gave up on an anchor used more than 100 times
  { name: '20,000 anchors and aliases', file: 'memlint.yaml', budgetMs: 5000, build: (s) => 'vms:\n' + Array.from({ length: n(2e4, s) }, (_, i) => `  v${i}: &a${i} {memory: {startup: 1GB}}\n  w${i}: *a${i}\n`).join('') },
  { name: 'an anchor used 50,000 times', file: 'memlint.yaml', budgetMs: 5000, build: (s) => 'vms:\n  v: {memory: &m {startup: 1GB, dynamic: false}}\n' + Array.from({ length: n(5e4, s) }, (_, i) => `  w${i}: {memory: *m}\n`).join(''), expect: (f) => assert.deepStrictEqual(f.filter((x) => x.code === 'CFG901').map((x) => x.message), []) },
  { name: '20,000 anchors and aliases', file: 'a.vm.yaml', budgetMs: 5000, build: (s) => 'vms:\n' + Array.from({ length: n(2e4, s) }, (_, i) => `  v${i}: &a${i} {memory: {startup: 1GB}}\n  w${i}: *a${i}\n`).join('') },
  // regressions: a size regex backtracked quadratically on blanks around the optional unit (20,000 tabs took 5 s)
  { name: 'a size of 1 MB of tabs between digits', file: 'a.vm.yaml', build: (s) => 'vms:\n  A:\n    memory:\n      startup: "0' + '\t'.repeat(n(MB1, s)) + '\t0"\n' },
  { name: 'a size of 1 MB of tabs between digits', file: 'memlint.yaml', build: (s) => 'hosts:\n  H:\n    memory: "0' + '\t'.repeat(n(MB1, s)) + '\t0"\n' },
  // regressions: the composer's duplicate-key check compared each key with every earlier one, and
  // schema errors were matched to nodes with a scan per error (both quadratic in a mapping's size)
  { name: '20,000 keys in one mapping', file: 'memlint.yaml', budgetMs: 5000, build: (s) => 'databases:\n' + Array.from({ length: n(2e4, s) }, (_, i) => `  D${i}: { instance: I, inMemoryData: 1GB }\n`).join('') },
  { name: '4,000 wrong entries in one mapping', file: 'memlint.yaml', build: (s) => 'rules:\n' + Array.from({ length: n(4000, s) }, (_, i) => `  XTP${i}: bogus\n`).join('') },
  // regression: each instance looked for its databases among all of memlint.yaml's (8,000
  // instances and databases: 0.9 s of the lint in that scan alone, and more in XTP209)
  {
    name: '4,000 instances, each with a database and a Dynamic Memory VM',
    file: 'memlint.yaml',
    budgetMs: 5000,
    build: (s) =>
      ['instances:', ...Array.from({ length: n(4000, s) }, (_, i) => `  SQL${i}: { vm: VM${i}, edition: enterprise, version: 2019 }`)]
        .concat(['databases:', ...Array.from({ length: n(4000, s) }, (_, i) => `  Db${i}: { instance: SQL${i}, inMemoryData: 24GB }`)])
        .concat(['vms:', ...Array.from({ length: n(4000, s) }, (_, i) => `  VM${i}:\n    memory: { dynamic: true, startup: 16GB, minimum: 8GB, maximum: 64GB }`)])
        .join('\n') + '\n',
    expect: (findings) => {
      // every instance is checked against its own VM and database: six findings each (MEM501-503, HV409, HV410, SRV305)
      assert.strictEqual(findings.length % 6, 0, `${findings.length} findings`);
      // and each instance's finding names its own database, none of another's
      const recovery = findings.filter((f) => f.code === 'MEM501');
      assert.strictEqual(recovery.length, findings.length / 6);
      for (const f of recovery) {
        const m = / on SQL(\d+) \(Db(\d+)\)/.exec(f.message);
        assert.ok(m && m[1] === m[2], f.message);
      }
    },
  },
  // regressions: each finding was compared with every suppression comment of its file
  // (8,000 of each: 1.8 s for next-line comments, 2.9 s for disable/enable pairs)
  { name: '20,000 memlint-disable … memlint-enable pairs', file: 'a.sql', scales: [1 / 16, 1 / 4], build: (s) => Array.from({ length: n(2e4, s) }, (_, i) => `-- memlint-disable RG105\nCREATE RESOURCE POOL P${i};\n-- memlint-enable RG105\n`).join('') },
  { name: '20,000 memlint-disable-next-line comments that suppress nothing', file: 'a.sql', scales: [1 / 16, 1 / 4], build: (s) => Array.from({ length: n(2e4, s) }, (_, i) => `-- memlint-disable-next-line XTP201\nCREATE RESOURCE POOL P${i};\n`).join('') },
  // regressions: a message that listed every declared instance, once per database on an
  // undeclared one (4,000 of each: 140 MB of messages), and XTP201 every other pool to change
  {
    name: '4,000 databases on instances memlint.yaml does not declare',
    file: 'memlint.yaml',
    build: (s) =>
      ['instances:', ...Array.from({ length: n(4000, s) }, (_, i) => `  SQL${i}: { edition: enterprise, version: 2019 }`)]
        .concat(['databases:', ...Array.from({ length: n(4000, s) }, (_, i) => `  Db${i}: { instance: Other${i}, inMemoryData: 1GB }`)])
        .join('\n') + '\n',
    expect: (findings) => assertShortMessages(findings, 300),
  },
  {
    name: '2,000 bound pools whose minimums would add up past 100 %',
    file: 'a.sql',
    build: (s) => Array.from({ length: n(2000, s) }, (_, i) => `CREATE RESOURCE POOL P${i} WITH (MAX_MEMORY_PERCENT = 5);\nEXEC sp_xtp_bind_db_resource_pool 'Db${i}', 'P${i}';\n`).join(''),
    expect: (findings) => assertShortMessages(findings, 500),
  },
  {
    name: '6 MB file (above memlint.maxFileSize)',
    file: 'a.sql',
    build: (s) => 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);\n'.repeat(Math.ceil((6 * MB1) / 55)).slice(0, s < 1 ? Math.round(6 * MB1 * s) : undefined),
    expect: (findings) => {
      const big = findings.filter((f) => f.code === 'CFG906');
      if (big.length) assert.deepStrictEqual(findings.map((f) => `${f.code}:${f.severity}`), ['CFG906:info'], 'a file above the limit gives one info finding and nothing else');
    },
  },
];

/** Every message is at most `max` characters: none lists a number of names that grows with the file. */
function assertShortMessages(findings: Finding[], max: number): void {
  const long = findings.find((f) => f.message.length > max);
  assert.ok(!long, long && `${long.code}: a message of ${long.message.length} characters: ${long.message.slice(0, 200)}…`);
}

export interface HostileResult {
  name: string;
  file: string;
  size: number;
  ms: number;
  budget?: number;
  findings: number;
  ok: boolean;
  problem?: string;
}

/** Lints one hostile input alone; throws on a failed property. */
export function lintHostile(h: Hostile, scale: number): { size: number; findings: Finding[] } {
  const input = h.build(scale);
  const text = typeof input === 'string' ? input : decodeText(input).text;
  const file = `/p/${h.file}`;
  const p = new Project();
  p.setFile(file, text);
  const findings = withoutReaderFaults(h.file, () => p.lint());
  assertFindingsInside(text, findings, file);
  h.expect?.(findings);
  return { size: typeof input === 'string' ? input.length : input.byteLength, findings };
}

/** Milliseconds to lint `h` at `scale`: the best of `runs` (the least disturbed by other load). */
export function timeHostile(h: Hostile, scale: number, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const input = h.build(scale);
    const t0 = performance.now();
    const text = typeof input === 'string' ? input : decodeText(input).text;
    const p = new Project();
    p.setFile(`/p/${h.file}`, text);
    p.lint();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** Full-size run with times: each must finish under `budgetMs`. */
export function runHostile(list: Hostile[], _mode: 'full', budgetMs = 2000): HostileResult[] {
  const out: HostileResult[] = [];
  for (const h of list) {
    let size = 0;
    let findings = 0;
    try {
      const r = lintHostile(h, 1);
      size = r.size;
      findings = r.findings.length;
      const ms = timeHostile(h, 1);
      const budget = h.budgetMs ?? budgetMs;
      out.push({ name: h.name, file: h.file, size, ms, budget, findings, ok: ms < budget, problem: ms < budget ? undefined : `${ms.toFixed(0)} ms, over ${budget} ms` });
    } catch (e) {
      out.push({ name: h.name, file: h.file, size, ms: NaN, findings, ok: false, problem: e instanceof Error ? e.message.split('\n')[0] : String(e) });
    }
    process.stderr.write(`hostile ${h.name} (${h.file}): ${out[out.length - 1].ok ? 'ok' : out[out.length - 1].problem} ${out[out.length - 1].ms.toFixed(0)} ms\n`);
  }
  return out;
}
