import type { SuppressionDirective } from '../directives';
import type { FileEdit, Range } from '../types';
import type { FileSuppressions, Rule } from './rule';

const WORDS: Record<SuppressionDirective['mode'], string> = {
  'next-line': 'memlint-disable-next-line',
  disable: 'memlint-disable',
  enable: 'memlint-enable',
  file: 'memlint-disable-file',
};

/** Removes a whole comment: with its line when the comment is alone on it, else with the blanks before it. */
function removeComment(f: FileSuppressions, c: Range): FileEdit {
  const line = f.lines.lineOf(c.start);
  const start = f.lines.lineStart(line);
  const contentEnd = f.lines.lineContentEnd(line);
  const alone = /^[ \t]*$/.test(f.text.slice(start, c.start)) && /^[ \t]*$/.test(f.text.slice(c.end, contentEnd)) && f.lines.lineOf(c.end) === line;
  if (alone) {
    const next = line + 1 < f.lines.lineCount ? f.lines.lineStart(line + 1) : contentEnd;
    return { file: f.file, range: { start, end: next }, newText: '' };
  }
  let s = c.start;
  while (s > start && /[ \t]/.test(f.text[s - 1])) s--;
  return { file: f.file, range: { start: s, end: c.end }, newText: '' };
}

/** Removes one code from a directive's list, with the comma that joins it to its neighbour. */
function removeCode(f: FileSuppressions, d: SuppressionDirective, index: number): FileEdit {
  const codes = d.codes;
  const range = index > 0 ? { start: codes[index - 1].range.end, end: codes[index].range.end } : { start: codes[0].range.start, end: codes[1].range.start };
  return { file: f.file, range, newText: '' };
}

/** CFG904 unused-suppression: a memlint-disable comment that suppressed nothing. */
export const CFG904: Rule = {
  code: 'CFG904',
  name: 'unused-suppression',
  meta: {
    description: 'A memlint-disable comment (or one of the codes it lists) suppressed no finding.',
    severity: 'hint',
    fixable: 'safe',
    scope: 'file',
    phase: 'after-suppressions',
  },
  check(ctx) {
    for (const f of ctx.suppressions ?? []) {
      for (const d of f.directives) {
        if (d.mode === 'enable') continue; // it suppresses nothing by itself
        const used = f.used.get(d);
        const where = d.mode === 'next-line' ? 'on the next line' : d.mode === 'file' ? 'in this file' : 'after it';
        const unused = d.codes.filter((c) => !used?.has(c.code));
        if (!used || (d.codes.length && unused.length === d.codes.length)) {
          const what = d.codes.length ? `${d.codes.map((c) => c.code).join(', ')} finding` : 'finding';
          ctx.report({
            file: f.file,
            range: d.comment,
            message: `${WORDS[d.mode]} suppresses nothing: memlint reports no ${what} ${where}. Remove it, so it does not hide a future problem.`,
            fixes: [{ title: `Remove this ${WORDS[d.mode]} comment`, applicability: 'safe', edits: [removeComment(f, d.comment)] }],
          });
          continue;
        }
        for (const c of unused) {
          ctx.report({
            file: f.file,
            range: c.range,
            message: `${c.code} in ${WORDS[d.mode]} suppresses nothing: memlint reports no ${c.code} finding ${where}. Remove the code.`,
            fixes: [{ title: `Remove ${c.code} from this ${WORDS[d.mode]} comment`, applicability: 'safe', edits: [removeCode(f, d, d.codes.indexOf(c))] }],
          });
        }
      }
    }
  },
};
