/**
 * `--format json`: a stable shape for scripts and CI (version 1). Lines and columns are
 * 1-based; columns count UTF-16 code units, as LSP does.
 */
import type { Finding } from '../../engine';
import { FormatContext, locate } from './common';

export function formatJson(findings: Finding[], ctx: FormatContext): string {
  const out = {
    version: 1,
    findings: findings.map((f) => {
      const at = locate(ctx, f.file, f.range);
      return {
        file: at.file,
        line: at.line,
        column: at.column,
        endLine: at.endLine,
        endColumn: at.endColumn,
        code: f.code,
        name: f.name,
        severity: f.severity,
        message: f.message,
        fixes: f.fixes.map((x) => ({
          title: x.title,
          applicability: x.applicability,
          edits: x.edits.map((e) => {
            const r = locate(ctx, e.file, e.range);
            return { file: r.file, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn, newText: e.newText };
          }),
        })),
        related: f.related.map((r) => {
          const l = locate(ctx, r.file, r.range);
          return { file: l.file, line: l.line, column: l.column, message: r.message };
        }),
      };
    }),
  };
  return JSON.stringify(out, null, 2) + '\n';
}
