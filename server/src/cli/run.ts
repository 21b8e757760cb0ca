/**
 * The memlint command line: `memlint [paths...] [options]`. Exit codes: 0 when nothing
 * is at error severity and warnings stay within --max-warnings; 1 otherwise; 2 for a
 * usage error or a path that does not exist.
 */
import * as path from 'path';
import { parseArgs } from 'util';
import { Finding, Project } from '../engine';
import { readTextFile } from '../host/files';
import { UsageError, collectContext, collectTargets } from './files';
import { FormatContext, summarize } from './format/common';
import { formatJson } from './format/json';
import { formatStylish } from './format/stylish';
import { VERSION } from './version';

export interface CliIO {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Colored output (stylish only). */
  color?: boolean;
}

const FORMATS = ['stylish', 'json'] as const;
type Format = (typeof FORMATS)[number];

export const HELP = `memlint ${VERSION}: checks SQL Server In-Memory OLTP memory configuration in deployment scripts

Usage: memlint [paths...] [options]

Paths are files or directories (default: the current directory). Directories are
searched for *.sql, *.ps1, *.psd1, *.xml, memlint.yaml and *.vm.yaml files;
node_modules and .git are skipped. The memlint.yaml above a path, and the files it
governs, are read too, so cross-file checks see the whole deployment.

Options:
  --format <name>       stylish (default) or json
  --max-warnings <n>    exit with 1 when there are more than n warnings (default: no limit)
  -h, --help            show this help
  -v, --version         print the version

Exit codes: 0 no errors (and warnings within --max-warnings), 1 errors or too many
warnings, 2 usage error or a path that does not exist.
`;

export function runCli(argv: string[], io: CliIO): number {
  try {
    return run(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`memlint: ${e.message}\n`);
      return 2;
    }
    // never a stack trace for the user; the message says what failed
    io.stderr(`memlint: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

function run(argv: string[], io: CliIO): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        'max-warnings': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message.split('\n')[0] : String(e)} (see memlint --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const format = (values.format ?? 'stylish') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${values.format}": use ${FORMATS.join(' or ')}`);
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    const raw = values['max-warnings'];
    if (!/^\d+$/.test(raw)) throw new UsageError(`--max-warnings needs a whole number, not "${raw}"`);
    maxWarnings = Number(raw);
  }

  const targets = collectTargets(positionals.length ? positionals : ['.'], io.cwd);
  const targetSet = new Set(targets);
  const project = new Project();
  for (const file of [...new Set([...targets, ...collectContext(targets)])]) {
    const f = readTextFile(file);
    if (!f.ok) {
      // only the files asked for are worth a word; context files that can't be read are skipped quietly
      if (targetSet.has(file)) io.stderr(`memlint: skipped ${path.relative(io.cwd, file) || file}: ${f.reason}\n`);
      continue;
    }
    // a file named explicitly with an unknown extension is read as T-SQL
    if (!project.setFile(file, f.decoded.text) && targetSet.has(file)) project.setFile(file, f.decoded.text, 'sql');
  }

  const findings: Finding[] = project.lint().filter((f) => targetSet.has(f.file));
  const ctx: FormatContext = { cwd: io.cwd, lines: (file) => project.lines(file) };
  io.stdout(format === 'json' ? formatJson(findings, ctx) : formatStylish(findings, ctx, { color: io.color ?? false }));
  const s = summarize(findings);
  return s.errors > 0 || (maxWarnings >= 0 && s.warnings > maxWarnings) ? 1 : 0;
}
