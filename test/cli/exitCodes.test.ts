/**
 * Exit codes are the same in every format: 0 no errors (and warnings within
 * --max-warnings), 1 errors or too many warnings, 2 usage or configuration error. Every
 * format × case runs as a real process (node dist/cli.js), a few at a time; each output is
 * also read back in its format and must hold the findings the exit code is about.
 */
import * as assert from 'assert';
import { CliResult, cliAll, parseGithub, parseXml, sarifSchemaErrors } from '../helpers/cli';
import { tempDir, writeTree } from '../helpers/tmp';

const CLEAN = `CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 40, MAX_MEMORY_PERCENT = 40);\nALTER RESOURCE GOVERNOR RECONFIGURE;\n`;
const ERROR = `CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);\nALTER RESOURCE GOVERNOR RECONFIGURE;\n`; // RG101 only
const WARNING = `CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 40);\n`; // RG105 only

const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github'] as const;
type Format = (typeof FORMATS)[number];

interface Case {
  what: string;
  args: string[];
  code: 0 | 1 | 2;
  /** Findings the output must hold (exit 0 and 1). */
  errors?: number;
  warnings?: number;
  /** What stderr says (exit 2). */
  stderr?: RegExp;
  /** The formats to run it in (default: all; the exit code never depends on the format, so the variations run in fewer). */
  formats?: readonly Format[];
}

const FEW = ['json'] as const;

