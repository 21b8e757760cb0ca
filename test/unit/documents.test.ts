import * as assert from 'assert';
import * as fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DOCUMENTS, touchesCrlf } from '../../server/src/lsp/documents';

/** An offset of `text` an LSP position can name: not between the CR and LF of a CRLF. */
function notInCrlf(text: string, o: number): number {
  return o > 0 && o < text.length && text[o - 1] === '\r' && text[o] === '\n' ? o - 1 : o;
}

describe('open documents (lsp/documents)', () => {
  it('a change that makes a CRLF of a CR it inserts and the LF after it keeps the lines right (the storm counterexample)', () => {
    let doc = DOCUMENTS.create('file:///a.sql', 'sql', 1, 'ab\ncd');
    // "x\r" just before the "\n": the text now has one line break there, CRLF
    doc = DOCUMENTS.update(doc, [{ range: { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, text: 'x\r' }], 2);
    assert.strictEqual(doc.getText(), 'abx\r\ncd');
    assert.strictEqual(doc.lineCount, 2);
    assert.strictEqual(doc.offsetAt({ line: 1, character: 1 }), 6);
    // the next change's positions are read in that text
    doc = DOCUMENTS.update(doc, [{ range: { start: { line: 1, character: 1 }, end: { line: 1, character: 2 } }, text: 'D' }], 3);
    assert.strictEqual(doc.getText(), 'abx\r\ncD');
  });

  it('touchesCrlf: only changes whose edges join or part a CR and an LF', () => {
    assert.ok(touchesCrlf('a\nb', 1, 1, 'x\r'));
    assert.ok(touchesCrlf('a\rb', 2, 2, '\nx'));
    assert.ok(touchesCrlf('a\rxx\nb', 2, 4, ''));
    assert.ok(touchesCrlf('a\r\nb', 2, 2, 'x'), 'between the CR and the LF (LSP positions never are, but it costs nothing to be safe)');
    assert.ok(!touchesCrlf('a\nb', 1, 1, 'x'), 'typing at the end of a line of an LF file');
    assert.ok(!touchesCrlf('a\r\nb', 3, 3, '\r\n'), 'Enter at the start of a line of a CRLF file');
    assert.ok(!touchesCrlf('ab', 1, 1, '\r\n'));
  });

  it('any sequence of changes leaves the text, and every position in it, as a document made afresh from that text', () => {
    const piece = fc.constantFrom('a', 'b', '\r', '\n', '\r\n', '😀', '');
    const textArb = fc.array(piece, { maxLength: 12 }).map((xs) => xs.join(''));
    const changeArb = fc.record({ a: fc.nat(), b: fc.nat(), text: textArb });
    fc.assert(
      fc.property(textArb, fc.array(fc.array(changeArb, { minLength: 1, maxLength: 3 }), { maxLength: 6 }), (initial, notifications) => {
        let doc = DOCUMENTS.create('file:///t.sql', 'sql', 1, initial);
        let text = initial;
        let version = 1;
        for (const changes of notifications) {
          const events = [];
          for (const c of changes) {
            // each change's range is in the text the previous change left (as clients send them)
            const fresh = TextDocument.create('file:///t.sql', 'sql', 0, text);
            let s = notInCrlf(text, c.a % (text.length + 1));
            let e = notInCrlf(text, c.b % (text.length + 1));
            if (e < s) [s, e] = [e, s];
            events.push({ range: { start: fresh.positionAt(s), end: fresh.positionAt(e) }, text: c.text });
            text = text.slice(0, s) + c.text + text.slice(e);
          }
          doc = DOCUMENTS.update(doc, events, ++version);
          assert.strictEqual(doc.getText(), text);
          const fresh = TextDocument.create('file:///t.sql', 'sql', 0, text);
          assert.strictEqual(doc.lineCount, fresh.lineCount);
          for (let o = 0; o <= text.length; o++) assert.deepStrictEqual(doc.positionAt(o), fresh.positionAt(o), `offset ${o} of ${JSON.stringify(text)}`);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
