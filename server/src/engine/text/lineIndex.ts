/**
 * Offsets <-> line/column for one text. Offsets and columns count UTF-16 code units,
 * which is what JavaScript strings index and what LSP uses by default. A line ends at
 * "\n", "\r\n" or "\r", as LSP defines it.
 */

/** A zero-based position, the LSP way. */
export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  /** Offset of the first character of each line. */
  /** A typed array: an edit makes a new index, and a plain array grown by push allocates about three times its size. */
  private readonly lineStarts: Int32Array;

  /** `lineStarts` is for `edited()`, which knows them; otherwise they are found in the text. */
  constructor(
    readonly text: string,
    lineStarts?: Int32Array,
  ) {
    if (lineStarts) this.lineStarts = lineStarts;
    else {
      const starts = [0];
      pushLineStarts(text, 1, text.length, starts);
      this.lineStarts = Int32Array.from(starts);
    }
  }

  /**
   * The index of `text`, an edit of `prev.text` that kept its first `same` and last `sameEnd`
   * characters (not overlapping): the line starts in the kept parts are prev's, those after
   * the edit moved, and only the edited middle is searched. Equal to `new LineIndex(text)`;
   * the language server needs one after every edit, for a file of any length.
   */
  static edited(prev: LineIndex, text: string, same: number, sameEnd: number): LineIndex {
    const old = prev.lineStarts;
    const delta = text.length - prev.text.length;
    // A line starts at s > 0 when text[s - 1] is "\n", or "\r" not followed by "\n" at s:
    // two characters decide, so a start is prev's when both are in a kept part.
    const middleFrom = Math.max(1, same);
    const middleTo = text.length - sameEnd; // last start decided by the middle
    const before = firstAtOrAfter(old, middleFrom); // prev's starts [0, before) are kept
    const after = firstAtOrAfter(old, middleTo + 1 - delta); // and [after, end) moved
    const middle: number[] = [];
    pushLineStarts(text, middleFrom, middleTo, middle);
    const starts = new Int32Array(before + middle.length + old.length - after);
    starts.set(old.subarray(0, before));
    starts.set(middle, before);
    for (let i = after, j = before + middle.length; i < old.length; i++, j++) starts[j] = old[i] + delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Zero-based line and character of an offset (clamped into the text). */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    return { line, character: o - this.lineStarts[line] };
  }

  /** Offset of a zero-based position; a character past the line's end clamps to it. */
  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const end = this.lineContentEnd(pos.line);
    return Math.max(start, Math.min(start + Math.max(0, pos.character), end));
  }

  /** Zero-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** Offset just before the line break of a line (or the end of the text). */
  lineContentEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    let end = this.lineStarts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** The line break a file uses, taken from its first line: "\r\n", "\r" or "\n". */
  eol(): string {
    if (this.lineStarts.length < 2) return '\n';
    const e = this.lineStarts[1];
    if (this.text.charCodeAt(e - 1) === 10) return e >= 2 && this.text.charCodeAt(e - 2) === 13 ? '\r\n' : '\n';
    return '\r';
  }

  /** Leading spaces and tabs of the line that holds an offset. */
  indentAt(offset: number): string {
    const start = this.lineStart(this.lineOf(offset));
    let i = start;
    while (i < this.text.length) {
      const c = this.text.charCodeAt(i);
      if (c !== 32 && c !== 9) break;
      i++;
    }
    return this.text.slice(start, i);
  }
}

/**
 * Appends to `starts` the line starts s of `text` with from <= s <= to (from >= 1), in order.
 * indexOf finds line breaks several times faster than a loop over every character.
 */
function pushLineStarts(text: string, from: number, to: number, starts: number[]): void {
  // the break that starts a line at s ends at s - 1
  let lf = text.indexOf('\n', from - 1);
  let cr = text.indexOf('\r', from - 1);
  while (lf >= 0 || cr >= 0) {
    let s: number;
    if (cr < 0 || (lf >= 0 && lf < cr)) {
      s = lf + 1;
      lf = text.indexOf('\n', s);
    } else if (lf === cr + 1) {
      // "\r\n": one line break
      s = lf + 1;
      lf = text.indexOf('\n', s);
      cr = text.indexOf('\r', s);
    } else {
      s = cr + 1;
      cr = text.indexOf('\r', s);
    }
    if (s > to) return;
    if (s >= from) starts.push(s);
  }
}

/** Index of the first of the ascending `starts` that is at least `offset` (starts.length when none is). */
function firstAtOrAfter(starts: Int32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The offset of the line break (CR or LF, as LineIndex counts them) ending the line that
 * holds `offset`, or the text's length on the last line; `limit` when none comes before it
 * (a caller that only needs to know whether the line ends before `limit` must say so: a
 * search per key to the end of a 1 MB line is quadratic).
 */
export function lineEndAt(text: string, offset: number, limit = text.length): number {
  const end = Math.min(limit, text.length);
  for (let i = Math.max(0, offset); i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return end;
}
