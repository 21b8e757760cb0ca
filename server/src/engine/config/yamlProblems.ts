/**
 * YAML syntax problems said in plain words, at the place to fix: shared by memlint.yaml
 * and policies (CFG901 with their schema errors) and by *.vm.yaml VM specs.
 */
import { Document, Node as YamlNode, YAMLError, isMap, isPair, isScalar, isSeq } from 'yaml';
import { LineIndex, lineEndAt } from '../text/lineIndex';
import type { Range } from '../types';
import { MAX_YAML_DEPTH, SafeYaml } from './yamlDoc';

export interface Problem {
  range: Range;
  message: string;
}

/** A YAML syntax error said in plain words, at the place to fix. */
export function yamlError(e: YAMLError, text: string, tokens: unknown[]): { range: Range; message: string } {
  const range = clampRange(text, e.pos[0], e.pos[1]);
  const m = firstLine(e.message);
  if (e.code === 'MISSING_CHAR' && /quote/.test(m)) {
    // reported at the end of the text the quote swallowed: point at the quote that opens it
    const open = openingQuote(tokens, e.pos[0]);
    if (open !== undefined) {
      return { range: { start: open, end: open + 1 }, message: `YAML: this quote is never closed, so everything after it is read as part of one value. Add the closing ${text[open]}.` };
    }
    return { range, message: `YAML: a quoted value is never closed. Add the closing quote.` };
  }
  if (e.code === 'TAB_AS_INDENT') {
    // reported around the end of the line before: point at the tab itself (searched up to the end of the next line)
    const lineEnd = lineEndAt(text, e.pos[0]);
    const limit = lineEndAt(text, lineEnd + (text.startsWith('\r\n', lineEnd) ? 2 : 1));
    for (let i = e.pos[0]; i < limit; i++) {
      if (text.charCodeAt(i) !== 9) continue;
      range.start = i;
      range.end = i + 1;
      break;
    }
    return { range, message: 'YAML: a tab indents this line; YAML allows only spaces for indentation.' };
  }
  if (e.code === 'BAD_INDENT' && /same column/.test(m)) return { range, message: 'YAML: this line is indented differently from the keys above it; keys of one section must start in the same column.' };
  if (/^Flow (map|sequence)/.test(m)) {
    const [open, close] = /^Flow map/.test(m) ? ['{', '}'] : ['[', ']'];
    return { range, message: `YAML: a ${open} … ${close} is not closed: add the ${close}, or indent its continuation lines more than the key it belongs to.` };
  }
  return { range, message: `YAML: ${m}` };
}

/** The offset of the opening quote of the quoted scalar that runs to `pos` (CST walk, iterative). */
function openingQuote(tokens: unknown[], pos: number): number | undefined {
  let best: number | undefined;
  const todo: unknown[] = [tokens];
  while (todo.length) {
    const v = todo.pop();
    if (!v || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) todo.push(x);
      continue;
    }
    const t = v as { type?: string; offset?: number; source?: string };
    if ((t.type === 'double-quoted-scalar' || t.type === 'single-quoted-scalar') && typeof t.offset === 'number' && typeof t.source === 'string') {
      if (t.offset <= pos && pos <= t.offset + t.source.length && (best === undefined || t.offset > best)) best = t.offset;
      continue;
    }
    for (const k in t) if (k !== 'source') todo.push((t as Record<string, unknown>)[k]);
  }
  return best;
}

/** Every key written twice in one mapping, at the second, saying where the first is and which one memlint reads. */
export function duplicateKeyProblems(text: string, doc: Document.Parsed): Problem[] {
  const lines = new LineIndex(text);
  const lineOf = (offset: number) => lines.positionAt(offset).line + 1;
  const found: { range: Range; message: string }[] = [];
  const todo: unknown[] = [doc.contents];
  while (todo.length) {
    const n = todo.pop();
    if (isPair(n)) {
      todo.push(n.key, n.value);
    } else if (isSeq(n)) {
      for (const x of n.items) todo.push(x);
    } else if (isMap(n)) {
      const seen = new Map<string, YamlNode>();
      for (const p of n.items) {
        todo.push(p);
        if (!isScalar(p.key) || p.key.value === null || typeof p.key.value === 'object') continue;
        const k = String(p.key.value);
        const first = seen.get(k);
        if (!first) {
          seen.set(k, p.key);
          continue;
        }
        found.push({
          range: p.key.range ? { start: p.key.range[0], end: p.key.range[1] } : { start: 0, end: 0 },
          message: `${k} is written twice here (first on line ${lineOf(first.range?.[0] ?? 0)}); memlint reads only the first. Merge the two into one.`,
        });
      }
    }
  }
  return found.sort((a, b) => a.range.start - b.range.start);
}

