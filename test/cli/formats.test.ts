/**
 * The machine formats against their specs: SARIF 2.1.0 (validated against the JSON schema
 * and checked against the JSON format's findings), JUnit XML (parsed with a conforming XML
 * parser), GitHub workflow commands (parsed back and unescaped). Each input is run once
 * per format, as real processes in parallel.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { Finding, LineIndex, RULES, SEVERITIES } from '../../server/src/engine';
import { FormatContext } from '../../server/src/cli/format/common';
import { formatGithub } from '../../server/src/cli/format/github';
import { formatJunit } from '../../server/src/cli/format/junit';
import { formatSarif } from '../../server/src/cli/format/sarif';
import { CliResult, XmlElement, cliAll, parseGithub, parseXml, sarifSchemaErrors } from '../helpers/cli';
import { ROOT } from '../helpers/paths';
import { tempDir, writeTree } from '../helpers/tmp';

interface JsonEdit {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}
interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  name: string;
  severity: string;
  message: string;
  fixes: { title: string; applicability: string; edits: JsonEdit[] }[];
  related: { file: string; line: number; column: number; message: string }[];
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Sarif = any;

const FORMATS = ['json', 'sarif', 'junit', 'github'] as const;
type Outputs = Record<(typeof FORMATS)[number], CliResult>;

/** Inputs run in every format: the demo workspace, rule fixtures with fixes in all four file kinds, odd file names. */
interface Input {
  what: string;
  args: string[];
  cwd: string;
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
const GITHUB_COMMAND: Record<string, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** An artifactLocation resolved to an absolute path, through originalUriBaseIds. */
function resolveArtifact(run: Sarif, loc: { uri: string; uriBaseId?: string }): string {
  if (loc.uriBaseId === undefined) return fileURLToPath(new URL(loc.uri));
  const base = run.originalUriBaseIds[loc.uriBaseId].uri;
  assert.match(base, /^file:\/\/.*\/$/, 'the base is an absolute directory URI');
  assert.doesNotMatch(loc.uri, /^[a-z][a-z0-9+.-]*:/i, 'a relative URI has no scheme');
  return fileURLToPath(new URL(loc.uri, base));
}

function regionOf(x: { line: number; column: number; endLine: number; endColumn: number }) {
  return { startLine: x.line, startColumn: x.column, endLine: x.endLine, endColumn: x.endColumn };
}

function children(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

describe('CLI formats', function () {
  let dir: string;
  const inputs: Input[] = [];
  const outputs: Outputs[] = [];

  before(async function () {
    this.timeout(60_000); // a dozen processes: slow only on a busy machine
    dir = tempDir('formats');
    writeTree(dir, {
      // names a URI must escape: space, #, %, ?, :, a comma, non-ASCII
      'odd dir/a #1 %20?.sql': 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);\n',
      'odd dir/é:b,c.sql': '/*😀*/ CREATE RESOURCE POOL Q WITH (MIN_MEMORY_PERCENT = 40, MAX_MEMORY_PERCENT = 40);\n',
      // a file above the working directory: SARIF gives it as an absolute file: URI
      'outside.sql': 'CREATE RESOURCE POOL R WITH (MAX_MEMORY_PERCENT = 101);\nALTER RESOURCE GOVERNOR RECONFIGURE;\n',
      'odd dir/clean.sql': 'SELECT 1;\n',
    });
    inputs.push(
      { what: 'examples/', args: ['examples'], cwd: ROOT },
      { what: 'rule fixtures with fixes', args: ['test/fixtures/RG105', 'test/fixtures/XTP203', 'test/fixtures/HV404', 'test/fixtures/CFG904'], cwd: ROOT },
      { what: 'odd file names and a file outside the working directory', args: ['.', '../outside.sql'], cwd: path.join(dir, 'odd dir') },
    );
    const calls = inputs.flatMap((input) => FORMATS.map((f) => ({ args: [...input.args, '--format', f], cwd: input.cwd })));
    const results = await cliAll(calls);
    for (let i = 0; i < inputs.length; i++) {
      const o = {} as Outputs;
      FORMATS.forEach((f, k) => (o[f] = results[i * FORMATS.length + k]));
      outputs.push(o);
    }
  });

  const each = (fn: (o: Outputs, input: Input, json: JsonFinding[]) => void) => () => {
    assert.strictEqual(outputs.length, inputs.length);
    outputs.forEach((o, i) => {
      for (const f of FORMATS) assert.strictEqual(o[f].code, o.json.code, `${inputs[i].what}: ${f} exits like json (${o[f].stderr})`);
      assert.strictEqual(o.json.stderr, '', inputs[i].what);
      fn(o, inputs[i], JSON.parse(o.json.stdout).findings);
    });
  };

  it(
    'SARIF validates against the SARIF 2.1.0 schema',
    each((o, input, json) => {
      const log = JSON.parse(o.sarif.stdout);
      assert.deepStrictEqual(sarifSchemaErrors(log), [], input.what);
      assert.ok(json.length > 0, `${input.what} has findings`);
      if (input.what !== 'odd file names and a file outside the working directory') {
        assert.ok(log.runs[0].results.some((r: Sarif) => r.fixes), `${input.what}: some results carry fixes`);
      }
    }),
  );

  it('the schema check itself rejects what SARIF forbids', () => {
    const bad = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a b.sql' }, region: { startLine: 0 } } }] }] }] };
    const errors = sarifSchemaErrors(bad);
    assert.ok(errors.some((e) => /artifactLocation\/uri must match format "uri-reference"/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /region\/startLine must be >= 1/.test(e)), errors.join('\n'));
    assert.notDeepStrictEqual(sarifSchemaErrors({ version: '2.0.0', runs: [] }), []);
  });

  it(
    'SARIF describes the tool, every rule and the invocation',
    each((o) => {
      const run = JSON.parse(o.sarif.stdout).runs[0];
      const driver = run.tool.driver;
      assert.strictEqual(driver.name, 'memlint');
      assert.strictEqual(driver.version, JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
      assert.deepStrictEqual(
        driver.rules.map((r: Sarif) => r.id),
        RULES.map((r) => r.code),
      );
      for (const [i, rule] of RULES.entries()) {
        const r = driver.rules[i];
        assert.strictEqual(r.name, rule.name);
        assert.strictEqual(r.shortDescription.text, rule.meta.description);
        assert.strictEqual(r.helpUri, `https://github.com/memlint/memlint/blob/main/docs/rules/${rule.code}.md`);
        assert.strictEqual(r.defaultConfiguration.level, SARIF_LEVEL[rule.meta.severity]);
      }
      assert.strictEqual(run.columnKind, 'utf16CodeUnits');
      assert.deepStrictEqual(run.invocations.map((x: Sarif) => [x.executionSuccessful, x.exitCode]), [[true, o.sarif.code]]);
    }),
  );

  it(
    'SARIF results say what the JSON findings say: rule, level, message, location, related locations, fixes',
    each((o, input, json) => {
      const run = JSON.parse(o.sarif.stdout).runs[0];
      assert.strictEqual(run.results.length, json.length, input.what);
      const abs = (f: string) => path.resolve(input.cwd, f);
      run.results.forEach((r: Sarif, i: number) => {
        const f = json[i];
        assert.strictEqual(r.ruleId, f.code);
        assert.strictEqual(run.tool.driver.rules[r.ruleIndex].id, f.code);
        assert.strictEqual(r.level, SARIF_LEVEL[f.severity]);
        assert.strictEqual(r.message.text, f.message);
        const [loc] = r.locations;
        assert.strictEqual(resolveArtifact(run, loc.physicalLocation.artifactLocation), abs(f.file));
        assert.deepStrictEqual(loc.physicalLocation.region, regionOf(f));
        assert.deepStrictEqual(
          (r.relatedLocations ?? []).map((x: Sarif) => [x.message.text, resolveArtifact(run, x.physicalLocation.artifactLocation), x.physicalLocation.region.startLine, x.physicalLocation.region.startColumn]),
          f.related.map((x) => [x.message, abs(x.file), x.line, x.column]),
        );
        assert.deepStrictEqual(
          (r.fixes ?? []).map((x: Sarif) => ({
            applicability: x.properties.applicability,
            edits: x.artifactChanges.flatMap((c: Sarif) => c.replacements.map((rep: Sarif) => ({ file: resolveArtifact(run, c.artifactLocation), ...rep.deletedRegion, newText: rep.insertedContent.text }))),
          })),
          f.fixes.map((x) => ({
            applicability: x.applicability,
            edits: x.edits.map((e) => ({ file: abs(e.file), ...regionOf(e), newText: e.newText })),
          })),
        );
      });
    }),
  );

  it('SARIF gives files outside the working directory as absolute file: URIs and counts columns in UTF-16 code units', () => {
    const i = inputs.findIndex((x) => x.what.startsWith('odd file names'));
    const run = JSON.parse(outputs[i].sarif.stdout).runs[0];
    const locs = run.results.map((r: Sarif) => r.locations[0].physicalLocation);
    const outside = locs.find((l: Sarif) => l.artifactLocation.uri.endsWith('outside.sql'));
    assert.ok(outside && outside.artifactLocation.uriBaseId === undefined && outside.artifactLocation.uri.startsWith('file:///'), JSON.stringify(outside));
    const odd = locs.filter((l: Sarif) => l.artifactLocation.uriBaseId === '%SRCROOT%').map((l: Sarif) => l.artifactLocation.uri);
    assert.ok(odd.includes('a%20%231%20%2520%3F.sql'), odd.join(' '));
    assert.ok(odd.includes('%C3%A9%3Ab%2Cc.sql'), odd.join(' '));
    // RG105 on pool Q, after "/*😀*/ " (the emoji is 2 UTF-16 code units, 1 code point)
    const text = fs.readFileSync(path.join(dir, 'odd dir', 'é:b,c.sql'), 'utf8');
    const q = run.results.find((r: Sarif) => r.ruleId === 'RG105' && r.locations[0].physicalLocation.artifactLocation.uri.startsWith('%C3%A9'));
    assert.strictEqual(q.locations[0].physicalLocation.region.startColumn, text.indexOf(' Q ') + 2);
    assert.strictEqual(q.locations[0].physicalLocation.region.startColumn, 29);
  });

  it(
    'JUnit is well-formed XML: one testsuite per linted file, one failing testcase per finding',
    each((o, input, json) => {
      const root = parseXml(o.junit.stdout);
      assert.ok(o.junit.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
      assert.strictEqual(root.name, 'testsuites');
      const suites = children(root, 'testsuite');
      const names = suites.map((s) => s.attributes.name);
      assert.strictEqual(new Set(names).size, names.length, 'one suite per file');
      const byFile = new Map<string, JsonFinding[]>();
      for (const f of json) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
      for (const file of byFile.keys()) assert.ok(names.includes(file), `${input.what}: a suite for ${file}`);
      let tests = 0;
      let failures = 0;
      for (const suite of suites) {
        const cases = children(suite, 'testcase');
        const expected = byFile.get(suite.attributes.name) ?? [];
        assert.strictEqual(Number(suite.attributes.tests), cases.length);
        assert.strictEqual(Number(suite.attributes.failures), expected.length);
        assert.strictEqual(suite.attributes.errors, '0');
        tests += cases.length;
        failures += expected.length;
        if (!expected.length) {
          assert.deepStrictEqual(
            cases.map((c) => [c.attributes.classname, c.attributes.name, c.children.length]),
            [[suite.attributes.name, 'memlint: no problems', 0]],
          );
          continue;
        }
        assert.strictEqual(cases.length, expected.length);
        cases.forEach((c, k) => {
          const f = expected[k];
          assert.strictEqual(c.attributes.classname, f.file);
          assert.strictEqual(c.attributes.name, `${f.code} ${f.name} at ${f.line}:${f.column}`);
          const [failure] = children(c, 'failure');
          assert.strictEqual(failure.attributes.type, f.code);
          assert.strictEqual(failure.attributes.message, `${f.severity}: ${f.message}`);
          assert.strictEqual(failure.text, `${f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`);
        });
      }
      assert.strictEqual(Number(root.attributes.tests), tests);
      assert.strictEqual(Number(root.attributes.failures), failures);
      assert.strictEqual(failures, json.length);
    }),
  );

  it(
    'GitHub workflow commands parse back to the JSON findings',
    each((o, input, json) => {
      const annotations = parseGithub(o.github.stdout);
      assert.strictEqual(annotations.length, json.length, input.what);
      annotations.forEach((a, i) => {
        const f = json[i];
        assert.strictEqual(a.command, GITHUB_COMMAND[f.severity]);
        const expected: Record<string, string> = { file: f.file, line: String(f.line), endLine: String(f.endLine) };
        if (f.endLine === f.line) Object.assign(expected, { col: String(f.column), endColumn: String(f.endColumn) });
        expected.title = `${f.code} ${f.name}`;
        assert.deepStrictEqual(a.properties, expected);
        assert.strictEqual(a.message, f.message);
      });
    }),
  );
});

describe('CLI formats escape what their syntax reserves', () => {
  const file = '/w/dir/a:b,c%.sql';
  const text = 'line one\nline two has 😀 here\n';
  const ctx: FormatContext = { cwd: '/w', lines: () => new LineIndex(text) };
  const nasty = 'a % b\r\nc: d, e & <f> "g" \'h\' \u0001\u0008\u000b\ufffe\ud800 i\tj';
  const finding = (severity: Finding['severity'], range = { start: 12, end: 20 }): Finding => ({
    code: 'RG101',
    name: 'pool-option-range',
    severity,
    message: nasty,
    file,
    range,
    fixes: [{ title: 'fix it', applicability: 'safe', edits: [{ file, range: { start: 0, end: 4 }, newText: 'LINE\r\n' }] }],
    related: [],
  });

  it('github: %, CR, LF in the message; also : and , in properties; columns only within one line', () => {
    const out = formatGithub([...SEVERITIES.map((s) => finding(s)), finding('error', { start: 5, end: 14 })], ctx);
    assert.strictEqual(out.split('\n').length, 6, 'one line per finding: no raw line break inside');
    assert.strictEqual(
      out.split('\n')[0],
      '::error file=dir/a%3Ab%2Cc%25.sql,line=2,endLine=2,col=4,endColumn=12,title=RG101 pool-option-range::a %25 b%0D%0Ac: d, e & <f> "g" \'h\' \u0001\u0008\u000b\ufffe\ud800 i\tj',
    );
    const parsed = parseGithub(out);
    assert.deepStrictEqual(
      parsed.map((a) => a.command),
      ['error', 'warning', 'notice', 'notice', 'error'],
    );
    assert.ok(parsed.every((a) => a.message === nasty && a.properties.file === 'dir/a:b,c%.sql'));
    assert.deepStrictEqual(parsed[4].properties, { file: 'dir/a:b,c%.sql', line: '1', endLine: '2', title: 'RG101 pool-option-range' });
  });

  it('JUnit: & < > " \' escaped, characters XML cannot hold dropped, CR LF and tabs kept', () => {
    const out = formatJunit([finding('warning')], ctx, [file, '/w/other.sql']);
    const root = parseXml(out); // throws if not well-formed
    const [suite, other] = children(root, 'testsuite');
    assert.strictEqual(suite.attributes.name, 'dir/a:b,c%.sql');
    const failure = children(children(suite, 'testcase')[0], 'failure')[0];
    const kept = 'a % b\r\nc: d, e & <f> "g" \'h\'  i\tj';
    assert.strictEqual(failure.attributes.message, `warning: ${kept}`);
    assert.strictEqual(failure.text, `dir/a:b,c%.sql:2:4 warning RG101 ${kept}`);
    assert.strictEqual(other.attributes.name, 'other.sql');
    assert.match(out, /&amp; &lt;f&gt; &quot;g&quot; &apos;h&apos;/);
  });

  it('SARIF: paths percent-encoded per segment, messages as JSON strings, fix regions in UTF-16 columns', () => {
    const log = JSON.parse(formatSarif([finding('hint')], ctx, { exitCode: 0 }));
    assert.deepStrictEqual(sarifSchemaErrors(log), []);
    const run = log.runs[0];
    assert.strictEqual(run.originalUriBaseIds['%SRCROOT%'].uri, 'file:///w/');
    const r = run.results[0];
    assert.deepStrictEqual(r.locations[0].physicalLocation.artifactLocation, { uri: 'dir/a%3Ab%2Cc%25.sql', uriBaseId: '%SRCROOT%' });
    assert.strictEqual(fileURLToPath(new URL(r.locations[0].physicalLocation.artifactLocation.uri, run.originalUriBaseIds['%SRCROOT%'].uri)), file);
    assert.strictEqual(r.level, 'note');
    assert.strictEqual(r.message.text, nasty);
    assert.deepStrictEqual(r.fixes[0].artifactChanges[0].replacements, [{ deletedRegion: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 5 }, insertedContent: { text: 'LINE\r\n' } }]);
  });
});
