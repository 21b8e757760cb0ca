/**
 * Parsing YAML without ever overflowing the stack. The `yaml` package tokenizes and builds
 * its concrete syntax tree iteratively, but composes documents recursively; so the tree's
 * nesting is measured first (iteratively) and a document nested deeper than any memlint
 * file needs is not composed at all.
 */
import { Composer, Document, Parser, YAMLParseError, isMap, isPair, isScalar, isSeq } from 'yaml';

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
  // two parallel stacks, no tuple per node and no Object.entries: this walk sees every CST token
  const nodes: unknown[] = [tokens];
  const depths: number[] = [0];
  while (nodes.length) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (Array.isArray(node)) {
      for (const x of node) {
        if (x && typeof x === 'object') {
          nodes.push(x);
          depths.push(depth);
        }
      }
      continue;
    }
    const t = node as Record<string, unknown> & { type?: string; offset?: number };
    const d = t.type && COLLECTIONS.has(t.type) ? depth + 1 : depth;
    if (d > best.depth) best = { depth: d, offset: t.offset ?? 0 };
    if (d > MAX_YAML_DEPTH) return best;
    for (const k in t) {
      const v = t[k];
      if (v && typeof v === 'object' && k !== 'source') {
        nodes.push(v);
        depths.push(d);
      }
    }
  }
  return best;
}

export function parseYamlSafely(text: string, options: { uniqueKeys: boolean }): SafeYaml {
  // YAML takes a lone CR for a line break (as the editor and memlint's line index do); the
  // yaml package does not, and read such a file as one line. One character for one, so
  // every offset stays the file's.
  const yamlText = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const tokens = Array.from(new Parser().parse(yamlText));
  const deepest = maxDepth(tokens);
  if (deepest.depth > MAX_YAML_DEPTH) return { tokens, tooDeep: deepest };
  let first: Document.Parsed | undefined;
  let n = 0;
  // duplicate keys are found here, not by the composer: it compares each key with every
  // earlier key of its mapping, quadratic in a mapping's size (8,000 keys took 1 s)
  for (const doc of new Composer({ uniqueKeys: false, prettyErrors: false, logLevel: 'silent' }).compose(tokens, true, text.length)) {
    if (n++ === 0) {
      if (options.uniqueKeys) addDuplicateKeyErrors(doc);
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

/**
 * The composer's duplicate-key errors, found in one pass per mapping: "Map keys must be
 * unique" at the repeated key, for scalar keys of equal value (the composer's own test).
 */
function addDuplicateKeyErrors(doc: Document.Parsed): void {
  const found: YAMLParseError[] = [];
  const todo: unknown[] = [doc.contents];
  while (todo.length) {
    const n = todo.pop();
    if (isMap(n)) {
      const seen = new Set<unknown>();
      for (const p of n.items) {
        const k = p.key;
        if (isScalar(k)) {
          // === on values: NaN keys never repeat
          if (seen.has(k.value) && !Number.isNaN(k.value)) {
            const at = k.range?.[0] ?? 0;
            found.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          } else seen.add(k.value);
        } else todo.push(k);
        todo.push(p.value);
      }
    } else if (isSeq(n)) {
      for (const x of n.items) todo.push(x);
    } else if (isPair(n)) {
      todo.push(n.key, n.value);
    }
  }
  if (!found.length) return;
  doc.errors.push(...found);
  doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
}