/** A non-empty range inside the text (a parser may point just past its end). */
export function clampRange(text: string, s: number, t: number): Range {
  if (!text.length) return { start: 0, end: 0 };
  // at the very end of the text, point at its last visible character
  const start = visibleAtOrBefore(text, Math.max(0, Math.min(s, text.length - 1)));
  const end = Math.max(start + 1, visibleEndBefore(text, Math.max(start + 1, Math.min(t, text.length))));
  return { start, end };
}

/**
 * Whitespace skipped backwards, remembered per offset for the last text seen: a file's
 * errors often all point into one long blank tail (60 unclosed `[` before 1 MB of
 * spaces were 60 scans of that megabyte), and each run is now walked once.
 */
let memoText: string | undefined;
const memoStart = new Map<number, number>();
const memoEnd = new Map<number, number>();

function remember(text: string): void {
  if (text === memoText) return;
  memoText = text;
  memoStart.clear();
  memoEnd.clear();
}

/** The last offset at or before `i` that is not whitespace (0 if none). */
function visibleAtOrBefore(text: string, i: number): number {
  remember(text);
  const known = memoStart.get(i);
  if (known !== undefined) return known;
  let at = i;
  while (at > 0 && /\s/.test(text[at])) at--;
  memoStart.set(i, at);
  return at;
}

/** The end of the visible text before `i`: `i` moved back over whitespace (to 0 at most). */
function visibleEndBefore(text: string, i: number): number {
  remember(text);
  const known = memoEnd.get(i);
  if (known !== undefined) return known;
  let at = i;
  while (at > 0 && /\s/.test(text[at - 1])) at--;
  memoEnd.set(i, at);
  return at;
}

export function firstLine(s: string): string {
  return s.split('\n')[0];
}

/** A second YAML document (after ---): memlint reads only the first. */
export function secondDocumentProblem(text: string, offset: number, label: string): Problem {
  return { range: clampRange(text, offset, lineEndAt(text, offset)), message: `A second YAML document starts here (after ---); memlint reads only the first, so nothing below is used. Move these settings into the first part of ${label} and remove the ---.` };
}

/**
 * Everything that keeps a YAML file from being read as written: nesting too deep to read,
 * a second document, syntax errors (one per mistake) and keys written twice. For a file
 * that has no schema of its own to check (a *.vm.yaml).
 */
export function yamlFileProblems(text: string, parsed: SafeYaml, label: string): Problem[] {
  if (parsed.tooDeep) {
    const at = Math.min(parsed.tooDeep.offset, Math.max(0, text.length - 1));
    return [{ range: { start: at, end: Math.min(text.length, at + 1) }, message: `${label} nests more than ${MAX_YAML_DEPTH} levels deep here; memlint does not read it.` }];
  }
  const out: Problem[] = [];
  if (parsed.secondDocument) out.push(secondDocumentProblem(text, parsed.secondDocument.offset, label));
  const doc = parsed.doc;
  if (!doc) return out;
  for (const p of syntaxProblems(text, doc, parsed.tokens)) out.push({ range: p.range, message: p.message });
  if (doc.errors.some((e) => e.code === 'DUPLICATE_KEY')) out.push(...duplicateKeyProblems(text, doc));
  return out.sort((a, b) => a.range.start - b.range.start);
}

/**
 * The parser's syntax errors, one per mistake: where the parser reports two problems at
 * one place (an unclosed quote also leaves its { } unclosed) only the first counts;
 * duplicate keys are left to duplicateKeyProblems. `at` is where the parser put the
 * error, `range` the place to fix.
 */
export function syntaxProblems(text: string, doc: Document.Parsed, tokens: unknown[]): (Problem & { at: Range })[] {
  const out: (Problem & { at: Range })[] = [];
  const errorAt = new Set<number>();
  let quoteErrors = 0;
  for (const e of doc.errors) {
    const at = clampRange(text, e.pos[0], e.pos[1]);
    if (e.code === 'DUPLICATE_KEY' || errorAt.has(at.start)) continue;
    errorAt.add(at.start);
    // the CST walk that finds an opening quote is done for the first few only (each swallows the rest of the text anyway)
    out.push({ ...yamlError(e, text, e.code === 'MISSING_CHAR' && quoteErrors++ < 3 ? tokens : []), at });
  }
  return out;
}
