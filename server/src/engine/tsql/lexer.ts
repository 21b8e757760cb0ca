/**
 * T-SQL lexer. One pass over the text, no regular expressions, no backtracking: every
 * character is looked at a bounded number of times, so time is linear in the input. It
 * never throws: an unterminated string, identifier or comment runs to the end of the
 * text and is flagged.
 *
 * Tokens live in parallel typed arrays (kind, start, end, flags) rather than objects,
 * because a 20,000-line script has a few hundred thousand of them.
 */

export const enum Tok {
  /** A plain identifier or keyword: `CREATE`, `sp_configure`, `#temp`. */
  Ident = 1,
  /** `[bracketed]` (with `]]` escapes) or `"quoted"` identifier. */
  QuotedIdent = 2,
  /** `'string'` or `N'unicode string'`, with `''` escapes. */
  String = 3,
  /** `42`, `1.5`, `1e3`, `0x1F`, `$12.50`. */
  Number = 4,
  /** `@local` or `@@global`. */
  Variable = 5,
  /** SQLCMD variable `$(name)`. */
  SqlcmdVar = 6,
  /** SSMS template parameter `<name, type, value>`. */
  Placeholder = 7,
  /** One punctuation or operator character: ( ) , ; . = + - * / < > etc. */
  Punct = 8,
  /** A batch separator line `GO [count]`. */
  Go = 9,
}

/** Token flags. */
export const FLAG_UNTERMINATED = 1;
/** A string written N'...'. */
export const FLAG_NATIONAL = 2;

export interface Comment {
  start: number;
  end: number;
  /** Offset where the comment's text starts (after `--` or `/*`). */
  bodyStart: number;
  /** Offset where the comment's text ends (before `*\/` when closed). */
  bodyEnd: number;
  block: boolean;
  unterminated: boolean;
}

export interface LexResult {
  text: string;
  count: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  flags: Uint8Array;
  /** Repeat count of each Go token (1 when no count is written), indexed by token. */
  goCount: Map<number, number>;
  comments: Comment[];
  /** SQLCMD command lines (`:setvar x y`, `:r file`, `!! cmd`), skipped as trivia. */
  sqlcmdLines: { start: number; end: number }[];
}

const isIdentStart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 35 || c >= 128;
const isIdentPart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 35 || c === 64 || c === 36 || c >= 128;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHexDigit = (c: number): boolean => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
/** Whitespace, including the Unicode spaces SQL Server accepts between tokens. */
const isSpace = (c: number): boolean =>
  c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x3000 || (c >= 0x2000 && c <= 0x200b);

