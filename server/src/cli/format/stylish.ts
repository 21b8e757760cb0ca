/** `--format stylish` (default): findings grouped by file, for people. */
import type { Finding, Severity } from '../../engine';
import { FormatContext, displayPath, locate, summarize } from './common';

export interface StylishOptions {
  color: boolean;
}

const COLORS: Record<Severity, string> = { error: '31', warning: '33', info: '36', hint: '90' };

export function formatStylish(findings: Finding[], ctx: FormatContext, opts: StylishOptions): string {
  const paint = (code: string, s: string) => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  let currentFile: string | undefined;
  for (const f of findings) {
    if (f.file !== currentFile) {
      if (currentFile !== undefined) lines.push('');
      currentFile = f.file;
      lines.push(paint('4', displayPath(ctx, f.file)));
    }
    const at = locate(ctx, f.file, f.range);
    const fixable = f.fixes.some((x) => x.applicability === 'safe') ? ' (fixable)' : '';
    lines.push(`  ${`${at.line}:${at.column}`.padEnd(8)} ${paint(COLORS[f.severity], f.severity.padEnd(7))} ${f.message}  ${paint('90', f.code + fixable)}`);
  }
  const s = summarize(findings);
  const total = findings.length;
  if (total === 0) return paint('32', '✔ no problems') + '\n';
  lines.push('');
  lines.push(
    paint(s.errors ? '31' : '33', `✖ ${total} problem${total === 1 ? '' : 's'} (${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.infos} info, ${s.hints} hint${s.hints === 1 ? '' : 's'})`),
  );
  return lines.join('\n') + '\n';
}
