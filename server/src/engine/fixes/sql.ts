/**
 * Building blocks for T-SQL fixes. Every inserted statement follows the file's own
 * style: its line endings, the indentation of the statement it goes next to, and its
 * keyword case (a script written in lower case gets lower-case keywords).
 */
import type { SqlScript } from '../model/sqlScript';
import { FLAG_UNTERMINATED, Tok } from '../tsql/lexer';
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

/** Words whose case shows how a file writes keywords (procedure names don't: they are lower case everywhere). */
const CASE_SAMPLES = new Set(['EXEC', 'EXECUTE', 'RECONFIGURE', 'USE', 'SELECT', 'SET', 'PRINT', 'IF', 'ELSE', 'BEGIN', 'END', 'DECLARE', 'CREATE', 'ALTER', 'DROP', 'COMMIT', 'WITH']);
const lowerCaseScripts = new WeakMap<SqlScript, boolean>();

/** True when most keywords of the script are written in lower case (computed once per script). */
function scriptWritesLowerCase(script: SqlScript): boolean {
  let lower = lowerCaseScripts.get(script);
  if (lower === undefined) {
    const lx = script.parse.lex;
    let l = 0;
    let u = 0;
    for (let t = 0; t < lx.count; t++) {
      if (lx.kind[t] !== Tok.Ident || lx.end[t] - lx.start[t] > 11) continue;
      const word = script.text.slice(lx.start[t], lx.end[t]);
      if (!CASE_SAMPLES.has(word.toUpperCase())) continue;
      if (word === word.toLowerCase()) l++;
      else if (word === word.toUpperCase()) u++;
    }
    lower = l > u;
    lowerCaseScripts.set(script, lower);
  }
  return lower;
}

/**
 * Returns a function that writes keywords in the file's case: that of the statement's
 * first word when it is a keyword, else the case most keywords of the file use.
 */
export function keywordCase(script: SqlScript, sample: Range): (keywords: string) => string {
  const word = /^[A-Za-z_]+/.exec(script.text.slice(sample.start, sample.start + 20))?.[0] ?? '';
  const lower = CASE_SAMPLES.has(word.toUpperCase()) ? word === word.toLowerCase() : scriptWritesLowerCase(script);
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
  // comments don't overlap: only the last one starting before offset can hold it
  const comments = lx.comments;
  lo = 0;
  hi = comments.length - 1;
  let c = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (comments[mid].start < offset) {
      c = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return !(c >= 0 && (offset < comments[c].end || (offset === comments[c].end && comments[c].unterminated)));
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

/** What insertBefore needs of a statement; calls also say whether they were written with EXEC. */
interface StatementPlace {
  anchor: Range;
  procedure?: Range;
  exec?: boolean;
}

/**
 * Inserts `sql` (one or more lines) before a statement, on lines of its own. The edit is
 * the same one `insertAfter` makes for the line above (a line break at its end, then the
 * new lines), so two fixes that add the same statement to the same gap (RG105 after a
 * CREATE, XTP203 before the next bind) produce one edit, applied once. A procedure call
 * written without EXEC is only valid first in its batch, so it gets EXEC in front.
 * Returns the edits of the fix; an undefined one means the fix can't be built.
 */
export function insertBefore(script: SqlScript, stmt: StatementPlace, sqlLines: string[]): (FileEdit | undefined)[] {
  const edit = insertBeforeAnchor(script, stmt.anchor, sqlLines);
  if (!edit || !stmt.procedure || stmt.exec !== false) return [edit];
  const exec = `${keywordCase(script, stmt.procedure)('EXEC')} `;
  if (edit.range.start === stmt.procedure.start) return [{ ...edit, newText: edit.newText + exec }];
  return [edit, { file: script.file, range: { start: stmt.procedure.start, end: stmt.procedure.start }, newText: exec }];
}

function insertBeforeAnchor(script: SqlScript, anchor: Range, sqlLines: string[]): FileEdit | undefined {
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
 * the statement has it, otherwise adds it to the WITH list (or adds a WITH list). A MIN
 * option goes just before its MAX partner, the order the documentation writes them in.
 */
export function setPoolOption(script: SqlScript, stmt: PoolStatement, option: string, value: number): FileEdit {
  return setPoolOptions(script, stmt, [[option, value]])[0];
}

/**
 * Sets several pool options in one statement with edits that never overlap: values are
 * replaced in place, and all missing options go in one insertion (so none is lost when
 * two would be inserted at the same point).
 */
export function setPoolOptions(script: SqlScript, stmt: PoolStatement, values: [string, number][]): FileEdit[] {
  const k = keywordCase(script, stmt.range);
  const edits: FileEdit[] = [];
  const missing: [string, number][] = [];
  for (const [option, value] of values) {
    const existing = stmt.options.find((o) => o.name === option);
    if (existing && existing.value) edits.push(replace(script, existing.value.range, String(value)));
    else missing.push([option, value]);
  }
  if (!missing.length) return edits;
  const text = missing.map(([o, v]) => `${k(o)} = ${v}`).join(', ');
  if (!stmt.optionList) {
    const at = stmt.name.range.end;
    edits.push({ file: script.file, range: { start: at, end: at }, newText: ` ${k('WITH')} (${text})` });
    return edits;
  }
  // one MIN option whose MAX partner is in the list goes right before it
  const only = missing.length === 1 ? missing[0][0] : undefined;
  edits.push(insertIntoList(script, stmt.optionList, stmt.options, text, only));
  return edits;
}

function insertIntoList(script: SqlScript, list: OptionList, options: PoolOption[], text: string, option: string | undefined): FileEdit {
  if (options.length === 0) return { file: script.file, range: { start: list.openEnd, end: list.openEnd }, newText: text };
  // commas are optional in T-SQL: follow the list, and use them when it has only one option
  const sep = list.commas || options.length < 2 ? ',' : '';
  const multiline = options.length > 1 ? /[\r\n]/.test(script.text.slice(options[0].range.end, options[options.length - 1].range.start)) : /[\r\n]/.test(script.text.slice(list.openEnd, list.close));
  const partner = option?.startsWith('MIN_') ? options.find((o) => o.name === option.replace('MIN_', 'MAX_')) : undefined;
  if (partner) {
    const gap = multiline ? script.lines.eol() + script.lines.indentAt(partner.range.start) : ' ';
    return { file: script.file, range: { start: partner.range.start, end: partner.range.start }, newText: `${text}${sep}${gap}` };
  }
  const last = options[options.length - 1];
  const gap = multiline ? script.lines.eol() + script.lines.indentAt(last.range.start) : ' ';
  return { file: script.file, range: { start: last.range.end, end: last.range.end }, newText: `${sep}${gap}${text}` };
}
