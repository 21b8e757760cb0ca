/**
 * The effective configuration of a file as Markdown, for the editor's "Show Effective
 * Configuration" (the CLI's --print-config prints the same data as a table).
 */
import type { EffectiveConfig } from '../engine';
import { mdText as esc } from './markdown';

const SOURCE: Record<string, string> = { default: 'default', policy: 'policy', 'memlint.yaml': 'memlint.yaml', setting: 'editor setting', cli: '--rule' };

export function effectiveMarkdown(
  eff: EffectiveConfig,
  rel: (file: string | undefined) => string | undefined,
  lineOf: (file: string | undefined, range: { start: number } | undefined) => number | undefined,
): string {
  const at = (file: string | undefined, range: { start: number } | undefined) => {
    if (!file) return '';
    const line = lineOf(file, range);
    return ` ${esc(rel(file) ?? file)}${line ? `:${line}` : ''}`;
  };
  const out: string[] = [`# memlint configuration for ${esc(rel(eff.file) ?? eff.file)}`, ''];
  out.push(`- memlint.yaml: ${eff.config ? esc(rel(eff.config) ?? eff.config) : '(none)'}`);
  out.push(
    `- policies: ${eff.policies.length ? eff.policies.map((p) => `${esc(rel(p.file) ?? p.file)}${p.name ? ` "${esc(p.name)}"` : ''} (${p.via === 'default' ? 'team build' : 'extends'})`).join(', ') : '(none)'}`,
  );
  out.push('', 'Layers, lowest first: default < team build policy < extended policy < memlint.yaml < editor setting; a policy minimum holds against all.', '');
  out.push('| rule | name | severity | from | notes |', '|---|---|---|---|---|');
  for (const r of eff.rules) {
    const notes = [r.minimum ? `minimum ${r.minimum.value}` : '', r.overruled ? `${SOURCE[r.overruled.source]} asked for ${r.overruled.severity}` : ''].filter(Boolean).join('; ');
    out.push(`| ${r.code} | ${r.name} | ${r.severity} | ${SOURCE[r.source]}${at(r.file, r.range)} | ${notes} |`);
  }
  out.push('', '| value | is | from |', '|---|---|---|');
  for (const v of eff.values) out.push(`| ${esc(v.key)} | ${esc(v.value)} | ${SOURCE[v.source]}${at(v.file, v.range)} |`);
  return out.join('\n') + '\n';
}
