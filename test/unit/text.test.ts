import * as assert from 'assert';
import { LineIndex, applyTextEdits, decodeText, encodeText, roundTrips } from '../../server/src/engine';

describe('text', () => {
  describe('LineIndex', () => {
    it('finds the same line starts as a walk over every character, for every mix of breaks', () => {
      // every string of up to 6 characters over a, \n, \r: the index finds breaks with indexOf
      const walk = (text: string) => {
        const starts = [0];
        for (let i = 0; i < text.length; i++) {
          if (text[i] === '\n') starts.push(i + 1);
          else if (text[i] === '\r') {
            if (text[i + 1] === '\n') i++;
            starts.push(i + 1);
          }
        }
        return starts;
      };
      const texts = [''];
      for (let len = 1; len <= 6; len++) for (const t of texts.filter((x) => x.length === len - 1)) for (const c of ['a', '\n', '\r']) texts.push(t + c);
      for (const t of texts) {
        const li = new LineIndex(t);
        const starts = walk(t);
        assert.strictEqual(li.lineCount, starts.length, JSON.stringify(t));
        starts.forEach((s, line) => assert.strictEqual(li.lineStart(line), s, JSON.stringify(t)));
      }
    });

    it('edited(): after any edit the index equals a fresh one, for every mix of breaks', () => {
      // every pair of strings of up to 5 characters over a, \n, \r: one is an edit of the other,
      // keeping their common prefix and suffix (the longest, and shorter ones)
      const texts = [''];
      for (let len = 1; len <= 5; len++) for (const t of texts.filter((x) => x.length === len - 1)) for (const c of ['a', '\n', '\r']) texts.push(t + c);
      const starts = (li: LineIndex) => Array.from({ length: li.lineCount }, (_, line) => li.lineStart(line));
      let checked = 0;
      for (const before of texts) {
        const prev = new LineIndex(before);
        for (const after of texts) {
          const max = Math.min(before.length, after.length);
          let same = 0;
          while (same < max && before[same] === after[same]) same++;
          let sameEnd = 0;
          while (sameEnd < max - same && before[before.length - 1 - sameEnd] === after[after.length - 1 - sameEnd]) sameEnd++;
          const expected = starts(new LineIndex(after));
          for (const [p, q] of [[same, sameEnd], [0, sameEnd], [same, 0], [0, 0], [Math.max(0, same - 1), Math.max(0, sameEnd - 1)]]) {
            assert.deepStrictEqual(starts(LineIndex.edited(prev, after, p, q)), expected, `${JSON.stringify(before)} -> ${JSON.stringify(after)} keeping ${p}+${q}`);
            checked++;
          }
        }
      }
      assert.ok(checked > 600_000);
    });

    it('maps offsets and positions across \\n, \\r\\n and \\r', () => {
      const li = new LineIndex('ab\ncd\r\nef\rgh');
      assert.strictEqual(li.lineCount, 4);
      assert.deepStrictEqual(li.positionAt(0), { line: 0, character: 0 });
      assert.deepStrictEqual(li.positionAt(4), { line: 1, character: 1 });
      assert.deepStrictEqual(li.positionAt(7), { line: 2, character: 0 });
      assert.deepStrictEqual(li.positionAt(11), { line: 3, character: 1 });
      assert.strictEqual(li.offsetAt({ line: 2, character: 1 }), 8);
      assert.strictEqual(li.offsetAt({ line: 1, character: 99 }), 5); // clamps before the line break
      assert.strictEqual(li.lineContentEnd(1), 5);
    });
    it('tells the line break and indentation a file uses', () => {
      assert.strictEqual(new LineIndex('a\r\nb').eol(), '\r\n');
      assert.strictEqual(new LineIndex('a\nb').eol(), '\n');
      assert.strictEqual(new LineIndex('a').eol(), '\n');
      assert.strictEqual(new LineIndex('x\n\t  y').indentAt(6), '\t  ');
    });
    it('clamps positions outside the text', () => {
      const li = new LineIndex('abc');
      assert.deepStrictEqual(li.positionAt(-5), { line: 0, character: 0 });
      assert.deepStrictEqual(li.positionAt(99), { line: 0, character: 3 });
      assert.strictEqual(li.offsetAt({ line: 9, character: 0 }), 3);
    });
  });

  describe('applyTextEdits', () => {
    it('applies non-overlapping edits and leaves everything else as it was', () => {
      const r = applyTextEdits('0123456789', [
        { start: 8, end: 9, newText: 'X' },
        { start: 1, end: 3, newText: '' },
        { start: 5, end: 5, newText: '++' },
      ]);
      assert.strictEqual(r.text, '034++567X9');
    });
    it('skips overlapping edits and counts identical ones once', () => {
      const r = applyTextEdits('abcdef', [
        { start: 1, end: 4, newText: 'X' },
        { start: 2, end: 5, newText: 'Y' },
        { start: 5, end: 5, newText: '!' },
        { start: 5, end: 5, newText: '!' },
        { start: 5, end: 5, newText: '?' },
      ]);
      assert.strictEqual(r.text, 'aXe!f');
      assert.strictEqual(r.skipped.length, 2);
    });
  });

  describe('decodeText', () => {
    const cases: [string, Uint8Array, string][] = [
      ['utf8', Buffer.from('héllo\n'), 'utf8'],
      ['utf8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('héllo')]), 'utf8bom'],
      ['utf16le with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('héllo\r\n', 'utf16le')]), 'utf16le'],
      ['utf16be with BOM', Buffer.from([0xfe, 0xff, 0x00, 0x68, 0x00, 0xe9]), 'utf16be'],
      ['windows-1252 bytes (not UTF-8)', Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'latin1'],
    ];
    for (const [name, bytes, encoding] of cases) {
      it(`reads ${name} and writes the same bytes back`, () => {
        const d = decodeText(bytes);
        assert.strictEqual(d.encoding, encoding);
        assert.ok(roundTrips(bytes, d));
        assert.deepStrictEqual(Buffer.from(encodeText(d.text, d.encoding)), Buffer.from(bytes));
      });
    }
    it('decodes text exactly', () => {
      assert.strictEqual(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('héllo', 'utf16le')])).text, 'héllo');
      assert.strictEqual(decodeText(Buffer.from([0xfe, 0xff, 0x00, 0x68, 0x00, 0xe9])).text, 'hé');
      assert.strictEqual(decodeText(Buffer.from([0x63, 0x61, 0x66, 0xe9])).text, 'café');
    });
    it('flags binary files and a UTF-16 file cut in the middle of a character', () => {
      assert.strictEqual(decodeText(Buffer.from([0x41, 0x00, 0x42])).binary, true);
      const odd = Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42]);
      const d = decodeText(odd);
      assert.strictEqual(d.text, 'A\ufffd');
      assert.strictEqual(roundTrips(odd, d), false, 'must not be written back');
    });
  });
});
