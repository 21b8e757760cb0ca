/** Which reader a file goes to, from its name or its editor language. */
import type { FileId } from './types';

export type FileKind = 'sql';

/** File name extensions memlint reads, for walking directories. */
export const SQL_EXTENSIONS = ['.sql'];

export function fileKindOf(file: FileId, languageId?: string): FileKind | undefined {
  if (languageId === 'sql') return 'sql';
  const lower = file.toLowerCase();
  if (SQL_EXTENSIONS.some((e) => lower.endsWith(e))) return 'sql';
  return undefined;
}

/** How a line comment is written in each syntax, for inserted memlint directives. */
export function lineComment(kind: FileKind, body: string): string {
  switch (kind) {
    case 'sql':
      return `-- ${body}`;
  }
}
