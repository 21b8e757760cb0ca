/**
 * The memlint command line: `memlint [paths...] [options]` and `memlint report`. Exit
 * codes: 0 when nothing is at error severity and warnings stay within --max-warnings; 1
 * otherwise; 2 for a usage or configuration error or a path that does not exist.
 */
import { randomBytes } from 'crypto';
import * as path from 'path';
import { parseArgs } from 'util';
import { DEFAULT_MAX_FILE_SIZE_BYTES, Finding, Project, RULES_BY_CODE, SEVERITIES, SeverityOrOff, runFixLoop } from '../engine';
import { ReadResult, readTextFile, writeTextFile } from '../host/files';
import { budgetHtml, budgetMarkdown, renderContext } from '../report/render';
import { UsageError, collectContext, collectTargets } from './files';
import { FormatContext, summarize } from './format/common';
import { formatGithub } from './format/github';
import { formatJson } from './format/json';
import { formatJunit } from './format/junit';
import { formatSarif } from './format/sarif';
import { formatStylish } from './format/stylish';
import { VERSION } from './version';

export interface CliIO {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Text of standard input, for --stdin. */
  readStdin?: () => string;
  /** Colored output (stylish only). */
  color?: boolean;
}

const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github'] as const;
type Format = (typeof FORMATS)[number];

export const HELP = `memlint ${VERSION}: checks SQL Server In-Memory OLTP memory configuration on Hyper-V

Usage: memlint [paths...] [options]
       memlint report [paths...] [--format md|html] [--config file]

Paths are files or directories (default: the current directory). Directories are
searched for *.sql, *.ps1, *.psd1, *.xml, memlint.yaml and *.vm.yaml files;
node_modules and .git are skipped. The memlint.yaml above a path, and the files it
governs, are read too, so cross-file checks see the whole deployment; findings are
reported for the paths given.

Options:
  -f, --format <name>       stylish (default), json, sarif, junit or github
      --fix                 apply safe fixes to the files, re-linting until nothing
                            changes (at most 10 rounds), then report what is left
      --unsafe-fixes        with --fix, apply unsafe fixes too
      --rule <CODE=sev>     set a rule's severity: error, warning, info, hint or off
                            (repeatable; wins over memlint.yaml)
      --config <file>       use this memlint.yaml instead of the ones above the paths;
                            its globs are relative to the current directory
  -q, --quiet               report errors only
      --max-warnings <n>    exit with 1 when there are more than n warnings
      --max-file-size <n>   do not read files larger than n bytes (default 5242880,
                            5 MB); each is reported once (CFG906, info)
      --stdin               lint standard input (with --fix: print the fixed text)
      --stdin-filename <f>  the name (and so the kind and memlint.yaml) of stdin's text
  -h, --help                show this help
  -v, --version             print the version

memlint report prints the memory budget of every instance placed on a VM: VM memory,
OS reserve, SQL target, pool and In-Memory OLTP share against what the data needs,
with each step's formula and the file it comes from.

Exit codes: 0 no errors (and warnings within --max-warnings), 1 errors or too many
warnings, 2 usage or configuration error, or a path that does not exist.
`;

