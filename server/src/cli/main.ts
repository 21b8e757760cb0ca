#!/usr/bin/env node
/** Entry point of dist/cli.js. */
import * as fs from 'fs';
import { decodeText } from '../engine';
import { runCli } from './run';

const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
const out: string[] = [];
process.exitCode = runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (s) => out.push(s),
  stderr: (s) => process.stderr.write(s),
  readStdin: () => decodeText(fs.readFileSync(0)).text,
  color,
});
// one write, so that piping into `head` or a closed stdout does not throw mid-output
process.stdout.on('error', () => undefined);
process.stdout.write(out.join(''));
