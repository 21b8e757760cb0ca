/** Converting engine findings (offsets) into 1-based lines and columns for output. */
import * as path from 'path';
import type { FileId, Finding, LineIndex, Range } from '../../engine';

export interface Located {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface FormatContext {
  cwd: string;
  lines(file: FileId): LineIndex | undefined;
}

/** displayPath's answers per context (a report names the same files thousands of times). */
const displayPaths = new WeakMap<FormatContext, Map<FileId, string>>();

/** A path relative to the working directory, with forward slashes. */
export function displayPath(ctx: FormatContext, file: FileId): string {
  let known = displayPaths.get(ctx);
  if (!known) displayPaths.set(ctx, (known = new Map()));
  let shown = known.get(file);
  if (shown === undefined) {
    const rel = path.relative(ctx.cwd, file);
    shown = (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file).split(path.sep).join('/');
    known.set(file, shown);
  }
  return shown;
}

export function locate(ctx: FormatContext, file: FileId, range: Range): Located {
  const li = ctx.lines(file);
  const s = li ? li.positionAt(range.start) : { line: 0, character: 0 };
  const e = li ? li.positionAt(range.end) : s;
  return { file: displayPath(ctx, file), line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
}

export function summarize(findings: Finding[]): Summary {
  const s: Summary = { errors: 0, warnings: 0, infos: 0, hints: 0 };
  for (const f of findings) {
    if (f.severity === 'error') s.errors++;
    else if (f.severity === 'warning') s.warnings++;
    else if (f.severity === 'info') s.infos++;
    else s.hints++;
  }
  return s;
}
