/**
 * `--format github`: GitHub Actions workflow commands, so findings appear as annotations on
 * the pull request: `::error file=…,line=…,endLine=…,col=…,endColumn=…,title=…::message`
 * (col and endColumn only when the finding is within one line). Errors are
 * `error`, warnings `warning`, info and hints `notice`. File paths are relative to the
 * working directory, which in a workflow should be the repository root.
 */
import type { Finding, Severity } from '../../engine';
import { FormatContext, locate } from './common';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** Escaping of workflow command data (the message), as @actions/core's escapeData. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of workflow command properties (file, title), which also can't hold ':' or ',' (escapeProperty). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(findings: Finding[], ctx: FormatContext): string {
  return findings
    .map((f) => {
      const at = locate(ctx, f.file, f.range);
      const props = [`file=${escapeProperty(at.file)}`, `line=${at.line}`, `endLine=${at.endLine}`];
      // GitHub accepts columns only for an annotation within one line
      if (at.endLine === at.line) props.push(`col=${at.column}`, `endColumn=${at.endColumn}`);
      props.push(`title=${escapeProperty(`${f.code} ${f.name}`)}`);
      return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}\n`;
    })
    .join('');
}
