/**
 * A set of files and the findings memlint has for them. Files are read once per text;
 * each lint builds the model from the cached facts and runs every enabled rule.
 */
import { FileKind, fileKindOf } from './files';
import { Model } from './model/model';
import { SqlScript, readSqlScript } from './model/sqlScript';
import { RULES, RULES_BY_CODE } from './rules/registry';
import type { Rule } from './rules/rule';
import { applySuppressions } from './suppress';
import type { LineIndex } from './text/lineIndex';
import type { FileId, Finding, Report, SeverityOrOff } from './types';

export interface LintOptions {
  /** Severity per rule code; 'off' disables a rule. Unlisted rules keep their default. */
  rules?: Record<string, SeverityOrOff>;
}

interface FileEntry {
  text: string;
  kind: FileKind;
  script?: SqlScript;
}

export class Project {
  private readonly files = new Map<FileId, FileEntry>();

  /**
   * Adds or replaces a file. Returns false (and forgets the file) when memlint does not
   * read files of this kind.
   */
  setFile(file: FileId, text: string, languageId?: string): boolean {
    const kind = fileKindOf(file, languageId);
    if (!kind) {
      this.files.delete(file);
      return false;
    }
    const old = this.files.get(file);
    if (old && old.text === text && old.kind === kind) return true;
    this.files.set(file, { text, kind });
    return true;
  }

  removeFile(file: FileId): void {
    this.files.delete(file);
  }

  has(file: FileId): boolean {
    return this.files.has(file);
  }

  text(file: FileId): string | undefined {
    return this.files.get(file)?.text;
  }

  fileIds(): FileId[] {
    return [...this.files.keys()];
  }

  /** Line index of a file (for converting offsets). */
  lines(file: FileId): LineIndex | undefined {
    const e = this.files.get(file);
    return e ? this.entryScript(file, e).lines : undefined;
  }

  /** A copy that shares the already-read files. */
  clone(): Project {
    const p = new Project();
    for (const [k, v] of this.files) p.files.set(k, v);
    return p;
  }

  private entryScript(file: FileId, e: FileEntry): SqlScript {
    if (!e.script) e.script = readSqlScript(file, e.text);
    return e.script;
  }

  /** Builds the model from all files. */
  model(): Model {
    const scripts: SqlScript[] = [];
    for (const [file, e] of this.files) if (e.kind === 'sql') scripts.push(this.entryScript(file, e));
    return new Model(scripts);
  }

  /** Runs every enabled rule; returns findings sorted by file, position and code. */
  lint(options: LintOptions = {}): Finding[] {
    const model = this.model();
    const raw: Finding[] = [];
    for (const rule of RULES) {
      const configured = options.rules?.[rule.code];
      if (configured === 'off') continue;
      runRule(rule, model, (r) => raw.push(toFinding(rule, r, configured)));
    }
    // suppressions, per file
    const byFile = new Map<FileId, Finding[]>();
    for (const f of raw) {
      const list = byFile.get(f.file) ?? [];
      list.push(f);
      byFile.set(f.file, list);
    }
    const out: Finding[] = [];
    for (const [file, list] of byFile) {
      const e = this.files.get(file);
      if (!e) {
        out.push(...list);
        continue;
      }
      const script = this.entryScript(file, e);
      out.push(...applySuppressions(list, script.suppressions, script.lines));
    }
    return out.sort(compareFindings);
  }
}

function runRule(rule: Rule, model: Model, report: (r: Report) => void): void {
  rule.check({ model, report });
}

function toFinding(rule: Rule, r: Report, configured: SeverityOrOff | undefined): Finding {
  return {
    code: rule.code,
    name: rule.name,
    severity: configured && configured !== 'off' ? configured : r.severity ?? rule.meta.severity,
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
