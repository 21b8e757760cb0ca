/**
 * The memlint command line: `memlint [paths...] [options]` and `memlint report`. Exit
 * codes, the same for every format: 0 when nothing is at error severity and warnings stay
 * within --max-warnings; 1 otherwise; 2 for a usage error, a path that does not exist, a
 * configuration error (an unreadable --config, or a memlint.yaml governing the paths that
 * has CFG901 errors and is not itself being linted) or an internal error.
 */
import * as path from 'path';
import { parseArgs } from 'util';
import { DEFAULT_MAX_FILE_SIZE_BYTES, DecodedText, FixResult, Finding, Project, RULES_BY_CODE, Range, SEVERITIES, SeverityOrOff, autoFix, decodeText, effectiveConfig, encodeText, resolveExtends, roundTrips, runFixLoop, severityRank } from '../engine';
import { NOT_ROUND_TRIP, ReadResult, findConfigsUp, readTextFile, writeTextFile } from '../host/files';
import { budgetHtml, budgetMarkdown, renderContext } from '../report/render';
import { UsageError, collectContext, collectTargets } from './files';
import { FormatContext, locate, summarize } from './format/common';
import { formatGithub } from './format/github';
import { formatJson } from './format/json';
import { formatJunit } from './format/junit';
import { formatSarif } from './format/sarif';
import { formatStylish } from './format/stylish';
import { VERSION } from './version';

export interface CliIO {
  cwd: string;
  /** Standard output; bytes only for the fixed text of --stdin --fix, in stdin's own encoding. */
  stdout: (s: string | Uint8Array) => void;
  stderr: (s: string) => void;
  /** The bytes of standard input, for --stdin. */
  readStdin?: () => Uint8Array;
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
      --policy <file>       a team policy (memlint-policy.yaml) under every memlint.yaml:
                            rule severities and minimums, sizing, host capacities
      --print-config <file> print the configuration that applies to this file and
                            where each value comes from, then exit (with -f json: JSON)
  -q, --quiet               report errors only (warnings then never fail the run)
      --max-warnings <n>    exit with 1 when there are more than n warnings
      --max-file-size <n>   do not read files larger than n bytes (default 5242880,
                            5 MB); each is reported once (CFG906, info)
      --stdin               lint standard input; with --fix, print the fixed text
                            (in stdin's encoding) and report what is left on stderr
      --stdin-filename <f>  the name (and so the kind and memlint.yaml) of stdin's text
                            (default stdin.sql)
  -h, --help                show this help
  -v, --version             print the version

memlint report prints the memory budget of every instance placed on a VM: VM memory,
OS reserve, SQL target, pool and In-Memory OLTP share against what the data needs,
with each step's formula and the file it comes from.

Exit codes (every format): 0 no errors (and warnings within --max-warnings), 1 errors
or too many warnings, 2 usage error, a path that does not exist, an unreadable --config,
a memlint.yaml with errors (CFG901) that governs the paths, a fixed file --fix could not
write (it is left unchanged), or an internal error.
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
  const message = e instanceof Error ? e.message : String(e);
  // "--max-warnings -1": parseArgs won't take a value that starts with a dash, and its first
  // line ("argument is ambiguous") does not say why; its last line says what to write
  const ambiguous = /^Option '([^']+)' argument is ambiguous/.exec(message);
  if (ambiguous) return new UsageError(`${ambiguous[1]} takes a value, and a value after a space can't start with "-": write ${ambiguous[1]}=VALUE (see memlint --help)`);
  return new UsageError(`${message.split('\n')[0]} (see memlint --help)`);
}

