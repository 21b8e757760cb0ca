/**
 * `--format github`: GitHub Actions workflow commands, so findings appear as annotations on
 * the pull request: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
 */
import type { Finding, Severity } from '../../engine';
import { FormatContext, locate } from './common';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** Escaping of workflow command data (the message). */
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of workflow command properties (file, title), which also can't hold ':' or ','. */
function property(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(findings: Finding[], ctx: FormatContext): string {
  return findings
    .map((f) => {
      const at = locate(ctx, f.file, f.range);
      return `::${COMMAND[f.severity]} file=${property(at.file)},line=${at.line},col=${at.column},endLine=${at.endLine},endColumn=${at.endColumn},title=${property(`${f.code} ${f.name}`)}::${data(f.message)}\n`;
    })
    .join('');
}
