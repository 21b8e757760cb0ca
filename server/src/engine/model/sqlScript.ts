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
  const d = readDirectives(text, lx);
  const parse = parseScript(lx, d.rows, { prev, fromBatch: k, syncPrevTok: resume.syncPrev ?? -1, syncNewTok: resume.syncNew ?? -1, delta });
  return script(file, text, parse, d);
}

interface Directives {
  suppressions: SuppressionDirective[];
  settings: SettingDirective[];
  rows: RowsDirective[];
}

function readDirectives(text: string, lx: LexResult): Directives {
  const directives: Directive[] = [];
  // Most comments are not directives: look only at those holding the word "memlint"
  // (comments are in file order, so one forward walk pairs them up).
  let c = 0;
  for (let at = text.indexOf('memlint'); at >= 0 && c < lx.comments.length; at = text.indexOf('memlint', at + 7)) {
    while (c < lx.comments.length && lx.comments[c].end <= at) c++;
    const cm = lx.comments[c];
    if (!cm || cm.start > at) continue;
    directives.push(...parseDirectives(text.slice(cm.bodyStart, cm.bodyEnd), cm.bodyStart, { start: cm.start, end: cm.end }));
    at = cm.end - 7; // one comment is read once
    c++;
  }
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

function script(file: FileId, text: string, parse: ParseResult, d: Directives): SqlScript {
  let lines: LineIndex | undefined;
  const script: SqlScript = {
    file,
    text,
    get lines() {
      return (lines ??= new LineIndex(text));
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