export function lex(text: string): LexResult {
  const n = text.length;
  let cap = Math.max(64, (n >> 2) + 16);
  let kind = new Uint8Array(cap);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  let flags = new Uint8Array(cap);
  let count = 0;
  const goCount = new Map<number, number>();
  const comments: Comment[] = [];
  const sqlcmdLines: { start: number; end: number }[] = [];

  const push = (k: Tok, s: number, e: number, f = 0): void => {
    if (count === cap) {
      cap *= 2;
      const k2 = new Uint8Array(cap);
      k2.set(kind);
      kind = k2;
      const s2 = new Int32Array(cap);
      s2.set(start);
      start = s2;
      const e2 = new Int32Array(cap);
      e2.set(end);
      end = e2;
      const f2 = new Uint8Array(cap);
      f2.set(flags);
      flags = f2;
    }
    kind[count] = k;
    start[count] = s;
    end[count] = e;
    flags[count] = f;
    count++;
  };

  // Template-placeholder scans never look at a character twice: a failed scan means no
  // '<' lies between its start and where it stopped, so later scans start further on.
  let placeholderScanLimit = -1;

  let i = 0;
  /** True while nothing but whitespace has been seen on the current line. */
  let atLineStart = true;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      atLineStart = true;
      i++;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (atLineStart) {
      // GO [count] alone on its line separates batches.
      if ((c === 71 || c === 103) && i + 1 < n && (text.charCodeAt(i + 1) | 32) === 111) {
        const goEnd = matchGoLine(text, i);
        if (goEnd >= 0) {
          let j = i + 2;
          while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
          let repeat = 1;
          if (j < n && isDigit(text.charCodeAt(j))) {
            let v = 0;
            while (j < n && isDigit(text.charCodeAt(j))) {
              v = Math.min(v * 10 + (text.charCodeAt(j) - 48), 1_000_000_000);
              j++;
            }
            repeat = v;
          }
          goCount.set(count, repeat);
          push(Tok.Go, i, j);
          i = j; // a trailing -- comment is lexed as a comment
          atLineStart = false;
          continue;
        }
      }
      // SQLCMD commands: ':setvar', ':r', ':on error', '!! shell' lines.
      if ((c === 58 && i + 1 < n && isIdentStart(text.charCodeAt(i + 1))) || (c === 33 && i + 1 < n && text.charCodeAt(i + 1) === 33)) {
        let j = i;
        while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
        sqlcmdLines.push({ start: i, end: j });
        i = j;
        continue;
      }
    }
    atLineStart = false;

    // -- line comment
    if (c === 45 && i + 1 < n && text.charCodeAt(i + 1) === 45) {
      let j = i + 2;
      while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
      comments.push({ start: i, end: j, bodyStart: i + 2, bodyEnd: j, block: false, unterminated: false });
      i = j;
      continue;
    }
    // /* block comment */, nested
    if (c === 47 && i + 1 < n && text.charCodeAt(i + 1) === 42) {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        const d = text.charCodeAt(j);
        if (d === 47 && j + 1 < n && text.charCodeAt(j + 1) === 42) {
          depth++;
          j += 2;
        } else if (d === 42 && j + 1 < n && text.charCodeAt(j + 1) === 47) {
          depth--;
          j += 2;
        } else j++;
      }
      const closed = depth === 0;
      comments.push({ start: i, end: j, bodyStart: i + 2, bodyEnd: closed ? j - 2 : j, block: true, unterminated: !closed });
      i = j;
      continue;
    }
    // N'national string'
    if ((c === 78 || c === 110) && i + 1 < n && text.charCodeAt(i + 1) === 39) {
      const e = scanQuoted(text, i + 1, 39);
      push(Tok.String, i, e < 0 ? n : e, FLAG_NATIONAL | (e < 0 ? FLAG_UNTERMINATED : 0));
      i = e < 0 ? n : e;
      continue;
    }
    if (c === 39) {
      const e = scanQuoted(text, i, 39);
      push(Tok.String, i, e < 0 ? n : e, e < 0 ? FLAG_UNTERMINATED : 0);
      i = e < 0 ? n : e;
      continue;
    }
    if (c === 91) {
      const e = scanQuoted(text, i, 93);
      push(Tok.QuotedIdent, i, e < 0 ? n : e, e < 0 ? FLAG_UNTERMINATED : 0);
      i = e < 0 ? n : e;
      continue;
    }
    if (c === 34) {
      const e = scanQuoted(text, i, 34);
      push(Tok.QuotedIdent, i, e < 0 ? n : e, e < 0 ? FLAG_UNTERMINATED : 0);
      i = e < 0 ? n : e;
      continue;
    }
    if (c === 64) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      push(Tok.Variable, i, j);
      i = j;
      continue;
    }
    if (c === 36) {
      // $(sqlcmd variable)
      if (i + 1 < n && text.charCodeAt(i + 1) === 40) {
        let j = i + 2;
        while (j < n && text.charCodeAt(j) !== 41 && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
        const closed = j < n && text.charCodeAt(j) === 41;
        push(Tok.SqlcmdVar, i, closed ? j + 1 : j, closed ? 0 : FLAG_UNTERMINATED);
        i = closed ? j + 1 : j;
        continue;
      }
      if (i + 1 < n && (isDigit(text.charCodeAt(i + 1)) || text.charCodeAt(i + 1) === 46)) {
        const e = scanNumber(text, i + 1);
        push(Tok.Number, i, e);
        i = e;
        continue;
      }
    }
    if (isDigit(c) || (c === 46 && i + 1 < n && isDigit(text.charCodeAt(i + 1)))) {
      const e = scanNumber(text, i);
      push(Tok.Number, i, e);
      i = e;
      continue;
    }
    if (isIdentStart(c) || c === 36) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      push(Tok.Ident, i, j);
      i = j;
      continue;
    }
    if (c === 60 && i > placeholderScanLimit) {
      const r = scanPlaceholder(text, i);
      if (r > 0) {
        push(Tok.Placeholder, i, r);
        i = r;
        continue;
      }
      placeholderScanLimit = -r;
    }
    // Keep a surrogate pair together so no token splits a character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      push(Tok.Punct, i, i + 2);
      i += 2;
      continue;
    }
    push(Tok.Punct, i, i + 1);
    i++;
  }
  return { text, count, kind, start, end, flags, goCount, comments, sqlcmdLines };
}

