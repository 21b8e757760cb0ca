/**
 * The TextMate injection grammars in syntaxes/, run by vscode-textmate and vscode-oniguruma
 * (the tokenizer VS Code itself uses) over host grammars for SQL, PowerShell, XML and YAML.
 *
 * VS Code's built-in sql, powershell, xml and yaml grammars are not published on the npm
 * registry, so test/grammars/ holds small stand-ins written for these tests: a few comment,
 * string and keyword rules that carry the SAME scope names as the built-in grammars
 * (comment.line.double-dash.sql, comment.block, comment.line.powershell,
 * comment.block.powershell, comment.block.xml, comment.line.number-sign.yaml, the string
 * scopes). The point is to check that the injections attach to those real scope names and
 * keep out of strings and code, not to re-test the host grammars.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { Directive, parseDirectives } from '../../server/src/engine/directives';
import { ROOT } from '../helpers/paths';

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}

const HOSTS: Record<string, string> = {
  'source.sql': 'sql',
  'source.powershell': 'powershell',
  'text.xml': 'xml',
  'source.yaml': 'yaml',
};

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { grammars?: GrammarContribution[] };
};
const contributed: GrammarContribution[] = pkg.contributes.grammars ?? [];

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function hostGrammar(scope: string): Record<string, unknown> {
  return readJson(path.join(ROOT, 'test', 'grammars', `${HOSTS[scope]}.tmLanguage.json`));
}

let onigLib: Promise<vsctm.IOnigLib> | undefined;
function loadOniguruma(): Promise<vsctm.IOnigLib> {
  // The wasm ships inside the vscode-oniguruma package; loadWASM may run once per process.
  onigLib ??= (async () => {
    const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
    await oniguruma.loadWASM(wasm);
    return {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    };
  })();
  return onigLib;
}

/**
 * A registry wired like VS Code wires package.json's contributes.grammars: the injection
 * grammars come from their contributed paths and are injected into the hosts named in injectTo.
 * `hosts` replaces a host grammar (to try another scope name the built-in grammar has used).
 */
function registry(hosts: Record<string, Record<string, unknown>> = {}): vsctm.Registry {
  return new vsctm.Registry({
    onigLib: loadOniguruma(),
    loadGrammar: async (scope) => {
      if (HOSTS[scope]) return vsctm.parseRawGrammar(JSON.stringify(hosts[scope] ?? hostGrammar(scope)), `${scope}.json`);
      const c = contributed.find((g) => g.scopeName === scope);
      return c ? vsctm.parseRawGrammar(fs.readFileSync(path.join(ROOT, c.path), 'utf8'), c.path) : null;
    },
    getInjections: (scope) => contributed.filter((g) => g.injectTo?.includes(scope)).map((g) => g.scopeName),
  });
}

interface Token {
  text: string;
  line: number;
  start: number;
  end: number;
  scopes: string[];
}

class Tokenized {
  constructor(readonly lines: string[], readonly tokens: Token[]) {}

  /** The token that is exactly `needle` (the nth occurrence in the text); fails if the token is longer or shorter. */
  scopes(needle: string, nth = 0): string[] {
    const hits = this.find(needle);
    assert.ok(hits.length > nth, `"${needle}" (#${nth}) is not in the text`);
    const { line, start } = hits[nth];
    const t = this.tokens.find((x) => x.line === line && x.start <= start && start < x.end);
    assert.ok(t, `no token at "${needle}"`);
    assert.strictEqual(t.text, needle, `"${needle}" is not one token: ${this.describe(line)}`);
    return t.scopes;
  }

  /** Every scope on any token overlapping `needle` (the nth occurrence). */
  scopesOver(needle: string, nth = 0): string[] {
    const { line, start } = this.find(needle)[nth];
    const end = start + needle.length;
    return this.tokens.filter((t) => t.line === line && t.start < end && t.end > start).flatMap((t) => t.scopes);
  }

