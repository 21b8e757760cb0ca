/**
 * The T-SQL lexer as it was before its hot loop used regular expressions (commit ec6261e):
 * a plain loop over charCodeAt, kept as the reference the property test compares the
 * lexer with (test/property/lexerReference.test.ts). Do not optimize it: it is the spec.
 */
/* eslint-disable */

const enum Tok {
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

/** A copy of a token array with room for `cap` tokens. */
function widened<T extends Uint8Array | Int32Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (length: number) => T)(cap);
  b.set(a);
  return b;
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

/** Character classes of ASCII for the lexer's fast paths (the slow path decides anything else). */
// 0: anything else (the slow path decides)
const C_SPACE = 1;
const C_NEWLINE = 2;
/** Punctuation that is a token of its own whatever follows: not - / . < $ : ! ' " [ @ digits. */
const C_PUNCT = 3;
/** Identifier characters that can't start one: digits, `@`, `$`. Classes from here on continue an identifier. */
const C_IDENT_PART = 4;
/** Letters, `_` and `#`: start and continue an identifier. */
const C_WORD = 5;
const CHAR_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c === 32 || c === 9 || c === 11 || c === 12) CHAR_CLASS[c] = C_SPACE;
  else if (c === 10 || c === 13) CHAR_CLASS[c] = C_NEWLINE;
  else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 35) CHAR_CLASS[c] = C_WORD;
  else if ((c >= 48 && c <= 57) || c === 64 || c === 36) CHAR_CLASS[c] = C_IDENT_PART;
  else if ('(),;=+*%&|^~{}?>`\\'.includes(String.fromCharCode(c))) CHAR_CLASS[c] = C_PUNCT;
}

/**
 * Re-lexing after an edit (see lex): the tokens of `prev` before `fromTok` are kept,
 * lexing restarts at `from`, and stops at the first GO line at or after `sameFrom` that
 * `prev` has too (shifted by `delta`): the text from there on is prev's, so its tokens are.
 */
export interface LexResume {
  prev: LexResult;
  /** First token lexed again: 0, or the token right after one of prev's Go tokens. */
  fromTok: number;
  /** Where lexing restarts: 0, or the end of the Go token before fromTok. */
  from: number;
  /** Offset in the new text from which it equals prev's text from `sameFrom - delta`. */
  sameFrom: number;
  /** New text length minus prev's. */
  delta: number;
  /** Set by lex: the Go token where the new tokens caught up with prev's, in prev and in the result (-1 when they did not). */
  syncPrev?: number;
  syncNew?: number;
}

/**
 * Lexes `text`. With `resume`, re-lexes an edited text: only the tokens from a batch start
 * before the edit to the first GO line after it whose rest of the text is unchanged are
 * lexed again; the rest are copied from the previous result (the ones after the edit
 * shifted). The result is the same as lexing the whole text.
 */
export function lex(text: string, resume?: LexResume): LexResult {
  const r = lexTokens(text, resume);
  // exact lengths, so that a re-lexed result equals a fresh one
  const c = r.count;
  if (r.kind.length !== c) {
    r.kind = r.kind.subarray(0, c);
    r.start = r.start.subarray(0, c);
    r.end = r.end.subarray(0, c);
    r.flags = r.flags.subarray(0, c);
  }
  return r;
}

/** Token arrays a caller lends lexTokens() to fill (their length is the capacity). */
export interface TokenArrays {
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  flags: Uint8Array;
}

