import * as assert from 'assert';
import { readConfig } from '../../server/src/engine/config/config';
import { parseSizeBytes } from '../../server/src/engine/config/size';

const at = (text: string, r: { start: number; end: number }) => text.slice(r.start, r.end);

describe('memlint.yaml', () => {
  const text = `# topology
rules:
  XTP201: error
  HV410: off
ignore: ["archive/**"]
sizing:
  xtpHeadroom: 2.5
  osReserve: 6GB
instances:
  SQLPROD01: { vm: SQLVM01, edition: enterprise, version: 2019 }
databases:
  SalesDB: { instance: SQLPROD01, inMemoryData: 24GB }
targets:
  "sql/prod/**/*.sql": SQLPROD01
hosts:
  HV01: { memory: 256GB, reserve: 8GB, version: "2019", vms: [SQLVM01] }
vms:
  SQLVM01: { generation: 2, memory: { dynamic: true, startup: 16GB } }
`;
  const c = readConfig('/w/memlint.yaml', text);

  it('reads every section with exact ranges', () => {
    assert.deepStrictEqual(c.errors, []);
    assert.strictEqual(c.dir, '/w');
    assert.deepStrictEqual([...c.rules].map(([k, v]) => [k, v.severity, at(text, v.range)]), [['XTP201', 'error', 'error'], ['HV410', 'off', 'off']]);
    assert.deepStrictEqual(c.ignore.map((g) => g.value), ['archive/**']);
    assert.deepStrictEqual([c.xtpHeadroom?.value, c.osReserveMb?.value], [2.5, 6144]);
    const i = c.instances.get('sqlprod01')!;
    assert.deepStrictEqual([i.name, at(text, i.nameRange), i.vm?.value, at(text, i.vm!.range), i.edition?.value, i.version?.value], ['SQLPROD01', 'SQLPROD01', 'SQLVM01', 'SQLVM01', 'enterprise', 2019]);
    const d = c.databases.get('salesdb')!;
    assert.deepStrictEqual([d.instance?.value, d.inMemoryDataMb?.value, at(text, d.inMemoryDataMb!.range)], ['SQLPROD01', 24576, '24GB']);
    assert.deepStrictEqual(c.targets.map((t) => [t.glob.value, t.instance.value]), [['sql/prod/**/*.sql', 'SQLPROD01']]);
    const h = c.hosts.get('hv01')!;
    assert.deepStrictEqual([h.memoryMb?.value, h.reserveMb?.value, h.version?.value, h.vms.map((v) => v.value)], [262144, 8192, '2019', ['SQLVM01']]);
    assert.strictEqual(c.vmFile.vms[0].name, 'SQLVM01');
    assert.strictEqual(c.vmFile.vms[0].startup?.bytes, 16 * 1024 ** 3);
  });

  const problems = (yaml: string) => {
    const cfg = readConfig('/w/memlint.yaml', yaml);
    return cfg.errors.map((e) => [at(yaml, e.range), e.message]);
  };

  it('reports YAML syntax errors where they are', () => {
    const [[where, message]] = problems('instances:\n  A: { vm: X\n');
    assert.match(message, /^YAML: /);
    assert.ok(where.length > 0);
  });

  it('reports schema problems at the exact key or value, in words', () => {
    assert.deepStrictEqual(problems('instancez:\n  A: {}\n'), [['instancez', 'Unknown key "instancez" in memlint.yaml: expected extends, rules, ignore, sizing, instances, databases, targets, hosts, vms.']]);
    assert.deepStrictEqual(problems('instances:\n  A: { vmm: X }\n'), [['vmm', 'Unknown key "vmm" in instances.A: expected vm, edition, version.']]);
    assert.deepStrictEqual(problems('instances:\n  A: { edition: premium }\n'), [['premium', 'instances.A.edition must be one of enterprise, developer, evaluation, standard, web, express; found "premium".']]);
    assert.deepStrictEqual(problems('databases:\n  D: { inMemoryData: 24 GiB }\n'), [['24 GiB', 'databases.D.inMemoryData: "24 GiB" is not a size; write a number with KB, MB, GB or TB, e.g. 24GB (a plain number is MB).']]);
    assert.deepStrictEqual(problems('sizing:\n  xtpHeadroom: 0.5\n'), [['0.5', 'sizing.xtpHeadroom must be at least 1.']]);
    assert.deepStrictEqual(problems('rules:\n  xtp201: error\n'), [['xtp201', '"xtp201" is not a rule code: write two or three letters and three digits, e.g. XTP201.']]);
    assert.deepStrictEqual(problems('rules:\n  XTP999: error\n'), [['XTP999', 'Unknown rule XTP999: memlint has no rule with this code (see docs/rules).']]);
    assert.deepStrictEqual(problems('rules:\n  XTP201: loud\n'), [['loud', 'rules.XTP201 must be one of error, warning, info, hint, off; found "loud".']]);
    assert.deepStrictEqual(problems('ignore: archive\n'), [['archive', 'ignore must be a list ([A, B] or "- " lines); found "archive".']]);
  });

  it('says what is wrong in DBA terms, with no validator wording', () => {
    const all = [
      'instances:\n  A: { vm: "" }\n',
      'extends: "https://example.com/p.yaml"\n',
      'instances:\n',
      'hosts:\n  H: { version: 2008 }\n',
      '- a\n',
      'targets:\n  "a/*.sql": { instance: X }\n',
    ].flatMap((t) => problems(t).map(([, m]) => m));
    assert.strictEqual(all.length, 6, all.join('\n'));
    for (const m of all) assert.doesNotMatch(m, /must NOT|must match|schema|object|array|oneOf|undefined/, m);
    assert.deepStrictEqual(problems('instances:\n').map(([, m]) => m), ['instances must be a mapping of "key: value" entries; found nothing.']);
    assert.deepStrictEqual(problems('hosts:\n  H: 64GB\n').map(([, m]) => m), ['hosts.H must be a mapping of "key: value" entries, e.g. H: { memory: 256GB, vms: [SQLVM01] }; found "64GB".']);
  });

  it('a key written twice: the first counts, everywhere', () => {
    const c = readConfig('/w/memlint.yaml', 'rules:\n  XTP201: error\n  XTP201: off\ninstances:\n  A: { vm: V1 }\ninstances:\n  B: { vm: V2 }\n');
    assert.strictEqual(c.rules.get('XTP201')?.severity, 'error');
    assert.deepStrictEqual([...c.instances.keys()], ['a']);
    assert.deepStrictEqual(c.errors.map((e) => e.message), [
      'XTP201 is written twice here (first on line 2); memlint reads only the first. Merge the two into one.',
      'instances is written twice here (first on line 4); memlint reads only the first. Merge the two into one.',
    ]);
  });

  it('reports a second YAML document, and not a trailing ---', () => {
    assert.strictEqual(readConfig('/w/memlint.yaml', 'rules:\n  XTP201: error\n---\n').errors.length, 0);
    assert.strictEqual(readConfig('/w/memlint.yaml', '---\nrules:\n  XTP201: error\n').errors.length, 0);
    const c = readConfig('/w/memlint.yaml', 'rules:\n  XTP201: error\n---\nrules:\n  XTP202: off\n');
    assert.deepStrictEqual(c.errors.map((e) => c.text.slice(e.range.start, e.range.end)), ['---']);
  });

  it('reads an empty file as an empty configuration, and never throws', () => {
    assert.deepStrictEqual(readConfig('/w/memlint.yaml', '').errors, []);
    assert.deepStrictEqual(readConfig('/w/memlint.yaml', '# only a comment\n').errors, []);
    for (const junk of ['- a\n- b\n', '\u0000\u0001', 'a: &x [*x]\n', 'x: ' + '['.repeat(2000), 'a: 1\na: 2\n']) {
      const cfg = readConfig('/w/memlint.yaml', junk);
      for (const e of cfg.errors) assert.ok(e.range.start >= 0 && e.range.end <= junk.length);
    }
  });

  it('reads sizes with binary units, plain numbers as MB', () => {
    assert.deepStrictEqual(['512MB', '24GB', '1TB', '1.5gb', 4096, '16 GB'].map(parseSizeBytes), [512 * 1024 ** 2, 24 * 1024 ** 3, 1024 ** 4, 1.5 * 1024 ** 3, 4096 * 1024 ** 2, 16 * 1024 ** 3]);
    assert.deepStrictEqual(['16GiB', 'lots', '-1GB', true].map(parseSizeBytes), [undefined, undefined, undefined, undefined]);
  });
});
