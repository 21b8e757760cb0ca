/** The CLI: dist/cli-main.js, run by dist/cli.js (boot.ts). */
import * as fs from 'fs';
import { runCli } from './run';

const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
const out: Buffer[] = [];
process.exitCode = runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (s) => out.push(typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s.buffer, s.byteOffset, s.byteLength)),
  stderr: (s) => process.stderr.write(s),
  readStdin: () => fs.readFileSync(0),
  color,
});
// one write, so that piping into `head` or a closed stdout does not throw mid-output
process.stdout.on('error', () => undefined);
process.stdout.write(Buffer.concat(out));