/** lex() without trimming the token arrays to their count (for dynamic SQL, read once and dropped). */
export function lexTokens(text: string, resume?: LexResume, reuse?: TokenArrays): LexResult {
  const n = text.length;
  const prev = resume?.prev;
  let cap = prev ? Math.max(64, prev.count + (Math.abs(resume!.delta) >> 1) + 64) : Math.max(64, (n >> 2) + 16);
  if (reuse && reuse.kind.length < cap) reuse = undefined;
  if (reuse) cap = reuse.kind.length;
  let kind = reuse ? reuse.kind : new Uint8Array(cap);
  let start = reuse ? reuse.start : new Int32Array(cap);
  let end = reuse ? reuse.end : new Int32Array(cap);
  let flags = reuse ? reuse.flags : new Uint8Array(cap);
  let count = 0;
  const goCount = new Map<number, number>();
  const comments: Comment[] = [];
  const sqlcmdLines: { start: number; end: number }[] = [];
  let i = 0;
  /** True while nothing but whitespace has been seen on the current line. */
  let atLineStart = true;
  if (prev && resume) {
    count = resume.fromTok;
    kind.set(prev.kind.subarray(0, count));
    start.set(prev.start.subarray(0, count));
    end.set(prev.end.subarray(0, count));
    flags.set(prev.flags.subarray(0, count));
    for (const [t, r] of prev.goCount) if (t < count) goCount.set(t, r);
    for (const c of prev.comments) {
      if (c.start >= resume.from) break;
      comments.push(c);
    }
    for (const l of prev.sqlcmdLines) {
      if (l.start >= resume.from) break;
      sqlcmdLines.push(l);
    }
    i = resume.from;
    atLineStart = i === 0;
    resume.syncPrev = -1;
    resume.syncNew = -1;
  }

  const grow = (): void => {
    cap *= 2;
    kind = widened(kind, cap);
    start = widened(start, cap);
    end = widened(end, cap);
    flags = widened(flags, cap);
  };
  const push = (k: Tok, s: number, e: number, f = 0): void => {
    if (count === cap) grow();
    kind[count] = k;
    start[count] = s;
    end[count] = e;
    flags[count] = f;
    count++;
  };

  // Template-placeholder scans never look at a character twice: a failed scan means no
  // '<' lies between its start and where it stopped, so later scans start further on.
  let placeholderScanLimit = -1;

  scan: while (i < n) {
    const c = text.charCodeAt(i);
    // Fast paths for the common ASCII characters, by a table lookup.
    if (c < 128) {
      const cl = CHAR_CLASS[c];
      if (cl === C_SPACE) {
        i++;
        continue;
      }
      if (cl === C_NEWLINE) {
        atLineStart = true;
        i++;
        continue;
      }
      // a word (not GO at the start of a line, not N'...')
      if (cl === C_WORD && !(atLineStart && (c === 71 || c === 103)) && !((c === 78 || c === 110) && i + 1 < n && text.charCodeAt(i + 1) === 39)) {
        atLineStart = false;
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d < 128 ? CHAR_CLASS[d] < C_IDENT_PART : false) break;
          j++;
        }
        if (count === cap) grow();
        kind[count] = Tok.Ident;
        start[count] = i;
        end[count] = j;
        flags[count] = 0;
        count++;
        i = j;
        continue;
      }
      if (cl === C_PUNCT) {
        // one-character punctuation that starts nothing longer
        atLineStart = false;
        if (count === cap) grow();
        kind[count] = Tok.Punct;
        start[count] = i;
        end[count] = i + 1;
        flags[count] = 0;
        count++;
        i++;
        continue;
      }
    } else if (isSpace(c)) {
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
          if (prev && resume && i >= resume.sameFrom) {
            const t = findToken(prev, i - resume.delta, resume.fromTok);
            if (t >= 0 && prev.kind[t] === Tok.Go) {
              // caught up: the rest is prev's, shifted
              const d = resume.delta;
              const shift = count - 1 - t;
              const more = prev.count - t - 1;
              while (count + more > cap) grow();
              kind.set(prev.kind.subarray(t + 1, prev.count), count);
              flags.set(prev.flags.subarray(t + 1, prev.count), count);
              for (let k = t + 1; k < prev.count; k++) {
                start[k + shift] = prev.start[k] + d;
                end[k + shift] = prev.end[k] + d;
              }
              count += more;
              for (const [g, r] of prev.goCount) if (g > t) goCount.set(g + shift, r);
              const goStart = i - d;
              for (const c of prev.comments) {
                if (c.start < goStart) continue;
                comments.push({ start: c.start + d, end: c.end + d, bodyStart: c.bodyStart + d, bodyEnd: c.bodyEnd + d, block: c.block, unterminated: c.unterminated });
              }
              for (const l of prev.sqlcmdLines) if (l.start >= goStart) sqlcmdLines.push({ start: l.start + d, end: l.end + d });
              resume.syncPrev = t;
              resume.syncNew = count - more - 1;
              break scan;
            }
          }
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

/** Index of prev's token starting at `offset` (searching from token `from`), or -1. */
function findToken(prev: LexResult, offset: number, from: number): number {
  let lo = from;
  let hi = prev.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = prev.start[mid];
    if (s === offset) return mid;
    if (s < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
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

