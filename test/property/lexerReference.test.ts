/**
 * The lexer (regular expressions for runs, one dispatch per token) gives exactly what the
 * plain character loop it replaced gives (test/helpers/referenceLexer.ts): same tokens,
 * flags, comments, GO counts, SQLCMD lines, and the same catch-up when re-lexing an edit.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { FLAG_UNTERMINATED, LexResult, LexResume, Tok, lex, lexTokens } from '../../server/src/engine/tsql/lexer';
import * as ref from '../helpers/referenceLexer';

const SEED = 20261207;

/** Characters and fragments at the lexer's decision points, glued together at random. */
const PIECES = [
  'a', 'N', 'n', 'g', 'G', 'GO', 'go', 'Go 3', 'GO 12 ', 'GOTO', 'x1', '_', '#t', '##g', 'é', '\u00e9t\u00e9', '\ud83d\ude00', '\ud83d', '\ude00',
  ' ', '  ', '\t', '\v', '\f', '\n', '\r', '\r\n', '\u00a0', '\ufeff', '\u3000', '\u2003', '\u200b', '\u2028', '\u1680',
  '0', '7', '42', '1.5', '.5', '.', '1e3', '1e', '1e+', '2E-4', '0x1F', '0X', '0xg', '$', '$12.50', '$.', '$(', '$(v)', '$(v', '$x',
  "'", "''", "'s'", "N'", "N'x'", '[', ']', ']]', '[a]]b]', '"', '""', '"q"', '@', '@v', '@@x', '@1',
  '-', '--', '-- c', '/', '/*', '*/', '*', '/* a /* b */ c */', '/*/', '<', '>', '<a, b, c>', '<a,b>', '<#x, y, z>', ',', ';', '(', ')',
  ':', ':setvar x 1', ':r f', '!', '!!', '!! dir', '=', '+', '%', '\\', '`', '\u0000', '\u007f', '\u0001', '\ufffd',
];

const texts = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((p) => p.join('')),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join(' ')),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

/** The result as plain data, so that both lexers' results compare with deepStrictEqual. */
function plain(r: LexResult | ref.LexResult): unknown {
  return {
    text: r.text,
    count: r.count,
    kind: [...r.kind.subarray(0, r.count)],
    start: [...r.start.subarray(0, r.count)],
    end: [...r.end.subarray(0, r.count)],
    flags: [...r.flags.subarray(0, r.count)],
    goCount: [...r.goCount].sort((a, b) => a[0] - b[0]),
    comments: r.comments,
    sqlcmdLines: r.sqlcmdLines,
  };
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, max: number): number {
  let i = 0;
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

function lineEnd(text: string, i: number): number {
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

describe('property: the lexer equals the reference lexer', () => {
  it('lexes any text as the reference does', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const lx = lex(text);
        assert.deepStrictEqual(plain(lx), plain(ref.lex(text)));
        // only the last token can be an unterminated string or quoted identifier (CFG905 relies on it)
        for (let t = 0; t + 1 < lx.count; t++) assert.ok((lx.flags[t] & FLAG_UNTERMINATED) === 0 || lx.kind[t] === Tok.SqlcmdVar, `token ${t} unterminated`);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('lexes into lent arrays, growing them, as the reference does', () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: 1, max: 8 }), (text, cap) => {
        const lend = () => ({ kind: new Uint8Array(cap), start: new Int32Array(cap), end: new Int32Array(cap), flags: new Uint8Array(cap) });
        assert.deepStrictEqual(plain(lexTokens(text, undefined, lend())), plain(ref.lexTokens(text, undefined, lend())));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('re-lexes an edit from any GO line before it as the reference does, catching up at the same GO line', () => {
    const withGo = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.constantFrom('\nGO\n', '\nGO 2\n', '\ngo -- c\n', '\nGO;\n')), { maxLength: 60 }).map((p) => p.join(''));
    const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 6 }), ins: fc.array(fc.constantFrom(...PIECES, '\nGO\n'), { maxLength: 3 }).map((p) => p.join('')) });
    fc.assert(
      fc.property(withGo, edit, fc.nat(), (old, e, pick) => {
        const at = e.at % (old.length + 1);
        const text = old.slice(0, at) + e.ins + old.slice(Math.min(old.length, at + e.del));
        const prev = lex(old);
        const prevRef = ref.lex(old);
        const same = commonPrefix(old, text);
        // resume after a GO token whose line ends before the edit, or from the start
        const gos: number[] = [-1];
        for (let t = 0; t < prev.count; t++) if (prev.kind[t] === 9 && lineEnd(old, prev.end[t]) < same) gos.push(t);
        const g = gos[pick % gos.length];
        const sameEnd = commonSuffix(old, text, Math.min(old.length, text.length) - same);
        const base = { fromTok: g + 1, from: g < 0 ? 0 : prev.end[g], sameFrom: text.length - sameEnd, delta: text.length - old.length };
        const resume: LexResume = { prev, ...base };
        const resumeRef: ref.LexResume = { prev: prevRef, ...base };
        const got = lex(text, resume);
        assert.deepStrictEqual(plain(got), plain(ref.lex(text, resumeRef)));
        assert.deepStrictEqual([resume.syncPrev, resume.syncNew], [resumeRef.syncPrev, resumeRef.syncNew]);
        assert.deepStrictEqual(plain(got), plain(lex(text)));
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('stays linear on long runs of the characters a block comment or placeholder looks for', () => {
    for (const text of ['/*' + '*'.repeat(200_000), '/*' + '/'.repeat(200_000), '/*' + '*/*'.repeat(70_000), '<a' + ','.repeat(200_000)]) {
      assert.deepStrictEqual(plain(lex(text)), plain(ref.lex(text)));
    }
  });
});
