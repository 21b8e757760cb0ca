/**
 * Parsing YAML without ever overflowing the stack. The `yaml` package tokenizes and builds
 * its concrete syntax tree iteratively, but composes documents recursively; so the tree's
 * nesting is measured first (iteratively) and a document nested deeper than any memlint
 * file needs is not composed at all.
 */
import { Composer, Document, Parser, isScalar } from 'yaml';

/** memlint.yaml and VM specs nest 5 or 6 levels; anything this deep is not one of them. */
export const MAX_YAML_DEPTH = 64;

export interface SafeYaml {
  /** The first document, when the text could be composed. */
  doc?: Document.Parsed;
  /** The concrete syntax tree tokens (comments included). */
  tokens: unknown[];
  /** Set when the text nests deeper than MAX_YAML_DEPTH: where, and how deep. */
  tooDeep?: { offset: number; depth: number };
  /** Where a second document with content starts (its `---`): memlint reads only the first. */
  secondDocument?: { offset: number };
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/** The deepest nesting of collections in CST tokens, and where it is reached (iterative walk). */
function maxDepth(tokens: unknown[]): { depth: number; offset: number } {
  let best = { depth: 0, offset: 0 };
  const todo: [unknown, number][] = [[tokens, 0]];
  while (todo.length) {
    const [node, depth] = todo.pop()!;
    if (Array.isArray(node)) {
      for (const x of node) todo.push([x, depth]);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const t = node as { type?: string; offset?: number };
    const d = t.type && COLLECTIONS.has(t.type) ? depth + 1 : depth;
    if (d > best.depth) best = { depth: d, offset: t.offset ?? 0 };
    if (d > MAX_YAML_DEPTH) return best;
    for (const [k, v] of Object.entries(node)) if (k !== 'source' && v && typeof v === 'object') todo.push([v, d]);
  }
  return best;
}

export function parseYamlSafely(text: string, options: { uniqueKeys: boolean }): SafeYaml {
  const tokens = Array.from(new Parser().parse(text));
  const deepest = maxDepth(tokens);
  if (deepest.depth > MAX_YAML_DEPTH) return { tokens, tooDeep: deepest };
  let first: Document.Parsed | undefined;
  let n = 0;
  for (const doc of new Composer({ uniqueKeys: options.uniqueKeys, prettyErrors: false, logLevel: 'silent' }).compose(tokens, true, text.length)) {
    if (n++ === 0) {
      first = doc;
      continue;
    }
    // a second document: say where it starts (a bare `---` at the end, with nothing after it, is harmless)
    if (doc.contents === null || doc.contents === undefined || (isScalar(doc.contents) && doc.contents.value === null)) continue;
    const docs = tokens.filter((t) => (t as { type?: string }).type === 'document') as { offset: number }[];
    return { doc: first, tokens, secondDocument: { offset: docs[n - 1]?.offset ?? doc.range[0] } };
  }
  return first ? { doc: first, tokens } : { tokens };
}
