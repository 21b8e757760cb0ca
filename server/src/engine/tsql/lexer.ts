/**
 * T-SQL lexer. One pass over the text, no backtracking beyond a bounded few characters
 * (its regular expressions match runs of a character class): every character is looked at
 * a bounded number of times, so time is linear in the input. It never throws: an unterminated string, identifier or comment runs to the end of the
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
/** Whitespace, including the Unicode spaces SQL Server accepts between tokens. */
const isSpace = (c: number): boolean =>
  c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x3000 || (c >= 0x2000 && c <= 0x200b);

/**
 * Character classes of ASCII, for the lexer's dispatch. Anything from 128 on is a space
 * (isSpace) or starts an identifier.
 */
const C_SPACE = 0;
const C_NEWLINE = 1;
/** Punctuation that is a token of its own whatever follows, and any other ASCII character the classes below don't name. */
const C_PUNCT = 2;
/** Letters but g, n; `_` and `#`. */
const C_WORD = 3;
/** `g`, `G`: a GO line at the start of a line. */
const C_G = 4;
/** `n`, `N`: N'national string'. */
const C_N = 5;
const C_DIGIT = 6;
const C_QUOTE = 7;
const C_BRACKET = 8;
const C_DQUOTE = 9;
const C_AT = 10;
const C_DOLLAR = 11;
const C_MINUS = 12;
const C_SLASH = 13;
const C_DOT = 14;
const C_LT = 15;
/** `:` and `!`: SQLCMD command lines at the start of a line. */
const C_SQLCMD = 16;
const CHAR_CLASS = new Uint8Array(128).fill(C_PUNCT);
for (let c = 0; c < 128; c++) {
  if (c === 32 || c === 9 || c === 11 || c === 12) CHAR_CLASS[c] = C_SPACE;
  else if (c === 10 || c === 13) CHAR_CLASS[c] = C_NEWLINE;
  else if (c === 71 || c === 103) CHAR_CLASS[c] = C_G;
  else if (c === 78 || c === 110) CHAR_CLASS[c] = C_N;
  else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 35) CHAR_CLASS[c] = C_WORD;
  else if (c >= 48 && c <= 57) CHAR_CLASS[c] = C_DIGIT;
}
CHAR_CLASS[39] = C_QUOTE;
CHAR_CLASS[91] = C_BRACKET;
CHAR_CLASS[34] = C_DQUOTE;
CHAR_CLASS[64] = C_AT;
CHAR_CLASS[36] = C_DOLLAR;
CHAR_CLASS[45] = C_MINUS;
CHAR_CLASS[47] = C_SLASH;
CHAR_CLASS[46] = C_DOT;
CHAR_CLASS[60] = C_LT;
CHAR_CLASS[58] = C_SQLCMD;
CHAR_CLASS[33] = C_SQLCMD;

/*
 * Runs of characters are skipped with sticky regular expressions (set lastIndex, test(),
 * read lastIndex): they run as native code from the start and allocate nothing, where a
 * loop over charCodeAt runs in the interpreter until the optimizing compiler catches up,
 * which on a cold start (the CLI) is most of the time. Each can match the empty string, so
 * test() always succeeds and lastIndex is the end of the run. Without the `u` flag they
 * work on UTF-16 code units, as the rest of the lexer does. They are shared: lexTokens
 * sets lastIndex before every use and never calls itself.
 */