/** Given `text[i]` is the opening quote, returns the offset after the closing one, or -1. */
function scanQuoted(text: string, i: number, close: number): number {
  const n = text.length;
  let j = i + 1;
  for (;;) {
    const k = text.indexOf(String.fromCharCode(close), j);
    if (k < 0) return -1;
    if (k + 1 < n && text.charCodeAt(k + 1) === close) {
      j = k + 2;
      continue;
    }
    return k + 1;
  }
}

function scanNumber(text: string, i: number): number {
  const n = text.length;
  let j = i;
  if (text.charCodeAt(j) === 48 && j + 1 < n && (text.charCodeAt(j + 1) | 32) === 120) {
    j += 2;
    while (j < n && isHexDigit(text.charCodeAt(j))) j++;
    return j;
  }
  while (j < n && isDigit(text.charCodeAt(j))) j++;
  if (j < n && text.charCodeAt(j) === 46) {
    j++;
    while (j < n && isDigit(text.charCodeAt(j))) j++;
  }
  if (j < n && (text.charCodeAt(j) | 32) === 101) {
    let k = j + 1;
    if (k < n && (text.charCodeAt(k) === 43 || text.charCodeAt(k) === 45)) k++;
    if (k < n && isDigit(text.charCodeAt(k))) {
      while (k < n && isDigit(text.charCodeAt(k))) k++;
      j = k;
    }
  }
  return j;
}

/**
 * `<name, type, value>` on one line, name starting like an identifier, exactly two commas.
 * Returns the end offset when it is one, otherwise minus the offset where the scan stopped.
 */
function scanPlaceholder(text: string, i: number): number {
  const n = text.length;
  if (i + 1 >= n || !isIdentStart(text.charCodeAt(i + 1)) || text.charCodeAt(i + 1) === 35) return -(i + 1);
  let commas = 0;
  let j = i + 1;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 62) return commas === 2 ? j + 1 : -j;
    if (c === 10 || c === 13 || c === 60) return -(j - 1);
    if (c === 44) commas++;
    j++;
  }
  return -j;
}

/** If a `GO` line starts at i, returns the offset of its end of line; otherwise -1. */
function matchGoLine(text: string, i: number): number {
  const n = text.length;
  let j = i + 2;
  if (j < n && isIdentPart(text.charCodeAt(j))) return -1;
  while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  while (j < n && isDigit(text.charCodeAt(j))) j++;
  while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  if (j >= n) return j;
  const c = text.charCodeAt(j);
  if (c === 10 || c === 13) return j;
  if (c === 45 && j + 1 < n && text.charCodeAt(j + 1) === 45) return j;
  if (c === 59) return j; // "GO;" is accepted by SSMS
  return -1;
}

/** Case-insensitive comparison of a token's text with an upper-case ASCII word, without allocating. */
export function tokenIs(lx: LexResult, t: number, upperWord: string): boolean {
  if (t < 0 || t >= lx.count || lx.kind[t] !== Tok.Ident) return false;
  const s = lx.start[t];
  const len = lx.end[t] - s;
  if (len !== upperWord.length) return false;
  const text = lx.text;
  for (let k = 0; k < len; k++) {
    let c = text.charCodeAt(s + k);
    if (c >= 97 && c <= 122) c -= 32;
    if (c !== upperWord.charCodeAt(k)) return false;
  }
  return true;
}

export function tokenText(lx: LexResult, t: number): string {
  return lx.text.slice(lx.start[t], lx.end[t]);
}

/** The value of a string token, quotes removed and `''` unescaped. */
export function stringValue(lx: LexResult, t: number): string {
  const s = lx.start[t] + ((lx.flags[t] & FLAG_NATIONAL) !== 0 ? 2 : 1);
  const unterminated = (lx.flags[t] & FLAG_UNTERMINATED) !== 0;
  const e = unterminated ? lx.end[t] : lx.end[t] - 1;
  const v = lx.text.slice(s, Math.max(s, e));
  return v.includes("''") ? v.replace(/''/g, "'") : v;
}

/** The name an identifier token stands for: brackets/quotes removed and escapes undone. */
export function identValue(lx: LexResult, t: number): string {
  const raw = tokenText(lx, t);
  if (lx.kind[t] !== Tok.QuotedIdent) return raw;
  const unterminated = (lx.flags[t] & FLAG_UNTERMINATED) !== 0;
  const inner = raw.slice(1, unterminated ? raw.length : raw.length - 1);
  return raw.charCodeAt(0) === 91 ? inner.replace(/\]\]/g, ']') : inner.replace(/""/g, '"');
}
