/** One T-SQL file read into facts: statements, directives and suppressions. */
import { Directive, SettingDirective, SuppressionDirective, parseDirectives } from '../directives';
import { LineIndex } from '../text/lineIndex';
import { LexResult, LexResume, lex } from '../tsql/lexer';
import { ParseResult, RowsDirective, batchStartOf, budgetAllows, parseScript, resumableBatch } from '../tsql/parser';
import type { FileId, Range } from '../types';

export interface SqlScript {
  file: FileId;
  text: string;
  /** Line starts, built on first use (a file without findings may never need them). */
  readonly lines: LineIndex;
  parse: ParseResult;
  /** From `-- memlint: instance=NAME`. */
  instance?: { name: string; range: Range };
  suppressions: SuppressionDirective[];
  settings: SettingDirective[];
}

export function readSqlScript(file: FileId, text: string): SqlScript {
  const lx = lex(text);
  const d = readDirectives(text, lx);
  return script(file, text, parseScript(lx, d.rows), d);
}

/**
 * Reads `text`, an edited version of `previous.text`, reusing the previous read: only the
 * batches from the one holding the edit's start to the first one after the edit in which
 * the reader is in the same state again (same database from USE, open transactions,
 * savepoints, pending rows directives...) are read again; the others are taken over, moved
 * by the change in length. The result is the same as `readSqlScript(file, text)`.
 */
export function rereadSqlScript(previous: SqlScript, file: FileId, text: string): SqlScript {
  const old = previous.text;
  if (old === text && previous.file === file) return previous;
  const prev = previous.parse;
  const same = commonPrefix(old, text);
  const k = resumableBatch(prev, same);
  if (k < 0 || !budgetAllows(prev, text.length)) return readSqlScript(file, text);
  const sameEnd = commonSuffix(old, text, Math.min(old.length, text.length) - same);
  const delta = text.length - old.length;
  const from = batchStartOf(prev, k);
  const resume: LexResume = { prev: prev.lex, fromTok: from.tok, from: from.offset, sameFrom: text.length - sameEnd, delta };
  const lx = lex(text, resume);
  const d = rereadDirectives(previous, text, lx, resume);
  const parse = parseScript(lx, d.rows, { prev, fromBatch: k, syncPrevTok: resume.syncPrev ?? -1, syncNewTok: resume.syncNew ?? -1, delta });
  const prevLines = builtLines.get(previous);
  return script(file, text, parse, d, prevLines && (() => LineIndex.edited(prevLines, text, same, sameEnd)));
}

interface Directives {
  suppressions: SuppressionDirective[];
  settings: SettingDirective[];
  rows: RowsDirective[];
}

function readDirectives(text: string, lx: LexResult): Directives {
  const directives: Directive[] = [];
  directivesIn(text, lx, 0, text.length, directives);
  return sorted(directives);
}

/**
 * The directives of a re-read text: those of comments before where lexing restarted are
 * the previous read's, those after where it caught up are the previous read's moved, and
 * only the comments in between are read.
 */
function rereadDirectives(previous: SqlScript, text: string, lx: LexResult, resume: LexResume): Directives {
  const prevLx = previous.parse.lex;
  const synced = resume.syncPrev !== undefined && resume.syncPrev >= 0;
  const d = resume.delta;
  // in the new text: [from, until) is read; before it kept, from it on moved
  const from = resume.from;
  const until = synced ? prevLx.start[resume.syncPrev!] + d : text.length;
  const directives: Directive[] = [];
  const before = (x: Directive) => x.comment.start < from;
  const after = (x: Directive) => synced && x.comment.start >= until - d;
  for (const list of [previous.suppressions, previous.settings] as Directive[][]) for (const x of list) if (before(x)) directives.push(x);
  directivesIn(text, lx, from, until, directives);
  for (const list of [previous.suppressions, previous.settings] as Directive[][]) for (const x of list) if (after(x)) directives.push(movedDirective(x, d));
  return sorted(directives);
}

function movedDirective(x: Directive, d: number): Directive {
  const comment = { start: x.comment.start + d, end: x.comment.end + d };
  if (x.kind === 'setting') return { kind: 'setting', key: x.key, value: x.value, valueRange: { start: x.valueRange.start + d, end: x.valueRange.end + d }, comment };
  return { kind: 'suppression', mode: x.mode, codes: x.codes.map((c) => ({ code: c.code, range: { start: c.range.start + d, end: c.range.end + d } })), comment };
}

/** Splits directives in file order into suppressions, settings and rows directives. */
function sorted(directives: Directive[]): Directives {
  const suppressions = directives.filter((d): d is SuppressionDirective => d.kind === 'suppression');
  const settings = directives.filter((d): d is SettingDirective => d.kind === 'setting');
  const rows: RowsDirective[] = [];
  for (const s of settings) {
    if (s.key !== 'rows') continue;
    const count = Number(s.value.replace(/[_,]/g, ''));
    if (Number.isSafeInteger(count) && count >= 0) rows.push({ count, range: s.valueRange });
  }
  return { suppressions, settings, rows };
}

/** Reads the directives of the comments starting in [from, until) into `out`. */
function directivesIn(text: string, lx: LexResult, from: number, until: number, out: Directive[]): void {
  const comments = lx.comments;
  // the first comment starting at or after `from`
  let lo = 0;
  let hi = comments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comments[mid].start < from) lo = mid + 1;
    else hi = mid;
  }
  let c = lo;
  // Most comments are not directives: look only at those holding the word "memlint"
  // (comments are in file order, so one forward walk pairs them up).
  for (let at = text.indexOf('memlint', from); at >= 0 && c < comments.length; at = text.indexOf('memlint', at + 7)) {
    while (c < comments.length && comments[c].end <= at) c++;
    const cm = comments[c];
    if (!cm || cm.start >= until) break;
    if (cm.start > at) continue;
    out.push(...parseDirectives(text.slice(cm.bodyStart, cm.bodyEnd), cm.bodyStart, { start: cm.start, end: cm.end }));
    at = cm.end - 7; // one comment is read once
    c++;
  }
}

/** The line index of each script that has built one, for the script read after an edit to build its own from. */
const builtLines = new WeakMap<SqlScript, LineIndex>();

/** `editedLines` builds the line index from the previous read's, after an edit. */
function script(file: FileId, text: string, parse: ParseResult, d: Directives, editedLines?: () => LineIndex): SqlScript {
  let lines: LineIndex | undefined;
  const script: SqlScript = {
    file,
    text,
    get lines() {
      if (!lines) {
        builtLines.set(script, (lines = editedLines ? editedLines() : new LineIndex(text)));
        editedLines = undefined; // and the previous text with it
      }
      return lines;
    },
    parse,
    suppressions: d.suppressions,
    settings: d.settings,
  };
  const inst = d.settings.find((s) => s.key === 'instance');
  if (inst) script.instance = { name: inst.value, range: inst.valueRange };
  return script;
}

/** Length of the longest common prefix of a and b (compared a block at a time). */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let step = 4096; i + step <= n && a.slice(i, i + step) === b.slice(i, i + step); ) i += step;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the longest common suffix of a and b, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  let i = 0;
  for (let step = 4096; i + step <= max && a.slice(la - i - step, la - i) === b.slice(lb - i - step, lb - i); ) i += step;
  while (i < max && a.charCodeAt(la - 1 - i) === b.charCodeAt(lb - 1 - i)) i++;
  return i;
}
