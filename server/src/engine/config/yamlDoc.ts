/**
 * Parsing YAML without ever overflowing the stack. The `yaml` package tokenizes and builds
 * its concrete syntax tree iteratively, but composes documents recursively; so the tree's
 * nesting is measured first (iteratively) and a document nested deeper than any memlint
 * file needs is not composed at all.
 */
import { Alias, Composer, Document, Node as YamlNode, Parser, YAMLParseError, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';

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

/** Anchors by name, in document order, for alias resolution without the package's per-alias whole-document walk. */
export class Anchors {
  private readonly byName = new Map<string, YamlNode[]>();
  /** Every alias of the document, in no particular order. */
  readonly aliases: Alias[] = [];

  constructor(doc: Document.Parsed) {
    const todo: unknown[] = [doc.contents];
    while (todo.length) {
      const n = todo.pop();
      if (isPair(n)) {
        todo.push(n.value, n.key);
      } else if (isMap(n) || isSeq(n)) {
        if (n.anchor) this.add(n.anchor, n);
        for (let i = n.items.length - 1; i >= 0; i--) todo.push(n.items[i]);
      } else if (isScalar(n) && n.anchor) {
        this.add(n.anchor, n);
      } else if (isAlias(n)) {
        this.aliases.push(n);
      }
    }
    for (const list of this.byName.values()) list.sort((a, b) => start(a) - start(b));
  }

  private add(name: string, node: YamlNode): void {
    const list = this.byName.get(name);
    if (list) list.push(node);
    else this.byName.set(name, [node]);
  }

  /** The node an alias stands for: the last anchor of its name before it. */
  deref(n: unknown): unknown {
    if (!isAlias(n)) return n;
    const list = this.byName.get(n.source);
    if (!list) return undefined;
    const at = start(n);
    let lo = 0;
    let hi = list.length; // first anchor at or after the alias
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (start(list[mid]) < at) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? list[lo - 1] : undefined;
  }
}

function start(n: YamlNode): number {
  return n.range?.[0] ?? 0;
}

/** The aliases (`*name`) with no anchor (`&name`) before them. */
export function unresolvedAliases(doc: Document.Parsed): Alias[] {
  const anchors = new Anchors(doc);
  return anchors.aliases.filter((a) => anchors.deref(a) === undefined).sort((a, b) => start(a) - start(b));
}

/** Values a document's aliases may add to it, expanded, before it counts as an attack. */
export const MAX_ALIAS_EXPANSION = 1_000_000;

/**
 * The document as plain data, as `doc.toJS()` gives it, for schema validation; aliases
 * are resolved with an anchor index built once. The package resolves each alias with a
 * walk over the whole document (20,000 anchors and aliases: 11 s), and its guard against
 * "billion laughs" documents stops at an anchor used more than 100 times (150 VMs sharing
 * `memory: *std` could not be read). Here a value reached through aliases is built once and
 * shared, and what the aliases add, counted as if expanded, is bounded instead. Throws a
 * ReferenceError for an alias with no anchor before it, or beyond that bound.
 */
export function yamlData(doc: Document.Parsed): unknown {
  const anchors = new Anchors(doc);
  const built = new Map<unknown, unknown>();
  const sizes = new Map<unknown, number>();
  let added = 0;
  /** Values in a node with its aliases expanded (at most the bound; a cycle counts once). */
  const sizeOf = (n: unknown, inside: Set<unknown>): number => {
    const target = isAlias(n) ? anchors.deref(n) : n;
    if (!isMap(target) && !isSeq(target)) return 1;
    const known = sizes.get(target);
    if (known !== undefined) return known;
    if (inside.has(target)) return 1;
    inside.add(target);
    let total = 1;
    for (const item of target.items) {
      total += isPair(item) ? sizeOf(item.value, inside) : sizeOf(item, inside);
      if (total > MAX_ALIAS_EXPANSION) break;
    }
    inside.delete(target);
    sizes.set(target, total);
    return total;
  };
  const build = (n: unknown): unknown => {
    if (isAlias(n)) {
      const target = anchors.deref(n);
      if (target === undefined) throw new ReferenceError(`Unresolved alias: ${n.source}`);
      added += sizeOf(target, new Set());
      if (added > MAX_ALIAS_EXPANSION) throw new ReferenceError(`its aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} values, as in a "billion laughs" attack`);
      return build(target);
    }
    if (isScalar(n)) return n.value;
    if (!isMap(n) && !isSeq(n)) return n === null || n === undefined ? null : n;
    const done = built.get(n);
    if (done !== undefined) return done; // shared, or a cycle: as the package builds it
    if (isSeq(n)) {
      const out: unknown[] = [];
      built.set(n, out);
      for (const item of n.items) out.push(build(item));
      return out;
    }
    const out: Record<string, unknown> = {};
    built.set(n, out);
    for (const p of n.items) {
      const k = isScalar(p.key) ? p.key.value : isAlias(p.key) ? build(p.key) : p.key;
      const key = k === null || k === undefined ? '' : typeof k === 'object' ? '(a list or a mapping)' : String(k);
      const v = build(p.value);
      // as the package does: a key such as __proto__ becomes an own property
      if (key in out) Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
      else out[key] = v;
    }
    return out;
  };
  return build(doc.contents);
}
