/** One T-SQL file read into facts: statements, directives and suppressions. */
import { Directive, SettingDirective, SuppressionDirective, parseDirectives } from '../directives';
import { LineIndex } from '../text/lineIndex';
import { lex } from '../tsql/lexer';
import { ParseResult, RowsDirective, parseScript } from '../tsql/parser';
import type { FileId, Range } from '../types';

export interface SqlScript {
  file: FileId;
  text: string;
  /** Line starts, built on first use (a file without findings may never need them). */
  readonly lines: LineIndex;
  parse: ParseResult;
  /** From `-- memlint: instance=NAME`. */
  instance?: { name: string; range: Range };
  suppressions: SuppressionDirective[];
  settings: SettingDirective[];
}

export function readSqlScript(file: FileId, text: string): SqlScript {
  const lx = lex(text);
  const directives: Directive[] = [];
  // Most comments are not directives: look only at those holding the word "memlint"
  // (comments are in file order, so one forward walk pairs them up).
  let c = 0;
  for (let at = text.indexOf('memlint'); at >= 0 && c < lx.comments.length; at = text.indexOf('memlint', at + 7)) {
    while (c < lx.comments.length && lx.comments[c].end <= at) c++;
    const cm = lx.comments[c];
    if (!cm || cm.start > at) continue;
    directives.push(...parseDirectives(text.slice(cm.bodyStart, cm.bodyEnd), cm.bodyStart, { start: cm.start, end: cm.end }));
    at = cm.end - 7; // one comment is read once
    c++;
  }
  const suppressions = directives.filter((d): d is SuppressionDirective => d.kind === 'suppression');
  const settings = directives.filter((d): d is SettingDirective => d.kind === 'setting');
  const rows: RowsDirective[] = [];
  for (const s of settings) {
    if (s.key !== 'rows') continue;
    const count = Number(s.value.replace(/[_,]/g, ''));
    if (Number.isSafeInteger(count) && count >= 0) rows.push({ count, range: s.valueRange });
  }
  let lines: LineIndex | undefined;
  const script: SqlScript = {
    file,
    text,
    get lines() {
      return (lines ??= new LineIndex(text));
    },
    parse: parseScript(lx, rows),
    suppressions,
    settings,
  };
  const inst = settings.find((s) => s.key === 'instance');
  if (inst) script.instance = { name: inst.value, range: inst.valueRange };
  return script;
}
