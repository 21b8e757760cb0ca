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
 */
export function applySuppressions(findings: Finding[], directives: SuppressionDirective[], lines: LineIndex, used?: SuppressionUse): Finding[] {
  if (!directives.length) return findings;
  const ordered = [...directives].sort((a, b) => a.comment.start - b.comment.start);
  return findings.filter((f) => {
    const line = lines.lineOf(f.range.start);
    let suppressedBy: SuppressionDirective | undefined;
    // memlint-disable ... memlint-enable: the last directive before the finding decides.
    let open: SuppressionDirective | undefined;
    for (const d of ordered) {
      if (d.comment.start > f.range.start) break;
      if (!covers(d, f.code)) continue;
      if (d.mode === 'disable') open = d;
      else if (d.mode === 'enable') open = undefined;
    }
    if (open) suppressedBy = open;
    for (const d of ordered) {
      if (suppressedBy) break;
      if (!covers(d, f.code)) continue;
      if (d.mode === 'file') suppressedBy = d;
      else if (d.mode === 'next-line' && lines.lineOf(d.comment.end) + 1 === line) suppressedBy = d;
    }
    if (suppressedBy) {
      if (used) {
        const codes = used.get(suppressedBy) ?? new Set<string>();
        codes.add(f.code);
        used.set(suppressedBy, codes);
      }
      return false;
    }
    return true;
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
