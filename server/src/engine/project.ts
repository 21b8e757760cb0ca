/**
 * A set of files and the findings memlint has for them. Files are read once per text;
 * each lint builds the model from the cached facts and runs every enabled rule.
 */
import { ConfigFile, readConfig, readVmSpec } from './config/config';
import type { SuppressionDirective } from './directives';
import { FileKind, fileKindOf, lineComment } from './files';
import { CONFIG_GLOB, globMatcher } from './glob';
import type { VmFile } from './hyperv/facts';
import { readPowerShell } from './hyperv/powershell';
import { readHyperVXml } from './hyperv/xml';
import { Instance, Model } from './model/model';
import { atLeast } from './config/policy';
import { SqlScript, readSqlScript, rereadSqlScript } from './model/sqlScript';
import { RULES, RULES_BY_CODE } from './rules/registry';
import type { FileSuppressions, Rule, RuleUnit } from './rules/rule';
import { SuppressionUse, applySuppressions, disableNextLineEdit } from './suppress';
import { LineIndex } from './text/lineIndex';
import type { FileId, Finding, Report, Severity, SeverityOrOff, UnreadFile } from './types';

export interface LintOptions {
  /**
   * Severity per rule code, above memlint.yaml (editor settings, CLI --rule); 'off'
   * disables a rule. Unlisted rules keep memlint.yaml's severity, else their default.
   */
  rules?: Record<string, SeverityOrOff>;
  /**
   * Severity per rule and file, between `rules` and memlint.yaml: the editor's
   * `memlint.rules.customizations`, which can differ per workspace folder. Undefined =
   * not customized for this file.
   */
  severityFor?: (code: string, file: FileId) => SeverityOrOff | undefined;
}

/** The default of `Project.maxFileSizeBytes` (the `memlint.maxFileSize` setting). */
export const DEFAULT_MAX_FILE_SIZE_BYTES = 5 * 1024 * 1024;


/** What one file was read into. */
type Read = { kind: 'sql'; script: SqlScript } | { kind: 'vm'; vmFile: VmFile } | { kind: 'config' | 'policy'; config: ConfigFile } | { kind: 'none' };

interface FileEntry {
  text: string;
  kind: FileKind;
  read?: Read;
  lines?: LineIndex;
  /** For a memlint.yaml: the directory it governs, when not its own. */
  governs?: string;
  /** Set when the file is not read (too large): why. */
  unread?: string;
  /** A SQL script's read of its previous text, for a re-read that takes over the batches an edit left alone. */
  previous?: SqlScript;
}

/** UTF-8 size of a text, counted without allocating. */
function utf8Bytes(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // 1 unit: 1, 2 or 3 bytes; a surrogate pair: 2 units, 4 bytes (so +1 per unit)
    if (c >= 0x800 && (c < 0xd800 || c > 0xdfff)) n += 2;
    else if (c >= 0x80) n += 1;
  }
  return n;
}

