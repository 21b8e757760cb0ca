// `npm run demo`: lints the bundled examples/ workspace with the built CLI. The examples
// contain deliberate mistakes, so findings (exit code 1) are the expected result here;
// only a usage error (2) or a crash fails the demo.
import { spawnSync } from 'child_process';
import { fileURLToPath } from 'url';
import * as path from 'path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'examples', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
if (r.status === 0 || r.status === 1) {
  console.log(r.status === 1 ? '\n(memlint exits 1 because the examples contain errors; this is what a CI job would see.)' : '');
  process.exit(0);
}
process.exit(r.status ?? 2);
