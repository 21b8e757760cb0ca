/**
 * Text decoded out of string literals (dynamic SQL), with every character mapped back to
 * the file offsets it came from, so findings inside `EXEC('...')` point into the file.
 */

export interface MappedText {
  text: string;
  /** File offset where each character's source starts (a `''` pair maps to its first quote). */
  srcStart: Int32Array;
  /** File offset where each character's source ends. */
  srcEnd: Int32Array;
  /** File offset just after the last character (before the closing quote). */
  endOffset: number;
}

/** Maps a [start, end) range in mapped text to file offsets. */
export function mapRange(m: MappedText, start: number, end: number): { start: number; end: number } {
  const len = m.text.length;
  const s = start >= len ? m.endOffset : m.srcStart[Math.max(0, start)];
  const e = end <= start ? s : end > len ? m.endOffset : m.srcEnd[end - 1];
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
    srcStart.set(p.srcStart, k);
    srcEnd.set(p.srcEnd, k);
    k += p.text.length;
  }
  return { text: parts.map((p) => p.text).join(''), srcStart, srcEnd, endOffset: parts[parts.length - 1].endOffset };
}

/**
 * Decodes one string literal's source `raw` (quotes included, optional N prefix) found
 * at [rawStart, rawEnd) of the current text, mapping through `outer` when the current
 * text is itself mapped.
 */
export function decodeLiteral(raw: string, rawStart: number, unterminated: boolean, mapStart: (o: number) => number, mapEnd: (o: number) => number): MappedText {
  let i = raw.charCodeAt(0) === 39 ? 1 : 2;
  const stop = unterminated ? raw.length : raw.length - 1;
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let segment = i;
  while (i < stop) {
    if (raw.charCodeAt(i) === 39 && i + 1 < stop && raw.charCodeAt(i + 1) === 39) {
      if (segment < i) pushSegment(raw, segment, i);
      chars.push("'");
      starts.push(mapStart(rawStart + i));
      ends.push(mapEnd(rawStart + i + 2));
      i += 2;
      segment = i;
    } else i++;
  }
  if (segment < stop) pushSegment(raw, segment, stop);
  const text = chars.join('');
  return { text, srcStart: Int32Array.from(starts), srcEnd: Int32Array.from(ends), endOffset: mapStart(rawStart + stop) };

  function pushSegment(src: string, a: number, b: number): void {
    chars.push(src.slice(a, b));
    for (let k = a; k < b; k++) {
      starts.push(mapStart(rawStart + k));
      ends.push(mapEnd(rawStart + k + 1));
    }
  }
}
