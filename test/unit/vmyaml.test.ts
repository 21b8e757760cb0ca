import * as assert from 'assert';
import * as fc from 'fast-check';
import type { Range } from '../../server/src/engine';
import { MB, UNIT_BYTES, VmFacts, VmFile, formatSize } from '../../server/src/engine/hyperv/facts';
import { readVmYaml } from '../../server/src/engine/hyperv/yaml';
import { decodeText, encodeText } from '../../server/src/engine/text/decode';

const SEED = 20261123;
const GB = UNIT_BYTES.GB;

/** The source text a range covers. */
function src(text: string, r: Range | undefined): string | undefined {
  return r ? text.slice(r.start, r.end) : undefined;
}

function read(text: string): VmFile {
  return readVmYaml('/w/sql.vm.yaml', text);
}

function one(text: string): VmFacts {
  const f = read(text);
  assert.strictEqual(f.vms.length, 1, 'one VM');
  return f.vms[0];
}

function ranges(f: VmFile): Range[] {
  const out: Range[] = [];
  for (const vm of f.vms) {
    out.push(vm.nameRange);
    for (const k of ['generation', 'dynamic', 'startup', 'minimum', 'maximum', 'buffer', 'priority', 'weight', 'hostVersion', 'guestOs'] as const) {
      const v = vm[k];
      if (v) out.push(v.range);
    }
  }
  for (const s of f.suppressions) {
    out.push(s.comment);
    for (const c of s.codes) out.push(c.range);
  }
  return out;
}

function assertInside(text: string, f: VmFile): void {
  for (const r of ranges(f)) assert.ok(r.start >= 0 && r.start <= r.end && r.end <= text.length, `range ${r.start}-${r.end} outside 0-${text.length}`);
}

const SPEC = [
  'vms:',
  '  SQLVM01:',
  '    generation: 2',
  '    host: { version: "2019" }',
  '    guestOs: "Windows Server 2019"   # "... Core" = Server Core',
  '    memory: { dynamic: true, startup: 16GB, minimum: 8GB, maximum: 64GB, buffer: 20, priority: 80 }',
  '',
].join('\n');

