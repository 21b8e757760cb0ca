/**
 * The declarative VM spec: the `vms:` mapping of a YAML document (a `*.vm.yaml` file,
 * or the `vms:` section of memlint.yaml; other top-level keys are read elsewhere).
 *
 *   vms:
 *     SQLVM01:
 *       generation: 2
 *       host: { version: "2019" }
 *       guestOs: "Windows Server 2019"
 *       memory: { dynamic: true, startup: 16GB, minimum: 8GB, maximum: 64GB, buffer: 20, priority: 80 }
 *
 * Read with the `yaml` package, which keeps the source range of every node (offsets into
 * the string, so CRLF and non-ASCII text are exact). Its CST is walked for the comments,
 * which hold the memlint-disable directives (the composed document keeps comments only
 * as text, without positions). A broken file never throws: the parser recovers and what
 * it could read is kept. Aliases (`*defaults`) and merge keys (`<<: *defaults`) are
 * followed with an anchor index built once, so a file full of aliases stays linear.
 */
import { Document, Node as YamlNode, Scalar, isMap, isScalar, isSeq } from 'yaml';
import { Anchors, SafeYaml, parseYamlSafely } from '../config/yamlDoc';
import { Problem, yamlFileProblems } from '../config/yamlProblems';
import { SuppressionDirective, parseDirectives } from '../directives';
import { noteReaderFault } from '../readerFaults';
import { LineIndex } from '../text/lineIndex';
import type { FileId, Range } from '../types';
import { BoolValue, MB, NumberValue, SizeStyle, SizeValue, TextValue, UNIT_BYTES, SizeUnit, VmFacts, VmFile } from './facts';

/** The file name of a path (either separator). */
const basename = (file: string): string => file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);

/** Reads the VMs of a YAML document (`parsed`: the text already parsed, as memlint.yaml is). Never throws. */
export function readVmYaml(file: FileId, text: string, parsed?: SafeYaml): VmFile {
  const vms: VmFacts[] = [];
  const suppressions: SuppressionDirective[] = [];
  let problems: Problem[] | undefined;
  try {
    // only the first document, as memlint.yaml is read; never one nested too deep to compose safely
    const safe = parsed ?? parseYamlSafely(text, { uniqueKeys: true });
    const { doc, tokens } = safe;
    // a memlint.yaml's own reader reports its YAML errors; a VM spec has no other reader to
    if (!parsed) problems = yamlFileProblems(text, safe, `${basename(file)}`);
    if (text.includes('memlint')) collectSuppressions(tokens, text, suppressions);
    if (doc) readVms(doc, vms);
  } catch (e) {
    noteReaderFault(e);
    // not expected (the yaml package recovers from any input); keep what was read
  }
  let lines: LineIndex | undefined;
  return {
    file,
    text,
    get lines() {
      return (lines ??= new LineIndex(text));
    },
    kind: 'yaml',
    vms,
    suppressions,
    commentPrefix: '#',
    ...(problems?.length ? { problems } : {}),
  };
}

/** Every `# memlint-...` comment in the CST, wherever it sits (the walk is iterative: deep nesting can't overflow the stack). */
function collectSuppressions(tokens: unknown[], text: string, out: SuppressionDirective[]): void {
  const found: { offset: number; source: string }[] = [];
  const todo: unknown[] = [tokens];
  while (todo.length) {
    const v = todo.pop();
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) if (v[i] && typeof v[i] === 'object') todo.push(v[i]);
      continue;
    }
    const o = v as Record<string, unknown>;
    if (o.type === 'comment' && typeof o.source === 'string' && typeof o.offset === 'number') {
      if (o.source.includes('memlint')) found.push({ offset: o.offset, source: o.source });
      continue;
    }
    for (const k in o) {
      const c = o[k];
      if (c && typeof c === 'object') todo.push(c);
    }
  }
  found.sort((a, b) => a.offset - b.offset);
  for (const c of found) {
    // the CST gives a comment's own text; check it against the file before trusting offsets
    if (!text.startsWith(c.source, c.offset) || !c.source.startsWith('#')) continue;
    let end = c.offset + c.source.length;
    while (end > c.offset + 1 && (text.charCodeAt(end - 1) === 13 || text.charCodeAt(end - 1) === 10)) end--;
    const body = text.slice(c.offset + 1, end);
    for (const d of parseDirectives(body, c.offset + 1, { start: c.offset, end })) if (d.kind === 'suppression') out.push(d);
  }
}