  /** The texts of the tokens carrying `scope`, in order. */
  texts(scope: string): string[] {
    return this.tokens.filter((t) => t.scopes.includes(scope)).map((t) => t.text);
  }

  describe(line: number): string {
    return this.tokens
      .filter((t) => t.line === line)
      .map((t) => `${JSON.stringify(t.text)} [${t.scopes.slice(1).join(' ')}]`)
      .join(', ');
  }

  private find(needle: string): { line: number; start: number }[] {
    const out: { line: number; start: number }[] = [];
    this.lines.forEach((text, line) => {
      for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push({ line, start: i });
    });
    return out;
  }
}

const defaultRegistry = registry();
const grammarCache = new Map<vsctm.Registry, Map<string, Promise<vsctm.IGrammar | null>>>();

async function tokenize(scope: string, text: string, reg = defaultRegistry): Promise<Tokenized> {
  let byScope = grammarCache.get(reg);
  if (!byScope) grammarCache.set(reg, (byScope = new Map()));
  let pending = byScope.get(scope);
  if (!pending) byScope.set(scope, (pending = reg.loadGrammar(scope)));
  const grammar = await pending;
  assert.ok(grammar, `no grammar for ${scope}`);
  const lines = text.split('\n');
  const tokens: Token[] = [];
  let state = vsctm.INITIAL;
  lines.forEach((lineText, line) => {
    const r = grammar.tokenizeLine(lineText, state);
    for (const t of r.tokens) {
      const end = Math.min(t.endIndex, lineText.length);
      if (end > t.startIndex) tokens.push({ text: lineText.slice(t.startIndex, end), line, start: t.startIndex, end, scopes: t.scopes });
    }
    state = r.ruleStack;
  });
  return new Tokenized(lines, tokens);
}

const MEMLINT = /\.memlint$/;
function hasMemlintScope(scopes: string[]): boolean {
  return scopes.some((s) => MEMLINT.test(s));
}

const KEYWORD = 'keyword.other.directive.memlint';
const CODE = 'constant.other.rule-code.memlint';
const KEY = 'variable.other.setting.memlint';
const VALUE = 'string.unquoted.setting-value.memlint';
const SUPPRESSION = 'meta.directive.suppression.memlint';
const SETTING = 'meta.directive.setting.memlint';

function assertIncludes(scopes: string[], ...expected: string[]): void {
  for (const e of expected) assert.ok(scopes.includes(e), `expected ${e} in [${scopes.join(' ')}]`);
}

function assertNoMemlint(doc: Tokenized, needle: string, nth = 0): void {
  const scopes = doc.scopesOver(needle, nth);
  assert.ok(!hasMemlintScope(scopes), `"${needle}" should have no memlint scope: [${scopes.join(' ')}]`);
}

/** Every scope name a grammar assigns (names may hold several space-separated scopes). */
function assignedScopes(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => assignedScopes(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'name' || k === 'contentName') && typeof v === 'string') v.split(/\s+/).forEach((s) => out.add(s));
      else assignedScopes(v, out);
    }
  }
  return out;
}

