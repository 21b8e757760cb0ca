/** Which reader a file goes to, from its name or its editor language. */
import type { FileId } from './types';

/**
 * sql: T-SQL scripts; powershell / psd1: Hyper-V provisioning scripts and data files;
 * xml: legacy Hyper-V VM configuration exports (other XML is ignored by the reader);
 * vm-yaml: declarative VM specs (*.vm.yaml); config: memlint.yaml; policy: a team policy
 * (memlint-policy.yaml, NAME.memlint-policy.yaml, or any file memlint.yaml extends).
 */
export type FileKind = 'sql' | 'powershell' | 'psd1' | 'xml' | 'vm-yaml' | 'config' | 'policy';

/** File name extensions memlint reads, for walking directories. */
export const LINTED_EXTENSIONS = ['.sql', '.ps1', '.psm1', '.psd1', '.xml', '.yaml', '.yml'];

export function fileKindOf(file: FileId, languageId?: string): FileKind | undefined {
  const lower = file.toLowerCase();
  const base = lower.split(/[\\/]/).pop() ?? lower;
  if (base === 'memlint.yaml') return 'config';
  if (base === 'memlint-policy.yaml' || base === 'memlint-policy.yml' || base.endsWith('.memlint-policy.yaml') || base.endsWith('.memlint-policy.yml')) return 'policy';
  if (base.endsWith('.vm.yaml') || base.endsWith('.vm.yml')) return 'vm-yaml';
  if (base.endsWith('.psd1')) return 'psd1';
  if (base.endsWith('.ps1') || base.endsWith('.psm1') || languageId === 'powershell') return 'powershell';
  if (base.endsWith('.xml') || languageId === 'xml') return 'xml';
  if (base.endsWith('.sql') || languageId === 'sql') return 'sql';
  return undefined;
}

/** How a line comment is written in each syntax, for inserted memlint directives. */
export function lineComment(kind: FileKind, body: string): string {
  switch (kind) {
    case 'sql':
      return `-- ${body}`;
    case 'xml':
      return `<!-- ${body} -->`;
    default:
      return `# ${body}`;
  }
}
