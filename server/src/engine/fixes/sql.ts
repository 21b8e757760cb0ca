/**
 * Building blocks for T-SQL fixes. Every inserted statement follows the file's own
 * style: its line endings, the indentation of the statement it goes next to, and its
 * keyword case (a script written in lower case gets lower-case keywords).
 */
import type { SqlScript } from '../model/sqlScript';
import { FLAG_UNTERMINATED } from '../tsql/lexer';
import type { OptionList, PoolOption, PoolStatement } from '../tsql/ast';
import type { FileEdit, Fix, FixApplicability, Range } from '../types';

/** A fix whose edits could all be built; none when one could not (see isCodeGap). */
export function fixWith(title: string, applicability: FixApplicability, edits: (FileEdit | undefined)[]): Fix[] {
  return edits.every((e): e is FileEdit => e !== undefined) ? [{ title, applicability, edits }] : [];
}

/** `[name]`, with `]` doubled. */
export function quoteName(name: string): string {
  return `[${name.replace(/\]/g, ']]')}]`;
}

/** `N'text'` with quotes doubled. */
export function quoteString(text: string): string {
  return `N'${text.replace(/'/g, "''")}'`;
}

/** Returns a function that writes keywords in the case of the statement at `sample`. */
export function keywordCase(script: SqlScript, sample: Range): (keywords: string) => string {
  const word = /^[A-Za-z_]+/.exec(script.text.slice(sample.start, sample.start + 20))?.[0] ?? '';
  const lower = word.length > 0 && word === word.toLowerCase();
  return (keywords) => (lower ? keywords.toLowerCase() : keywords);
}

export function replace(script: SqlScript, range: Range, newText: string): FileEdit {
  return { file: script.file, range, newText };
}

/** True when only blanks and a `--` comment follow `offset` on its line. */
function restOfLineIsEmpty(script: SqlScript, offset: number): boolean {
  const line = script.lines.lineOf(offset);
  const rest = script.text.slice(offset, script.lines.lineContentEnd(line));
  return /^[ \t]*(--.*)?$/.test(rest);
}

/** True when only blanks precede `offset` on its line. */
function startsLine(script: SqlScript, offset: number): boolean {
  const start = script.lines.lineStart(script.lines.lineOf(offset));
  return /^[ \t]*$/.test(script.text.slice(start, offset));
}

/**
 * True when `offset` lies between tokens, outside any string, identifier or comment
 * (and not at the end of an unterminated one): text inserted there is read as code.
 */
export function isCodeGap(script: SqlScript, offset: number): boolean {
  const lx = script.parse.lex;
  // the last token starting before offset
  let lo = 0;
  let hi = lx.count - 1;
  let t = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lx.start[mid] < offset) {
      t = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (t >= 0 && (offset < lx.end[t] || (offset === lx.end[t] && (lx.flags[t] & FLAG_UNTERMINATED) !== 0))) return false;
  for (const c of lx.comments) {
    if (c.start >= offset) break;
    if (offset < c.end || (offset === c.end && c.unterminated)) return false;
  }
  return true;
}

/**
 * Inserts `sql` (one or more lines) after the statement `anchor`, on lines of its own.
 * Returns undefined when that place is not code (the statement runs into an
 * unterminated string or comment): such a fix could never take effect.
 */
export function insertAfter(script: SqlScript, anchor: Range, sqlLines: string[]): FileEdit | undefined {
  const eol = script.lines.eol();
  const indent = script.lines.indentAt(anchor.start);
  const body = sqlLines.map((l) => indent + l).join(eol);
  if (restOfLineIsEmpty(script, anchor.end)) {
    const at = script.lines.lineContentEnd(script.lines.lineOf(anchor.end));
    return isCodeGap(script, at) ? { file: script.file, range: { start: at, end: at }, newText: eol + body } : undefined;
  }
  return isCodeGap(script, anchor.end) ? { file: script.file, range: { start: anchor.end, end: anchor.end }, newText: ' ' + sqlLines.join(' ') } : undefined;
}

/**
 * Inserts `sql` (one or more lines) before the statement `anchor`, on lines of its own.
 * The edit is the same one `insertAfter` makes for the line above (a line break at its
 * end, then the new lines), so two fixes that add the same statement to the same gap
 * (RG105 after a CREATE, XTP203 before the next bind) produce one edit, applied once.
 */
export function insertBefore(script: SqlScript, anchor: Range, sqlLines: string[]): FileEdit | undefined {
  const eol = script.lines.eol();
  if (startsLine(script, anchor.start)) {
    const indent = script.lines.indentAt(anchor.start);
    const line = script.lines.lineOf(anchor.start);
    if (line > 0) {
      const at = script.lines.lineContentEnd(line - 1);
      if (isCodeGap(script, at)) return { file: script.file, range: { start: at, end: at }, newText: sqlLines.map((l) => eol + indent + l).join('') };
    }
    const at = script.lines.lineStart(line);
    return isCodeGap(script, at) ? { file: script.file, range: { start: at, end: at }, newText: sqlLines.map((l) => indent + l + eol).join('') } : undefined;
  }
  return isCodeGap(script, anchor.start) ? { file: script.file, range: { start: anchor.start, end: anchor.start }, newText: sqlLines.join(' ') + ' ' } : undefined;
}

/**
 * Sets a pool option in a CREATE/ALTER RESOURCE POOL statement: replaces its value when
 * the statement has it, otherwise adds it to the WITH list (or adds a WITH list).
 */
export function setPoolOption(script: SqlScript, stmt: PoolStatement, option: string, value: number): FileEdit {
  const existing = stmt.options.find((o) => o.name === option);
  if (existing && existing.value) return replace(script, existing.value.range, String(value));
  const text = `${keywordCase(script, stmt.range)(option)} = ${value}`;
  if (!stmt.optionList) {
    const at = stmt.name.range.end;
    return { file: script.file, range: { start: at, end: at }, newText: ` ${keywordCase(script, stmt.range)('WITH')} (${text})` };
  }
  return insertIntoList(script, stmt.optionList, stmt.options, text);
}

function insertIntoList(script: SqlScript, list: OptionList, options: PoolOption[], text: string): FileEdit {
  if (options.length === 0) return { file: script.file, range: { start: list.openEnd, end: list.openEnd }, newText: text };
  const last = options[options.length - 1];
  const between = script.text.slice(last.range.end, list.close);
  const sep = list.commas ? ',' : '';
  if (/[\r\n]/.test(between)) {
    // one option per line: add a line with the last option's indentation
    const indent = script.lines.indentAt(last.range.start);
    return { file: script.file, range: { start: last.range.end, end: last.range.end }, newText: `${sep}${script.lines.eol()}${indent}${text}` };
  }
  return { file: script.file, range: { start: last.range.end, end: last.range.end }, newText: `${sep} ${text}` };
}
