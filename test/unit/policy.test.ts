/**
 * Team policies: the precedence of the layers as a table, pins, policy sizing and host
 * capacities under memlint.yaml, and the effective configuration with its sources.
 */
import * as assert from 'assert';
import { Project, SeverityOrOff, effectiveConfig, resolveExtends } from '../../server/src/engine';
import { customizedSeverity } from '../../server/src/shared/settings';

/** A script with one RG101 finding (default error) and one RG105 finding (default warning). */
const SQL = 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);\n';

interface Layers {
  defaultPolicy?: string;
  extendsPolicy?: string;
  memlintYaml?: string;
  setting?: SeverityOrOff | 'default';
  cli?: SeverityOrOff;
}

/** RG105's severity on /w/a.sql with these layers (undefined: not reported). */
function rg105(l: Layers): string | undefined {
  const p = new Project();
  if (l.defaultPolicy) p.setDefaultPolicy('/team/default.memlint-policy.yaml', l.defaultPolicy);
  if (l.extendsPolicy) p.setFile('/w/team/memlint-policy.yaml', l.extendsPolicy);
  if (l.memlintYaml !== undefined || l.extendsPolicy) p.setFile('/w/memlint.yaml', `${l.extendsPolicy ? 'extends: team/memlint-policy.yaml\n' : ''}${l.memlintYaml ?? ''}`);
  p.setFile('/w/a.sql', SQL);
  const settings = l.setting ? [{ rule: 'RG105', severity: l.setting }] : [];
  const findings = p.lint({ rules: l.cli ? { RG105: l.cli } : undefined, severityFor: (code) => customizedSeverity(settings, code) });
  return findings.find((f) => f.code === 'RG105' && f.file === '/w/a.sql')?.severity;
}

const pol = (rule: string) => `rules:\n  RG105: ${rule}\n`;
const yml = (sev: string) => `rules:\n  RG105: ${sev}\n`;

