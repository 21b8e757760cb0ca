/**
 * Extension-host entry (extensionTestsPath): runs every *.e2e.js suite of this folder with
 * mocha inside the real VS Code extension host (code-server or @vscode/test-electron).
 * The counts go to $MEMLINT_E2E_COUNTS (JSON, like test/reporter.js) for the runner.
 */
import * as fs from 'fs';
import * as path from 'path';
import MochaModule = require('mocha');

// mocha 12 exports { Mocha }, older ones the class itself
const Mocha = ((MochaModule as unknown as { Mocha?: typeof MochaModule }).Mocha ?? MochaModule) as typeof MochaModule;

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: false, reporter: 'spec' });
  const grep = process.env.MEMLINT_E2E_GREP;
  if (grep) mocha.grep(grep);
  // files run in name order: 1-diagnostics before 2-features before 3-fixes ...; a team build runs team/
  const dir = process.env.MEMLINT_E2E_SUITE === 'team' ? path.join(__dirname, 'team') : __dirname;
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.e2e.js')).sort()) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats ?? {};
      const file = process.env.MEMLINT_E2E_COUNTS;
      if (file) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: failures + (passes === 0 ? 1 : 0), skipped: pending }));
      }
      if (failures) reject(new Error(`${failures} extension-host tests failed`));
      else resolve();
    });
  });
}