describe('TextMate grammars (syntaxes/)', () => {
  describe('contribution', () => {
    const files = fs.readdirSync(path.join(ROOT, 'syntaxes')).filter((f) => f.endsWith('.tmLanguage.json'));

    it('package.json contributes every syntaxes/*.tmLanguage.json as an injection under its own scopeName', () => {
      assert.deepStrictEqual(
        contributed.map((g) => path.posix.normalize(g.path)).sort(),
        files.map((f) => `syntaxes/${f}`).sort(),
      );
      for (const g of contributed) {
        const grammar = readJson(path.join(ROOT, g.path));
        assert.strictEqual(grammar.scopeName, g.scopeName, g.path);
        assert.strictEqual(typeof grammar.injectionSelector, 'string', `${g.path} has no injectionSelector`);
        assert.ok(g.injectTo && g.injectTo.length > 0, `${g.path} has no injectTo`);
        for (const host of g.injectTo) assert.ok(HOSTS[host], `${g.path} injects into unknown ${host}`);
      }
      for (const host of Object.keys(HOSTS)) {
        assert.ok(contributed.some((g) => g.injectTo?.includes(host) && g.scopeName.startsWith('memlint.directives.')), `no directive grammar for ${host}`);
      }
    });

    it('the T-SQL keyword grammar is injected outside comments and strings only', () => {
      const c = contributed.find((g) => g.scopeName === 'memlint.tsql.injection');
      assert.ok(c);
      assert.deepStrictEqual(c.injectTo, ['source.sql']);
      assert.strictEqual(readJson(path.join(ROOT, c.path)).injectionSelector, 'L:source.sql -comment -string');
    });

    it('syntaxes/README.md lists every scope the grammars assign', () => {
      const readme = fs.readFileSync(path.join(ROOT, 'syntaxes', 'README.md'), 'utf8');
      for (const f of files) {
        for (const scope of assignedScopes(readJson(path.join(ROOT, 'syntaxes', f)))) {
          assert.ok(MEMLINT.test(scope), `${f}: scope ${scope} does not end in .memlint`);
          assert.ok(readme.includes(`\`${scope}\``), `syntaxes/README.md does not list ${scope} (from ${f})`);
        }
      }
    });
  });

  describe('directives in SQL comments', () => {
    it('highlights a suppression in a -- comment: keyword, each code, not the free comment after', async () => {
      const doc = await tokenize('source.sql', 'SELECT 1; -- memlint-disable-next-line XTP201, rg105 -- known, fixed in v2');
      assertIncludes(doc.scopes('memlint-disable-next-line'), 'comment.line.double-dash.sql', SUPPRESSION, KEYWORD);
      assertIncludes(doc.scopes('XTP201'), 'comment.line.double-dash.sql', SUPPRESSION, CODE);
      assertIncludes(doc.scopes('rg105'), CODE);
      assertIncludes(doc.scopes(','), 'punctuation.separator.comma.memlint');
      assertNoMemlint(doc, 'known, fixed in v2');
      assertNoMemlint(doc, 'SELECT 1; ');
    });

    it('highlights every suppression word', async () => {
      for (const word of ['memlint-disable-next-line', 'memlint-disable', 'memlint-enable', 'memlint-disable-file']) {
        const doc = await tokenize('source.sql', `-- ${word} RG101\n/* ${word} RG102 */`);
        assertIncludes(doc.scopes(word, 0), 'comment.line.double-dash.sql', KEYWORD);
        assertIncludes(doc.scopes(word, 1), 'comment.block', KEYWORD);
        assertIncludes(doc.scopes('RG101'), CODE);
        assertIncludes(doc.scopes('RG102'), 'comment.block', CODE);
      }
    });

    it('highlights settings in a /* */ comment and stops the value before */', async () => {
      const doc = await tokenize('source.sql', '/* memlint: instance=SQLPROD01, rows=1,000,000*/ CREATE TABLE t (a INT)');
      assertIncludes(doc.scopes('memlint'), 'comment.block', SETTING, KEYWORD);
      assertIncludes(doc.scopes('instance'), 'comment.block', SETTING, KEY);
      assertIncludes(doc.scopes('SQLPROD01'), SETTING, VALUE);
      assertIncludes(doc.scopes('rows'), KEY);
      assertIncludes(doc.scopes('1,000,000'), VALUE);
      assertIncludes(doc.scopes('*/'), 'comment.block', 'punctuation.definition.comment.sql');
      assertNoMemlint(doc, '*/ CREATE TABLE');
    });

    it('reads the first line of a block comment whose opener stands alone, as memlint does', async () => {
      const doc = await tokenize('source.sql', '/*\n\n   memlint-disable-file XTP201, RG101 -- why\n   memlint-disable RG102\n*/\nSELECT 1');
      assertIncludes(doc.scopes('memlint-disable-file'), 'comment.block', SUPPRESSION, KEYWORD);
      assertIncludes(doc.scopes('XTP201'), 'comment.block', SUPPRESSION, CODE);
      assertIncludes(doc.scopes('RG101'), CODE);
      assertNoMemlint(doc, 'why');
      // only the comment's first words are a directive
      assertNoMemlint(doc, 'memlint-disable RG102');
      assertIncludes(doc.scopes('*/'), 'punctuation.definition.comment.sql');
      assertNoMemlint(doc, 'SELECT 1');
    });

    it('leaves alone what memlint does not read as a directive', async () => {
      const doc = await tokenize(
        'source.sql',
        [
          '-- see memlint-disable XTP201',
          '-- memlint-disable,XTP201',
          '-- memlint-disable-nextline XTP201',
          '-- MEMLINT-DISABLE XTP201',
          "SELECT '-- memlint-disable XTP201', N'/* memlint: rows=5 */'",
          '--',
          'memlint-disable XTP201',
          '/* x */ memlint: rows=5',
        ].join('\n'),
      );
      for (let i = 0; i < doc.lines.length; i++) {
        const scopes = doc.tokens.filter((t) => t.line === i).flatMap((t) => t.scopes);
        assert.ok(!hasMemlintScope(scopes), `line ${i + 1}: ${doc.describe(i)}`);
      }
    });

    it('ends the code list at the first word that is not a code', async () => {
      const doc = await tokenize('source.sql', '-- memlint-disable XTP201,,  RG101 XTP2011 RG102');
      assert.deepStrictEqual(doc.texts(CODE), ['XTP201', 'RG101']);
      assertNoMemlint(doc, 'RG102');
    });

    it('also attaches when block comments are scoped comment.block.sql', async () => {
      const host = hostGrammar('source.sql') as { repository: Record<string, { name?: string }> };
      host.repository['block-comment'].name = 'comment.block.sql';
      const doc = await tokenize('source.sql', '/* memlint-disable RG101 */ CREATE RESOURCE POOL p', registry({ 'source.sql': host }));
      assertIncludes(doc.scopes('memlint-disable'), 'comment.block.sql', KEYWORD);
      assertIncludes(doc.scopes('RG101'), 'comment.block.sql', CODE);
      assertIncludes(doc.scopes('RESOURCE POOL'), 'keyword.other.resource-governor.sql.memlint');
    });

    describe('agrees with the engine (server/src/engine/directives.ts)', () => {
      const bodies = [
        ' memlint-disable-next-line XTP201, rg105 -- known',
        'memlint-disable',
        ' memlint-disable-file RG101',
        ' memlint-enable RG101,RG102',
        '\tmemlint-disable\tXTP201',
        ' memlint-disable,XTP201',
        ' memlint-disable-nextline XTP201',
        ' memlint-disable XTP2011 XTP201',
        ' memlint-disable XTP201,,  RG101 trailing words XTP202',
        ' memlint-disable XTP201,RG101x',
        ' see memlint-disable XTP201',
        ' memlinting is fun',
        ' MEMLINT-DISABLE XTP201',
        ' memlint: instance=SQLPROD01',
        ' memlint: rows=1,000,000, instance=A',
        ' memlint: rows=5,',
        ' memlint:instance=A rows=7',
        ' memlint: Instance=B',
        ' memlint: foo=bar, rows=3',
        ' memlint: rows =3',
        ' memlint: nothing here',
        ' memlint: rows=',
      ];

      /** What the grammar shows: [suppression keyword, codes, [key, value] pairs]. */
      function shown(doc: Tokenized): [string | undefined, string[], string[][]] {
        const keyword = doc.tokens.find((t) => t.scopes.includes(KEYWORD) && t.text !== 'memlint')?.text;
        const pairs: string[][] = [];
        for (const t of doc.tokens) {
          if (t.scopes.includes(KEY)) pairs.push([t.text.toLowerCase()]);
          else if (t.scopes.includes(VALUE)) pairs[pairs.length - 1].push(t.text);
        }
        return [keyword, doc.texts(CODE).map((c) => c.toUpperCase()), pairs.filter((p) => p.length === 2)];
      }

      /** What the engine reads, restricted to the settings the grammar highlights. */
      function read(ds: Directive[]): [string | undefined, string[], string[][]] {
        const s = ds.find((d) => d.kind === 'suppression');
        const mode = s?.kind === 'suppression' ? s.mode : undefined;
        const word = mode && { 'next-line': 'memlint-disable-next-line', disable: 'memlint-disable', enable: 'memlint-enable', file: 'memlint-disable-file' }[mode];
        const codes = s?.kind === 'suppression' ? s.codes.map((c) => c.code) : [];
        const pairs = ds.flatMap((d) => (d.kind === 'setting' && ['instance', 'rows'].includes(d.key) ? [[d.key, d.value]] : []));
        return [word, codes, pairs];
      }

      for (const [label, wrap] of [
        ['--', (b: string) => `--${b}`],
        ['/* */', (b: string) => `/*${b}*/`],
        ['/* on the next line */', (b: string) => `/*\n${b}\n*/`],
      ] as const) {
        it(`in ${label} comments`, async () => {
          for (const body of bodies) {
            const doc = await tokenize('source.sql', wrap(body));
            const engineBody = label === '/* on the next line */' ? `\n${body}\n` : body;
            assert.deepStrictEqual(shown(doc), read(parseDirectives(engineBody, 0, { start: 0, end: 0 })), JSON.stringify(wrap(body)));
          }
        });
      }
    });
  });

  describe('Resource Governor and In-Memory OLTP keywords in SQL', () => {
    const RG = 'keyword.other.resource-governor.sql.memlint';
    const OPTION = 'keyword.other.resource-pool-option.sql.memlint';
    const XTP = 'keyword.other.xtp.sql.memlint';

    it('highlights pool DDL, its options and RECONFIGURE, over the host keyword', async () => {
      const doc = await tokenize(
        'source.sql',
        [
          'CREATE RESOURCE POOL [InMemPool] WITH (MIN_CPU_PERCENT = 0, MAX_CPU_PERCENT = 80, CAP_CPU_PERCENT = 90,',
          '  MIN_MEMORY_PERCENT = 40, MAX_MEMORY_PERCENT = 40, MIN_IOPS_PER_VOLUME = 0, MAX_IOPS_PER_VOLUME = 0,',
          '  AFFINITY SCHEDULER = (0 TO 3));',
          'ALTER RESOURCE POOL p WITH (AFFINITY NUMANODE = (0));',
          'CREATE WORKLOAD GROUP g USING [InMemPool];',
          'ALTER RESOURCE GOVERNOR WITH (CLASSIFIER_FUNCTION = dbo.fnClassify);',
          'ALTER RESOURCE GOVERNOR RECONFIGURE;',
        ].join('\n'),
      );
      assert.deepStrictEqual(doc.scopes('RESOURCE POOL'), ['source.sql', RG]);
      assertIncludes(doc.scopes('RESOURCE POOL', 1), RG);
      assertIncludes(doc.scopes('WORKLOAD GROUP'), RG);
      assertIncludes(doc.scopes('RESOURCE GOVERNOR'), RG);
      assertIncludes(doc.scopes('RESOURCE GOVERNOR', 1), RG);
      assertIncludes(doc.scopes('CLASSIFIER_FUNCTION'), RG);
      assertIncludes(doc.scopes('RECONFIGURE'), 'keyword.other.reconfigure.sql.memlint');
      for (const o of ['MIN_CPU_PERCENT', 'MAX_CPU_PERCENT', 'CAP_CPU_PERCENT', 'MIN_MEMORY_PERCENT', 'MAX_MEMORY_PERCENT', 'MIN_IOPS_PER_VOLUME', 'MAX_IOPS_PER_VOLUME', 'AFFINITY', 'SCHEDULER', 'NUMANODE']) {
        assertIncludes(doc.scopes(o), OPTION);
      }
      // the host grammar still colours everything else
      assert.deepStrictEqual(doc.scopes('CREATE'), ['source.sql', 'keyword.other.sql']);
      assertIncludes(doc.scopes('[InMemPool]'), 'text.bracketed');
    });

    it('highlights In-Memory OLTP table and filegroup words', async () => {
      const doc = await tokenize(
        'source.sql',
        [
          'ALTER DATABASE SalesDB ADD FILEGROUP imoltp CONTAINS MEMORY_OPTIMIZED_DATA;',
          'CREATE TABLE dbo.Orders (Id INT NOT NULL PRIMARY KEY NONCLUSTERED HASH WITH (BUCKET_COUNT = 1048576))',
          '  WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY);',
          'CREATE TYPE dbo.T AS TABLE (a INT INDEX ix hash (a) with (bucket_count = 64)) WITH (memory_optimized = on, durability = schema_and_data);',
        ].join('\n'),
      );
      for (const [w, nth] of [['MEMORY_OPTIMIZED_DATA', 0], ['HASH', 0], ['BUCKET_COUNT', 0], ['MEMORY_OPTIMIZED', 1], ['DURABILITY', 0], ['hash', 0], ['bucket_count', 0], ['memory_optimized', 0], ['durability', 0]] as const) {
        assertIncludes(doc.scopes(w, nth), XTP);
      }
      assertIncludes(doc.scopes('SCHEMA_ONLY'), 'constant.language.durability.sql.memlint');
      assertIncludes(doc.scopes('schema_and_data'), 'constant.language.durability.sql.memlint');
    });

    it('highlights the bind, unbind and configure procedures, sys.-qualified or not', async () => {
      const doc = await tokenize(
        'source.sql',
        [
          "EXEC sys.sp_xtp_bind_db_resource_pool N'SalesDB', N'InMemPool';",
          "EXEC SP_XTP_UNBIND_DB_RESOURCE_POOL @database_name = N'SalesDB';",
          "EXEC sp_configure 'max server memory (MB)', 28672; RECONFIGURE;",
          "exec master.sys.sp_configure 'show advanced options', 1;",
        ].join('\n'),
      );
      assertIncludes(doc.scopes('sys', 0), 'support.other.schema.sql.memlint');
      assertIncludes(doc.scopes('sp_xtp_bind_db_resource_pool'), 'support.function.xtp.sql.memlint');
      assertIncludes(doc.scopes('SP_XTP_UNBIND_DB_RESOURCE_POOL'), 'support.function.xtp.sql.memlint');
      assertIncludes(doc.scopes('sp_configure', 0), 'support.function.configure.sql.memlint');
      assertIncludes(doc.scopes('sp_configure', 1), 'support.function.configure.sql.memlint');
      assertIncludes(doc.scopes('RECONFIGURE'), 'keyword.other.reconfigure.sql.memlint');
      assertIncludes(doc.scopes('max server memory (MB)'), 'string.quoted.single.sql');
      assertIncludes(doc.scopes('@database_name'), 'text.variable');
    });

    it('does not highlight them inside comments or strings', async () => {
      const doc = await tokenize(
        'source.sql',
        [
          '-- CREATE RESOURCE POOL p WITH (MIN_MEMORY_PERCENT = 40); RECONFIGURE',
          '/* ALTER RESOURCE GOVERNOR',
          '   RECONFIGURE; EXEC sp_xtp_bind_db_resource_pool */',
          "EXEC (N'CREATE RESOURCE POOL p WITH (MAX_MEMORY_PERCENT = 40)'); SELECT \"HASH\", 'sp_configure';",
        ].join('\n'),
      );
      for (const w of ['CREATE RESOURCE POOL p WITH (MIN_MEMORY_PERCENT = 40); RECONFIGURE', 'ALTER RESOURCE GOVERNOR', 'RECONFIGURE; EXEC sp_xtp_bind_db_resource_pool']) {
        assertNoMemlint(doc, w);
      }
      assertIncludes(doc.scopes(' CREATE RESOURCE POOL p WITH (MIN_MEMORY_PERCENT = 40); RECONFIGURE'), 'comment.line.double-dash.sql');
      assertNoMemlint(doc, 'CREATE RESOURCE POOL p WITH (MAX_MEMORY_PERCENT = 40)');
      assertIncludes(doc.scopes('CREATE RESOURCE POOL p WITH (MAX_MEMORY_PERCENT = 40)'), 'string.quoted.single.sql');
      assertIncludes(doc.scopes('HASH'), 'string.quoted.double.sql');
      assertNoMemlint(doc, 'HASH');
      assertNoMemlint(doc, 'sp_configure');
    });

    it('does not highlight parts of longer names', async () => {
      const doc = await tokenize('source.sql', 'SELECT hash_key, pool_name, durability_level, sp_configure_x, affinity_mask, @hash FROM #hash_tmp, $hash;');
      for (const w of ['hash_key', 'pool_name', 'durability_level', 'sp_configure_x', 'affinity_mask', '@hash', '#hash_tmp', '$hash']) assertNoMemlint(doc, w);
    });

    it('is injected into SQL only', async () => {
      const ps = await tokenize('source.powershell', "Invoke-Sqlcmd -Query 'x' ; CREATE RESOURCE POOL p RECONFIGURE");
      assertNoMemlint(ps, 'CREATE RESOURCE POOL p RECONFIGURE');
      const yaml = await tokenize('source.yaml', 'pool: RESOURCE POOL HASH');
      assertNoMemlint(yaml, 'RESOURCE POOL HASH');
    });
  });

  describe('directives in PowerShell comments', () => {
    it('highlights # and <# #> comments', async () => {
      const doc = await tokenize(
        'source.powershell',
        [
          '# memlint-disable-next-line HV401, HV402',
          'Set-VMMemory -VMName SQLVM01 -StartupBytes 16GB  # memlint: instance=SQLPROD01',
          '<# memlint-disable-file HV403#> New-VM -Name X',
          '<#',
          '   memlint-enable HV404',
          '#>',
        ].join('\n'),
      );
      assertIncludes(doc.scopes('memlint-disable-next-line'), 'comment.line.powershell', SUPPRESSION, KEYWORD);
      assert.deepStrictEqual(doc.texts(CODE), ['HV401', 'HV402', 'HV403', 'HV404']);
      assertIncludes(doc.scopes('HV401'), 'comment.line.powershell', CODE);
      assertIncludes(doc.scopes('instance'), 'comment.line.powershell', KEY);
      assertIncludes(doc.scopes('SQLPROD01'), VALUE);
      assertIncludes(doc.scopes('memlint-disable-file'), 'comment.block.powershell', KEYWORD);
      assertIncludes(doc.scopes('HV403'), 'comment.block.powershell', CODE);
      assertIncludes(doc.scopes('#>', 0), 'punctuation.definition.comment.block.end.powershell');
      assertIncludes(doc.scopes('memlint-enable'), 'comment.block.powershell', KEYWORD);
      assertIncludes(doc.scopes('HV404'), 'comment.block.powershell', CODE);
      assertNoMemlint(doc, 'New-VM -Name X');
    });

    it('leaves strings and later words alone', async () => {
      const doc = await tokenize('source.powershell', "Write-Host '# memlint-disable HV401' \"# memlint: rows=5\"\n# see memlint-disable HV401");
      for (let i = 0; i < doc.lines.length; i++) {
        assert.ok(!hasMemlintScope(doc.tokens.filter((t) => t.line === i).flatMap((t) => t.scopes)), doc.describe(i));
      }
    });

    it('also attaches to comment.line.number-sign.powershell (older VS Code releases)', async () => {
      const host = hostGrammar('source.powershell') as { patterns: { name?: string }[] };
      const line = host.patterns.find((p) => p.name === 'comment.line.powershell');
      assert.ok(line);
      line.name = 'comment.line.number-sign.powershell';
      const doc = await tokenize('source.powershell', '# memlint-disable HV401', registry({ 'source.powershell': host }));
      assertIncludes(doc.scopes('memlint-disable'), 'comment.line.number-sign.powershell', KEYWORD);
      assertIncludes(doc.scopes('HV401'), CODE);
    });
  });

  describe('directives in XML comments', () => {
    it('highlights <!-- --> comments, one line or with the opener alone', async () => {
      const doc = await tokenize(
        'text.xml',
        [
          '<!-- memlint-disable-file HV501, HV502 -->',
          '<configuration><!--memlint: instance=SQLPROD01--></configuration>',
          '<!--',
          '  memlint-disable-next-line HV503',
          '-->',
          '<size type="integer">4096</size>',
        ].join('\n'),
      );
      assertIncludes(doc.scopes('memlint-disable-file'), 'comment.block.xml', SUPPRESSION, KEYWORD);
      assert.deepStrictEqual(doc.texts(CODE), ['HV501', 'HV502', 'HV503']);
      assertIncludes(doc.scopes('HV502'), 'comment.block.xml', CODE);
      assertIncludes(doc.scopes('instance'), 'comment.block.xml', KEY);
      assertIncludes(doc.scopes('SQLPROD01'), VALUE);
      assertIncludes(doc.scopes('-->', 1), 'punctuation.definition.comment.xml');
      assertIncludes(doc.scopes('memlint-disable-next-line'), 'comment.block.xml', KEYWORD);
      assertNoMemlint(doc, '<size type="integer">4096</size>');
    });

    it('leaves attribute values and text alone', async () => {
      const doc = await tokenize('text.xml', '<note text="<!-- memlint-disable HV501 -->">memlint-disable HV501</note>');
      assertNoMemlint(doc, '<!-- memlint-disable HV501 -->');
      assertNoMemlint(doc, '>memlint-disable HV501<');
    });
  });

  describe('directives in YAML comments', () => {
    it('highlights # comments on their own line and after a value', async () => {
      const doc = await tokenize(
        'source.yaml',
        ['# memlint-disable-file CFG905', 'databases:', '  SalesDB: { instance: SQLPROD01 }  # memlint-disable-next-line CFG901,CFG902', '# memlint: rows=42'].join('\n'),
      );
      assertIncludes(doc.scopes('memlint-disable-file'), 'comment.line.number-sign.yaml', SUPPRESSION, KEYWORD);
      assert.deepStrictEqual(doc.texts(CODE), ['CFG905', 'CFG901', 'CFG902']);
      assertIncludes(doc.scopes('CFG901'), 'comment.line.number-sign.yaml', CODE);
      assertIncludes(doc.scopes('rows'), 'comment.line.number-sign.yaml', KEY);
      assertIncludes(doc.scopes('42'), VALUE);
      assertNoMemlint(doc, 'SalesDB');
    });

    it('leaves quoted strings alone', async () => {
      const doc = await tokenize('source.yaml', "note: '# memlint-disable CFG905'\nother: \"# memlint: rows=5\"");
      assertNoMemlint(doc, '# memlint-disable CFG905');
      assertNoMemlint(doc, '# memlint: rows=5');
    });
  });
});
