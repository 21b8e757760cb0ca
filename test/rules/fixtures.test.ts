/**
 * Runs every rule fixture: findings must match the markers exactly (every finding
 * marked, every marker found); fixes applied must give the `.fixed` twin; the twin
 * re-linted must have nothing fixable left.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import { runFixLoop } from '../../server/src/engine';
import { FIXTURES } from '../helpers/paths';
import { Actual, Expected, describe as show, fixtureCases, fixtureProject, loadProject, matches, parseMarkers, readText, toActual, twinOf } from '../helpers/fixtures';

describe('rule fixtures', () => {
  const cases = fixtureCases(FIXTURES);
  it('exist', () => assert.ok(cases.length > 0, 'no fixtures found under test/fixtures'));

  for (const c of cases) {
    describe(c.name, () => {
      const project = loadProject(c.files);
      const findings = project.lint();

      it('reports exactly the marked findings', () => {
        const expected: Expected[] = c.files.flatMap((f) => parseMarkers(f, readText(f)));
        const actual: Actual[] = findings.map((f) => toActual(f, project.lines(f.file)!));
        const unmatched = [...actual];
        const missing: Expected[] = [];
        for (const e of expected) {
          const i = unmatched.findIndex((a) => matches(e, a));
          if (i >= 0) unmatched.splice(i, 1);
          else missing.push(e);
        }
        const problems = [
          ...missing.map((e) => `missing:    ${show(e)}${e.fragment ? ` containing "${e.fragment}"` : ''} (marker on line ${e.markerLine + 1})`),
          ...unmatched.map((a) => `unexpected: ${show(a)}`),
        ];
        assert.ok(problems.length === 0, `\n${problems.join('\n')}`);
        assert.ok(expected.some((e) => e.code === c.code), `the fixture marks no ${c.code} finding`);
      });

      const fixable = findings.filter((f) => f.fixes.length > 0);
      const twins = c.files.map((f) => ({ file: f, twin: twinOf(f) })).filter((x) => fs.existsSync(x.twin));
      if (fixable.length || twins.length) {
        it('fixes give the .fixed twin, which has nothing fixable left', () => {
          const fixedFiles = new Set(fixable.flatMap((f) => f.fixes.flatMap((x) => x.edits.map((e) => e.file))));
          for (const f of fixedFiles) assert.ok(fs.existsSync(twinOf(f)), `${f} has fixable findings but no ${twinOf(f)}`);
          const scratch = project.clone();
          const result = runFixLoop(scratch, { unsafe: true });
          for (const { file, twin } of twins) {
            const got = result.changed.get(file) ?? readText(file);
            assert.strictEqual(got, readText(twin), `applying the fixes to ${file} does not give ${twin}`);
          }
          // the twins' texts under the original names, so a memlint.yaml twin is still read as memlint.yaml
          const fixedProject = fixtureProject(c.files);
          for (const f of c.files) fixedProject.setFile(f, readText(fs.existsSync(twinOf(f)) ? twinOf(f) : f));
          const again = fixedProject.lint();
          const left = again.filter((f) => f.fixes.length > 0);
          assert.deepStrictEqual(left.map((f) => `${f.code}: ${f.message}`), [], 'the fixed text still has fixable findings');
        });
      }
    });
  }
});
