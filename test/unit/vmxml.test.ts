import * as assert from 'assert';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import type { Range } from '../../server/src/engine';
import { MB, VmFacts, VmFile, formatSize } from '../../server/src/engine/hyperv/facts';
import { readHyperVXml } from '../../server/src/engine/hyperv/xml';
import { decodeText, encodeText } from '../../server/src/engine/text/decode';
import { ROOT } from '../helpers/paths';

const SEED = 20261123;

/** The source text a range covers. */
function src(text: string, r: Range | undefined): string | undefined {
  return r ? text.slice(r.start, r.end) : undefined;
}

function read(text: string): VmFile {
  const f = readHyperVXml('/w/vm.xml', text);
  assert.ok(f, 'read as a Hyper-V file');
  return f;
}

function only(text: string): VmFacts {
  const f = read(text);
  assert.strictEqual(f.vms.length, 1);
  return f.vms[0];
}

/** A Hyper-V configuration with the given <bank> and <properties> bodies. */
function config(bank: string, properties = '<name type="string">SQLVM01</name><subtype type="integer">1</subtype>', eol = '\n'): string {
  return [
    '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>',
    '<configuration>',
    `  <properties>${properties}</properties>`,
    '  <settings>',
    '    <memory>',
    '      <bank>',
    bank,
    '      </bank>',
    '    </memory>',
    '  </settings>',
    '</configuration>',
    '',
  ].join(eol);
}

/** Every range of a file's facts and suppressions. */
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

function assertInside(text: string, f: VmFile | undefined): void {
  if (!f) return;
  for (const r of ranges(f)) assert.ok(r.start >= 0 && r.start <= r.end && r.end <= text.length, `range ${r.start}-${r.end} outside 0-${text.length}`);
}

