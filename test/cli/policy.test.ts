/**
 * The CLI with and without a team policy on the same workspace: --policy, extends:,
 * --print-config, pins against --rule, and a broken policy as a configuration error.
 */
import * as assert from 'assert';
import * as path from 'path';
import { CliResult, cliAll } from '../helpers/cli';
import { tempDir, writeTree } from '../helpers/tmp';

const POLICY = `name: acme-memlint
rules:
  RG105: { severity: error, minimumSeverity: warning }
  RG101: { minimumSeverity: error }
  CFG904: off
sizing: { xtpHeadroom: 3 }
`;
const SQL = 'CREATE RESOURCE POOL P WITH (MIN_MEMORY_PERCENT = 10, MAX_MEMORY_PERCENT = 50);\n';

interface JsonFinding {
  file: string;
  code: string;
  severity: string;
}
const findings = (r: CliResult) => (JSON.parse(r.stdout).findings as JsonFinding[]).map((f) => `${f.file} ${f.code} ${f.severity}`);

describe('CLI team policies', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = tempDir('cli-policy');
    writeTree(dir, {
      'team/acme.policy.yaml': POLICY,
      'team/broken.policy.yaml': 'rules:\n  RG105: { minimumSeverity: loud }\n',
      'plain/memlint.yaml': 'rules:\n  RG105: info\n',
      'plain/a.sql': SQL,
      'extending/memlint.yaml': 'extends: ../team/acme.policy.yaml\nrules:\n  RG105: hint\n',
      'extending/a.sql': SQL,
      'missing/memlint.yaml': 'extends: ./nope.yaml\n',
      'missing/a.sql': SQL,
    });
  });

  it('the same workspace without and with --policy: the policy layer sits under memlint.yaml, its pins above', async () => {
    const [without, withPolicy, rule] = await cliAll([
      { args: ['plain', '-f', 'json'], cwd: dir },
      { args: ['plain', '-f', 'json', '--policy', 'team/acme.policy.yaml'], cwd: dir },
      { args: ['plain', '-f', 'json', '--policy', 'team/acme.policy.yaml', '--rule', 'RG105=off'], cwd: dir },
    ]);
    assert.deepStrictEqual(findings(without), ['plain/a.sql RG105 info']);
    assert.strictEqual(without.code, 0);
    // memlint.yaml says info, the policy pins warning: warning, and CFG907 shows the attempt
    assert.deepStrictEqual(findings(withPolicy), ['plain/a.sql RG105 warning', 'plain/memlint.yaml CFG907 warning']);
    // --rule can't lower a pinned rule either, and says so
    assert.deepStrictEqual(findings(rule), ['plain/a.sql RG105 warning', 'plain/memlint.yaml CFG907 warning']);
    assert.match(rule.stderr, /--rule RG105=off is below the team policy's minimum for RG105 \(warning, team\/acme\.policy\.yaml\): memlint reports RG105 as warning/);
  });

  it('extends: reads the policy next to memlint.yaml and reports the attempt to lower a pin (CFG907)', async () => {
    const [r, missing] = await cliAll([
      { args: ['extending', '-f', 'json'], cwd: dir },
      { args: ['missing', '-f', 'json'], cwd: dir },
    ]);
    assert.deepStrictEqual(findings(r).sort(), ['extending/a.sql RG105 warning', 'extending/memlint.yaml CFG907 warning']);
    assert.deepStrictEqual(findings(missing).sort(), ['missing/a.sql RG105 warning', 'missing/memlint.yaml CFG902 warning']);
  });

  it('--print-config shows every rule with its layer and the sizing values, as text and JSON', async () => {
    const [text, json, plain] = await cliAll([
      { args: ['--print-config', 'extending/a.sql', '--rule', 'RG106=hint'], cwd: dir },
      { args: ['--print-config', 'extending/a.sql', '-f', 'json'], cwd: dir },
      { args: ['--print-config', 'plain/a.sql', '-f', 'json'], cwd: dir },
    ]);
    assert.strictEqual(text.code, 0, text.stderr);
    assert.match(text.stdout, /^memlint configuration for extending\/a\.sql/);
    assert.match(text.stdout, /policies\s+team\/acme\.policy\.yaml "acme-memlint" \(extends\)/);
    assert.match(text.stdout, /RG105 +reconfigure-missing +warning +policy team\/acme\.policy\.yaml:3 \(minimum warning; memlint\.yaml asked for hint\)/);
    assert.match(text.stdout, /RG106 +duplicate-pool +hint +--rule/);
    assert.match(text.stdout, /CFG904 +unused-suppression +off +policy team\/acme\.policy\.yaml:5/);
    assert.match(text.stdout, /RG110 +rg-edition +error +default/);
    assert.match(text.stdout, /sizing\.xtpHeadroom +3 +\(policy team\/acme\.policy\.yaml:6\)/);
    const j = JSON.parse(json.stdout);
    assert.strictEqual(j.config, 'extending/memlint.yaml');
    assert.deepStrictEqual(j.policies, [{ file: 'team/acme.policy.yaml', name: 'acme-memlint', via: 'extends' }]);
    assert.deepStrictEqual(
      j.rules.find((r: { code: string }) => r.code === 'RG105'),
      { code: 'RG105', name: 'reconfigure-missing', severity: 'warning', source: 'policy', file: 'team/acme.policy.yaml', line: 3, minimum: { severity: 'warning', file: 'team/acme.policy.yaml' }, overruled: { severity: 'hint', source: 'memlint.yaml', file: 'extending/memlint.yaml' } },
    );
    const p = JSON.parse(plain.stdout);
    assert.deepStrictEqual(p.policies, []);
    assert.deepStrictEqual(p.rules.find((r: { code: string }) => r.code === 'RG105'), { code: 'RG105', name: 'reconfigure-missing', severity: 'info', source: 'memlint.yaml', file: 'plain/memlint.yaml', line: 2 });
  });

  it('a policy with errors, or one that can not be read, is a configuration error (exit 2)', async () => {
    const [broken, absent, printed] = await cliAll([
      { args: ['plain', '--policy', 'team/broken.policy.yaml'], cwd: dir },
      { args: ['plain', '--policy', 'team/absent.yaml'], cwd: dir },
      // --print-config does not print a half-read configuration either
      { args: ['--policy', 'team/broken.policy.yaml', '--print-config', 'team/broken.policy.yaml', '-f', 'json'], cwd: dir },
    ]);
    for (const r of [broken, printed]) {
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, /memlint: policy error: team\/broken\.policy\.yaml:2:29: rules\.RG105\.minimumSeverity must be one of error, warning, info, hint; found "loud"\./);
      assert.strictEqual(r.stdout, '');
    }
    assert.strictEqual(absent.code, 2);
    assert.match(absent.stderr, /can't read --policy team\/absent\.yaml/);
  });

  it('memlint report uses the policy\'s sizing too', async () => {
    const [r] = await cliAll([{ args: ['report', 'plain', '--policy', path.join('team', 'acme.policy.yaml')], cwd: dir }]);
    assert.strictEqual(r.code, 0, r.stderr);
  });
});
