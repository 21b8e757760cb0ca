/**
 * Every regular expression in the code base (server/src, client/src) is checked for
 * catastrophic backtracking with recheck (its native build where installed, else its
 * pure-JS fallback; both run offline). The expressions are found with the TypeScript
 * compiler API, so a new one is checked without touching this test: regex literals,
 * and `new RegExp(...)` / `RegExp(...)` with a literal source. A RegExp built from a
 * value is listed in DYNAMIC with sample sources of every shape it can take, and a new
 * one fails the test until it is added there.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { check } from 'recheck';
import * as ts from 'typescript';
import { ROOT } from '../helpers/paths';

interface Found {
  where: string;
  source: string;
  flags: string;
}

/** RegExps built at run time: where (file:line), and sources of every shape they can take. */
const DYNAMIC: Record<string, { why: string; samples: string[]; boundedInput?: boolean }> = {
  'server/src/shared/settings.ts:55': {
    // a rule glob (HV4*, *, !MEM*) with its literal parts escaped: two `*` make it
    // polynomial, but it only ever runs on rule codes (six characters), never on file text.
    // A run of `*` is collapsed to one first: `.*.*.*...` (nothing between) backtracks through
    // every split of the code, and 40 of them took 0.7 s per code (test/unit/settings.test.ts)
    why: 'rule code globs: escaped literal parts joined by .*, matched against rule codes only',
    boundedInput: true,
    samples: ['^HV4.*$', '^.*$', '^XTP.*0.*1$', '^\\..*\\*.*\\?$'],
  },
};

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourcesUnder(full));
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Every regex in the code base: literals, and RegExp constructions (dynamic ones by location). */
export function findRegexes(): { literal: Found[]; dynamic: string[] } {
  const literal: Found[] = [];
  const dynamic: string[] = [];
  for (const file of [...sourcesUnder(path.join(ROOT, 'server', 'src')), ...sourcesUnder(path.join(ROOT, 'client', 'src'))]) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const rel = path.relative(ROOT, file).replace(/\\/g, '/');
    const where = (n: ts.Node) => `${rel}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
    const visit = (n: ts.Node): void => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = n.getText(sf);
        const last = text.lastIndexOf('/');
        literal.push({ where: where(n), source: text.slice(1, last), flags: text.slice(last + 1) });
      } else if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp') {
        const [src, flags] = n.arguments ?? [];
        const lit = (x: ts.Expression | undefined) => (x && (ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x)) ? x.text : undefined);
        const s = lit(src);
        if (s !== undefined && (flags === undefined || lit(flags) !== undefined)) literal.push({ where: where(n), source: s, flags: lit(flags) ?? '' });
        else dynamic.push(where(n));
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { literal, dynamic };
}

describe('regular expressions: no catastrophic backtracking (recheck)', function () {
  this.timeout(120_000);
  const { literal, dynamic } = findRegexes();

  it('finds the regular expressions of the code base', () => {
    assert.ok(literal.length >= 30, `only ${literal.length} regex literals found`);
  });

  it('every RegExp built at run time is listed with samples of its shapes', () => {
    assert.deepStrictEqual(dynamic.filter((d) => !DYNAMIC[d]).sort(), [], 'a new RegExp built from a value: add it to DYNAMIC with samples of every shape it can take');
  });

  it('every regex literal and every sample of a built one is safe', async () => {
    const all: (Found & { boundedInput?: boolean })[] = [...literal, ...Object.entries(DYNAMIC).flatMap(([where, d]) => d.samples.map((source) => ({ where: `${where} (${d.why})`, source, flags: '', boundedInput: d.boundedInput })))];
    const unsafe: string[] = [];
    for (const r of all) {
      const d = await check(r.source, r.flags, { timeout: 30_000 });
      // polynomial backtracking is harmless on input of bounded length (a rule code)
      if (d.status === 'vulnerable' && d.complexity.type === 'polynomial' && r.boundedInput) continue;
      if (d.status !== 'safe') unsafe.push(`${r.where} /${r.source}/${r.flags}: ${d.status}${d.status === 'vulnerable' ? ` (${d.complexity.type}, attack ${d.attack.pattern})` : d.status === 'unknown' ? ` (${d.error.kind})` : ''}`);
    }
    assert.deepStrictEqual(unsafe, []);
  });
});
