/**
 * Applies memlint-disable comments to a file's findings. The same logic serves every
 * syntax: readers only hand over the directives they found in comments.
 */
import type { SuppressionDirective } from './directives';
import type { LineIndex } from './text/lineIndex';
import type { Finding } from './types';

function covers(d: SuppressionDirective, code: string): boolean {
  return d.codes.length === 0 || d.codes.some((c) => c.code === code);
}

/** Which directives (and which of their codes) suppressed something, for CFG904. */
export type SuppressionUse = Map<SuppressionDirective, Set<string>>;

/**
 * Returns the findings no directive suppresses, and records in `used` the directive and
 * the code that suppressed each finding (for the unused-suppression report).
 *
 * A finding is suppressed by the last memlint-disable / memlint-enable for its code before
 * it, when that is a disable; otherwise by the first (in the file) memlint-disable-file for
 * its code, or memlint-disable-next-line for its code on the line above it. One pass over
 * the directives and the findings in file order: comparing every finding with every
 * directive took 1.8 s for 8,000 of each.
 */
export function applySuppressions(findings: Finding[], directives: SuppressionDirective[], lines: LineIndex, used?: SuppressionUse): Finding[] {
  if (!directives.length) return findings;
  const ordered = [...directives].sort((a, b) => a.comment.start - b.comment.start);
  const rank = new Map(ordered.map((d, i) => [d, i]));
  const earlier = (a: SuppressionDirective | undefined, b: SuppressionDirective | undefined) => (!a ? b : !b ? a : rank.get(a)! < rank.get(b)! ? a : b);
  const later = (a: SuppressionDirective | undefined, b: SuppressionDirective | undefined) => (!a ? b : !b ? a : rank.get(a)! > rank.get(b)! ? a : b);
  // memlint-disable-file: the first for each code, and the first for every code
  const fileByCode = new Map<string, SuppressionDirective>();
  let fileAll: SuppressionDirective | undefined;
  // memlint-disable-next-line: by the line they apply to, in file order
  const nextLine = new Map<number, SuppressionDirective[]>();
  for (const d of ordered) {
    if (d.mode === 'file') {
      if (!d.codes.length) fileAll ??= d;
      for (const c of d.codes) if (!fileByCode.has(c.code)) fileByCode.set(c.code, d);
    } else if (d.mode === 'next-line') {
      const line = lines.lineOf(d.comment.end) + 1;
      const list = nextLine.get(line);
      if (list) list.push(d);
      else nextLine.set(line, [d]);
    }
  }
  // memlint-disable ... memlint-enable: the last one for each code (and for every code) so
  // far, swept through the directives as the findings come in file order
  const rangeByCode = new Map<string, SuppressionDirective>();
  let rangeAll: SuppressionDirective | undefined;
  let next = 0;
  const byStart = findings.map((_, i) => i).sort((a, b) => findings[a].range.start - findings[b].range.start || a - b);
  const suppressedBy: (SuppressionDirective | undefined)[] = new Array(findings.length);
  for (const i of byStart) {
    const f = findings[i];
    for (; next < ordered.length && ordered[next].comment.start <= f.range.start; next++) {
      const d = ordered[next];
      if (d.mode !== 'disable' && d.mode !== 'enable') continue;
      if (!d.codes.length) rangeAll = d;
      for (const c of d.codes) rangeByCode.set(c.code, d);
    }
    const decides = later(rangeByCode.get(f.code), rangeAll);
    if (decides?.mode === 'disable') {
      suppressedBy[i] = decides;
      continue;
    }
    const onLine = nextLine.get(lines.lineOf(f.range.start))?.find((d) => covers(d, f.code));
    suppressedBy[i] = earlier(earlier(fileByCode.get(f.code), fileAll), onLine);
  }
  return findings.filter((f, i) => {
    const d = suppressedBy[i];
    if (!d) return true;
    if (used) {
      const codes = used.get(d) ?? new Set<string>();
      codes.add(f.code);
      used.set(d, codes);
    }
    return false;
  });
}

/**
 * The edit behind "Disable CODE for this line": a `memlint-disable-next-line CODE`
 * comment above the line that holds `offset`, in the file's syntax; when that comment
 * already exists, CODE is added to it.
 */
export function disableNextLineEdit(text: string, lines: LineIndex, offset: number, code: string, comment: (body: string) => string): { start: number; end: number; newText: string } {
  const line = lines.lineOf(offset);
  if (line > 0) {
    const prevStart = lines.lineStart(line - 1);
    const prev = text.slice(prevStart, lines.lineContentEnd(line - 1));
    const m = /memlint-disable-next-line((?:[ \t]*(?:,[ \t]*)?[A-Za-z]{2,3}\d{3})+)/.exec(prev);
    if (m) {
      const listed = m[1].split(/[\s,]+/).map((c) => c.toUpperCase());
      if (listed.includes(code.toUpperCase())) return { start: prevStart, end: prevStart, newText: '' };
      const at = prevStart + m.index + m[0].length;
      return { start: at, end: at, newText: `, ${code}` };
    }
  }
  const start = lines.lineStart(line);
  return { start, end: start, newText: `${lines.indentAt(start)}${comment(`memlint-disable-next-line ${code}`)}${lines.eol()}` };
}