/** "6.2 MB", "700 KB", "512 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

export class Project {
  private readonly files = new Map<FileId, FileEntry>();
  /**
   * Texts larger than this (UTF-8 bytes) are not read: one CFG906 finding says so. Hosts
   * check the size on disk before reading; this catches texts that come from an editor.
   */
  maxFileSizeBytes = DEFAULT_MAX_FILE_SIZE_BYTES;
  /** Grows with every change to the files, so a host can tell a lint run went stale. */
  get revision(): number {
    return this.rev;
  }
  private rev = 0;

  /**
   * Adds or replaces a file. Returns false (and forgets the file) when memlint does not
   * read files of this kind.
   */
  setFile(file: FileId, text: string, languageId?: string): boolean {
    const kind = fileKindOf(file, languageId);
    if (!kind) {
      if (this.files.delete(file)) this.rev++;
      return false;
    }
    this.put(file, text, kind);
    return true;
  }

  /**
   * Replaces the text of a file the project has, keeping its kind: a fix's edit. The kind
   * may have come from a language id (an untitled editor, a script named on the command
   * line whatever its extension), which setFile would need again.
   */
  replaceText(file: FileId, text: string): void {
    const kind = this.files.get(file)?.kind;
    if (!kind) throw new Error(`replaceText: ${file} is not in the project`);
    this.put(file, text, kind);
  }

  private put(file: FileId, text: string, kind: FileKind): void {
    // a UTF-8 byte is at most one UTF-16 unit and at least a third of one
    const bytes = text.length * 3 > this.maxFileSizeBytes ? utf8Bytes(text) : 0;
    if (bytes > this.maxFileSizeBytes) return this.putUnread(file, kind, `it is ${formatBytes(bytes)}, above memlint.maxFileSize (${formatBytes(this.maxFileSizeBytes)})`);
    const old = this.files.get(file);
    if (old && old.text === text && old.kind === kind && !old.unread) return;
    const previous = kind === 'sql' && old?.kind === 'sql' && !old.unread ? (old.read?.kind === 'sql' ? old.read.script : old.previous) : undefined;
    this.files.set(file, { text, kind, previous });
    this.rev++;
  }

  /** Records a file memlint will not read (too large): it takes no part in any check, and CFG906 says why. */
  setUnreadFile(file: FileId, reason: string, languageId?: string): void {
    const kind = fileKindOf(file, languageId);
    if (kind) this.putUnread(file, kind, reason);
    else this.rev++;
  }

  private putUnread(file: FileId, kind: FileKind, reason: string): void {
    this.files.set(file, { text: '', kind, unread: reason });
    this.rev++;
  }

  /** Adds a file as a team policy whatever its name (the file a memlint.yaml `extends:`). */
  setPolicyFile(file: FileId, text: string): void {
    const old = this.files.get(file);
    if (old && old.text === text && old.kind === 'policy') return;
    this.files.set(file, { text, kind: 'policy' });
    this.rev++;
  }

  /**
   * The policy every file starts from, below any memlint.yaml (a team build's bundled
   * policy, or `memlint --policy`). It is not one of the project's files: its own problems
   * are in `defaultPolicy()?.errors` for the host to show.
   */
  setDefaultPolicy(file: FileId, text: string): void {
    this.defaultPolicyEntry = { file, text, config: readConfig(file, text, undefined, 'policy') };
    this.rev++;
  }

  clearDefaultPolicy(): void {
    if (this.defaultPolicyEntry) this.rev++;
    this.defaultPolicyEntry = undefined;
  }

  defaultPolicy(): ConfigFile | undefined {
    return this.defaultPolicyEntry?.config;
  }

  private defaultPolicyEntry?: { file: FileId; text: string; config: ConfigFile; lines?: LineIndex };

  /** Adds a memlint.yaml that governs `governs` instead of its own directory. */
  setConfigFile(file: FileId, text: string, governs: string): void {
    this.files.set(file, { text, kind: 'config', governs });
    this.rev++;
  }

  removeFile(file: FileId): void {
    if (this.files.delete(file)) this.rev++;
  }

  has(file: FileId): boolean {
    return this.files.has(file);
  }

  text(file: FileId): string | undefined {
    return this.files.get(file)?.text;
  }

  kind(file: FileId): FileKind | undefined {
    return this.files.get(file)?.kind;
  }

  fileIds(): FileId[] {
    return [...this.files.keys()];
  }

  /** Line index of a file (for converting offsets). */
  lines(file: FileId): LineIndex | undefined {
    const e = this.files.get(file);
    if (!e) {
      // the default policy is not a project file, but findings can point into it
      const p = this.defaultPolicyEntry;
      return p && p.file === file ? (p.lines ??= new LineIndex(p.text)) : undefined;
    }
    // share the reader's own index when there is one (both are built lazily)
    if (e.read?.kind === 'sql') return e.read.script.lines;
    if (e.read?.kind === 'vm') return e.read.vmFile.lines;
    return (e.lines ??= new LineIndex(e.text));
  }

  /** A copy that shares the already-read files. */
  clone(): Project {
    const p = new Project();
    for (const [k, v] of this.files) p.files.set(k, v);
    p.defaultPolicyEntry = this.defaultPolicyEntry;
    p.maxFileSizeBytes = this.maxFileSizeBytes;
    p.memo = this.memo;
    return p;
  }

  private read(file: FileId, e: FileEntry): Read {
    if (!e.read) {
      if (e.unread !== undefined) return (e.read = { kind: 'none' });
      switch (e.kind) {
        case 'sql':
          e.read = { kind: 'sql', script: e.previous ? rereadSqlScript(e.previous, file, e.text) : readSqlScript(file, e.text) };
          e.previous = undefined;
          break;
        case 'config':
          e.read = { kind: 'config', config: readConfig(file, e.text, e.governs) };
          break;
        case 'policy':
          e.read = { kind: 'policy', config: readConfig(file, e.text, undefined, 'policy') };
          break;
        case 'vm-yaml':
          e.read = { kind: 'vm', vmFile: readVmSpec(file, e.text) };
          break;
        case 'powershell':
        case 'psd1':
          e.read = { kind: 'vm', vmFile: readPowerShell(file, e.text, e.kind) };
          break;
        case 'xml': {
          const vmFile = readHyperVXml(file, e.text);
          e.read = vmFile ? { kind: 'vm', vmFile } : { kind: 'none' };
          break;
        }
      }
    }
    return e.read;
  }

  /** The memlint.yaml files, read. */
  configs(): ConfigFile[] {
    return this.configsOfKind('config');
  }

  /** The policy files of the project (memlint-policy.yaml and the files memlint.yaml extends), read. */
  policies(): ConfigFile[] {
    return this.configsOfKind('policy');
  }

  private configsOfKind(kind: 'config' | 'policy'): ConfigFile[] {
    const out: ConfigFile[] = [];
    for (const [file, e] of this.files) if (e.kind === kind && e.unread === undefined) out.push((this.read(file, e) as { config: ConfigFile }).config);
    return out;
  }

  /** Builds the model from all files (files a memlint.yaml ignores are left out). */
  model(): Model {
    const configs = this.configs();
    const probe = new Model([], [], configs);
    const ignoreMatchers = new Map<ConfigFile, (p: string) => boolean>();
    const ignored = (file: FileId): boolean => {
      const c = probe.configOf(file);
      if (!c || !c.ignore.length) return false;
      let m = ignoreMatchers.get(c);
      if (!m) ignoreMatchers.set(c, (m = globMatcher(c.ignore.map((g) => g.value), CONFIG_GLOB)));
      return m(probe.relativeTo(c, file));
    };
    const scripts: SqlScript[] = [];
    const vmFiles: VmFile[] = configs.map((c) => c.vmFile);
    const unread: UnreadFile[] = [];
    for (const [file, e] of this.files) {
      if (ignored(file)) continue;
      if (e.unread !== undefined) {
        unread.push({ file, reason: e.unread });
        continue;
      }
      if (e.kind === 'config' || e.kind === 'policy') continue;
      const r = this.read(file, e);
      if (r.kind === 'sql') scripts.push(r.script);
      else if (r.kind === 'vm') vmFiles.push(r.vmFile);
    }
    const model = new Model(scripts, vmFiles, configs, unread, { files: this.policies(), default: this.defaultPolicy() }, this.memo.model);
    this.memo.model = model;
    return model;
  }

  /** What the last lint computed that the next one can reuse; clones share it (it is keyed by what was read). */
  private memo = new UnitMemo();

  /**
   * The edit behind "Disable CODE for this line" for a finding of `file` that starts at
   * `offset`, or undefined when no memlint-disable-next-line comment can suppress it. The
   * file is read again with the edit (a SQL script from the batch it touches), and the
   * comment must suppress the finding there: a line that starts inside a string or a comment
   * (a multi-line literal of dynamic SQL, a block comment, a here-string) gets none, since a
   * comment put there would change the text, even a string's value, and suppress nothing.
   */
  disableLineEdit(file: FileId, offset: number, code: string): { start: number; end: number; newText: string } | undefined {
    const e = this.files.get(file);
    // a rule that runs after the suppressions (CFG904, about the comments themselves) has none
    if (!e || e.unread !== undefined || RULES_BY_CODE.get(code)?.meta.phase === 'after-suppressions') return undefined;
    const edit = disableNextLineEdit(e.text, this.lines(file)!, offset, code, (body) => lineComment(e.kind, body));
    if (!edit.newText) return undefined;
    // nothing may come before an XML declaration (memlint's reader would not mind; others would)
    if (e.kind === 'xml' && /^[\s\ufeff]*$/.test(e.text.slice(0, edit.start)) && /^[\s\ufeff]*<\?xml/.test(e.text.slice(edit.end, edit.end + 64))) return undefined;
    const text = e.text.slice(0, edit.start) + edit.newText + e.text.slice(edit.end);
    const read = this.read(file, e);
    const edited: FileEntry = { text, kind: e.kind, governs: e.governs, previous: read.kind === 'sql' ? read.script : undefined };
    const at = offset < edit.start ? offset : offset + edit.newText.length - (edit.end - edit.start);
    const probe = { code, range: { start: at, end: at } } as Finding;
    return applySuppressions([probe], this.suppressionsOf(file, edited), new LineIndex(text)).length ? undefined : edit;
  }

  /** Suppression comments of a file, whatever its syntax. */
  private suppressionsOf(file: FileId, e: FileEntry): SuppressionDirective[] {
    const r = this.read(file, e);
    if (r.kind === 'sql') return r.script.suppressions;
    if (r.kind === 'vm') return r.vmFile.suppressions;
    if (r.kind === 'config' || r.kind === 'policy') return r.config.vmFile.suppressions;
    return [];
  }

  /** Runs every enabled rule; returns findings sorted by file, position and code. */
  lint(options: LintOptions = {}): Finding[] {
    const steps = this.lintSteps(options);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * The same lint as small steps: the generator yields after reading each file and after
   * each rule, so a host can answer requests in between and abandon a run that a newer
   * edit made stale (the language server does both). It returns the findings.
   */
  *lintSteps(options: LintOptions = {}): Generator<void, Finding[], void> {
    // read every file first (the expensive part on a cold workspace), one step each
    for (const [file, e] of this.files) {
      if (!e.read) {
        this.read(file, e);
        yield;
      }
    }
    const model = this.model();
    yield;
    // CLI --rule, then editor settings, win over memlint.yaml, which wins over its
    // policies, which win over the default; a policy's minimum holds against all of them
    // looked up once per file and rule (the editor's severityFor is not cheap), not per report
    const byFile = new Map<FileId, { settings: ReturnType<Model['ruleSettingsOf']>; configured: Map<string, SeverityOrOff | undefined> }>();
    const severityOf = (rule: Rule, r: Report): SeverityOrOff => {
      let f = byFile.get(r.file);
      if (!f) byFile.set(r.file, (f = { settings: model.ruleSettingsOf(r.file), configured: new Map() }));
      let configured = f.configured.get(rule.code);
      if (configured === undefined && !f.configured.has(rule.code)) {
        configured = options.rules?.[rule.code] ?? options.severityFor?.(rule.code, r.file) ?? f.settings.rules.get(rule.code)?.severity;
        f.configured.set(rule.code, configured);
      }
      return atLeast(configured ?? r.severity ?? rule.meta.severity, f.settings.minimums.get(rule.code)?.value);
    };
    const found: Finding[] = [];
    // one finding per problem: dynamic SQL held in a variable and run by several EXECs reads as
    // one statement per EXEC, all at the same place in the file, and would be reported once per run
    const seen = new SeenReports();
    const report = (rule: Rule, r: Report): void => {
      if (!seen.firstTime(rule.code, r)) return;
      const severity = severityOf(rule, r);
      if (severity !== 'off') found.push(toFinding(rule, r, severity));
    };
    const disabled = (rule: Rule): boolean => options.rules?.[rule.code] === 'off' && !model.isPinned(rule.code);
    const run = (rule: Rule, suppressions?: FileSuppressions[]): void => {
      if (!disabled(rule)) rule.check({ model, suppressions, report: (r) => report(rule, r) });
    };
    const views = new Map<object, ItemView>();
    for (const rule of RULES) {
      if (rule.meta.phase === 'after-suppressions') continue;
      const unit = rule.meta.unit;
      if (!unit) run(rule);
      else {
        if (disabled(rule)) continue;
        // a rule that looks at one instance, script or VM file at a time: run it only on
        // the items that are new since the last lint, and replay the others' reports
        const items: readonly (Instance | SqlScript | VmFile)[] = unit === 'instance' ? model.instances : unit === 'script' ? model.scripts : model.vmFiles;
        for (const item of items) {
          let byRule = this.memo.reports.get(item);
          if (!byRule) this.memo.reports.set(item, (byRule = new Map()));
          let reports = byRule.get(rule.code);
          if (!reports) {
            let view = views.get(item);
            if (!view) views.set(item, (view = itemView(model, unit, item)));
            byRule.set(rule.code, (reports = unitReports(rule, view)));
          }
          // reports in the item's own files can't repeat another item's: no need to look
          const { own, ownFindings } = reports;
          for (let i = 0; i < own.length; i++) {
            const severity = severityOf(rule, own[i]);
            if (severity === 'off') continue;
            // a report kept from an earlier lint keeps its finding too, unless its severity changed
            let f = ownFindings[i];
            if (!f || f.severity !== severity) ownFindings[i] = f = toFinding(rule, own[i], severity);
            found.push(f);
          }
          for (const r of reports.shared) report(rule, r);
        }
      }
      yield;
    }
    const findingsByFile = new Map<FileId, Finding[]>();
    const gather = (findings: Finding[]): void => {
      for (const f of findings) {
        const list = findingsByFile.get(f.file);
        if (list) list.push(f);
        else findingsByFile.set(f.file, [f]);
      }
      findings.length = 0;
    };
    gather(found);
    const suppressions: FileSuppressions[] = [];
    for (const [file, e] of this.files) {
      const directives = this.suppressionsOf(file, e);
      const list = findingsByFile.get(file);
      if (!directives.length) continue;
      const used: SuppressionUse = new Map();
      const kept = applySuppressions(list ?? [], directives, this.lines(file)!, used);
      if (list) findingsByFile.set(file, kept);
      suppressions.push({ file, text: e.text, lines: this.lines(file)!, directives, used });
    }
    for (const rule of RULES) {
      if (rule.meta.phase !== 'after-suppressions') continue;
      run(rule, suppressions);
      yield;
    }
    gather(found);
    // sorted file by file (what compareFindings does first); a file whose findings are the
    // same objects in the same order as last time has the same sorted list
    const sorted = new Map<FileId, { input: Finding[]; output: Finding[] }>();
    const out: Finding[] = [];
    for (const file of [...findingsByFile.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const input = findingsByFile.get(file)!;
      let s = this.memo.sorted.get(file);
      if (!s || s.input.length !== input.length || s.input.some((f, i) => f !== input[i])) s = { input, output: [...input].sort(compareFindings) };
      sorted.set(file, s);
      for (const f of s.output) out.push(f);
    }
    this.memo.sorted = sorted;
    return out;
  }
}

function toFinding(rule: Rule, r: Report, severity: Severity): Finding {
  return {
    code: rule.code,
    name: rule.name,
    severity,
    message: r.message,
    file: r.file,
    range: r.range,
    fixes: r.fixes ?? [],
    related: r.related ?? [],
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.range.start - b.range.start || a.range.end - b.range.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

export function isKnownRule(code: string): boolean {
  return RULES_BY_CODE.has(code);
}

/**
 * Reports of the rules that look at one item at a time (`RuleMeta.unit`), per item and rule
 * code. Items are the read objects themselves (a script, a VM file) or instances, which a
 * model takes over from the last one when built from the same inputs, so an entry lives as
 * long as its item is unchanged and goes with it.
 */
class UnitMemo {
  reports = new WeakMap<object, Map<string, UnitReports>>();
  /** Each file's findings as the last lint gathered them, and sorted. */
  sorted = new Map<FileId, { input: Finding[]; output: Finding[] }>();
  /** The last model built, for the next one to take over what it can. */
  model?: Model;
}

/** A unit rule's reports on one item: in the item's own files, and elsewhere (memlint.yaml, a VM file). */
interface UnitReports {
  own: Report[];
  /** The finding made of each `own` report by the last lint (findings are never changed once made, so lints can share them). */
  ownFindings: (Finding | undefined)[];
  shared: Report[];
}

/** Runs a unit rule on one item (the model narrowed to it), without repeating a report; reports in the item's own files are kept apart. */
function unitReports(rule: Rule, { model, ownFiles }: ItemView): UnitReports {
  const out: UnitReports = { own: [], ownFindings: [], shared: [] };
  const seen = new SeenReports();
  rule.check({
    model,
    report: (r) => {
      if (!seen.firstTime(rule.code, r)) return;
      (ownFiles.has(r.file) ? out.own : out.shared).push(r);
    },
  });
  return out;
}

/**
 * The reports seen so far, to drop a repeat: the same rule, place and message. Kept by file
 * and range start, which is far cheaper than a key string holding the message (a lint of a
 * 20,000-line script makes thousands of reports, on every edit).
 */
class SeenReports {
  private readonly byFile = new Map<FileId, Map<number, { code: string; r: Report }[]>>();

  /** True the first time a report like `r` of rule `code` is seen. */
  firstTime(code: string, r: Report): boolean {
    let inFile = this.byFile.get(r.file);
    if (!inFile) this.byFile.set(r.file, (inFile = new Map()));
    const at = inFile.get(r.range.start);
    if (!at) inFile.set(r.range.start, [{ code, r }]);
    else if (at.some((s) => s.code === code && s.r.range.end === r.range.end && s.r.message === r.message)) return false;
    else at.push({ code, r });
    return true;
  }
}

/** One item as the unit rules see it: the model narrowed to it, and the files it owns. */
interface ItemView {
  /** The model with only the item in the collection a rule of its unit walks. */
  model: Model;
  /** Its own files: an instance's scripts, or the script or VM file itself. */
  ownFiles: Set<FileId>;
}

function itemView(model: Model, unit: RuleUnit, item: Instance | SqlScript | VmFile): ItemView {
  const key = unit === 'instance' ? 'instances' : unit === 'script' ? 'scripts' : 'vmFiles';
  // A copy of the model's fields, not Object.create(model): V8 gives an object used as a
  // prototype a hidden class of its own, so every lint's model and its views had a new one,
  // and the rules' loads from ctx.model grew megamorphic and deoptimized after each edit.
  // Copies of models all have one shape, and share the model's maps and lists.
  const narrowed = Object.assign(Object.create(Model.prototype) as Model, model, { [key]: [item] });
  return {
    model: narrowed,
    ownFiles: new Set(unit === 'instance' ? (item as Instance).scripts.map((s) => s.file) : [(item as SqlScript | VmFile).file]),
  };
}
