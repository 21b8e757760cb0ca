/** The one place that turns engine results (offsets, plain data) into LSP types. */
import { URI } from 'vscode-uri';
import {
  CodeDescription,
  Diagnostic,
  DiagnosticRelatedInformation,
  DiagnosticSeverity,
  Range as LspRange,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { FileEdit, FileId, Finding, LineIndex, Range, Severity, ruleDocsUrl } from '../engine';

/** Maps between LSP document URIs and engine file ids (paths for file: URIs). */
export class FileIds {
  private readonly uriById = new Map<FileId, string>();

  idOf(uri: string): FileId {
    let id: FileId;
    try {
      const u = URI.parse(uri);
      id = u.scheme === 'file' ? u.fsPath : uri;
    } catch {
      id = uri;
    }
    this.uriById.set(id, uri);
    return id;
  }

  uriOf(id: FileId): string {
    return this.uriById.get(id) ?? (id.includes('://') || id.startsWith('untitled:') ? id : URI.file(id).toString());
  }
}

export type LinesOf = (file: FileId) => LineIndex | undefined;

export function toLspRange(lines: LineIndex, r: Range): LspRange {
  return { start: lines.positionAt(r.start), end: lines.positionAt(r.end) };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A fix as it travels in Diagnostic.data: the server keeps no state between requests. */
export interface LspFix {
  title: string;
  applicability: 'safe' | 'unsafe';
  edits: { uri: string; range: LspRange; newText: string }[];
}

export interface DiagnosticData {
  /** The document version the diagnostic was computed for; actions on other versions are not offered. */
  version: number;
  fixes: LspFix[];
}

export function toLspFix(fix: Finding['fixes'][number], ids: FileIds, linesOf: LinesOf): LspFix | undefined {
  const edits: LspFix['edits'] = [];
  for (const e of fix.edits) {
    const li = linesOf(e.file);
    if (!li) return undefined;
    edits.push({ uri: ids.uriOf(e.file), range: toLspRange(li, e.range), newText: e.newText });
  }
  return { title: fix.title, applicability: fix.applicability, edits };
}

/** One CodeDescription per rule code, shared by its diagnostics (they serialize the same). */
const codeDescriptions = new Map<string, CodeDescription>();

function codeDescriptionOf(code: string): CodeDescription {
  let d = codeDescriptions.get(code);
  if (!d) codeDescriptions.set(code, (d = { href: ruleDocsUrl(code) }));
  return d;
}

/** The findings with no fix (most of them) share this empty list. */
const NO_FIXES: LspFix[] = [];

export function toDiagnostic(f: Finding, version: number, ids: FileIds, linesOf: LinesOf, lines = linesOf(f.file)): Diagnostic | undefined {
  if (!lines) return undefined;
  let related: DiagnosticRelatedInformation[] | undefined;
  for (const r of f.related) {
    const li = r.file === f.file ? lines : linesOf(r.file);
    if (li) (related ??= []).push({ location: { uri: ids.uriOf(r.file), range: toLspRange(li, r.range) }, message: r.message });
  }
  let fixes = NO_FIXES;
  for (const x of f.fixes) {
    const fix = toLspFix(x, ids, linesOf);
    if (fix) (fixes === NO_FIXES ? (fixes = []) : fixes).push(fix);
  }
  const d: Diagnostic = {
    range: toLspRange(lines, f.range),
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: codeDescriptionOf(f.code),
    source: 'memlint',
    message: f.message,
  };
  if (related) d.relatedInformation = related;
  // only a diagnostic with a fix needs data (its code actions read it): most have none, and
  // a 20,000-line script's 1,422 diagnostics are sent again on every edit
  if (fixes !== NO_FIXES) d.data = { version, fixes } satisfies DiagnosticData;
  return d;
}

/** Groups edits by document URI. */
export function toWorkspaceEdit(edits: LspFix['edits'], versionOf: (uri: string) => number | null, documentChanges: boolean): WorkspaceEdit {
  const byUri = new Map<string, TextEdit[]>();
  for (const e of edits) byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), { range: e.range, newText: e.newText }]);
  if (documentChanges) {
    return { documentChanges: [...byUri].map(([uri, textEdits]) => ({ textDocument: { uri, version: versionOf(uri) }, edits: textEdits })) };
  }
  return { changes: Object.fromEntries(byUri) };
}

/** One edit turning `before` into `after`: the changed middle, common prefix and suffix kept. */
export function minimalEdit(before: string, after: string, lines: LineIndex): FileEdit['range'] & { newText: string; lspRange: LspRange } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { start, end: endB, newText: after.slice(start, endA), lspRange: toLspRange(lines, { start, end: endB }) };
}