describe('Hyper-V XML reader', () => {
  it('reads every memory setting with the exact range of its text', () => {
    const text = config(
      [
        '        <dynamic_memory_enabled type="bool">True</dynamic_memory_enabled>',
        '        <limit type="integer">65536</limit>',
        '        <reservation type="integer">8192</reservation>',
        '        <size type="integer">16384</size>',
        '        <target_memory_buffer type="integer">25</target_memory_buffer>',
        '        <priority type="integer">8000</priority>',
      ].join('\n'),
    );
    const f = read(text);
    assert.strictEqual(f.kind, 'xml');
    assert.strictEqual(f.commentPrefix, '<!--');
    assert.strictEqual(f.file, '/w/vm.xml');
    assert.strictEqual(f.text, text);
    const vm = f.vms[0];
    assert.strictEqual(vm.name, 'SQLVM01');
    assert.strictEqual(src(text, vm.nameRange), 'SQLVM01');
    assert.strictEqual(vm.generation?.value, 2);
    assert.strictEqual(src(text, vm.generation?.range), '1');
    assert.strictEqual(vm.dynamic?.value, true);
    assert.strictEqual(src(text, vm.dynamic?.range), 'True');
    assert.deepStrictEqual([vm.startup?.bytes, vm.minimum?.bytes, vm.maximum?.bytes], [16384 * MB, 8192 * MB, 65536 * MB]);
    assert.deepStrictEqual([src(text, vm.startup?.range), src(text, vm.minimum?.range), src(text, vm.maximum?.range)], ['16384', '8192', '65536']);
    assert.deepStrictEqual(vm.startup?.style, { kind: 'mb' });
    assert.strictEqual(vm.buffer?.value, 25);
    assert.strictEqual(src(text, vm.buffer?.range), '25');
    assert.strictEqual(vm.weight?.value, 8000);
    assert.strictEqual(src(text, vm.weight?.range), '8000');
    assert.strictEqual(vm.priority, undefined, 'XML priority is a WMI weight (0-10000), not the PowerShell -Priority');
    assert.strictEqual(f.lines.positionAt(vm.startup!.range.start).line, 9);
  });

  it('writes a fixed size back the way the file writes it (MB)', () => {
    const text = config('<size type="integer">4095</size>');
    const vm = only(text);
    const fixed = formatSize(vm.startup!.bytes! + MB, vm.startup!.style);
    const after = text.slice(0, vm.startup!.range.start) + fixed + text.slice(vm.startup!.range.end);
    assert.strictEqual(only(after).startup?.bytes, 4096 * MB);
    assert.ok(after.includes('<size type="integer">4096</size>'));
  });

  it('reads <weight>, any letter case of True/False, and the last of repeated settings', () => {
    const text = config('<dynamic_memory_enabled>fALSE</dynamic_memory_enabled><weight>100</weight><size>1024</size><size>2048</size>');
    const vm = only(text);
    assert.strictEqual(vm.dynamic?.value, false);
    assert.strictEqual(vm.weight?.value, 100);
    assert.strictEqual(vm.startup?.bytes, 2048 * MB);
    assert.strictEqual(src(text, vm.startup?.range), '2048');
  });

  it('keeps the range of unknown and invalid values, without a value', () => {
    const text = config(
      '<dynamic_memory_enabled type="bool">Yes</dynamic_memory_enabled><size type="integer">4 GB</size>' +
        '<reservation type="integer">-512</reservation><limit type="integer">99999999999999999999</limit>' +
        '<target_memory_buffer type="integer">20.5</target_memory_buffer><priority type="integer"></priority>',
      '<name type="string"></name><subtype type="integer">two</subtype>',
    );
    const vm = only(text);
    assert.strictEqual(vm.dynamic?.value, undefined);
    assert.strictEqual(src(text, vm.dynamic?.range), 'Yes');
    assert.strictEqual(vm.startup?.bytes, undefined);
    assert.strictEqual(src(text, vm.startup?.range), '4 GB');
    assert.strictEqual(vm.minimum?.bytes, undefined);
    assert.strictEqual(src(text, vm.minimum?.range), '-512');
    assert.strictEqual(vm.maximum?.bytes, undefined);
    assert.strictEqual(vm.buffer?.value, undefined);
    assert.strictEqual(src(text, vm.buffer?.range), '20.5');
    // an empty element: an empty range where the value goes
    assert.strictEqual(vm.weight?.value, undefined);
    assert.strictEqual(vm.weight?.range.start, vm.weight?.range.end);
    assert.strictEqual(text.slice(vm.weight!.range.start - 1, vm.weight!.range.start + 2), '></');
    assert.strictEqual(vm.name, undefined);
    assert.strictEqual(vm.nameRange.start, vm.nameRange.end);
    assert.strictEqual(vm.generation?.value, undefined);
    assert.strictEqual(src(text, vm.generation?.range), 'two');
  });

  it('trims whitespace around values, decodes entities and reads CDATA', () => {
    const text = config('<size type="integer">\n   4096  \n</size><limit><![CDATA[8192]]></limit>', '<name type="string"> A&amp;B &#x263A; &lt;x&gt; </name>');
    const vm = only(text);
    assert.strictEqual(src(text, vm.startup?.range), '4096');
    assert.strictEqual(vm.maximum?.bytes, 8192 * MB);
    assert.strictEqual(src(text, vm.maximum?.range), '8192');
    assert.strictEqual(vm.name, 'A&B \u263a <x>');
    assert.strictEqual(src(text, vm.nameRange), 'A&amp;B &#x263A; &lt;x&gt;');
  });

  it('gives a self-closing value element the range of the element', () => {
    const text = config('<size type="integer"/>');
    const vm = only(text);
    assert.strictEqual(vm.startup?.bytes, undefined);
    assert.strictEqual(src(text, vm.startup?.range), '<size type="integer"/>');
  });

  it('reads only the memory bank: <limit> under <processors> is not the maximum', () => {
    const text =
      '<configuration><settings><processors><limit type="integer">100000</limit><weight type="integer">100</weight></processors>' +
      '<memory><bank><size type="integer">1024</size></bank></memory><limit>5</limit></settings>' +
      '<global><properties><name>Inner</name></properties></global><properties><name>Outer</name></properties></configuration>';
    const vm = only(text);
    assert.strictEqual(vm.maximum, undefined);
    assert.strictEqual(vm.weight, undefined);
    assert.strictEqual(vm.startup?.bytes, 1024 * MB);
    assert.strictEqual(vm.name, 'Outer');
  });

  it('names a VM without <name> at its root element', () => {
    const text = '<configuration>\n<settings><memory><bank><size>512</size></bank></memory></settings></configuration>';
    const vm = only(text);
    assert.strictEqual(vm.name, undefined);
    assert.strictEqual(src(text, vm.nameRange), '<configuration>');
    assert.strictEqual(vm.generation, undefined);
    assert.strictEqual(vm.dynamic, undefined);
  });

  it('ignores XML that is not a Hyper-V VM configuration', () => {
    for (const text of [
      '',
      'not xml at all',
      '<?xml version="1.0"?><project><settings><memory><bank><size>1</size></bank></memory></settings></project>',
      '<?xml version="1.0"?>\n<configuration>\n  <appSettings><add key="a" value="b"/></appSettings>\n</configuration>',
      '<configuration><properties><name>VM</name></properties><settings><memory><size>1</size></memory></settings></configuration>',
      '<configuration><memory><bank><size>1</size></bank></memory></configuration>',
      '<root/><configuration><settings><memory><bank/></memory></settings></configuration>',
    ]) {
      assert.strictEqual(readHyperVXml('/w/x.xml', text), undefined, text);
    }
  });

  it('reads memlint comments as suppressions', () => {
    const text = config(
      [
        '        <!-- memlint-disable-next-line HV404, HV405 -- startup is checked by hand -->',
        '        <size type="integer">4096</size>',
        '        <!--memlint-disable HV401-->',
        '        <limit type="integer">8192</limit>',
        '        <!-- memlint-enable HV401 -->',
        '        <!-- an ordinary comment -->',
      ].join('\n'),
    ).replace('<configuration>', '<!-- memlint-disable-file HV410 -->\n<configuration>');
    const f = read(text);
    assert.deepStrictEqual(
      f.suppressions.map((s) => [s.mode, s.codes.map((c) => c.code)]),
      [['file', ['HV410']], ['next-line', ['HV404', 'HV405']], ['disable', ['HV401']], ['enable', ['HV401']]],
    );
    const s = f.suppressions[1];
    assert.strictEqual(src(text, s.comment), '<!-- memlint-disable-next-line HV404, HV405 -- startup is checked by hand -->');
    assert.deepStrictEqual(s.codes.map((c) => src(text, c.range)), ['HV404', 'HV405']);
    assert.strictEqual(src(text, f.suppressions[2].comment), '<!--memlint-disable HV401-->');
    // the next line of the directive is the <size> line
    const line = f.lines.positionAt(s.comment.end).line + 1;
    assert.strictEqual(f.lines.positionAt(f.vms[0].startup!.range.start).line, line);
  });

  it('reads an unclosed comment to the end of the text', () => {
    const text = '<configuration><settings><memory><bank><size>1</size><!-- memlint-disable HV401';
    const f = read(text);
    assert.strictEqual(f.suppressions.length, 1);
    assert.strictEqual(f.suppressions[0].comment.end, text.length);
    assert.strictEqual(src(text, f.suppressions[0].codes[0].range), 'HV401');
  });

  it('reads nothing from a text cut short inside an end tag (htmlparser2 calls the rest text from offset -1)', () => {
    // found by the read property (seed 5157): the unclosed <reservation> took "text" -1..end,
    // so its range started before the document
    const text = '<configuration><settings><memory><bank><size>64</size><reservation type="integer">\n  <other>32</other>\n</configurati\n';
    const f = read(text);
    const vm = f.vms[0];
    assert.strictEqual(vm.startup?.bytes, 64 * MB);
    assert.strictEqual(vm.minimum?.bytes, undefined);
    for (const r of [vm.nameRange, vm.startup!.range, vm.minimum!.range]) assert.ok(r.start >= 0 && r.start <= r.end && r.end <= text.length, JSON.stringify(r));
  });

  it('has exact ranges with CRLF line ends and non-ASCII text, from UTF-16 bytes', () => {
    const name = 'SQL-Prüfung 😀 Köln';
    const text = config(
      ['<dynamic_memory_enabled type="bool">False</dynamic_memory_enabled>', '<!-- memlint-disable-next-line HV404 -->', '<size type="integer">3001</size>'].join('\r\n'),
      `\r\n    <name type="string">${name}</name>\r\n    <subtype type="integer">0</subtype>\r\n  `,
      '\r\n',
    );
    const bytes = encodeText(text, 'utf16le');
    assert.deepStrictEqual([bytes[0], bytes[1]], [0xff, 0xfe]);
    const decoded = decodeText(bytes);
    assert.strictEqual(decoded.encoding, 'utf16le');
    assert.strictEqual(decoded.text, text);
    const f = read(decoded.text);
    const vm = f.vms[0];
    assert.strictEqual(vm.name, name);
    assert.strictEqual(src(text, vm.nameRange), name);
    assert.strictEqual(vm.generation?.value, 1);
    assert.strictEqual(src(text, vm.startup?.range), '3001');
    assert.strictEqual(src(text, vm.dynamic?.range), 'False');
    assert.strictEqual(src(text, f.suppressions[0].codes[0].range), 'HV404');
    const pos = f.lines.positionAt(vm.startup!.range.start);
    assert.strictEqual(f.lines.offsetAt(pos), vm.startup!.range.start);
    assert.strictEqual(f.lines.positionAt(f.suppressions[0].comment.start).line + 1, pos.line);
  });

  it('reads the UTF-16 LE export fixture through decodeText', () => {
    const bytes = fs.readFileSync(path.join(ROOT, 'test', 'fixtures-readers', 'hyperv-export-utf16.xml'));
    assert.deepStrictEqual([bytes[0], bytes[1]], [0xff, 0xfe]);
    const decoded = decodeText(bytes);
    assert.strictEqual(decoded.encoding, 'utf16le');
    assert.ok(decoded.text.includes('\r\n') && !/[^\r]\n/.test(decoded.text), 'CRLF line ends');
    const f = read(decoded.text);
    const text = decoded.text;
    const [vm] = f.vms;
    assert.strictEqual(vm.name, 'SQL-Prüfung-Köln');
    assert.strictEqual(src(text, vm.nameRange), 'SQL-Prüfung-Köln');
    assert.strictEqual(vm.generation?.value, 2);
    assert.strictEqual(vm.dynamic?.value, true);
    assert.deepStrictEqual([vm.startup?.bytes, vm.minimum?.bytes, vm.maximum?.bytes].map((b) => b! / MB), [16384, 8192, 65536]);
    assert.deepStrictEqual([src(text, vm.startup?.range), src(text, vm.minimum?.range), src(text, vm.maximum?.range)], ['16384', '8192', '65536']);
    // processors/limit, reservation and weight are not memory settings
    assert.strictEqual(vm.weight, undefined);
    assert.strictEqual(vm.buffer, undefined);
    assert.deepStrictEqual(f.suppressions, []);
    // line 31 of the file holds <size>, its value 29 characters in
    const pos = f.lines.positionAt(vm.startup!.range.start);
    assert.deepStrictEqual(pos, { line: 30, character: 29 });
    assert.strictEqual(text.split('\r\n')[30], '        <size type="integer">16384</size>');
  });

  describe('damaged input', () => {
    it('reads what it can from a truncated file', () => {
      const text = config('<dynamic_memory_enabled type="bool">True</dynamic_memory_enabled><size type="integer">4096</size><limit type="integer">81');
      const cut = text.slice(0, text.indexOf('81') + 2);
      const vm = only(cut);
      assert.strictEqual(vm.startup?.bytes, 4096 * MB);
      assert.strictEqual(vm.maximum?.bytes, 81 * MB, 'an unclosed element ends with the text');
      assert.strictEqual(src(cut, vm.maximum?.range), '81');
    });

    it('survives mismatched and stray end tags', () => {
      const text = '<configuration></x></properties><settings><memory><bank><size>1024</limit></size></bank></memory></settings></configuration>';
      assert.strictEqual(only(text).startup?.bytes, 1024 * MB);
      const t2 = '<configuration><settings><memory><bank><size>1024</bank><limit>2048</limit></memory></settings></configuration>';
      const vm = only(t2);
      assert.strictEqual(vm.startup?.bytes, 1024 * MB);
      assert.strictEqual(vm.maximum, undefined, '<limit> after </bank> is not in the bank');
    });

    it('handles 100,000 unclosed tags and stray end tags in linear time without recursion', () => {
      const n = 100_000;
      const text = '<configuration><settings><memory><bank><size>1</size>' + '<a>'.repeat(n) + '</b>'.repeat(n) + '<size>2'.repeat(n);
      const t0 = Date.now();
      const f = read(text);
      assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
      assert.strictEqual(f.vms[0].startup?.bytes, 1 * MB);
      assertInside(text, f);
    });

    it('never throws on binary garbage', () => {
      const bytes = Buffer.alloc(200_000);
      let x = 12345;
      for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
      const garbage = bytes.toString('latin1');
      assert.strictEqual(readHyperVXml('/w/g.xml', garbage), undefined);
      const f = readHyperVXml('/w/g.xml', '<configuration><settings><memory><bank>' + garbage);
      assert.ok(f);
      assertInside(f.text, f);
      const decoded = decodeText(bytes);
      assertInside(decoded.text, readHyperVXml('/w/g.xml', decoded.text));
    });
  });

  describe('properties', () => {
    const PIECES = [
      '<configuration>', '</configuration>', '<settings>', '</settings>', '<memory>', '</memory>', '<bank>', '</bank>', '<properties>', '</properties>',
      '<name type="string">', '</name>', '<subtype type="integer">', '</subtype>', '<size type="integer">', '</size>', '<limit>', '</limit>',
      '<reservation>', '</reservation>', '<dynamic_memory_enabled type="bool">', '</dynamic_memory_enabled>', '<priority>', '</priority>',
      '<weight>', '</weight>', '<target_memory_buffer>', '</target_memory_buffer>', '<size/>', '<![CDATA[', ']]>', '<!--', '-->',
      '<!-- memlint-disable-next-line HV404 -->', 'memlint-disable', 'HV401', '<?xml version="1.0"?>', '<!DOCTYPE x [', ']>',
      '4096', 'True', 'false', '&amp;', '&#x1F600;', '&', '<', '>', '/>', '"', "'", '=', ' ', '\r\n', '\n', '\r', '\t', 'é', '😀', '\ud800', '\u0000', 'x',
    ];
    const xmlish = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((p) => p.join(''));

    it('never throw and keep every range inside the text', () => {
      fc.assert(
        fc.property(fc.oneof(xmlish, fc.string({ unit: 'binary', maxLength: 300 })), (text) => {
          assertInside(text, readHyperVXml('/w/p.xml', text));
        }),
        { seed: SEED, numRuns: 1500 },
      );
    });

    it('read every prefix of a real file without throwing, with ranges inside the prefix', () => {
      const text = decodeText(fs.readFileSync(path.join(ROOT, 'test', 'fixtures-readers', 'hyperv-export-utf16.xml'))).text;
      const full = read(text).vms[0];
      for (let n = 0; n <= text.length; n++) {
        const cut = text.slice(0, n);
        const f = readHyperVXml('/w/p.xml', cut);
        assertInside(cut, f);
        // a value read from a prefix is the file's value or a prefix of it
        const s = f?.vms[0].startup;
        if (s?.bytes !== undefined) assert.ok(String(full.startup!.bytes! / MB).startsWith(String(s.bytes / MB)));
      }
    });

    it('find the values wherever the text is split into lines (CRLF, LF, CR)', () => {
      fc.assert(
        fc.property(fc.constantFrom('\n', '\r\n', '\r'), fc.integer({ min: 0, max: 1_000_000 }), fc.string({ maxLength: 12 }).filter((s) => !/[<&\]]/.test(s) && s.trim() === s && s !== ''), (eol, mb, name) => {
          const text = config(`<size type="integer">${mb}</size>`, `<name type="string">${name}</name>`, eol);
          const vm = only(text);
          assert.strictEqual(src(text, vm.startup?.range), String(mb));
          assert.strictEqual(vm.startup?.bytes, mb * MB);
          assert.strictEqual(src(text, vm.nameRange), name);
        }),
        { seed: SEED, numRuns: 300 },
      );
    });
  });
});