/** The rest of an identifier (isIdentPart). */
const IDENT_REST = /[0-9A-Za-z_#@$\u0080-\uffff]*/y;
/** Whitespace including line breaks (isSpace). */
const BLANKS = /[ \t\n\v\f\r\u00a0\ufeff\u3000\u2000-\u200b]*/y;
/** The rest of a line. */
const LINE_REST = /[^\n\r]*/y;
/** A number: `42`, `1.5`, `1e3`, `0x1F` (an exponent only with digits). */
const NUMBER = /0[xX][0-9A-Fa-f]*|[0-9]*(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?/y;
/** Tabs and spaces. */
const TABS = /[ \t]*/y;
/** Digits. */
const DIGITS = /[0-9]*/y;

/** End of the run of `re` starting at `i`. */
function runEnd(re: RegExp, text: string, i: number): number {
  re.lastIndex = i;
  re.test(text);
  return re.lastIndex;
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
  const kind = reuse ? reuse.kind : new Uint8Array(cap);
  const start = reuse ? reuse.start : new Int32Array(cap);
  const end = reuse ? reuse.end : new Int32Array(cap);
  const flags = reuse ? reuse.flags : new Uint8Array(cap);
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
  // the arrays scanTokens fills, replaced there by larger copies when they are full
  const a: TokenArrays = { kind, start, end, flags };
  count = scanTokens(text, i, atLineStart, a, count, goCount, comments, sqlcmdLines, resume);
  return { text, count, kind: a.kind, start: a.start, end: a.end, flags: a.flags, goCount, comments, sqlcmdLines };
}

/**
 * The lexer's loop: lexes text from `i` into `a` from token `count` on, and returns the
 * number of tokens. A function of its own, apart from lexTokens' set-up and result, which
 * it returns to only at the end: the optimizing compiler compiles it while it runs (on-stack
 * replacement), and code after the loop that had never run before would have no type
 * feedback there, so reaching it threw the optimized code away, and every later lex (one per
 * EXEC of dynamic SQL) ran unoptimized until it was compiled again.
 */
function scanTokens(
  text: string,
  i: number,
  atLineStart: boolean,
  a: TokenArrays,
  count: number,
  goCount: Map<number, number>,
  comments: Comment[],
  sqlcmdLines: { start: number; end: number }[],
  resume: LexResume | undefined,
): number {
  const n = text.length;
  const prev = resume?.prev;
  let kind = a.kind;
  let start = a.start;
  let end = a.end;
  let flags = a.flags;
  let cap = kind.length;
  // Template-placeholder scans never look at a character twice: a failed scan means no
  // '<' lies between its start and where it stopped, so later scans start further on.
  let placeholderScanLimit = -1;
  const identRest = IDENT_REST;

  // Each turn either skips trivia (`continue`) or sets the token's kind, end and flags
  // (`break` out of the switch) for the one push at the bottom. The loop stays small and
  // the rare cases live in functions: on a cold start it runs in the interpreter first.
  scan: while (i < n) {
    const c = text.charCodeAt(i);
    let k = Tok.Punct;
    let e = i + 1;
    let f = 0;
    switch (c < 128 ? CHAR_CLASS[c] : isSpace(c) ? C_SPACE : C_WORD) {
      case C_SPACE:
        i++;
        continue;
      case C_NEWLINE:
        atLineStart = true;
        BLANKS.lastIndex = i + 1;
        BLANKS.test(text);
        i = BLANKS.lastIndex;
        continue;
      case C_PUNCT:
        break;
      case C_G:
        if (atLineStart && (text.charCodeAt(i + 1) | 32) === 111 && matchGoLine(text, i) >= 0) {
          // GO [count] alone on its line separates batches; a trailing -- comment is lexed as a comment
          e = runEnd(DIGITS, text, runEnd(TABS, text, i + 2));
          goCount.set(count, goRepeat(text, i, e));
          k = Tok.Go;
        } else {
          k = Tok.Ident;
          e = runEnd(identRest, text, e);
        }
        break;
      case C_WORD:
        k = Tok.Ident;
        e = runEnd(identRest, text, e);
        break;
      case C_N:
        if (text.charCodeAt(i + 1) === 39) {
          e = scanQuoted(text, i + 1, 39);
          k = Tok.String;
          f = e < 0 ? FLAG_NATIONAL | FLAG_UNTERMINATED : FLAG_NATIONAL;
          if (e < 0) e = n;
        } else {
          k = Tok.Ident;
          e = runEnd(identRest, text, e);
        }
        break;
      case C_DIGIT:
        k = Tok.Number;
        e = runEnd(NUMBER, text, i);
        break;
      case C_QUOTE:
      case C_BRACKET:
      case C_DQUOTE:
        // 'string', [identifier] or "identifier", to the closing character (c, or ] for [)
        k = c === 39 ? Tok.String : Tok.QuotedIdent;
        e = scanQuoted(text, i, c === 91 ? 93 : c);
        if (e < 0) {
          e = n;
          f = FLAG_UNTERMINATED;
        }
        break;
      case C_AT:
        k = Tok.Variable;
        e = runEnd(identRest, text, i + 1);
        break;
      case C_DOLLAR: {
        const d = text.charCodeAt(i + 1);
        if (d === 40) {
          // $(sqlcmd variable)
          k = Tok.SqlcmdVar;
          e = sqlcmdVarEnd(text, i);
          if (e < 0) {
            e = -e;
            f = FLAG_UNTERMINATED;
          }
        } else if (isDigit(d) || d === 46) {
          k = Tok.Number;
          e = runEnd(NUMBER, text, i + 1);
        } else {
          k = Tok.Ident;
          e = runEnd(identRest, text, i + 1);
        }
        break;
      }
      case C_MINUS:
        if (text.charCodeAt(i + 1) === 45) {
          i = lineComment(text, i, comments);
          atLineStart = false;
          continue;
        }
        break;
      case C_SLASH:
        if (text.charCodeAt(i + 1) === 42) {
          i = blockComment(text, i, comments);
          atLineStart = false;
          continue;
        }
        break;
      case C_DOT:
        if (isDigit(text.charCodeAt(i + 1))) {
          k = Tok.Number;
          e = runEnd(NUMBER, text, i);
        }
        break;
      case C_LT:
        if (i > placeholderScanLimit) {
          const r = scanPlaceholder(text, i);
          if (r > 0) {
            k = Tok.Placeholder;
            e = r;
          } else placeholderScanLimit = -r;
        }
        break;
      case C_SQLCMD:
        // SQLCMD commands: ':setvar', ':r', ':on error', '!! shell' lines.
        if (atLineStart && (c === 58 ? isIdentStart(text.charCodeAt(i + 1)) : text.charCodeAt(i + 1) === 33)) {
          const j = runEnd(LINE_REST, text, i);
          sqlcmdLines.push({ start: i, end: j });
          i = j;
          continue;
        }
        break;
    }
    atLineStart = false;
    if (count === cap) {
      cap *= 2;
      a.kind = kind = widened(kind, cap);
      a.start = start = widened(start, cap);
      a.end = end = widened(end, cap);
      a.flags = flags = widened(flags, cap);
    }
    kind[count] = k;
    start[count] = i;
    end[count] = e;
    flags[count] = f;
    count++;
    if (k === Tok.Go && prev && resume && i >= resume.sameFrom) {
      const t = findToken(prev, i - resume.delta, resume.fromTok);
      if (t >= 0 && prev.kind[t] === Tok.Go) {
        // caught up: the rest is prev's, shifted
        const more = prev.count - t - 1;
        if (count + more > cap) {
          while (count + more > cap) cap *= 2;
          a.kind = kind = widened(kind, cap);
          a.start = start = widened(start, cap);
          a.end = end = widened(end, cap);
          a.flags = flags = widened(flags, cap);
        }
        catchUp(prev, resume, t, i, a, count, goCount, comments, sqlcmdLines);
        count += more;
        break scan;
      }
    }
    // most tokens are followed by one space: skip it here rather than in a turn of its own
    // (within bounds: reading past the end, at the last token, threw the optimized code away)
    i = e < n && text.charCodeAt(e) === 32 ? e + 1 : e;
  }
  return count;
}

/**
 * Copies prev's tokens, comments and SQLCMD lines after its Go token `t` (which the new Go
 * token count - 1, at offset `i`, matches) into the new result, shifted.
 */
function catchUp(
  prev: LexResult,
  resume: LexResume,
  t: number,
  i: number,
  a: TokenArrays,
  count: number,
  goCount: Map<number, number>,
  comments: Comment[],
  sqlcmdLines: { start: number; end: number }[],
): void {
  const d = resume.delta;
  const shift = count - 1 - t;
  a.kind.set(prev.kind.subarray(t + 1, prev.count), count);
  a.flags.set(prev.flags.subarray(t + 1, prev.count), count);
  for (let k = t + 1; k < prev.count; k++) {
    a.start[k + shift] = prev.start[k] + d;
    a.end[k + shift] = prev.end[k] + d;
  }
  for (const [g, r] of prev.goCount) if (g > t) goCount.set(g + shift, r);
  const goStart = i - d;
  for (const c of prev.comments) {
    if (c.start < goStart) continue;
    comments.push({ start: c.start + d, end: c.end + d, bodyStart: c.bodyStart + d, bodyEnd: c.bodyEnd + d, block: c.block, unterminated: c.unterminated });
  }
  for (const l of prev.sqlcmdLines) if (l.start >= goStart) sqlcmdLines.push({ start: l.start + d, end: l.end + d });
  resume.syncPrev = t;
  resume.syncNew = count - 1;
}

/** The repeat count of the GO line at `i` whose token ends at `e` (1 when none is written). */
function goRepeat(text: string, i: number, e: number): number {
  let j = runEnd(TABS, text, i + 2);
  if (j === e) return 1;
  let v = 0;
  for (; j < e; j++) v = Math.min(v * 10 + (text.charCodeAt(j) - 48), 1_000_000_000);
  return v;
}

/** `-- line comment` at `i`: records it, returns its end. */
function lineComment(text: string, i: number, comments: Comment[]): number {
  const j = runEnd(LINE_REST, text, i + 2);
  comments.push({ start: i, end: j, bodyStart: i + 2, bodyEnd: j, block: false, unterminated: false });
  return j;
}

/** `/* block comment *\/` at `i`, nested: records it, returns its end. */
function blockComment(text: string, i: number, comments: Comment[]): number {
  const n = text.length;
  let depth = 1;
  let j = i + 2;
  // only '*' and '/' matter: jump to the next of either (each found once, so linear)
  let star = text.indexOf('*', j);
  let slash = text.indexOf('/', j);
  while (depth > 0) {
    if (star >= 0 && star < j) star = text.indexOf('*', j);
    if (slash >= 0 && slash < j) slash = text.indexOf('/', j);
    const a = star < 0 ? slash : slash < 0 ? star : Math.min(star, slash);
    if (a < 0 || a + 1 >= n) {
      j = n;
      break;
    }
    const d = text.charCodeAt(a + 1);
    if (a === slash && d === 42) {
      depth++;
      j = a + 2;
    } else if (a === star && d === 47) {
      depth--;
      j = a + 2;
    } else j = a + 1;
  }
  const closed = depth === 0;
  comments.push({ start: i, end: j, bodyStart: i + 2, bodyEnd: closed ? j - 2 : j, block: true, unterminated: !closed });
  return j;
}

/** `$(name)` at `i`: its end after `)`, or minus its end at the end of the line or text when unclosed. */
function sqlcmdVarEnd(text: string, i: number): number {
  const n = text.length;
  let j = i + 2;
  while (j < n && text.charCodeAt(j) !== 41 && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
  return j < n && text.charCodeAt(j) === 41 ? j + 1 : -j;
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