describe('team policies', () => {
  // built-in defaults < default policy < extended policy < memlint.yaml < editor setting / --rule,
  // except that a policy's minimumSeverity holds against every later layer
  const TABLE: [string, Layers, string | undefined][] = [
    ['the default', {}, 'warning'],
    ['default policy over the default', { defaultPolicy: pol('info') }, 'info'],
    ['extended policy over the default policy', { defaultPolicy: pol('info'), extendsPolicy: pol('hint') }, 'hint'],
    ['memlint.yaml over its policies', { defaultPolicy: pol('info'), extendsPolicy: pol('hint'), memlintYaml: yml('error') }, 'error'],
    ['editor setting over memlint.yaml', { memlintYaml: yml('error'), setting: 'info' }, 'info'],
    ['"default" in settings hands back to memlint.yaml', { memlintYaml: yml('error'), setting: 'default' }, 'error'],
    ['--rule over memlint.yaml', { memlintYaml: yml('hint'), cli: 'error' }, 'error'],
    ['a policy turns a rule off', { defaultPolicy: pol('off') }, undefined],
    ['memlint.yaml turns it back on', { defaultPolicy: pol('off'), memlintYaml: yml('info') }, 'info'],
    ['pin: memlint.yaml can raise', { defaultPolicy: pol('{ minimumSeverity: warning }'), memlintYaml: yml('error') }, 'error'],
    ['pin: memlint.yaml can not lower', { defaultPolicy: pol('{ minimumSeverity: warning }'), memlintYaml: yml('hint') }, 'warning'],
    ['pin: memlint.yaml can not turn off', { extendsPolicy: pol('{ minimumSeverity: error }'), memlintYaml: yml('off') }, 'error'],
    ['pin: the editor can not lower', { defaultPolicy: pol('{ minimumSeverity: error }'), setting: 'off' }, 'error'],
    ['pin: --rule can not lower', { defaultPolicy: pol('{ minimumSeverity: error }'), cli: 'off' }, 'error'],
    ['pin: --rule can raise a pinned info', { defaultPolicy: pol('{ minimumSeverity: info }'), cli: 'error' }, 'error'],
    ['pin: the policy\'s own severity below its pin is raised', { defaultPolicy: pol('{ severity: hint, minimumSeverity: info }') }, 'info'],
    ['two pins: the higher holds', { defaultPolicy: pol('{ minimumSeverity: info }'), extendsPolicy: pol('{ minimumSeverity: error }'), memlintYaml: yml('warning') }, 'error'],
    ['a pin holds in files no memlint.yaml governs', { defaultPolicy: pol('{ minimumSeverity: error }') }, 'error'],
  ];
  for (const [name, layers, expected] of TABLE) {
    it(`precedence: ${name} -> ${expected ?? 'not reported'}`, () => assert.strictEqual(rg105(layers), expected));
  }

  it('resolves extends: relative to the memlint.yaml, with either separator', () => {
    assert.strictEqual(resolveExtends('/w/memlint.yaml', './team/p.yaml'), '/w/team/p.yaml');
    assert.strictEqual(resolveExtends('/w/sub/memlint.yaml', '../p.yaml'), '/w/p.yaml');
    assert.strictEqual(resolveExtends('C:\\w\\memlint.yaml', 'team\\p.yaml'), 'C:\\w\\team\\p.yaml');
  });

  it('extends: naming a memlint.yaml says it is not a policy; a missing file says it is not there (CFG902)', () => {
    const p = new Project();
    p.setFile('/w/memlint.yaml', 'extends: ./memlint.yaml\n');
    p.setFile('/v/memlint.yaml', 'extends: team.memlint-policy.yaml\n');
    const messages = p.lint().filter((f) => f.code === 'CFG902').map((f) => `${f.file}: ${f.message}`).sort();
    assert.deepStrictEqual(messages, [
      "/v/memlint.yaml: extends: team.memlint-policy.yaml names no policy file memlint could read (team.memlint-policy.yaml is not there, is not a file, or is larger than memlint.maxFileSize); this memlint.yaml's team policy does not apply.",
      "/w/memlint.yaml: extends: ./memlint.yaml names a memlint.yaml, which is never read as a team policy: extends: takes a policy file such as team.memlint-policy.yaml; this memlint.yaml's team policy does not apply.",
    ]);
  });

  it('a policy gives sizing and host capacities the memlint.yaml does not set, keeping where each is written', () => {
    const p = new Project();
    p.setDefaultPolicy('/team/p.memlint-policy.yaml', 'name: acme\nsizing: { xtpHeadroom: 3, osReserve: 6GB }\nhosts:\n  H1: { memory: 64GB, reserve: 4GB, version: "2019" }\n');
    p.setFile('/w/memlint.yaml', 'sizing: { xtpHeadroom: 2.5 }\nhosts:\n  H1: { reserve: 8GB, vms: [VM1] }\n');
    const c = p.model().configOf('/w/a.sql')!;
    assert.deepStrictEqual([c.xtpHeadroom?.value, c.xtpHeadroom?.file], [2.5, undefined]);
    assert.deepStrictEqual([c.osReserveMb?.value, c.osReserveMb?.file], [6144, '/team/p.memlint-policy.yaml']);
    const h = c.hosts.get('h1')!;
    assert.deepStrictEqual([h.memoryMb?.value, h.memoryMb?.file, h.reserveMb?.value, h.reserveMb?.file, h.version?.value], [65536, '/team/p.memlint-policy.yaml', 8192, undefined, '2019']);
    // the memlint.yaml as read is unchanged
    assert.strictEqual(p.configs()[0].hosts.get('h1')!.memoryMb, undefined);
  });

  it('MEM504 with a host capacity from the policy reports on the workspace host, pointing to the policy', () => {
    const p = new Project();
    p.setFile('/w/team.memlint-policy.yaml', 'hosts:\n  H1: { memory: 16GB }\n');
    p.setFile('/w/memlint.yaml', 'extends: team.memlint-policy.yaml\nhosts:\n  H1: { vms: [VM1, VM2] }\nvms:\n  VM1: { memory: { dynamic: false, startup: 12GB } }\n  VM2: { memory: { dynamic: false, startup: 8GB } }\n');
    const f = p.lint().find((x) => x.code === 'MEM504')!;
    assert.strictEqual(f.file, '/w/memlint.yaml');
    assert.strictEqual(p.text('/w/memlint.yaml')!.slice(f.range.start, f.range.end), 'H1');
    assert.deepStrictEqual(f.related[0].file, '/w/team.memlint-policy.yaml');
  });

  it('the effective configuration says where every rule and value comes from', () => {
    const p = new Project();
    p.setDefaultPolicy('/team/d.memlint-policy.yaml', 'name: acme\nrules:\n  RG101: { minimumSeverity: error }\n  RG102: info\n');
    p.setFile('/w/team/memlint-policy.yaml', 'rules:\n  RG103: hint\nsizing: { xtpHeadroom: 3 }\n');
    p.setFile('/w/memlint.yaml', 'extends: team/memlint-policy.yaml\nrules:\n  RG101: warning\n  RG104: off\n');
    const eff = effectiveConfig(p.model(), '/w/a.sql', { rules: { RG106: 'hint' }, severityFor: (code) => (code === 'RG105' ? 'info' : undefined) });
    assert.strictEqual(eff.config, '/w/memlint.yaml');
    assert.deepStrictEqual(eff.policies, [{ file: '/team/d.memlint-policy.yaml', name: 'acme', via: 'default' }, { file: '/w/team/memlint-policy.yaml', name: undefined, via: 'extends' }]);
    const rule = (code: string) => {
      const r = eff.rules.find((x) => x.code === code)!;
      return [r.severity, r.source, r.file, r.minimum?.value, r.overruled?.severity];
    };
    assert.deepStrictEqual(rule('RG101'), ['error', 'policy', '/team/d.memlint-policy.yaml', 'error', 'warning']);
    assert.deepStrictEqual(rule('RG102'), ['info', 'policy', '/team/d.memlint-policy.yaml', undefined, undefined]);
    assert.deepStrictEqual(rule('RG103'), ['hint', 'policy', '/w/team/memlint-policy.yaml', undefined, undefined]);
    assert.deepStrictEqual(rule('RG104'), ['off', 'memlint.yaml', '/w/memlint.yaml', undefined, undefined]);
    assert.deepStrictEqual(rule('RG105'), ['info', 'setting', undefined, undefined, undefined]);
    assert.deepStrictEqual(rule('RG106'), ['hint', 'cli', undefined, undefined, undefined]);
    assert.deepStrictEqual(rule('RG107'), ['info', 'default', undefined, undefined, undefined]);
    const headroom = eff.values.find((v) => v.key === 'sizing.xtpHeadroom')!;
    assert.deepStrictEqual([headroom.value, headroom.source, headroom.file], ['3', 'policy', '/w/team/memlint-policy.yaml']);
    assert.strictEqual(eff.values.find((v) => v.key === 'sizing.osReserve')!.source, 'default');
  });

  it('a file no memlint.yaml governs gets the default policy alone', () => {
    const p = new Project();
    p.setDefaultPolicy('/team/d.memlint-policy.yaml', 'rules:\n  RG105: { severity: error, minimumSeverity: warning }\n');
    p.setFile('/x/a.sql', SQL);
    assert.strictEqual(p.lint().find((f) => f.code === 'RG105')?.severity, 'error');
    const r = effectiveConfig(p.model(), '/x/a.sql').rules.find((x) => x.code === 'RG105')!;
    assert.deepStrictEqual([r.severity, r.source, r.file, r.minimum?.value], ['error', 'policy', '/team/d.memlint-policy.yaml', 'warning']);
  });
});
