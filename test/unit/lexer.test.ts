import * as assert from 'assert';
import { FLAG_NATIONAL, FLAG_UNTERMINATED, LexResult, Tok, identValue, lex, stringValue, tokenText } from '../../server/src/engine/tsql/lexer';

/** [kind, text] of every token. */
function tokens(lx: LexResult): [number, string][] {
  const out: [number, string][] = [];
  for (let t = 0; t < lx.count; t++) out.push([lx.kind[t], tokenText(lx, t)]);
  return out;
}

describe('T-SQL lexer', () => {
  it('splits identifiers, numbers, punctuation with exact offsets', () => {
    const lx = lex('CREATE RESOURCE POOL p WITH (MAX_MEMORY_PERCENT=40);');
    assert.deepStrictEqual(tokens(lx), [
      [Tok.Ident, 'CREATE'], [Tok.Ident, 'RESOURCE'], [Tok.Ident, 'POOL'], [Tok.Ident, 'p'], [Tok.Ident, 'WITH'],
      [Tok.Punct, '('], [Tok.Ident, 'MAX_MEMORY_PERCENT'], [Tok.Punct, '='], [Tok.Number, '40'], [Tok.Punct, ')'], [Tok.Punct, ';'],
    ]);
    assert.deepStrictEqual([lx.start[3], lx.end[3]], [21, 22]);
  });

  it('reads strings with doubled quotes and N prefix', () => {
    const lx = lex(`'it''s' N'ünï''code'`);
    assert.deepStrictEqual(tokens(lx), [[Tok.String, `'it''s'`], [Tok.String, `N'ünï''code'`]]);
    assert.strictEqual(stringValue(lx, 0), "it's");
    assert.strictEqual(stringValue(lx, 1), "ünï'code");
    assert.ok(lx.flags[1] & FLAG_NATIONAL);
  });

  it('reads [bracketed]] names] and "quoted" identifiers', () => {
    const lx = lex('[In Mem]]Pool] "de""fault"');
    assert.deepStrictEqual(tokens(lx).map((x) => x[0]), [Tok.QuotedIdent, Tok.QuotedIdent]);
    assert.strictEqual(identValue(lx, 0), 'In Mem]Pool');
    assert.strictEqual(identValue(lx, 1), 'de"fault');
  });

  it('keeps -- and nested /* */ comments out of the tokens, with ranges', () => {
    const text = 'a -- one\n/* x /* nested */ still comment */ b';
    const lx = lex(text);
    assert.deepStrictEqual(tokens(lx), [[Tok.Ident, 'a'], [Tok.Ident, 'b']]);
    assert.deepStrictEqual(lx.comments.map((c) => text.slice(c.start, c.end)), ['-- one', '/* x /* nested */ still comment */']);
    assert.deepStrictEqual(lx.comments.map((c) => text.slice(c.bodyStart, c.bodyEnd)), [' one', ' x /* nested */ still comment ']);
  });

  it('reads @variables, @@globals, $(sqlcmd) variables and <template, placeholders>', () => {
    const lx = lex('@db @@TRANCOUNT $(PoolName) <pool_name, sysname, InMemPool> a<b');
    assert.deepStrictEqual(tokens(lx), [
      [Tok.Variable, '@db'], [Tok.Variable, '@@TRANCOUNT'], [Tok.SqlcmdVar, '$(PoolName)'], [Tok.Placeholder, '<pool_name, sysname, InMemPool>'],
      [Tok.Ident, 'a'], [Tok.Punct, '<'], [Tok.Ident, 'b'],
    ]);
  });

  it('does not take comparisons for template placeholders', () => {
    const lx = lex('IF a < b, c > d AND x <> y AND p <= q');
    assert.ok(!tokens(lx).some(([k]) => k === Tok.Placeholder));
  });

  it('recognises GO lines in any case, with a count, a comment or a semicolon', () => {
    const text = 'a\nGO\nb\n  go 3 -- thrice\nc\nGo;\nGOTO x\nd GO\n';
    const lx = lex(text);
    const gos = tokens(lx).filter(([k]) => k === Tok.Go).map(([, t]) => t);
    assert.deepStrictEqual(gos, ['GO', 'go 3', 'Go']);
    const goTokens = [...Array(lx.count).keys()].filter((t) => lx.kind[t] === Tok.Go);
    assert.deepStrictEqual(goTokens.map((t) => lx.goCount.get(t)), [1, 3, 1]);
  });

  it('skips SQLCMD command lines', () => {
    const text = ':setvar PoolName InMemPool\n:r .\\other.sql\nSELECT 1\n';
    const lx = lex(text);
    assert.deepStrictEqual(lx.sqlcmdLines.map((l) => text.slice(l.start, l.end)), [':setvar PoolName InMemPool', ':r .\\other.sql']);
    assert.deepStrictEqual(tokens(lx), [[Tok.Ident, 'SELECT'], [Tok.Number, '1']]);
  });

  it('flags unterminated strings, identifiers and comments and runs them to the end', () => {
    for (const text of ["SELECT 'abc", 'SELECT [abc', 'SELECT "abc']) {
      const lx = lex(text);
      assert.ok(lx.flags[1] & FLAG_UNTERMINATED, text);
      assert.strictEqual(lx.end[1], text.length);
    }
    const lx = lex('a /* /* */ b');
    assert.strictEqual(lx.comments[0].unterminated, true);
    assert.strictEqual(lx.comments[0].end, 12);
  });

  it('reads numbers: decimals, exponents, hex, money', () => {
    const lx = lex('40 40.5 .5 1e3 0x1F $12.50');
    assert.deepStrictEqual(tokens(lx), [[Tok.Number, '40'], [Tok.Number, '40.5'], [Tok.Number, '.5'], [Tok.Number, '1e3'], [Tok.Number, '0x1F'], [Tok.Number, '$12.50']]);
  });

  it('never splits a surrogate pair and accepts any bytes', () => {
    const lx = lex('a \ud83d\ude00 \u0000 \ufffd b');
    assert.ok(tokens(lx).some(([, t]) => t === '\ud83d\ude00'));
    assert.strictEqual(tokens(lx)[tokens(lx).length - 1][1], 'b');
  });
});
