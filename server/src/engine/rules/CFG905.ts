import { FLAG_UNTERMINATED, Tok } from '../tsql/lexer';
import type { Rule } from './rule';

/** CFG905 unreadable-statement: a statement that starts like one memlint checks but can't be read; its checks are skipped. */
export const CFG905: Rule = {
  code: 'CFG905',
  name: 'unreadable-statement',
  meta: {
    description: 'A statement starts like one memlint checks (e.g. CREATE RESOURCE POOL) but could not be read, or an unterminated string, identifier or comment hides the rest of the file: memlint skips those checks and says so.',
    severity: 'warning',
    fixable: 'none',
    scope: 'file',
    unit: 'script',
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      for (const u of script.parse.unreadable) {
        ctx.report({
          file: script.file,
          range: u.range,
          message: u.problem
            ? `memlint can't read this statement: ${u.problem}. memlint skips its checks.`
            : `memlint can't read this statement: expected ${u.expected}. SQL Server will likely reject it too; memlint skips its checks.`,
        });
      }
      // An unterminated literal or comment swallows the rest of the file.
      const lx = script.parse.lex;
      const report = (start: number, what: string) => {
        // lines of the file, not counting the empty one after a final line break
        const lastLine = script.lines.lineCount - (script.lines.lineStart(script.lines.lineCount - 1) === script.text.length && script.lines.lineCount > 1 ? 1 : 0);
        const line = script.lines.lineOf(start);
        ctx.report({
          file: script.file,
          range: { start, end: Math.max(start + 1, script.lines.lineContentEnd(line)) },
          message: `Unterminated ${what}: it runs to the end of the file, so memlint checks nothing after line ${line + 1} (of ${lastLine}).`,
        });
      };
      // an unterminated string or quoted identifier runs to the end of the text, so only
      // the last token can be one (the lexer's property test checks this)
      const t = lx.count - 1;
      if (t >= 0 && (lx.flags[t] & FLAG_UNTERMINATED) !== 0) {
        const k = lx.kind[t];
        if (k === Tok.String) report(lx.start[t], 'string literal');
        else if (k === Tok.QuotedIdent) report(lx.start[t], 'quoted identifier');
      }
      for (const c of lx.comments) if (c.unterminated) report(c.start, 'block comment (/* without */)');
    }
  },
};