describe('declarative VM spec reader (YAML)', () => {
  it('reads the spec of product.md with the exact range of every value', () => {
    const f = read(SPEC);
    assert.strictEqual(f.kind, 'yaml');
    assert.strictEqual(f.commentPrefix, '#');
    assert.strictEqual(f.text, SPEC);
    const [vm] = f.vms;
    assert.strictEqual(vm.name, 'SQLVM01');
    assert.strictEqual(src(SPEC, vm.nameRange), 'SQLVM01');
    assert.strictEqual(vm.generation?.value, 2);
    assert.strictEqual(src(SPEC, vm.generation?.range), '2');
    assert.strictEqual(vm.hostVersion?.value, '2019');
    assert.strictEqual(src(SPEC, vm.hostVersion?.range), '"2019"');
    assert.strictEqual(vm.guestOs?.value, 'Windows Server 2019');
    assert.strictEqual(src(SPEC, vm.guestOs?.range), '"Windows Server 2019"');
    assert.strictEqual(vm.dynamic?.value, true);
    assert.strictEqual(src(SPEC, vm.dynamic?.range), 'true');
    assert.deepStrictEqual([vm.startup?.bytes, vm.minimum?.bytes, vm.maximum?.bytes], [16 * GB, 8 * GB, 64 * GB]);
    assert.deepStrictEqual([src(SPEC, vm.startup?.range), src(SPEC, vm.minimum?.range), src(SPEC, vm.maximum?.range)], ['16GB', '8GB', '64GB']);
    assert.deepStrictEqual(vm.startup?.style, { kind: 'suffix', unit: 'GB', unitText: 'GB' });
    assert.strictEqual(vm.buffer?.value, 20);
    assert.strictEqual(src(SPEC, vm.buffer?.range), '20');
    assert.strictEqual(vm.priority?.value, 80);
    assert.strictEqual(src(SPEC, vm.priority?.range), '80');
    assert.strictEqual(vm.weight, undefined);
    assert.deepStrictEqual(f.suppressions, []);
  });

  it('reads sizes in every spelling and keeps how each is written', () => {
    const text = [
      'vms:',
      '  A:',
      '    memory:',
      '      startup: 3001MB',
      "      minimum: '512mb'",
      '      maximum: "1Tb"',
      '  B:',
      '    memory:',
      '      startup: 4096      # a plain number is MB',
      '      minimum: "2048"',
      '      maximum: 1.5GB',
      '  C:',
      '    memory: { startup: 16 GB, minimum: 64kb, maximum: 1PB }',
    ].join('\n');
    const [a, b, c] = read(text).vms;
    assert.deepStrictEqual([a.startup?.bytes, a.minimum?.bytes, a.maximum?.bytes], [3001 * MB, 512 * MB, UNIT_BYTES.TB]);
    assert.deepStrictEqual(a.startup?.style, { kind: 'suffix', unit: 'MB', unitText: 'MB' });
    assert.deepStrictEqual(a.minimum?.style, { kind: 'suffix', unit: 'MB', unitText: 'mb', quote: "'" });
    assert.deepStrictEqual(a.maximum?.style, { kind: 'suffix', unit: 'TB', unitText: 'Tb', quote: '"' });
    assert.deepStrictEqual([src(text, a.startup?.range), src(text, a.minimum?.range), src(text, a.maximum?.range)], ['3001MB', "'512mb'", '"1Tb"']);
    assert.deepStrictEqual([b.startup?.bytes, b.minimum?.bytes, b.maximum?.bytes], [4096 * MB, 2048 * MB, 1.5 * GB]);
    assert.deepStrictEqual(b.startup?.style, { kind: 'mb' });
    assert.deepStrictEqual(b.minimum?.style, { kind: 'mb', quote: '"' });
    assert.strictEqual(src(text, b.startup?.range), '4096');
    assert.strictEqual(src(text, b.minimum?.range), '"2048"');
    assert.deepStrictEqual([c.startup?.bytes, c.minimum?.bytes, c.maximum?.bytes], [16 * GB, 64 * 1024, UNIT_BYTES.PB]);
    assert.strictEqual(src(text, c.startup?.range), '16 GB');
  });

  it('writes a fixed size back in the file’s own style', () => {
    const text = "vms:\n  A:\n    memory: { startup: '2049mb', minimum: 4095 }\n";
    const vm = one(text);
    const edit = (t: string, r: Range, s: string) => t.slice(0, r.start) + s + t.slice(r.end);
    let after = edit(text, vm.minimum!.range, formatSize(4096 * MB, vm.minimum!.style));
    after = edit(after, vm.startup!.range, formatSize(2050 * MB, vm.startup!.style));
    assert.strictEqual(after, "vms:\n  A:\n    memory: { startup: '2050mb', minimum: 4096 }\n");
    const again = one(after);
    assert.deepStrictEqual([again.startup?.bytes, again.minimum?.bytes], [2050 * MB, 4096 * MB]);
  });

  it('keeps the range of unknown and invalid values, without a value', () => {
    const text = [
      'vms:',
      '  A:',
      '    generation: two',
      '    host: { version: [2019] }',
      '    guestOs: 2019',
      '    memory:',
      '      dynamic: maybe',
      '      startup: 16GiB',
      '      minimum: -1',
      '      maximum: [64GB]',
      '      buffer: 20%',
      '      priority: 1.5',
    ].join('\n');
    const vm = one(text);
    assert.strictEqual(vm.generation?.value, undefined);
    assert.strictEqual(src(text, vm.generation?.range), 'two');
    assert.strictEqual(vm.hostVersion?.value, undefined);
    assert.strictEqual(src(text, vm.hostVersion?.range), '[2019]');
    assert.strictEqual(vm.guestOs?.value, '2019', 'a number is text as written');
    assert.strictEqual(vm.dynamic?.value, undefined);
    assert.strictEqual(src(text, vm.dynamic?.range), 'maybe');
    assert.strictEqual(vm.startup?.bytes, undefined);
    assert.deepStrictEqual(vm.startup?.style, { kind: 'expression' });
    assert.strictEqual(src(text, vm.startup?.range), '16GiB');
    assert.strictEqual(vm.minimum?.bytes, undefined);
    assert.strictEqual(src(text, vm.minimum?.range), '-1');
    assert.strictEqual(vm.maximum?.bytes, undefined);
    assert.strictEqual(src(text, vm.maximum?.range), '[64GB]');
    assert.strictEqual(vm.buffer?.value, undefined);
    assert.strictEqual(src(text, vm.buffer?.range), '20%');
    assert.strictEqual(vm.priority?.value, undefined);
  });

  it('reads YAML 1.1 booleans and quoted integers; treats empty values as absent', () => {
    const text = 'vms:\n  A:\n    generation: "1"\n    memory: { dynamic: Off, startup: ~, minimum: }\n  B:\n    memory: { dynamic: YES }\n  C:\n';
    const [a, b, c] = read(text).vms;
    assert.strictEqual(a.generation?.value, 1);
    assert.strictEqual(src(text, a.generation?.range), '"1"');
    assert.strictEqual(a.dynamic?.value, false);
    assert.strictEqual(a.startup, undefined);
    assert.strictEqual(a.minimum, undefined);
    assert.strictEqual(b.dynamic?.value, true);
    assert.deepStrictEqual(c, { name: 'C', nameRange: c.nameRange });
    assert.strictEqual(src(text, c.nameRange), 'C');
  });

  it('ignores other top-level keys, and a VM named twice counts once (the first, as CFG901 says)', () => {
    const text = [
      'rules: { HV401: error }',
      'instances:',
      '  SQLPROD01: { vm: SQLVM01, edition: enterprise, version: 2019 }',
      'vms:',
      '  SQLVM01: { memory: { startup: 8GB } }',
      '  "SQL VM 02":',
      '    host: hyperv-01      # a host under hosts:, not a VM fact',
      '  SQLVM01: { memory: { startup: 16GB } }',
      'databases: { SalesDB: { instance: SQLPROD01, inMemoryData: 24GB } }',
    ].join('\n');
    const f = read(text);
    assert.deepStrictEqual(f.vms.map((v) => v.name), ['SQLVM01', 'SQL VM 02']);
    assert.strictEqual(f.vms[0].startup?.bytes, 8 * GB);
    assert.strictEqual(f.lines.positionAt(f.vms[0].nameRange.start).line, 4);
    assert.strictEqual(src(text, f.vms[1].nameRange), '"SQL VM 02"');
    assert.strictEqual(f.vms[1].hostVersion, undefined);
    assert.deepStrictEqual(read('rules: {}\n').vms, []);
    assert.deepStrictEqual(read('- vms\n').vms, []);
    assert.deepStrictEqual(read('vms: [a, b]\n').vms, []);
    assert.deepStrictEqual(read('').vms, []);
  });

  it('follows anchors, aliases and merge keys', () => {
    const text = [
      'x-sizes: &sql',
      '  dynamic: true',
      '  startup: 16GB',
      '  maximum: 64GB',
      'x-small: &small { startup: 4GB, minimum: 2GB }',
      'vms:',
      '  A:',
      '    memory: *sql',
      '  B:',
      '    memory:',
      '      <<: [*small, *sql]',
      '      maximum: 32GB',
      '  C:',
      '    memory: { <<: *sql, startup: *s }',
      '  D: &d',
      '    memory: { minimum: &s 1GB }',
      '  E: *d',
    ].join('\n');
    const [a, b, c, d, e] = read(text).vms;
    assert.strictEqual(a.startup?.bytes, 16 * GB);
    assert.strictEqual(src(text, a.startup?.range), '16GB');
    assert.strictEqual(text.slice(0, a.startup!.range.start).split('\n').length, 3, 'the range is where the value is written');
    // explicit keys win, then the first merged map
    assert.deepStrictEqual([b.startup?.bytes, b.minimum?.bytes, b.maximum?.bytes, b.dynamic?.value], [4 * GB, 2 * GB, 32 * GB, true]);
    // an alias to an anchor defined later is not resolved
    assert.strictEqual(c.startup, undefined);
    assert.strictEqual(d.minimum?.bytes, GB);
    assert.strictEqual(e.name, 'E');
    assert.strictEqual(e.minimum?.bytes, GB);
  });

  it('does not blow up on an alias bomb or self-referencing merges', () => {
    let text = 'a0: &a0 { startup: 1GB }\n';
    for (let i = 1; i < 40; i++) text += `a${i}: &a${i} { <<: [*a${i - 1}, *a${i - 1}] }\n`;
    text += 'self: &self { <<: *self }\nvms:\n  V: { memory: *a39 }\n  W: { memory: *self }\n';
    const t0 = Date.now();
    const f = read(text);
    assert.ok(Date.now() - t0 < 2000);
    assert.strictEqual(f.vms.length, 2);
    assertInside(text, f);
  });

  it('reads memlint comments as suppressions, wherever they are', () => {
    const text = [
      '# memlint-disable-file HV410',
      'vms:',
      '  # memlint-disable-next-line HV404, HV405 -- sized by hand',
      '  SQLVM01:',
      '    memory: {',
      '      # memlint-disable HV401',
      '      startup: 16GB,  # memlint-enable HV401',
      '    }',
      '    guestOs: "# memlint-disable-next-line HV999"',
      '    notes: |',
      '      # memlint-disable-next-line HV998',
      '# just a comment',
      '#memlint-disable-next-line',
    ].join('\n');
    const f = read(text);
    assert.deepStrictEqual(
      f.suppressions.map((s) => [s.mode, s.codes.map((c) => c.code)]),
      [['file', ['HV410']], ['next-line', ['HV404', 'HV405']], ['disable', ['HV401']], ['enable', ['HV401']], ['next-line', []]],
    );
    assert.strictEqual(src(text, f.suppressions[1].comment), '# memlint-disable-next-line HV404, HV405 -- sized by hand');
    assert.deepStrictEqual(f.suppressions[1].codes.map((c) => src(text, c.range)), ['HV404', 'HV405']);
    assert.strictEqual(src(text, f.suppressions[3].comment), '# memlint-enable HV401');
    assert.strictEqual(f.lines.positionAt(f.suppressions[1].comment.start).line + 1, f.lines.positionAt(f.vms[0].nameRange.start).line);
  });

  it('has exact ranges with CRLF line ends and non-ASCII text, from UTF-16 bytes', () => {
    const text = SPEC.replace('SQLVM01', 'SQL-Prüfung-😀').replace('  SQL', '  # memlint-disable-next-line HV404\n  SQL').replace(/\n/g, '\r\n');
    const decoded = decodeText(encodeText(text, 'utf16le'));
    assert.strictEqual(decoded.text, text);
    const f = read(decoded.text);
    const [vm] = f.vms;
    assert.strictEqual(vm.name, 'SQL-Prüfung-😀');
    assert.strictEqual(src(text, vm.nameRange), 'SQL-Prüfung-😀');
    assert.deepStrictEqual([src(text, vm.startup?.range), src(text, vm.maximum?.range), src(text, vm.guestOs?.range)], ['16GB', '64GB', '"Windows Server 2019"']);
    const s = f.suppressions[0];
    assert.strictEqual(src(text, s.comment), '# memlint-disable-next-line HV404', 'the comment ends before \\r');
    assert.strictEqual(f.lines.positionAt(s.comment.start).line + 1, f.lines.positionAt(vm.nameRange.start).line);
  });

  describe('damaged input', () => {
    it('says what keeps a *.vm.yaml from being read as written, one problem per mistake, in plain words', () => {
      const problems = (text: string) => (read(text).problems ?? []).map((p) => `${src(text, p.range)}: ${p.message}`);
      assert.deepStrictEqual(problems('vms:\n  A:\n    memory: { startup: 16GB\n'), ['B: YAML: a { … } is not closed: add the }, or indent its continuation lines more than the key it belongs to.']);
      assert.deepStrictEqual(problems('vms:\n  A: { memory: { startup: 8GB } }\n  A: { memory: { startup: 9GB } }\n'), ['A: A is written twice here (first on line 2); memlint reads only the first. Merge the two into one.']);
      assert.deepStrictEqual(problems('vms: {}\n---\nvms: { B: {} }\n'), ['---: A second YAML document starts here (after ---); memlint reads only the first, so nothing below is used. Move these settings into the first part of sql.vm.yaml and remove the ---.']);
      assert.deepStrictEqual(problems('vms: {}\n---\n'), []); // a bare --- at the end is harmless
      assert.deepStrictEqual(problems('vms:\n  A: { memory: { startup: 8GB } }\n'), []);
    });

    it('reads what it can from broken YAML and tabs', () => {
      const text = 'vms:\n  A:\n    memory: { startup: 16GB, minimum: 8GB\n  B:\n\tmemory: {startup: 1GB}\n';
      const f = read(text);
      assertInside(text, f);
      const a = f.vms.find((v) => v.name === 'A');
      assert.strictEqual(a?.startup?.bytes, 16 * GB);
      const t2 = 'vms:\n  A:\n    generation: 2\n    memory:\n      startup: "16GB\n';
      const g = read(t2);
      assert.strictEqual(g.vms[0]?.generation?.value, 2);
      assertInside(t2, g);
    });

    it('handles deep nesting and big files', () => {
      // mocha sets an unlimited stack trace limit, which makes each of the parser's
      // error objects walk its deep generator stack; run with Node's default
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 10;
      try {
        for (const text of ['vms: ' + '['.repeat(50_000), 'vms:\n  A:\n    memory: ' + '{a: '.repeat(20_000), '- '.repeat(50_000) + 'x']) {
          assertInside(text, read(text));
        }
      } finally {
        Error.stackTraceLimit = limit;
      }
      let big = 'vms:\n';
      for (let i = 0; i < 5000; i++) big += `  VM${i}:  # memlint-disable-next-line HV404\n    memory: { dynamic: true, startup: 16GB, minimum: 8GB, maximum: 64GB }\n`;
      const t0 = Date.now();
      const f = read(big);
      assert.strictEqual(f.vms.length, 5000);
      assert.strictEqual(f.suppressions.length, 5000);
      assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
    });

    it('never throws on binary garbage', () => {
      const bytes = Buffer.alloc(100_000);
      let x = 777;
      for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
      const text = 'vms:\n  A: {}\n' + bytes.toString('latin1');
      assertInside(text, read(text));
    });
  });

  describe('properties', () => {
    const PIECES = [
      'vms:', 'vms: ', 'memory:', 'memory: ', 'startup: ', 'minimum: ', 'maximum: ', 'dynamic: ', 'buffer: ', 'priority: ', 'generation: ',
      'host: ', 'version: ', 'guestOs: ', 'SQLVM01:', '16GB', "'8gb'", '"64GB"', '4096', 'true', 'yes', '~', '-1', '1.5', '{', '}', '[', ']',
      ',', ':', ': ', '- ', '? ', '&a ', '*a', '<<: ', '!!str ', '|', '>', '"', "'", '# memlint-disable-next-line HV404', '# x', '#',
      '---', '...', '%YAML 1.2', '\n', '\r\n', '\r', '  ', '    ', '\t', 'é', '😀', '\ud800', '\u0000', '\ufeff',
    ];
    const yamlish = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((p) => p.join(''));

    it('never throw and keep every range inside the text', () => {
      fc.assert(
        fc.property(fc.oneof(yamlish, fc.string({ unit: 'binary', maxLength: 300 })), (text) => {
          assertInside(text, read(text));
        }),
        { seed: SEED, numRuns: 1500 },
      );
    });

    it('read every prefix of a spec without throwing', () => {
      const text = SPEC.replace(/\n/g, '\r\n').replace('SQLVM01', 'SQL-Prüfung') + '  # memlint-disable-next-line HV404\r\n  VM2: { memory: { startup: "4GB" } }\r\n';
      for (let n = 0; n <= text.length; n++) {
        const cut = text.slice(0, n);
        assertInside(cut, read(cut));
      }
    });

    it('find sizes however they are written', () => {
      const units = ['KB', 'MB', 'GB', 'TB', 'kb', 'mB', 'Gb', 'tb'];
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(...units, ''), fc.constantFrom('', '"', "'"), fc.constantFrom('\n', '\r\n'), (n, unit, quote, eol) => {
          const written = `${quote}${n}${unit}${quote}`;
          const text = ['vms:', '  A:', '    memory:', `      startup: ${written}`, ''].join(eol);
          const vm = one(text);
          assert.strictEqual(src(text, vm.startup?.range), written);
          const bytes = n * (unit ? UNIT_BYTES[unit.toUpperCase() as 'KB'] : MB);
          fc.pre(Number.isSafeInteger(bytes));
          assert.strictEqual(vm.startup?.bytes, bytes);
          assert.strictEqual(formatSize(bytes, vm.startup!.style), written);
        }),
        { seed: SEED, numRuns: 400 },
      );
    });
  });
});
