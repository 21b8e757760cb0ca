/** Text edits in offsets, and applying them without ever losing text outside their ranges. */

/** Replace [start, end) of one text with newText. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * Applies edits to a text. Edits are sorted by position; an edit that overlaps one
 * already taken is left out (and returned in `skipped`) so that a second pass, after
 * re-linting, can apply it to fresh positions. Identical edits count once.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: TextEdit[]; skipped: TextEdit[] } {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i)
    .map((x) => x.e);
  const applied: TextEdit[] = [];
  const skipped: TextEdit[] = [];
  let lastEnd = -1;
  let last: TextEdit | undefined;
  for (const e of sorted) {
    if (e.start < 0 || e.end < e.start || e.end > text.length) {
      skipped.push(e);
      continue;
    }
    if (last && e.start === last.start && e.end === last.end && e.newText === last.newText) continue;
    // Two insertions at the same point would interleave unpredictably: take the first only.
    if (e.start < lastEnd || (last && e.start === lastEnd && e.start === e.end && last.start === last.end && last.start === e.start)) {
      skipped.push(e);
      continue;
    }
    applied.push(e);
    lastEnd = e.end;
    last = e;
  }
  let out = '';
  let pos = 0;
  for (const e of applied) {
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  out += text.slice(pos);
  return { text: out, applied, skipped };
}
