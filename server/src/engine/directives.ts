/**
 * memlint directives written in comments, the same words in every syntax (`--` and
 * `/* *\/` in SQL, `#` in PowerShell and YAML, `<!-- -->` in XML):
 *
 *   memlint-disable-next-line CODE[, CODE]   the next line
 *   memlint-disable CODE[, CODE]             from here ... 
 *   memlint-enable CODE[, CODE]              ... to here (or the end of the file)
 *   memlint-disable-file CODE[, CODE]        the whole file
 *   memlint: instance=NAME                   the SQL Server instance a script deploys to
 *   memlint: rows=N                          expected rows of the next CREATE TABLE
 *
 * Without codes a suppression covers every rule. Text after ` -- ` is a free comment.
 */
import type { Range } from './types';

export type SuppressionMode = 'next-line' | 'disable' | 'enable' | 'file';

export interface SuppressionDirective {
  kind: 'suppression';
  mode: SuppressionMode;
  /** Rule codes with their ranges; empty means every rule. */
  codes: { code: string; range: Range }[];
  /** The whole comment. */
  comment: Range;
}

export interface SettingDirective {
  kind: 'setting';
  key: string;
  value: string;
  valueRange: Range;
  comment: Range;
}

export type Directive = SuppressionDirective | SettingDirective;

const MODES: [string, SuppressionMode][] = [
  ['memlint-disable-next-line', 'next-line'],
  ['memlint-disable-file', 'file'],
  ['memlint-disable', 'disable'],
  ['memlint-enable', 'enable'],
];

/** A rule code: two or three letters and three digits. */
function isCode(word: string): boolean {
  if (word.length < 5 || word.length > 6) return false;
  const letters = word.length - 3;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i) | 32;
    if (i < letters ? !(c >= 97 && c <= 122) : !(c >= 48 && c <= 57)) return false;
  }
  return true;
}

/**
 * Reads the directives in one comment. `body` is the comment's text without its
 * delimiters, starting at file offset `bodyStart`; `comment` is the whole comment.
 */
export function parseDirectives(body: string, bodyStart: number, comment: Range): Directive[] {
  let i = 0;
  while (i < body.length && isBlank(body.charCodeAt(i))) i++;
  if (!body.startsWith('memlint', i)) return [];
  // indexed: a for-of with destructuring made iterators per comment until it was optimized
  for (let j = 0; j < MODES.length; j++) {
    const word = MODES[j][0];
    const mode = MODES[j][1];
    if (!body.startsWith(word, i)) continue;
    const after = i + word.length;
    if (after < body.length && !isBlank(body.charCodeAt(after))) continue;
    return [{ kind: 'suppression', mode, codes: readCodes(body, after, bodyStart), comment }];
  }
  if (body.startsWith('memlint:', i)) return readSettings(body, i + 'memlint:'.length, bodyStart, comment);
  return [];
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function readCodes(body: string, from: number, bodyStart: number): { code: string; range: Range }[] {
  const codes: { code: string; range: Range }[] = [];
  let i = from;
  for (;;) {
    while (i < body.length && (isBlank(body.charCodeAt(i)) || body.charCodeAt(i) === 44)) i++;
    const s = i;
    while (i < body.length && !isBlank(body.charCodeAt(i)) && body.charCodeAt(i) !== 44) i++;
    if (s === i) break;
    const word = body.slice(s, i);
    if (!isCode(word)) break; // "-- reason" or any other words end the list
    codes.push({ code: word.toUpperCase(), range: { start: bodyStart + s, end: bodyStart + i } });
  }
  return codes;
}

function readSettings(body: string, from: number, bodyStart: number, comment: Range): SettingDirective[] {
  const out: SettingDirective[] = [];
  let i = from;
  for (;;) {
    while (i < body.length && (isBlank(body.charCodeAt(i)) || body.charCodeAt(i) === 44)) i++;
    const keyStart = i;
    while (i < body.length && /[A-Za-z_]/.test(body[i])) i++;
    if (keyStart === i || body.charCodeAt(i) !== 61) break;
    const key = body.slice(keyStart, i).toLowerCase();
    i++;
    const valueStart = i;
    // A comma separates settings (`instance=A, rows=5`) but may also group digits (`rows=1,000`):
    // it ends the value only when a name follows it.
    while (i < body.length && !isBlank(body.charCodeAt(i))) {
      if (body.charCodeAt(i) === 44) {
        let j = i + 1;
        while (j < body.length && isBlank(body.charCodeAt(j))) j++;
        if (j >= body.length || /[A-Za-z_]/.test(body[j])) break;
      }
      i++;
    }
    let valueEnd = i;
    // a block comment's closing delimiter is not part of the value
    if (body.endsWith('*/', valueEnd) && valueEnd - 2 >= valueStart) valueEnd -= 2;
    if (valueEnd > valueStart) {
      out.push({ kind: 'setting', key, value: body.slice(valueStart, valueEnd), valueRange: { start: bodyStart + valueStart, end: bodyStart + valueEnd }, comment });
    }
  }
  return out;
}
