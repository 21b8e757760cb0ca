import type { Rule } from './rule';

/**
 * CFG906 file-not-read: a file memlint would check is larger than `memlint.maxFileSize`
 * (CLI `--max-file-size`), so it is not read. Said once, at the top of the file, so a
 * reviewer knows its pools or VM settings were not checked rather than found fine.
 */
export const CFG906: Rule = {
  code: 'CFG906',
  name: 'file-not-read',
  meta: {
    description: 'A file memlint would check is larger than memlint.maxFileSize, so memlint did not read it and checked nothing in it.',
    severity: 'info',
    fixable: 'none',
    scope: 'file',
  },
  check(ctx) {
    for (const u of ctx.model.unreadFiles) {
      ctx.report({
        file: u.file,
        range: { start: 0, end: 0 },
        message: `memlint did not read this file: ${u.reason}. Nothing in it is checked, and other files' checks do not see it. Raise memlint.maxFileSize (CLI: --max-file-size) to read it.`,
      });
    }
  },
};
