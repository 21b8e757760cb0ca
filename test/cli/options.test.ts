/**
 * CLI options as a real process: --rule, --config, --stdin with --stdin-filename choosing
 * the file kind and the memlint.yaml, --help and --version; and the README documenting
 * every option the help lists.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { HELP } from '../../server/src/cli/run';
import { CliResult, cliAll } from '../helpers/cli';
import { ROOT } from '../helpers/paths';
import { tempDir, writeTree } from '../helpers/tmp';

const POOL = 'CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 10, MAX_MEMORY_PERCENT = 150);\n'; // RG101 error, RG105 warning
const PS1 = 'New-VM -Name SQLVM01 -MemoryStartupBytes 4GB -Generation 2\nSet-VMMemory SQLVM01 -DynamicMemoryEnabled $true -MinimumBytes 8GB -MaximumBytes 16GB\n'; // HV401
const XML = fs.readFileSync(path.join(ROOT, 'test/fixtures/HV401/export.xml'), 'utf8');
const VM_YAML = 'vms:\n  SQLVM01:\n    memory: { dynamic: true, startup: 4GB, minimum: 8GB, maximum: 16GB }\n'; // HV401

interface Json {
  findings: { file: string; code: string; severity: string; line: number; message: string }[];
}

describe('CLI options', () => {
  let dir: string;
  const r: Record<string, CliResult> = {};
  const json = (name: string): Json => {
    assert.strictEqual(r[name].stderr, '', name);
    return JSON.parse(r[name].stdout);
  };
  const codes = (name: string) => json(name).findings.map((f) => `${f.code}:${f.severity}`);

  before(async function () {
    this.timeout(60_000);
    dir = tempDir('options');
    writeTree(dir, {
      'a.sql': POOL,
      // a memlint.yaml in the tree: --config replaces it
      'tree/memlint.yaml': 'rules:\n  RG105: error\n',
      'tree/a.sql': POOL,
      'cfg/quiet.yaml': 'rules:\n  RG105: off\n  RG101: warning\n',
    });
    const stdin = (name: string | undefined, text: string, ...more: string[]) => ({
      args: ['--stdin', ...(name === undefined ? [] : ['--stdin-filename', name]), '--format', 'json', ...more],
      input: text,
    });
    const calls: Record<string, { args: string[]; input?: string; cwd?: string }> = {
      plain: { args: ['a.sql', '-f', 'json'] },
      'rule-off': { args: ['a.sql', '-f', 'json', '--rule', 'RG105=off'] },
      'rule-many': { args: ['a.sql', '-f', 'json', '--rule', 'RG105=off', '--rule=rg101=info'] },
      'rule-hint': { args: ['a.sql', '-f', 'json', '--rule', 'RG105=hint'] },
      'rule-unknown': { args: ['a.sql', '--rule', 'XTP299=error'] },
      'rule-severity': { args: ['a.sql', '--rule', 'RG105=fatal'] },
      'rule-syntax': { args: ['a.sql', '--rule', 'RG105'] },
      tree: { args: ['tree', '-f', 'json'] },
      'tree-rule': { args: ['tree', '-f', 'json', '--rule', 'RG105=warning'] },
      config: { args: ['tree/a.sql', '-f', 'json', '--config', 'cfg/quiet.yaml'] },
      'config-rule': { args: ['tree/a.sql', '-f', 'json', '--config', 'cfg/quiet.yaml', '--rule', 'RG105=error'] },
      'stdin-default': stdin(undefined, POOL),
      'stdin-sql': stdin('x.sql', POOL),
      'stdin-ps1': stdin('vm.ps1', PS1),
      'stdin-xml': stdin('export.xml', XML),
      'stdin-vm-yaml': stdin('specs.vm.yaml', VM_YAML),
      'stdin-memlint-yaml': stdin('memlint.yaml', 'frob: 1\n'),
      'stdin-txt': stdin('notes.txt', POOL),
      'stdin-tree': stdin('tree/b.sql', POOL),
      'stdin-examples': stdin('examples/sql/prod/01-resource-pools.sql', fs.readFileSync(path.join(ROOT, 'examples/sql/prod/01-resource-pools.sql'), 'utf8')),
      'file-examples': { args: ['examples/sql/prod/01-resource-pools.sql', '--format', 'json'] },
      'stdin-path': { args: ['--stdin', 'a.sql'] },
      'stdin-filename-alone': { args: ['--stdin-filename', 'x.sql', 'a.sql'] },
      help: { args: ['--help'] },
      h: { args: ['-h', 'a.sql', '--fix'] },
      version: { args: ['--version'] },
      v: { args: ['-v'] },
    };
    const names = Object.keys(calls);
    const out = await cliAll(names.map((n) => ({ cwd: n.endsWith('examples') ? ROOT : dir, ...calls[n] })));
    names.forEach((n, i) => (r[n] = out[i]));
  });

  it('--rule CODE=severity sets a rule severity or turns it off, is repeatable and case-insensitive', () => {
    assert.deepStrictEqual(codes('plain'), ['RG105:warning', 'RG101:error']);
    assert.deepStrictEqual(codes('rule-off'), ['RG101:error']);
    assert.strictEqual(r['rule-off'].code, 1);
    assert.deepStrictEqual(codes('rule-many'), ['RG101:info']);
    assert.strictEqual(r['rule-many'].code, 0);
    assert.deepStrictEqual(codes('rule-hint'), ['RG105:hint', 'RG101:error']);
  });

  it('--rule wins over memlint.yaml', () => {
    assert.deepStrictEqual(codes('tree'), ['RG105:error', 'RG101:error']);
    assert.deepStrictEqual(codes('tree-rule'), ['RG105:warning', 'RG101:error']);
  });

  it('a --rule memlint does not know is a usage error (exit 2) that says what is wrong', () => {
    const expect: [string, string][] = [
      ['rule-unknown', 'memlint: --rule XTP299=error: memlint has no rule XTP299\n'],
      ['rule-severity', 'memlint: --rule RG105=fatal: severity must be error, warning, info, hint or off\n'],
      ['rule-syntax', 'memlint: --rule needs CODE=severity (e.g. --rule XTP201=error), not "RG105"\n'],
    ];
    for (const [name, stderr] of expect) {
      assert.strictEqual(r[name].code, 2, name);
      assert.strictEqual(r[name].stderr, stderr);
      assert.strictEqual(r[name].stdout, '');
    }
  });

  it('--config PATH replaces the memlint.yaml files above the paths', () => {
    assert.deepStrictEqual(codes('config'), ['RG101:warning']);
    assert.strictEqual(r.config.code, 0);
    assert.deepStrictEqual(codes('config-rule'), ['RG105:error', 'RG101:warning']);
  });

  it('--stdin-filename decides the kind of the text: T-SQL, PowerShell, Hyper-V XML, VM YAML, memlint.yaml', () => {
    assert.deepStrictEqual(codes('stdin-default'), ['RG105:warning', 'RG101:error']);
    assert.deepStrictEqual([...new Set(json('stdin-default').findings.map((f) => f.file))], ['stdin.sql']);
    assert.strictEqual(r['stdin-default'].code, 1);
    assert.deepStrictEqual(codes('stdin-sql'), ['RG105:warning', 'RG101:error']);
    assert.deepStrictEqual([...new Set(json('stdin-sql').findings.map((f) => f.file))], ['x.sql']);
    assert.deepStrictEqual(codes('stdin-ps1'), ['HV401:error']);
    assert.deepStrictEqual(codes('stdin-xml'), ['HV401:error', 'HV401:error']);
    assert.deepStrictEqual(codes('stdin-vm-yaml'), ['HV401:error']);
    assert.deepStrictEqual(
      json('stdin-memlint-yaml').findings.map((f) => `${f.file} ${f.code}`),
      ['memlint.yaml CFG901'],
    );
    assert.deepStrictEqual(codes('stdin-txt'), ['RG105:warning', 'RG101:error'], 'an unknown extension is read as T-SQL');
  });

  it('--stdin-filename also decides which memlint.yaml governs the text', () => {
    assert.deepStrictEqual(codes('stdin-tree'), ['RG105:error', 'RG101:error']);
    const fromStdin = json('stdin-examples');
    assert.ok(fromStdin.findings.some((f) => f.code === 'XTP203'));
    assert.deepStrictEqual(fromStdin, json('file-examples'), 'the same as linting the file itself');
  });

  it('--stdin takes no paths; --stdin-filename needs --stdin', () => {
    assert.strictEqual(r['stdin-path'].code, 2);
    assert.strictEqual(r['stdin-path'].stderr, 'memlint: --stdin lints standard input: give no paths\n');
    assert.strictEqual(r['stdin-filename-alone'].code, 2);
    assert.strictEqual(r['stdin-filename-alone'].stderr, 'memlint: --stdin-filename needs --stdin\n');
  });

  it('--help (-h) prints the usage, every option and the exit codes; nothing else runs', () => {
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    for (const name of ['help', 'h']) {
      assert.strictEqual(r[name].code, 0);
      assert.strictEqual(r[name].stdout, HELP.replace(/^memlint [^:]+:/, `memlint ${version}:`), 'the help, with the version the bundle was built with');
      assert.strictEqual(r[name].stderr, '');
    }
    assert.match(r.help.stdout, /^memlint \d+\.\d+\.\d+: /);
    assert.match(HELP, /Usage: memlint \[paths\.\.\.\] \[options\]/);
    for (const option of ['--format', '--fix', '--unsafe-fixes', '--rule', '--config', '--quiet', '--max-warnings', '--max-file-size', '--stdin', '--stdin-filename', '--help', '--version']) {
      assert.match(HELP, new RegExp(`^ +(-\\w, )?${option} `, 'm'), option);
    }
    assert.match(HELP, /Exit codes \(every format\): 0 no errors .* 1 errors\s+or too many warnings, 2 usage error/s);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'a.sql'), 'utf8'), POOL, '-h with --fix fixes nothing');
  });

  it('--version (-v) prints the package version', () => {
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    for (const name of ['version', 'v']) {
      assert.strictEqual(r[name].code, 0);
      assert.strictEqual(r[name].stdout, `${version}\n`);
    }
  });

  it('the README documents every option --help lists, and the exit codes', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const options = [...HELP.matchAll(/^ +(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]);
    assert.ok(options.length >= 11, options.join(' '));
    for (const option of options) assert.ok(readme.includes(`\`${option}`), `README documents ${option}`);
    assert.match(readme, /\| 0 \|/);
    assert.match(readme, /\| 1 \|/);
    assert.match(readme, /\| 2 \|/);
  });
});
