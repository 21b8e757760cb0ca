/** One T-SQL file read into facts: statements, directives and suppressions. */
import { Directive, SettingDirective, SuppressionDirective, parseDirectives } from '../directives';
import { LineIndex } from '../text/lineIndex';
import { lex } from '../tsql/lexer';
import { ParseResult, RowsDirective, parseScript } from '../tsql/parser';
import type { FileId, Range } from '../types';

export interface SqlScript {
  file: FileId;
  text: string;
  lines: LineIndex;
  parse: ParseResult;
  /** From `-- memlint: instance=NAME`. */
  instance?: { name: string; range: Range };
  suppressions: SuppressionDirective[];
  settings: SettingDirective[];
}

export function readSqlScript(file: FileId, text: string): SqlScript {
  const lx = lex(text);
  const directives: Directive[] = [];
  for (const c of lx.comments) {
    // cheap test first: most comments are not directives
    const body = text.slice(c.bodyStart, c.bodyEnd);
    if (!body.includes('memlint')) continue;
    directives.push(...parseDirectives(body, c.bodyStart, { start: c.start, end: c.end }));
  }
  const suppressions = directives.filter((d): d is SuppressionDirective => d.kind === 'suppression');
  const settings = directives.filter((d): d is SettingDirective => d.kind === 'setting');
  const rows: RowsDirective[] = [];
  for (const s of settings) {
    if (s.key !== 'rows') continue;
    const count = Number(s.value.replace(/[_,]/g, ''));
    if (Number.isSafeInteger(count) && count >= 0) rows.push({ count, range: s.valueRange });
  }
  const script: SqlScript = { file, text, lines: new LineIndex(text), parse: parseScript(lx, rows), suppressions, settings };
  const inst = settings.find((s) => s.key === 'instance');
  if (inst) script.instance = { name: inst.value, range: inst.valueRange };
  return script;
}