const CASES: Case[] = [
  { what: 'a clean folder', args: ['clean'], code: 0, errors: 0, warnings: 0 },
  { what: 'warnings only', args: ['warn'], code: 0, errors: 0, warnings: 2 },
  { what: 'warnings within --max-warnings', args: ['warn', '--max-warnings', '2'], code: 0, errors: 0, warnings: 2, formats: FEW },
  { what: 'an error', args: ['error'], code: 1, errors: 1, warnings: 0 },
  { what: 'errors and warnings', args: ['error', 'warn'], code: 1, errors: 1, warnings: 2, formats: FEW },
  { what: '--max-warnings exceeded', args: ['warn', '--max-warnings', '1'], code: 1, errors: 0, warnings: 2 },
  { what: '--max-warnings=0 exceeded', args: ['warn', '--max-warnings=0'], code: 1, errors: 0, warnings: 2, formats: FEW },
  { what: '--quiet: warnings are not reported and do not count', args: ['warn', '--quiet', '--max-warnings', '0'], code: 0, errors: 0, warnings: 0 },
  { what: '--quiet with an error', args: ['error', 'warn', '-q'], code: 1, errors: 1, warnings: 0, formats: FEW },
  { what: 'a warning raised to error by --rule', args: ['warn', '--rule', 'RG105=error'], code: 1, errors: 2, warnings: 0, formats: FEW },
  { what: 'an error turned off by --rule', args: ['error', '--rule', 'rg101=off'], code: 0, errors: 0, warnings: 0, formats: FEW },
  { what: 'a usage error (bad --max-warnings)', args: ['warn', '--max-warnings', 'lots'], code: 2, stderr: /^memlint: --max-warnings needs a whole number, not "lots"\n$/ },
  { what: 'a usage error (a value after a space that starts with a dash)', args: ['warn', '--max-warnings', '-1'], code: 2, stderr: /^memlint: --max-warnings takes a value, and a value after a space can't start with "-": write --max-warnings=VALUE \(see memlint --help\)\n$/, formats: FEW },
  { what: 'a usage error (unknown option)', args: ['warn', '--frobnicate'], code: 2, stderr: /^memlint: Unknown option '--frobnicate'.*\(see memlint --help\)\n$/, formats: FEW },
  { what: 'a path that does not exist', args: ['nope'], code: 2, stderr: /^memlint: no such file or directory: nope\n$/, formats: FEW },
  { what: 'an unreadable --config (missing)', args: ['warn', '--config', 'missing.yaml'], code: 2, stderr: /^memlint: can't read --config missing\.yaml: ENOENT/ },
  { what: 'an unreadable --config (a folder)', args: ['warn', '--config', 'clean'], code: 2, stderr: /^memlint: can't read --config clean: it is a directory\n$/, formats: FEW },
  { what: 'a --config with errors', args: ['clean', '--config', 'broken/memlint.yaml'], code: 2, stderr: /^memlint: configuration error: broken\/memlint\.yaml:1:1: Unknown key "frob" .*\(CFG901\)\n$/, formats: FEW },
  { what: 'a memlint.yaml with errors that governs the paths', args: ['broken/sql'], code: 2, stderr: /^memlint: configuration error: broken\/memlint\.yaml:1:1: Unknown key "frob"/, formats: FEW },
  // linting the broken memlint.yaml itself reports it like any file
  { what: 'a memlint.yaml with errors that is linted itself', args: ['broken'], code: 1, errors: 1, warnings: 0, formats: FEW },
];

/** Errors and warnings in an output, read back in its own format (and checked to be valid in it). */
function counts(format: Format, out: string): { errors: number; warnings: number } {
  switch (format) {
    case 'stylish': {
      if (/^✔ no problems\n$/.test(out)) return { errors: 0, warnings: 0 };
      const m = /✖ \d+ problems? \((\d+) errors?, (\d+) warnings?, \d+ info, \d+ hints?\)\n$/.exec(out);
      assert.ok(m, out);
      return { errors: Number(m[1]), warnings: Number(m[2]) };
    }
    case 'json': {
      const findings = JSON.parse(out).findings as { severity: string }[];
      return { errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length };
    }
    case 'sarif': {
      const log = JSON.parse(out);
      assert.deepStrictEqual(sarifSchemaErrors(log), []);
      const results = log.runs[0].results as { level: string }[];
      return { errors: results.filter((r) => r.level === 'error').length, warnings: results.filter((r) => r.level === 'warning').length };
    }
    case 'junit': {
      const failures = parseXml(out).children.flatMap((s) => s.children).flatMap((c) => c.children);
      return { errors: failures.filter((f) => f.attributes.message.startsWith('error: ')).length, warnings: failures.filter((f) => f.attributes.message.startsWith('warning: ')).length };
    }
    case 'github': {
      const a = parseGithub(out);
      return { errors: a.filter((x) => x.command === 'error').length, warnings: a.filter((x) => x.command === 'warning').length };
    }
  }
}

describe('CLI exit codes, for every format', () => {
  const results = new Map<string, CliResult>();
  const key = (c: Case, f: Format) => `${c.what} / ${f}`;

  before(async function () {
    this.timeout(60_000); // some 50 processes: slow only on a busy machine
    const dir = tempDir('exit');
    writeTree(dir, {
      'clean/a.sql': CLEAN,
      'warn/a.sql': WARNING,
      'warn/b.sql': WARNING,
      'error/a.sql': ERROR,
      'broken/memlint.yaml': 'frob: 1\n',
      'broken/sql/a.sql': CLEAN,
    });
    const runs = CASES.flatMap((c) => (c.formats ?? FORMATS).map((f) => ({ c, f })));
    const out = await cliAll(runs.map(({ c, f }) => ({ args: [...c.args, '--format', f], cwd: dir })), 3);
    runs.forEach(({ c, f }, i) => results.set(key(c, f), out[i]));
  });

  for (const c of CASES) {
    it(`${c.what}: exit ${c.code}${c.formats ? ` (${c.formats.join(', ')})` : ''}`, () => {
      for (const f of c.formats ?? FORMATS) {
        const r = results.get(key(c, f))!;
        const where = `${f}: ${r.stderr}`;
        assert.strictEqual(r.code, c.code, where);
        if (c.code === 2) {
          assert.strictEqual(r.stdout, '', `${f}: nothing on stdout`);
          assert.match(r.stderr, c.stderr!, f);
          assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
        } else {
          assert.strictEqual(r.stderr, '', where);
          assert.deepStrictEqual(counts(f, r.stdout), { errors: c.errors, warnings: c.warnings }, f);
        }
      }
    });
  }
});