function rangeOf(n: unknown, fallback: Range): Range {
  const r = (n as YamlNode | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

/** A scalar key's text (`<<` only when written plain). */
function keyText(n: unknown): string | undefined {
  if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
  if (typeof n.value === 'object') return undefined;
  const text = String(n.value);
  // an empty name names no VM (its reader reports it as CFG901)
  return text.trim() === '' ? undefined : text;
}

const MAX_MERGE_DEPTH = 8;

/** The entries of a mapping, merge keys applied (explicit keys win, then earlier merged maps). */
function entries(map: unknown, anchors: Anchors, depth = 0): Map<string, { key: unknown; value: unknown }> {
  const out = new Map<string, { key: unknown; value: unknown }>();
  if (!isMap(map)) return out;
  const merges: unknown[] = [];
  for (const p of map.items) {
    const k = keyText(anchors.deref(p.key));
    if (k === undefined) continue;
    if (k === '<<' && isScalar(p.key) && p.key.type === 'PLAIN') merges.push(p.value);
    else if (!out.has(k)) out.set(k, { key: p.key, value: p.value }); // a repeated key: the first one counts (CFG901 says so), as in memlint.yaml
  }
  if (depth >= MAX_MERGE_DEPTH) return out;
  for (const m of merges) {
    const v = anchors.deref(m);
    const sources = isSeq(v) ? v.items : [v];
    for (const s of sources) {
      for (const [k, e] of entries(anchors.deref(s), anchors, depth + 1)) if (!out.has(k)) out.set(k, e);
    }
  }
  return out;
}

function readVms(doc: Document.Parsed, vms: VmFacts[]): void {
  if (!isMap(doc.contents)) return;
  const anchors = new Anchors(doc);
  const top = entries(doc.contents, anchors);
  const vmsNode = anchors.deref(top.get('vms')?.value);
  if (!isMap(vmsNode)) return;
  // a VM named twice: the first entry counts, as for any key written twice (CFG901 reports the second)
  const byName = new Set<string>();
  for (const p of vmsNode.items) {
    const key = anchors.deref(p.key);
    const name = keyText(key);
    if (name === undefined) continue;
    if (byName.has(name)) continue;
    byName.add(name);
    vms.push(readVm(name, rangeOf(p.key, { start: 0, end: 0 }), anchors.deref(p.value), anchors));
  }
}

function readVm(name: string, nameRange: Range, node: unknown, anchors: Anchors): VmFacts {
  const vm: VmFacts = { name, nameRange };
  const fields = entries(node, anchors);
  const get = (m: Map<string, { key: unknown; value: unknown }>, k: string) => {
    const e = m.get(k);
    if (!e) return undefined;
    const value = anchors.deref(e.value);
    // `startup:` or `startup: ~` says nothing
    if (value === null || value === undefined || (isScalar(value) && value.value === null)) return undefined;
    return { value, keyRange: rangeOf(e.key, nameRange) };
  };
  const gen = get(fields, 'generation');
  if (gen) vm.generation = readInteger(gen.value, gen.keyRange);
  const host = get(fields, 'host');
  // `host: NAME` names a host under hosts: (memlint.yaml reads that); only `{ version }` is a VM fact
  if (host && isMap(host.value)) {
    const version = get(entries(host.value, anchors), 'version');
    if (version) vm.hostVersion = readText(version.value, version.keyRange);
  }
  const os = get(fields, 'guestOs');
  if (os) vm.guestOs = readText(os.value, os.keyRange);
  const mem = get(fields, 'memory');
  if (mem && isMap(mem.value)) {
    const m = entries(mem.value, anchors);
    const dyn = get(m, 'dynamic');
    if (dyn) vm.dynamic = readBool(dyn.value, dyn.keyRange);
    for (const k of ['startup', 'minimum', 'maximum'] as const) {
      const s = get(m, k);
      if (s) vm[k] = readSize(s.value, s.keyRange);
    }
    const buffer = get(m, 'buffer');
    if (buffer) vm.buffer = readInteger(buffer.value, buffer.keyRange);
    const priority = get(m, 'priority');
    if (priority) vm.priority = readInteger(priority.value, priority.keyRange);
  }
  return vm;
}

/** The quote a scalar is written with. */
function quoteOf(s: Scalar): string | undefined {
  return s.type === 'QUOTE_DOUBLE' ? '"' : s.type === 'QUOTE_SINGLE' ? "'" : undefined;
}

/** Matched against the trimmed value: blanks on both sides of the optional unit made it backtrack quadratically. */
const SIZE = /^(\d+(?:\.\d+)?)\s*([kmgtp]b)?$/i;

/**
 * A size: `16GB`, `'16GB'`, `3001mb`, `1.5GB` (binary units, any letter case), or a
 * plain number, which is megabytes (as memlint.yaml sizes are, see the schema), written
 * bare (`4096`) or quoted (`"4096"`). Anything else keeps its range with no value,
 * styled as an expression so a fix replaces it whole.
 */
function readSize(node: unknown, fallback: Range): SizeValue {
  const range = rangeOf(node, fallback);
  const unknown: SizeValue = { range, style: { kind: 'expression' } };
  if (!isScalar(node)) return unknown;
  const v = node.value;
  if (typeof v === 'number') {
    if (node.type !== 'PLAIN') return unknown;
    const style: SizeStyle = { kind: 'mb' };
    const bytes = Math.round(v * MB);
    return Number.isFinite(v) && v >= 0 && Number.isSafeInteger(bytes) ? { bytes, range, style } : { range, style };
  }
  if (typeof v !== 'string') return unknown;
  const quote = quoteOf(node);
  if (!quote && node.type !== 'PLAIN') return unknown; // a block scalar
  const m = SIZE.exec(v.trim());
  if (!m) return unknown;
  const unitText = m[2];
  const unit = (unitText ? unitText.toUpperCase() : 'MB') as SizeUnit;
  const style: SizeStyle = unitText ? { kind: 'suffix', unit, unitText } : { kind: 'mb' };
  if (quote) style.quote = quote;
  const bytes = Math.round(Number(m[1]) * UNIT_BYTES[unit]);
  return Number.isSafeInteger(bytes) ? { bytes, range, style } : { range, style };
}

/** An integer, bare or quoted (`generation: "2"`, as Packer templates write it). */
function readInteger(node: unknown, fallback: Range): NumberValue {
  const out: NumberValue = { range: rangeOf(node, fallback) };
  if (!isScalar(node)) return out;
  const v = node.value;
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) out.value = v;
  } else if (typeof v === 'string' && /^\s*[+-]?\d{1,15}\s*$/.test(v)) {
    out.value = Number(v);
  }
  return out;
}

/**
 * A boolean: YAML's true/false; also the YAML 1.1 words (yes/no/on/off), which Ansible
 * vars still use and the core schema reads as strings.
 */
function readBool(node: unknown, fallback: Range): BoolValue {
  const out: BoolValue = { range: rangeOf(node, fallback) };
  if (!isScalar(node)) return out;
  const v = node.value;
  if (typeof v === 'boolean') out.value = v;
  else if (typeof v === 'string') {
    const w = v.trim().toLowerCase();
    if (w === 'true' || w === 'yes' || w === 'on') out.value = true;
    else if (w === 'false' || w === 'no' || w === 'off') out.value = false;
  }
  return out;
}

/** Text: a string, or a bare number as written (`version: 2019`). */
function readText(node: unknown, fallback: Range): TextValue {
  const range = rangeOf(node, fallback);
  const out: TextValue = { range };
  if (!isScalar(node)) return out;
  const v = node.value;
  if (typeof v === 'string') out.value = v;
  else if (typeof v === 'number' || typeof v === 'boolean') out.value = node.source ?? String(v);
  return out;
}
