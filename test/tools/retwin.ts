/**
 * Rewrites the .fixed twins of fixtures whose fixes now produce a different text (after a
 * deliberate change to a fix). Review `git diff test/fixtures` before committing.
 *   node out/test/tools/retwin.js [CODE...]
 */
import * as fs from 'fs';
import { encodeText, decodeText, runFixLoop } from '../../server/src/engine';
import { fixtureCases, loadProject, twinOf } from '../helpers/fixtures';
import { FIXTURES } from '../helpers/paths';

const only = new Set(process.argv.slice(2));
for (const c of fixtureCases(FIXTURES)) {
  if (only.size && !only.has(c.code)) continue;
  const result = runFixLoop(loadProject(c.files), { unsafe: true });
  for (const [file, text] of result.changed) {
    const twin = twinOf(file);
    if (!fs.existsSync(twin)) continue;
    const old = decodeText(fs.readFileSync(twin));
    if (old.text === text) continue;
    fs.writeFileSync(twin, encodeText(text, old.encoding));
    console.log(`rewrote ${twin}`);
  }
}