const LINT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  'max-warnings': { type: 'string' },
  'max-file-size': { type: 'string' },
  fix: { type: 'boolean' },
  'unsafe-fixes': { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  config: { type: 'string' },
  policy: { type: 'string' },
  'print-config': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  stdin: { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const REPORT_OPTIONS = { format: { type: 'string', short: 'f' }, config: { type: 'string' }, policy: { type: 'string' } } as const;

interface Loaded {
  project: Project;
  targets: string[];
  /** What was read for each target (to write fixes back in the same encoding). */
  reads: Map<string, Extract<ReadResult, { ok: true }>>;
  /** The --config file, when one was given. */
  config?: string;
  /** Policy files that govern the targets (--policy and what their memlint.yaml extends). */
  policies: string[];
  /** findConfigsUp's answers per folder, for this run. */
  configsUp: Map<string, string[]>;
}

/** Standard input for --stdin: its bytes, its text, and the name it is linted under. */
interface StdinInput {
  name: string;
  text: string;
  bytes: Uint8Array;
  decoded: DecodedText;
}

function readStdinInput(io: CliIO, name: string | undefined): StdinInput {
  const bytes = io.readStdin ? io.readStdin() : new Uint8Array(0);
  const decoded = decodeText(bytes);
  if (decoded.binary) throw new UsageError('standard input is binary (NUL bytes)');
  if (name !== undefined && !name.trim()) throw new UsageError('--stdin-filename needs a file name');
  return { name: name ?? 'stdin.sql', text: decoded.text, bytes, decoded };
}

/** Reads the targets, the memlint.yaml above them (or --config) and the files it governs. */
function loadProject(positionals: string[], io: CliIO, configPath: string | undefined, stdin?: StdinInput, maxFileSizeBytes = DEFAULT_MAX_FILE_SIZE_BYTES, policyPath?: string): Loaded {
  const project = new Project();
  project.maxFileSizeBytes = maxFileSizeBytes;
  const policies: string[] = [];
  if (policyPath !== undefined) {
    const file = path.resolve(io.cwd, policyPath);
    const p = readTextFile(file, maxFileSizeBytes, { special: true });
    if (!p.ok) throw new UsageError(`can't read --policy ${policyPath}: ${p.reason}`);
    project.setDefaultPolicy(file, p.decoded.text);
    policies.push(file);
  }
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
    const c = readTextFile(config, undefined, { special: true });
    if (!c.ok) throw new UsageError(`can't read --config ${configPath}: ${c.reason}`);
    // the explicit file governs the current directory, wherever it lives
    project.setConfigFile(config, c.decoded.text, io.cwd);
  }
  const configsUp = new Map<string, string[]>();
  const context = collectContext(targets, config ? { config, governs: io.cwd } : undefined, configsUp);
  for (const file of [...new Set([...targets, ...context])]) {
    if (file === config || (stdin && targetSet.has(file))) continue;
    // with --config, other memlint.yaml files don't count
    if (config && path.basename(file).toLowerCase() === 'memlint.yaml' && !targetSet.has(file)) continue;
    // a path named on the command line may be a pipe (`memlint <(generate)`); others are found by walks
    const f = readTextFile(file, maxFileSizeBytes, { special: targetSet.has(file) });
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
  // the policies memlint.yaml files extend: local files, read like the others (a missing
  // one is CFG902 on the extends: value)
  for (const c of project.configs()) {
    if (!c.extends) continue;
    const file = resolveExtends(c.file, c.extends.value);
    policies.push(file);
    if (project.has(file)) continue;
    const f = readTextFile(file, maxFileSizeBytes);
    if (f.ok) project.setPolicyFile(file, f.decoded.text);
  }
  return { project, targets, reads, config, policies, configsUp };
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
  const stdin = values.stdin ? readStdinInput(io, values['stdin-filename']) : undefined;
  if (values['print-config'] !== undefined) return printConfig(values['print-config'], io, values.config, values.policy, rules, format, maxFileSizeBytes);

  const { project, targets, reads, config, policies, configsUp } = loadProject(positionals, io, values.config, stdin, maxFileSizeBytes, values.policy);
  if (reportPolicyErrors(project, io)) return 2;
  warnPinnedRuleOptions(project, targets, rules, io);
  const targetSet = new Set(targets);
  const lintOptions = { rules };
  const unsafe = values['unsafe-fixes'] ?? false;
  const ctx: FormatContext = { cwd: io.cwd, lines: (file) => project.lines(file) };

  let findings: Finding[];
  let fixed: FixResult | undefined;
  // fixes only edit the files asked for, and only files memlint can write back byte-exact
  const writable = new Set(stdin ? (roundTrips(stdin.bytes, stdin.decoded) ? targets : []) : targets.filter((t) => reads.has(t) && !reads.get(t)!.notWritable));
  if (values.fix) {
    fixed = runFixLoop(project, { ...lintOptions, unsafe, onlyFiles: writable, maxRounds: MAX_FIX_ROUNDS });
    findings = fixed.remaining;
  } else {
    findings = project.lint(lintOptions);
  }

  // a memlint.yaml that governs the paths but is not itself linted can't be reported as a
  // finding; linting on with a half-read configuration would mislead, so stop (exit 2)
  const governing = new Set([...(config ? [config] : targets.flatMap((t) => findConfigsUp(t, undefined, configsUp))), ...policies]);
  if (reportConfigErrors(findings.filter((f) => !targetSet.has(f.file)), governing, ctx, io)) return 2;

  if (fixed) {
    if (stdin) {
      // the fixed text goes to stdout, in stdin's own encoding (unchanged bytes when nothing was fixed)
      const text = fixed.changed.get(targets[0]);
      io.stdout(text === undefined ? stdin.bytes : encodeText(text, stdin.decoded.encoding));
    } else {
      let unwritten = 0;
      for (const [file, text] of fixed.changed) {
        try {
          writeTextFile(reads.get(file)!, text);
        } catch (e) {
          // the file is as it was (see replaceFile); the others are still written
          io.stderr(`memlint: could not write ${path.relative(io.cwd, file) || file}, left unchanged: ${e instanceof Error ? e.message : String(e)}\n`);
          unwritten++;
        }
      }
      // what is left to report would be about texts that are not on disk
      if (unwritten) {
        const all = fixed.changed.size;
        const summary = unwritten < all ? `${unwritten} of ${plural(all, 'fixed file')} could not be written; the others were` : all === 1 ? 'the fixed file could not be written' : `none of the ${all} fixed files could be written`;
        io.stderr(`memlint: ${summary}\n`);
        return 2;
      }
    }
    io.stderr(fixSummary(fixed, unsafe, writable));
    for (const t of targets) {
      if (writable.has(t) || !findings.some((f) => f.file === t && autoFix(f, unsafe))) continue;
      const name = stdin ? 'standard input' : path.relative(io.cwd, t) || t;
      const why = (stdin ? undefined : reads.get(t)?.notWritable) ?? NOT_ROUND_TRIP;
      io.stderr(`memlint: not fixing ${name}: ${why}\n`);
    }
  }

  findings = findings.filter((f) => targetSet.has(f.file));
  if (values.quiet) findings = findings.filter((f) => f.severity === 'error');
  const s = summarize(findings);
  const exitCode = s.errors > 0 || (!values.quiet && maxWarnings >= 0 && s.warnings > maxWarnings) ? 1 : 0;

  let report: string;
  switch (format) {
    case 'json':
      report = formatJson(findings, ctx);
      break;
    case 'sarif':
      report = formatSarif(findings, ctx, { exitCode });
      break;
    case 'junit':
      report = formatJunit(findings, ctx, targets.filter((t) => project.has(t)));
      break;
    case 'github':
      report = formatGithub(findings, ctx);
      break;
    default:
      report = formatStylish(findings, ctx, { color: io.color ?? false });
  }
  // with --stdin --fix, stdout holds the fixed text, so what is left is reported on stderr
  if (stdin && fixed) io.stderr(report);
  else io.stdout(report);
  return exitCode;
}

/** --rule can't lower a rule a policy pins: say so once per code, on stderr. */
function warnPinnedRuleOptions(project: Project, targets: string[], rules: Record<string, SeverityOrOff>, io: CliIO): void {
  const codes = Object.keys(rules);
  if (!codes.length) return;
  const model = project.model();
  for (const code of codes) {
    for (const t of targets) {
      const pin = model.ruleSettingsOf(t).minimums.get(code);
      if (!pin || severityRank(rules[code]) >= severityRank(pin.value)) continue;
      const where = pin.file ? path.relative(io.cwd, pin.file) || pin.file : 'the policy';
      io.stderr(`memlint: --rule ${code}=${rules[code]} is below the team policy's minimum for ${code} (${pin.value}, ${where}): memlint reports ${code} as ${pin.value}\n`);
      break;
    }
  }
}

/** The --policy file's errors on stderr; true when there were any (a configuration error, exit 2). */
function reportPolicyErrors(project: Project, io: CliIO): boolean {
  const policy = project.defaultPolicy();
  if (!policy?.errors.length) return false;
  for (const e of policy.errors) {
    const at = locate({ cwd: io.cwd, lines: (f) => project.lines(f) }, policy.file, e.range);
    io.stderr(`memlint: policy error: ${at.file}:${at.line}:${at.column}: ${e.message}\n`);
  }
  return true;
}

/** CFG901 errors of the memlint.yaml and policies in `governing` on stderr; true when there were any. */
function reportConfigErrors(findings: Finding[], governing: Set<string>, ctx: FormatContext, io: CliIO): boolean {
  const errors = findings.filter((f) => f.code === 'CFG901' && f.severity === 'error' && governing.has(f.file));
  for (const f of errors) {
    const at = locate(ctx, f.file, f.range);
    io.stderr(`memlint: configuration error: ${at.file}:${at.line}:${at.column}: ${f.message} (CFG901)\n`);
  }
  return errors.length > 0;
}

/** `memlint --print-config FILE`: the configuration that applies to one file, with where each value comes from. */
function printConfig(target: string, io: CliIO, configPath: string | undefined, policyPath: string | undefined, rules: Record<string, SeverityOrOff>, format: Format, maxFileSizeBytes: number): number {
  const file = path.resolve(io.cwd, target);
  const { project, config, policies } = loadProject([target], io, configPath, undefined, maxFileSizeBytes, policyPath);
  // the configuration of a file whose memlint.yaml or policy has errors would be half-read: say what is wrong instead
  if (reportPolicyErrors(project, io)) return 2;
  const governing = new Set([...(config ? [config] : findConfigsUp(file)), ...policies]);
  if (reportConfigErrors(project.lint({ rules }), governing, { cwd: io.cwd, lines: (f) => project.lines(f) }, io)) return 2;
  const eff = effectiveConfig(project.model(), file, { rules });
  const rel = (f: string | undefined) => (f ? path.relative(io.cwd, f).split(path.sep).join('/') || f : undefined);
  const lineOf = (f: string | undefined, r: Range | undefined) => (f && r ? project.lines(f)?.positionAt(r.start).line : undefined);
  const at = (f: string | undefined, r: Range | undefined) => {
    const line = lineOf(f, r);
    return f ? `${rel(f)}${line !== undefined ? `:${line + 1}` : ''}` : undefined;
  };
  if (format === 'json') {
    const place = (x: { source: string; file?: string; range?: Range }) => ({ source: x.source, ...(x.file ? { file: rel(x.file), line: (lineOf(x.file, x.range) ?? -1) + 1 || undefined } : {}) });
    io.stdout(
      JSON.stringify(
        {
          version: 1,
          file: rel(eff.file),
          config: rel(eff.config),
          policies: eff.policies.map((p) => ({ file: rel(p.file), name: p.name, via: p.via })),
          rules: eff.rules.map((r) => ({
            code: r.code,
            name: r.name,
            severity: r.severity,
            ...place(r),
            ...(r.minimum ? { minimum: { severity: r.minimum.value, file: rel(r.minimum.file) } } : {}),
            ...(r.overruled ? { overruled: { severity: r.overruled.severity, source: r.overruled.source, file: rel(r.overruled.file) } } : {}),
          })),
          values: eff.values.map((v) => ({ key: v.key, value: v.value, ...place(v) })),
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  const SOURCE: Record<string, string> = { default: 'default', policy: 'policy', 'memlint.yaml': 'memlint.yaml', setting: 'editor setting', cli: '--rule' };
  const lines: string[] = [`memlint configuration for ${rel(eff.file)}`, ''];
  lines.push(`  memlint.yaml  ${eff.config ? rel(eff.config) : '(none)'}`);
  lines.push(`  policies      ${eff.policies.length ? eff.policies.map((p) => `${rel(p.file)}${p.name ? ` "${p.name}"` : ''} (${p.via === 'default' ? '--policy' : 'extends'})`).join(', ') : '(none)'}`);
  lines.push('');
  const width = Math.max(...eff.rules.map((r) => r.name.length));
  for (const r of eff.rules) {
    const from = [SOURCE[r.source], at(r.file, r.range)].filter(Boolean).join(' ');
    const notes = [
      r.minimum ? `minimum ${r.minimum.value}` : '',
      r.overruled ? `${SOURCE[r.overruled.source]} asked for ${r.overruled.severity}` : '',
    ].filter(Boolean);
    lines.push(`  ${r.code.padEnd(7)} ${r.name.padEnd(width)}  ${r.severity.padEnd(7)}  ${from}${notes.length ? ` (${notes.join('; ')})` : ''}`);
  }
  lines.push('');
  const keyWidth = Math.max(...eff.values.map((v) => v.key.length));
  for (const v of eff.values) lines.push(`  ${v.key.padEnd(keyWidth)}  ${v.value}  (${[SOURCE[v.source], at(v.file, v.range)].filter(Boolean).join(' ')})`);
  io.stdout(lines.join('\n') + '\n');
  return 0;
}

/** `memlint --fix` re-lints after each round of fixes until nothing changes, at most this often. */
export const MAX_FIX_ROUNDS = 10;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The line --fix writes on stderr: how many fixes went into how many files in how many
 * rounds, and whether it stopped at the round limit with fixes still to apply.
 */
export function fixSummary(result: FixResult, unsafe: boolean, writable: ReadonlySet<string>): string {
  if (!result.changed.size) return '';
  const left = result.remaining.some((f) => writable.has(f.file) && autoFix(f, unsafe)?.edits.every((e) => writable.has(e.file)));
  const stopped = result.rounds >= MAX_FIX_ROUNDS && left ? `; stopped after ${MAX_FIX_ROUNDS} rounds with fixes left to apply` : '';
  return `memlint: fixed ${plural(result.applied, 'problem')} in ${plural(result.changed.size, 'file')} (${plural(result.rounds, 'round')}${stopped})\n`;
}

/** A random nonce for the HTML report's inline style; node's crypto module is loaded only here, not at every start. */
function nonce(): string {
  const { randomBytes } = require('crypto') as typeof import('crypto');
  return randomBytes(16).toString('base64');
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
  const { project } = loadProject(positionals, io, values.config, undefined, DEFAULT_MAX_FILE_SIZE_BYTES, values.policy);
  const ctx = renderContext((file, offset) => {
    const li = project.lines(file);
    return li ? li.lineOf(offset) + 1 : undefined;
  }, io.cwd);
  const model = project.model();
  io.stdout(format === 'md' ? budgetMarkdown(model, ctx) : budgetHtml(model, ctx, nonce()).html);
  return 0;
}