export function runCli(argv: string[], io: CliIO): number {
  try {
    return argv[0] === 'report' ? runReport(argv.slice(1), io) : run(argv, io);
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

/** parseArgs' own error, as a usage error. */
function badArguments(e: unknown): UsageError {
  return new UsageError(`${e instanceof Error ? e.message.split('\n')[0] : String(e)} (see memlint --help)`);
}

const LINT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  'max-warnings': { type: 'string' },
  'max-file-size': { type: 'string' },
  fix: { type: 'boolean' },
  'unsafe-fixes': { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  config: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  stdin: { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const REPORT_OPTIONS = { format: { type: 'string', short: 'f' }, config: { type: 'string' } } as const;

interface Loaded {
  project: Project;
  targets: string[];
  /** What was read for each target (to write fixes back in the same encoding). */
  reads: Map<string, Extract<ReadResult, { ok: true }>>;
}

/** Reads the targets, the memlint.yaml above them (or --config) and the files it governs. */
function loadProject(positionals: string[], io: CliIO, configPath: string | undefined, stdin?: { name: string; text: string }, maxFileSizeBytes = DEFAULT_MAX_FILE_SIZE_BYTES): Loaded {
  const project = new Project();
  project.maxFileSizeBytes = maxFileSizeBytes;
  const reads = new Map<string, Extract<ReadResult, { ok: true }>>();
  let targets: string[];
  if (stdin) {
    targets = [path.resolve(io.cwd, stdin.name)];
  } else {
    targets = collectTargets(positionals.length ? positionals : ['.'], io.cwd);
  }
  const targetSet = new Set(targets);
  let config: string | undefined;
  if (configPath !== undefined) {
    config = path.resolve(io.cwd, configPath);
    const c = readTextFile(config);
    if (!c.ok) throw new UsageError(`can't read --config ${configPath}: ${c.reason}`);
    // the explicit file governs the current directory, wherever it lives
    project.setConfigFile(config, c.decoded.text, io.cwd);
  }
  const context = collectContext(targets, config ? { config, governs: io.cwd } : undefined);
  for (const file of [...new Set([...targets, ...context])]) {
    if (file === config || (stdin && targetSet.has(file))) continue;
    // with --config, other memlint.yaml files don't count
    if (config && path.basename(file).toLowerCase() === 'memlint.yaml' && !targetSet.has(file)) continue;
    const f = readTextFile(file, maxFileSizeBytes);
    if (!f.ok && f.tooLarge) {
      const reason = f.reason.replace('memlint.maxFileSize', '--max-file-size');
      project.setUnreadFile(file, reason);
      if (!project.has(file) && targetSet.has(file)) project.setUnreadFile(file, reason, 'sql');
      continue;
    }
    if (!f.ok) {
      // only the files asked for are worth a word; context files that can't be read are skipped quietly
      if (targetSet.has(file)) io.stderr(`memlint: skipped ${path.relative(io.cwd, file) || file}: ${f.reason}\n`);
      continue;
    }
    if (targetSet.has(file)) reads.set(file, f);
    // a file named explicitly with an unknown extension is read as T-SQL
    if (!project.setFile(file, f.decoded.text) && targetSet.has(file)) project.setFile(file, f.decoded.text, 'sql');
  }
  if (stdin) {
    const file = targets[0];
    if (!project.setFile(file, stdin.text)) project.setFile(file, stdin.text, 'sql');
  }
  return { project, targets, reads };
}

function parseRuleOptions(values: string[] | undefined): Record<string, SeverityOrOff> {
  const rules: Record<string, SeverityOrOff> = {};
  for (const v of values ?? []) {
    const m = /^([A-Za-z]{2,3}\d{3})=(\w+)$/.exec(v);
    if (!m) throw new UsageError(`--rule needs CODE=severity (e.g. --rule XTP201=error), not "${v}"`);
    const code = m[1].toUpperCase();
    const sev = m[2].toLowerCase();
    if (!RULES_BY_CODE.has(code)) throw new UsageError(`--rule ${v}: memlint has no rule ${code}`);
    if (!(SEVERITIES as readonly string[]).includes(sev) && sev !== 'off') throw new UsageError(`--rule ${v}: severity must be error, warning, info, hint or off`);
    rules[code] = sev as SeverityOrOff;
  }
  return rules;
}

function run(argv: string[], io: CliIO): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: LINT_OPTIONS });
  } catch (e) {
    throw badArguments(e);
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
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${values.format}": use ${FORMATS.join(', ')}`);
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    const raw = values['max-warnings'];
    if (!/^\d+$/.test(raw)) throw new UsageError(`--max-warnings needs a whole number, not "${raw}"`);
    maxWarnings = Number(raw);
  }
  if (values['unsafe-fixes'] && !values.fix) throw new UsageError('--unsafe-fixes needs --fix');
  if (values['stdin-filename'] !== undefined && !values.stdin) throw new UsageError('--stdin-filename needs --stdin');
  if (values.stdin && positionals.length) throw new UsageError('--stdin lints standard input: give no paths');
  const rules = parseRuleOptions(values.rule);
  let maxFileSizeBytes = DEFAULT_MAX_FILE_SIZE_BYTES;
  if (values['max-file-size'] !== undefined) {
    const raw = values['max-file-size'];
    if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`--max-file-size needs a number of bytes, not "${raw}"`);
    maxFileSizeBytes = Number(raw);
  }
  const stdin = values.stdin ? { name: values['stdin-filename'] ?? 'stdin.sql', text: io.readStdin ? io.readStdin() : '' } : undefined;

  const { project, targets, reads } = loadProject(positionals, io, values.config, stdin, maxFileSizeBytes);
  const targetSet = new Set(targets);
  const lintOptions = { rules };

  let findings: Finding[];
  if (values.fix) {
    // fixes only edit the files asked for, and only files memlint can write back byte-exact
    const writable = new Set(stdin ? targets : targets.filter((t) => reads.get(t)?.writable));
    const result = runFixLoop(project, { ...lintOptions, unsafe: values['unsafe-fixes'] ?? false, onlyFiles: writable });
    if (stdin) {
      io.stdout(result.changed.get(targets[0]) ?? stdin.text);
      return 0;
    }
    for (const [file, text] of result.changed) writeTextFile(reads.get(file)!, text);
    if (result.changed.size) io.stderr(`memlint: fixed ${result.applied} problem${result.applied === 1 ? '' : 's'} in ${result.changed.size} file${result.changed.size === 1 ? '' : 's'}${result.rounds >= 10 ? ' (stopped after 10 rounds)' : ''}\n`);
    const notWritable = targets.filter((t) => reads.get(t) && !reads.get(t)!.writable);
    for (const t of notWritable) io.stderr(`memlint: not fixing ${path.relative(io.cwd, t)}: its bytes are not valid in any encoding memlint can write back unchanged\n`);
    findings = result.remaining;
  } else {
    findings = project.lint(lintOptions);
  }
  findings = findings.filter((f) => targetSet.has(f.file));
  if (values.quiet) findings = findings.filter((f) => f.severity === 'error');

  const ctx: FormatContext = { cwd: io.cwd, lines: (file) => project.lines(file) };
  switch (format) {
    case 'json':
      io.stdout(formatJson(findings, ctx));
      break;
    case 'sarif':
      io.stdout(formatSarif(findings, ctx));
      break;
    case 'junit':
      io.stdout(formatJunit(findings, ctx, targets.filter((t) => project.has(t))));
      break;
    case 'github':
      io.stdout(formatGithub(findings, ctx));
      break;
    default:
      io.stdout(formatStylish(findings, ctx, { color: io.color ?? false }));
  }
  const s = summarize(findings);
  return s.errors > 0 || (!values.quiet && maxWarnings >= 0 && s.warnings > maxWarnings) ? 1 : 0;
}

/** `memlint report [paths] [--format md|html]`: the memory budget of every instance on a VM. */
function runReport(argv: string[], io: CliIO): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: REPORT_OPTIONS });
  } catch (e) {
    throw badArguments(e);
  }
  const { values, positionals } = parsed;
  const format = values.format ?? 'md';
  if (format !== 'md' && format !== 'html') throw new UsageError(`unknown report format "${format}": use md or html`);
  const { project } = loadProject(positionals, io, values.config);
  const ctx = renderContext((file, offset) => {
    const li = project.lines(file);
    return li ? li.lineOf(offset) + 1 : undefined;
  }, io.cwd);
  const model = project.model();
  io.stdout(format === 'md' ? budgetMarkdown(model, ctx) : budgetHtml(model, ctx, randomBytes(16).toString('base64')).html);
  return 0;
}
