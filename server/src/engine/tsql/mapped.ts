/**
 * Text decoded out of string literals (dynamic SQL), with every character mapped back to
 * the file offsets it came from, so findings inside `EXEC('...')` point into the file.
 */

export interface MappedText {
  text: string;
  /**
   * When each character comes from one source character, in a row from this file offset
   * on (a literal without `''`): character i maps to [base + i, base + i + 1). Otherwise
   * -1, and srcStart/srcEnd hold the map.
   */
  base: number;
  /** File offset where each character's source starts (a `''` pair maps to its first quote). */
  srcStart?: Int32Array;
  /** File offset where each character's source ends. */
  srcEnd?: Int32Array;
  /** File offset just after the last character (before the closing quote). */
  endOffset: number;
}

function srcStartOf(m: MappedText, i: number): number {
  return m.base >= 0 ? m.base + i : m.srcStart![i];
}
function srcEndOf(m: MappedText, i: number): number {
  return m.base >= 0 ? m.base + i + 1 : m.srcEnd![i];
}

/** Maps a [start, end) range in mapped text to file offsets. */
export function mapRange(m: MappedText, start: number, end: number): { start: number; end: number } {
  const len = m.text.length;
  const s = start >= len ? m.endOffset : srcStartOf(m, Math.max(0, start));
  const e = end <= start ? s : end > len ? m.endOffset : srcEndOf(m, end - 1);
  return { start: s, end: Math.max(s, e) };
}

/** Concatenates mapped pieces: `'a' + N'b'`. */
export function concatMapped(parts: MappedText[]): MappedText {
  if (parts.length === 1) return parts[0];
  let total = 0;
  for (const p of parts) total += p.text.length;
  const srcStart = new Int32Array(total);
  const srcEnd = new Int32Array(total);
  let k = 0;
  for (const p of parts) {
    const len = p.text.length;
    if (p.base >= 0) {
      for (let i = 0; i < len; i++) {
        srcStart[k + i] = p.base + i;
        srcEnd[k + i] = p.base + i + 1;
      }
    } else {
      srcStart.set(p.srcStart!, k);
      srcEnd.set(p.srcEnd!, k);
    }
    k += len;
  }
  return { text: parts.map((p) => p.text).join(''), base: -1, srcStart, srcEnd, endOffset: parts[parts.length - 1].endOffset };
}

/**
 * Decodes one string literal's source `raw` (quotes included, optional N prefix) found
 * at [rawStart, rawEnd) of the current text; `outer` maps the current text to the file
 * when it is itself dynamic SQL.
 */
export function decodeLiteral(raw: string, rawStart: number, unterminated: boolean, outer: MappedText | undefined): MappedText {
  const begin = raw.charCodeAt(0) === 39 ? 1 : 2;
  const stop = unterminated ? raw.length : raw.length - 1;
  const endOffset = outer ? (rawStart + stop < outer.text.length ? srcStartOf(outer, rawStart + stop) : outer.endOffset) : rawStart + stop;
  const quotes = raw.indexOf("''", begin);
  if ((quotes < 0 || quotes + 1 >= stop) && (!outer || outer.base >= 0)) {
    // no escapes: one character for one
    return { text: raw.slice(begin, Math.max(begin, stop)), base: (outer ? outer.base : 0) + rawStart + begin, endOffset };
  }
  const cap = Math.max(0, stop - begin);
  const srcStart = new Int32Array(cap);
  const srcEnd = new Int32Array(cap);
  let n = 0;
  let i = begin;
  while (i < stop) {
    // a run of characters up to the next quote, one for one
    let q = raw.indexOf("'", i);
    if (q < 0 || q > stop) q = stop;
    if (outer) {
      for (let k = i; k < q; k++, n++) {
        srcStart[n] = srcStartOf(outer, rawStart + k);
        srcEnd[n] = srcEndOf(outer, rawStart + k);
      }
    } else {
      for (let k = i; k < q; k++, n++) {
        srcStart[n] = rawStart + k;
        srcEnd[n] = rawStart + k + 1;
      }
    }
    if (q >= stop) break;
    // a doubled quote is one character of the decoded text
    const width = q + 1 < stop && raw.charCodeAt(q + 1) === 39 ? 2 : 1;
    const o = rawStart + q;
    srcStart[n] = outer ? srcStartOf(outer, o) : o;
    srcEnd[n] = outer ? srcEndOf(outer, o + width - 1) : o + width;
    n++;
    i = q + width;
  }
  const text = raw.slice(begin, Math.max(begin, stop)).replace(/''/g, "'");
  return { text, base: -1, srcStart: srcStart.subarray(0, n), srcEnd: srcEnd.subarray(0, n), endOffset };
}
