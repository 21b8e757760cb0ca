/**
 * The registry, the rule files, the docs, the fixtures and the README must agree, and
 * the engine must stay free of editor imports.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { RULES, runFixLoop } from '../../server/src/engine';
import { fixtureCases, loadProject, parseMarkers, readText } from '../helpers/fixtures';
import { FIXTURES, ROOT } from '../helpers/paths';

const DOC_SECTIONS = ['## What it does', '## Why it matters', '## Example', '## Fixed example', '## Fix safety', '## References'];

function listFiles(dir: string, filter: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full, filter));
    else if (filter(full)) out.push(full);
  }
  return out;
}

describe('meta', () => {
  const cases = fixtureCases(FIXTURES);

  describe('every registered rule', () => {
    for (const rule of RULES) {
      describe(rule.code, () => {
        it('lives in rules/<CODE>.ts, exported under its code, with a kebab-case name and full meta', () => {
          const file = path.join(ROOT, 'server/src/engine/rules', `${rule.code}.ts`);
          assert.ok(fs.existsSync(file), `${file} is missing`);
          assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`export const ${rule.code}: Rule = \\{\\s*code: '${rule.code}',`));
          assert.match(rule.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
          assert.ok(rule.meta.description.length > 20);
          assert.ok(['error', 'warning', 'info', 'hint'].includes(rule.meta.severity));
        });

        it('has a doc page with every section', () => {
          const doc = path.join(ROOT, 'docs/rules', `${rule.code}.md`);
          assert.ok(fs.existsSync(doc), `${doc} is missing`);
          const text = fs.readFileSync(doc, 'utf8');
          assert.ok(text.startsWith(`# ${rule.code} ${rule.name}\n`), `the doc must start with "# ${rule.code} ${rule.name}"`);
          let at = 0;
          for (const s of DOC_SECTIONS) {
            const i = text.indexOf(`\n${s}\n`, at);
            assert.ok(i >= 0, `${rule.code}.md lacks "${s}" (in this order)`);
            at = i;
          }
          // each cell starts with the rule's value; a note may follow it in the cell
          assert.match(text, new RegExp(`\\| ${rule.meta.severity}( [^|]*)? \\| ${rule.meta.scope}( [^|]*)? \\| ${rule.meta.fixable}( [^|]*)? \\|`), 'the Severity/Scope/Fix table must match the rule meta');
        });

        it('has fixtures that mark its findings', () => {
          const mine = cases.filter((c) => c.code === rule.code);
          assert.ok(mine.length > 0, `test/fixtures/${rule.code} is missing`);
          const marked = mine.flatMap((c) => c.files.flatMap((f) => parseMarkers(f, readText(f)))).filter((e) => e.code === rule.code);
          assert.ok(marked.length > 0, `no fixture marks a ${rule.code} finding`);
        });

        it(`emits fixes as its fixable flag (${rule.meta.fixable}) says`, () => {
          const fixes = cases
            .filter((c) => c.code === rule.code)
            .flatMap((c) => loadProject(c.files).lint())
            .filter((f) => f.code === rule.code)
            .flatMap((f) => f.fixes.map((x) => x.applicability));
          if (rule.meta.fixable === 'none') assert.deepStrictEqual(fixes, [], 'a rule marked fixable: none emitted a fix');
          if (rule.meta.fixable === 'unsafe') {
            assert.ok(fixes.length > 0, 'no fixture exercises its fix');
            assert.ok(!fixes.includes('safe'), 'a rule marked fixable: unsafe emitted a safe fix');
          }
          if (rule.meta.fixable === 'safe') assert.ok(fixes.includes('safe'), 'no fixture exercises its safe fix');
        });
      });
    }
  });

  it('has no doc page or fixture folder for a rule that is not registered', () => {
    const codes = new Set(RULES.map((r) => r.code));
    const docs = fs.readdirSync(path.join(ROOT, 'docs/rules')).map((f) => f.replace(/\.md$/, ''));
    assert.deepStrictEqual(docs.filter((d) => !codes.has(d)), []);
    assert.deepStrictEqual(fs.readdirSync(FIXTURES).filter((d) => !codes.has(d)), []);
  });

  it('lists exactly the registered rules in the README', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| \[([A-Z]{2,3}\d{3})\]\(docs\/rules\/\1\.md\) \| ([a-z0-9-]+) \| (\w+) \|/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    assert.deepStrictEqual(listed, RULES.map((r) => `${r.code} ${r.name} ${r.meta.severity}`));
  });

  it('keeps the engine free of vscode and vscode-languageserver imports', () => {
    const files = listFiles(path.join(ROOT, 'server/src/engine'), (f) => f.endsWith('.ts'));
    assert.ok(files.length > 20);
    const offenders = files.filter((f) => /(from\s+|require\(\s*|import\(\s*)['"](vscode|vscode-languageserver[a-z-]*|vscode-languageclient[a-z-]*)(\/[^'"]*)?['"]/.test(fs.readFileSync(f, 'utf8')));
    assert.deepStrictEqual(offenders, []);
  });

  it('keeps the fix loop idempotent on every fixture: fixing the fixed text changes nothing', () => {
    for (const c of cases) {
      const once = runFixLoop(loadProject(c.files), { unsafe: true });
      const p = loadProject(c.files);
      for (const [f, t] of once.changed) p.setFile(f, t);
      const twice = runFixLoop(p, { unsafe: true });
      assert.strictEqual(twice.changed.size, 0, `${c.name}: a second fix run still changed ${[...twice.changed.keys()].join(', ')}`);
    }
  });
});
