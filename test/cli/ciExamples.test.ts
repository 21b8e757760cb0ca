/**
 * The CI examples in docs/ci: each is valid YAML whose steps fit together (memlint writes
 * the file the publishing step reads, in the format it expects), runs the package's bin
 * (dist/cli.js), and its memlint command line, run on examples/, gives a report the
 * publishing step accepts (SARIF valid against the schema, well-formed JUnit).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { cliAll, parseXml, sarifSchemaErrors } from '../helpers/cli';
import { ROOT } from '../helpers/paths';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Yaml = any;

const CI = path.join(ROOT, 'docs', 'ci');

function load(name: string): Yaml {
  return parse(fs.readFileSync(path.join(CI, name), 'utf8'), { prettyErrors: true, uniqueKeys: true });
}

/** The memlint command in a script: `node "<dir>/dist/cli.js" <args> > <output>`. */
function memlintCommand(script: string): { dir: string; args: string[]; output: string } {
  const m = /node "([^"]+)\/dist\/cli\.js" ([^>\n]*?) > "?([^"\s]+)"?/.exec(script);
  assert.ok(m, `a memlint command in ${script}`);
  return { dir: m[1], args: m[2].split(/\s+/), output: m[3] };
}

describe('CI examples (docs/ci)', () => {
  const gh = load('github-actions.yml');
  const az = load('azure-pipelines.yml');
  const ghSteps: Yaml[] = gh.jobs.memlint.steps;
  const ghLint = ghSteps.find((s) => typeof s.run === 'string' && s.run.includes('dist/cli.js'));
  const azLint = az.steps.find((s: Yaml) => typeof s.script === 'string' && s.script.includes('dist/cli.js'));

  it('run the package bin, dist/cli.js, built from a clone', () => {
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin, { memlint: 'dist/cli.js' });
    const build = (scripts: string[], dir: string) => {
      const script = scripts.find((s) => s.includes('git clone'));
      assert.ok(script, 'a step clones memlint');
      assert.ok(script.includes(`"${dir}"`), `cloned into ${dir}`);
      assert.match(script, /npm ci[^\n]*\n[^\n]*\n?\s*npm run build/);
    };
    build(ghSteps.map((s) => s.run ?? ''), memlintCommand(ghLint.run).dir);
    build(az.steps.map((s: Yaml) => s.script ?? ''), memlintCommand(azLint.script).dir);
  });

  it('GitHub Actions: SARIF written by memlint is what upload-sarif uploads, with the permissions it needs', () => {
    assert.ok('pull_request' in gh.on && 'push' in gh.on);
    assert.strictEqual(gh.permissions['security-events'], 'write');
    const cmd = memlintCommand(ghLint.run);
    assert.deepStrictEqual(cmd.args.slice(-2), ['--format', 'sarif']);
    const upload = ghSteps.find((s) => typeof s.uses === 'string' && s.uses.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload, 'an upload-sarif step');
    assert.strictEqual(upload.with.sarif_file, cmd.output);
    // uploads also when memlint exits 1 (findings), not when it could not run (2)
    assert.match(upload.if, new RegExp(`steps\\.${ghLint.id}\\.outputs\\.exit-code == '1'`));
    assert.match(ghLint.run, /\|\| status=\$\?\n.*exit-code=\$status.*GITHUB_OUTPUT/);
    const fail = ghSteps[ghSteps.length - 1];
    assert.strictEqual(fail.if, `steps.${ghLint.id}.outputs.exit-code != '0'`);
  });

  it('Azure Pipelines: JUnit written by memlint is what PublishTestResults@2 reads', () => {
    const cmd = memlintCommand(azLint.script);
    assert.deepStrictEqual(cmd.args.slice(-2), ['--format', 'junit']);
    const publish = az.steps.find((s: Yaml) => s.task === 'PublishTestResults@2');
    assert.ok(publish, 'a PublishTestResults@2 task');
    assert.strictEqual(publish.inputs.testResultsFormat, 'JUnit');
    assert.strictEqual(`${publish.inputs.searchFolder}/${publish.inputs.testResultsFiles}`, cmd.output);
    assert.match(publish.condition, /ne\(variables\.memlintExitCode, '2'\)/);
    assert.match(azLint.script, /\|\| status=\$\?\n.*task\.setvariable variable=memlintExitCode\]\$status/);
  });

  it('their memlint command lines, run on examples/, give reports the publishing steps accept', async function () {
    this.timeout(60_000);
    const [sarif, junit] = await cliAll([memlintCommand(ghLint.run), memlintCommand(azLint.script)].map((c) => ({ args: c.args, cwd: path.join(ROOT, 'examples') })));
    assert.strictEqual(sarif.code, 1, sarif.stderr);
    const log = JSON.parse(sarif.stdout);
    assert.deepStrictEqual(sarifSchemaErrors(log), []);
    assert.ok(log.runs[0].results.length > 0);
    assert.ok(log.runs[0].results.every((r: Yaml) => r.locations[0].physicalLocation.artifactLocation.uriBaseId === '%SRCROOT%'), 'paths relative to the checkout');
    assert.strictEqual(junit.code, 1, junit.stderr);
    const root = parseXml(junit.stdout);
    assert.strictEqual(root.name, 'testsuites');
    assert.ok(Number(root.attributes.failures) > 0);
  });

  it('docs/ci/README.md and the README point to both', () => {
    const readme = fs.readFileSync(path.join(CI, 'README.md'), 'utf8');
    assert.ok(readme.includes('(github-actions.yml)') && readme.includes('(azure-pipelines.yml)'));
    assert.ok(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').includes('(docs/ci/)'));
  });
});
