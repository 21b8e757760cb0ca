/**
 * The memlint command line: `memlint [paths...] [options]`. Exit codes: 0 when nothing
 * is at error severity and warnings stay within --max-warnings; 1 otherwise; 2 for a
 * usage error or a path that does not exist.
 */
import { randomBytes } from 'crypto';
import * as path from 'path';
import { parseArgs } from 'util';
import { Finding, Project } from '../engine';
import { readTextFile } from '../host/files';
import { budgetHtml, budgetMarkdown, renderContext } from '../report/render';
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
       memlint report [paths...] [--format md|html]

Paths are files or directories (default: the current directory). Directories are
searched for *.sql, *.ps1, *.psd1, *.xml, memlint.yaml and *.vm.yaml files;
node_modules and .git are skipped. The memlint.yaml above a path, and the files it
governs, are read too, so cross-file checks see the whole deployment.

Options:
  --format <name>       stylish (default) or json
  --max-warnings <n>    exit with 1 when there are more than n warnings (default: no limit)
  -h, --help            show this help
  -v, --version         print the version

memlint report prints the memory budget of every instance placed on a VM: VM memory,
OS reserve, SQL target, pool and In-Memory OLTP share against what the data needs,
with each step's formula and the file it comes from.

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

/** Reads the targets and the files their memlint.yaml governs. */
function loadProject(positionals: string[], io: CliIO): { project: Project; targets: string[] } {
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
  return { project, targets };
}

/** `memlint report [paths] [--format md|html]`: the memory budget of every instance on a VM. */
function runReport(argv: string[], io: CliIO): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { format: { type: 'string', short: 'f' } } });
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message.split('\n')[0] : String(e)} (see memlint --help)`);
  }
  const format = parsed.values.format ?? 'md';
  if (format !== 'md' && format !== 'html') throw new UsageError(`unknown report format "${format}": use md or html`);
  const { project } = loadProject(parsed.positionals, io);
  const ctx = renderContext((file, offset) => {
    const li = project.lines(file);
    return li ? li.lineOf(offset) + 1 : undefined;
  }, io.cwd);
  const model = project.model();
  io.stdout(format === 'md' ? budgetMarkdown(model, ctx) : budgetHtml(model, ctx, randomBytes(16).toString('base64')).html);
  return 0;
}

function run(argv: string[], io: CliIO): number {
  if (argv[0] === 'report') return runReport(argv.slice(1), io);
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

  const { project, targets } = loadProject(positionals, io);
  const targetSet = new Set(targets);
  const findings: Finding[] = project.lint().filter((f) => targetSet.has(f.file));
  const ctx: FormatContext = { cwd: io.cwd, lines: (file) => project.lines(file) };
  io.stdout(format === 'json' ? formatJson(findings, ctx) : formatStylish(findings, ctx, { color: io.color ?? false }));
  const s = summarize(findings);
  return s.errors > 0 || (maxWarnings >= 0 && s.warnings > maxWarnings) ? 1 : 0;
}
