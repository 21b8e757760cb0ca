/**
 * memlint.yaml: the workspace topology (instances on VMs, databases on instances,
 * scripts to instances), rule severities and sizing assumptions. Read with the `yaml`
 * package so every value keeps its range, and validated against
 * schemas/memlint.schema.json (the file VS Code also uses for completion and hover), so
 * each problem becomes a CFG901 finding at the exact key or value. A broken file never
 * throws: what can be read is kept.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { Document, isMap, isScalar, isSeq, Node as YamlNode, Pair, visit, YAMLMap } from 'yaml';
import { MAX_YAML_DEPTH, SafeYaml, parseYamlSafely, unresolvedAliases, yamlData } from './yamlDoc';
import { lineEndAt } from '../text/lineIndex';
import { duplicateKeyProblems, firstLine, secondDocumentProblem, syntaxProblems, yamlFileProblems } from './yamlProblems';
import schema from '../../../../schemas/memlint.schema.json';
import policySchema from '../../../../schemas/memlint-policy.schema.json';
import type { VmFile } from '../hyperv/facts';
import { noteReaderFault } from '../readerFaults';
import { CONFIG_GLOB, globProblem } from '../glob';
import { readVmYaml } from '../hyperv/yaml';
import { RULES_BY_CODE } from '../rules/registry';
import type { FileId, Range, Severity, SeverityOrOff } from '../types';
import { parseSizeBytes } from './size';

export const CONFIG_FILE_NAME = 'memlint.yaml';

/** A value with where it is written. */
export interface Located<T> {
  value: T;
  range: Range;
  /** The file it is written in, when not the file of the object holding it (a value a policy gives a memlint.yaml). */
  file?: FileId;
}

export interface InstanceDecl {
  name: string;
  nameRange: Range;
  vm?: Located<string>;
  edition?: Located<string>;
  version?: Located<number>;
}

export interface DatabaseDecl {
  name: string;
  nameRange: Range;
  instance?: Located<string>;
  inMemoryDataMb?: Located<number>;
}

export interface HostDecl {
  name: string;
  nameRange: Range;
  memoryMb?: Located<number>;
  reserveMb?: Located<number>;
  version?: Located<string>;
  vms: Located<string>[];
}

/** A severity a memlint.yaml or policy gives a rule. */
export interface RuleSetting {
  severity: SeverityOrOff;
  range: Range;
  /** Set when it comes from a policy under the memlint.yaml that holds it. */
  file?: FileId;
}

export interface ConfigFile {
  file: FileId;
  /**
   * config: a memlint.yaml; policy: a team policy (memlint-policy.yaml, `extends:`,
   * `--policy`, a team build), read by the same code against its own schema.
   */
  /** vm-spec: a `*.vm.yaml`, read only for its schema problems (readVmSpec). */
  kind: 'config' | 'policy' | 'vm-spec';
  /** The directory the file governs, with forward slashes and no trailing slash. */
  dir: string;
  text: string;
  /** YAML and schema problems (CFG901). */
  errors: { range: Range; message: string }[];
  rules: Map<string, RuleSetting>;
  /** A policy's pins: the lowest severity later layers may give a rule. */
  minimumSeverities: Map<string, Located<Severity>>;
  /** memlint.yaml's `extends:` (a policy file, relative to this file). */
  extends?: Located<string>;
  /** A policy's `name:`. */
  policyName?: Located<string>;
  /** In the model: the policies under this memlint.yaml, lowest first (policy.ts). */
  policyLayers?: readonly ConfigFile[];
  /** In the model: this memlint.yaml as written, without what its policies add. */
  own?: ConfigFile;
  ignore: Located<string>[];
  xtpHeadroom?: Located<number>;
  osReserveMb?: Located<number>;
  /** By lower-case name. */
  instances: Map<string, InstanceDecl>;
  /** By lower-case name. */
  databases: Map<string, DatabaseDecl>;
  targets: { glob: Located<string>; instance: Located<string> }[];
  /** By lower-case name. */
  hosts: Map<string, HostDecl>;
  /** The vms: section, as VM facts (and the file's suppression comments). */
  vmFile: VmFile;
  /**
   * Set when the file has a YAML syntax error (CFG901): what follows it may be misread, so
   * an instance or host missing from it is not reported as an unknown reference (CFG902).
   */
  syntaxError?: boolean;
  /** `vms: { NAME: { host: HOST } }` naming a host that is not under hosts: (CFG902). */
  unknownVmHosts?: { vm: string; host: Located<string> }[];
}

/** The schema validator, compiled on first use (it costs start-up time a run without memlint.yaml never needs). */
let validators: Record<ConfigFile['kind'], ValidateFunction> | undefined;
function validate(data: unknown, kind: ConfigFile['kind']): ErrorObject[] {
  if (!validators) {
    // verbose: errors carry their schema, so messages can list the keys that are allowed
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    ajv.addSchema(schema);
    validators = { config: ajv.getSchema(schema.$id)!, policy: ajv.compile(policySchema), 'vm-spec': ajv.compile(VM_SPEC_SCHEMA) };
  }
  const v = validators[kind];
  return v(data) ? [] : v.errors ?? [];
}

/**
 * A `*.vm.yaml`: its `vms:` as memlint.yaml's (the same definitions, so the same messages);
 * other top-level keys are the file's own business (Ansible vars, Terraform output).
 */
const VM_SPEC_SCHEMA = { $id: 'memlint-vm-spec', type: 'object', required: ['vms'], properties: { vms: { $ref: `${schema.$id}#/properties/vms` } } };

/** The directory of a path, with forward slashes. */
export function dirOf(file: string): string {
  const norm = file.replace(/\\/g, '/');
  const i = norm.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '' : '.') : norm.slice(0, i);
}

export function isConfigFile(file: string): boolean {
  return /(^|[\\/])memlint\.yaml$/i.test(file);
}

/** How messages name the file: memlint.yaml, or the policy file's own name. */
function labelOf(cfg: Pick<ConfigFile, 'kind' | 'file'>): string {
  return cfg.kind === 'config' ? 'memlint.yaml' : (cfg.file.replace(/\\/g, '/').split('/').pop() ?? 'the file');
}

/** memlint-policy.yaml, or NAME.memlint-policy.yaml: read as a team policy wherever it is. */
export function isPolicyFile(file: string): boolean {
  return /(^|[\\/.])memlint-policy\.ya?ml$/i.test(file);
}

function rangeOf(node: YamlNode | null | undefined, fallback: Range): Range {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

/**
 * Reads a memlint.yaml. `governs` is the directory it applies to (by default its own;
 * `memlint --config` points one file at the current directory).
 */
export function readConfig(file: FileId, text: string, governs?: string, kind: ConfigFile['kind'] = 'config'): ConfigFile {
  const whole = { start: 0, end: lineEndAt(text, 0) };
  let parsed: SafeYaml | undefined;
  let parseError: unknown;
  try {
    parsed = parseYamlSafely(text, { uniqueKeys: true });
  } catch (e) {
    noteReaderFault(e);
    parseError = e;
  }
  const cfg: ConfigFile = {
    file,
    kind,
    dir: governs !== undefined ? governs.replace(/\\/g, '/').replace(/\/$/, '') : dirOf(file),
    text,
    errors: [],
    rules: new Map(),
    minimumSeverities: new Map(),
    ignore: [],
    instances: new Map(),
    databases: new Map(),
    targets: [],
    hosts: new Map(),
    // the VM reader gets the document parsed here: a memlint.yaml is parsed once
    vmFile: readVmYaml(file, text, parsed),
  };
  let doc: Document.Parsed | undefined;
  let tokens: unknown[] = [];
  try {
    if (!parsed) throw parseError;
    if (parsed.tooDeep) {
      const at = Math.min(parsed.tooDeep.offset, Math.max(0, text.length - 1));
      cfg.errors.push({ range: { start: at, end: Math.min(text.length, at + 1) }, message: `${labelOf(cfg)} nests more than ${MAX_YAML_DEPTH} levels deep here; memlint does not read it (a memlint.yaml needs 5 or 6).` });
      return cfg;
    }
    doc = parsed.doc;
    tokens = parsed.tokens;
    if (parsed.secondDocument) cfg.errors.push(secondDocumentProblem(text, parsed.secondDocument.offset, labelOf(cfg)));
  } catch (e) {
    cfg.errors.push({ range: whole, message: `${labelOf(cfg)} can't be read: ${e instanceof Error ? e.message : String(e)}` });
    return cfg;
  }
  if (!doc) return cfg;
  // one syntax problem, one error; duplicate keys are reported below
  const syntaxErrors: Range[] = [];
  for (const p of syntaxProblems(text, doc, tokens)) {
    syntaxErrors.push(p.range, p.at);
    cfg.errors.push({ range: p.range, message: p.message });
  }
  if (syntaxErrors.length) cfg.syntaxError = true;
  if (doc.errors.some((e) => e.code === 'DUPLICATE_KEY')) cfg.errors.push(...duplicateKeyProblems(text, doc));
  // after a syntax error the shape of what follows is uncertain: values that span one are not
  // read, and schema errors from there on (a cascade of the one mistake) are not reported
  const firstSyntaxError = syntaxErrors.reduce((m, r) => Math.min(m, r.start), Infinity);
  const errorStarts = syntaxErrors.map((r) => r.start).sort((a, b) => a - b);
  const intact = (node: YamlNode | undefined): boolean => {
    const r = node?.range;
    if (!r || !errorStarts.length) return true;
    // the first error at or after the node's start, by binary search (a broken file may have many)
    let lo = 0;
    let hi = errorStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (errorStarts[mid] < r[0]) lo = mid + 1;
      else hi = mid;
    }
    return lo === errorStarts.length || errorStarts[lo] > r[1];
  };
  cfg.errors.push(...namelessKeys(doc, text, labelOf(cfg), [...NAMED_SECTIONS.keys()], firstSyntaxError));
  let data: unknown;
  try {
    // aliases resolved in linear time, and a bound on what they add ("billion laughs")
    data = yamlData(doc);
  } catch (e) {
    const aliases = unresolvedAliases(doc);
    if (aliases.length) {
      for (const a of aliases) cfg.errors.push({ range: rangeOf(a, whole), message: `*${a.source} refers to no anchor: write &${a.source} on a value above it, or replace *${a.source} with the value itself.` });
    } else {
      cfg.errors.push({ range: whole, message: `${labelOf(cfg)} can't be read: ${firstLine(e instanceof Error ? e.message : String(e))}` });
    }
    // what does not go through the alias is still read
    if (isMap(doc.contents)) collect(cfg, doc, intact);
    return cfg;
  }
  if (data === null || data === undefined) return cfg; // an empty file is a valid, empty config
  const schemaErrors = validate(data, kind);
  if (schemaErrors.length) {
    const before = cfg.errors.length;
    reportSchemaErrors(cfg, doc, schemaErrors, whole);
    cfg.errors.splice(before, cfg.errors.length - before, ...cfg.errors.slice(before).filter((e) => e.range.start < firstSyntaxError));
  }
  if (typeof data !== 'object' || Array.isArray(data)) return cfg;
  collect(cfg, doc, intact);
  return cfg;
}

/**
 * Reads a `*.vm.yaml`: its VMs (readVmYaml) and, as CFG901 problems, its YAML errors and
 * the keys memlint.yaml's schema would reject in its vms: (`memroy:`, `dynamc:`, `vm:` for
 * `vms:`, a VM with no name), which would otherwise leave a VM's memory silently unread.
 * Parsed once. Never throws.
 */
export function readVmSpec(file: FileId, text: string): VmFile {
  let parsed: SafeYaml | undefined;
  try {
    parsed = parseYamlSafely(text, { uniqueKeys: true });
  } catch (e) {
    noteReaderFault(e);
    return readVmYaml(file, text);
  }
  const vmFile = readVmYaml(file, text, parsed);
  const label = labelOf({ kind: 'vm-spec', file });
  const problems = yamlFileProblems(text, parsed, label);
  const doc = parsed.doc;
  // schema problems only in a file read as written (after a syntax error, a cascade of it)
  if (doc && !problems.length && !parsed.tooDeep) {
    try {
      problems.push(...namelessKeys(doc, text, label, ['vms']));
      const data = yamlData(doc);
      // keys only: values are the file's own (Ansible's `{{ startup }}` templates, `dynamic:
      // yes`, quoted numbers), which the VM reader takes or leaves unknown
      const errors = data === null || data === undefined ? [] : validate(data, 'vm-spec').filter(keyError);
      const out: Pick<ConfigFile, 'kind' | 'file' | 'errors' | 'text'> = { kind: 'vm-spec', file, text, errors: [] };
      if (errors.length) reportSchemaErrors(out, doc, errors, { start: 0, end: lineEndAt(text, 0) });
      problems.push(...out.errors);
    } catch {
      // an alias without an anchor, or too many: readVmYaml follows what it can, as before
    }
  }
  if (problems.length) vmFile.problems = problems;
  return vmFile;
}

/**
 * The schema errors a VM spec is held to: vms: missing, or no mapping at all; an unknown
 * key in a VM's memory: or host: (closed sets, so a typo); and an unknown key of a VM itself
 * only when it looks like a typo of one memlint reads (`memroy:`, `Memory:`), since such
 * files often carry the VM's other settings too (`cpu: 4`, `disks:`), which are their own
 * business. A merge key `<<` is YAML's own.
 */
function keyError(e: ErrorObject): boolean {
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    if (key === '<<') return false;
    if (segments(e.instancePath).length !== 2) return true; // below a VM: /vms/NAME/memory
    return Object.keys((e.parentSchema as { properties?: object })?.properties ?? {}).some((known) => nearlyEqual(key, known));
  }
  return e.instancePath === '' && (e.keyword === 'required' || e.keyword === 'type');
}

/** Two words at most two edits apart, letter case ignored: a typo of one another. */
function nearlyEqual(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (Math.abs(x.length - y.length) > 2) return false;
  // Levenshtein distance, one row at a time (the words are short: the length check above)
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    row = next;
  }
  return row[y.length] <= 2;
}

/** The part of a range on its first line. */
function firstLineOf(text: string, r: Range): Range {
  const eol = lineEndAt(text, r.start, r.end);
  return { start: r.start, end: eol < r.end ? Math.max(r.start + 1, eol) : r.end };
}

/** Path segments of a JSON pointer. */
function segments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Lookups by path for schema errors, with the pairs of each mapping indexed once: a
 * mapping with thousands of wrong entries gives thousands of errors, and a linear
 * `doc.getIn` per error made that quadratic. Same answers as `doc.getIn(path, true)`
 * (the first pair whose key is that string) and, for `keyNode`, the first pair whose key
 * reads as that text.
 */
class PathIndex {
  private readonly byMap = new Map<unknown, { exact: Map<string, Pair>; text: Map<string, Pair> }>();
  constructor(private readonly doc: Document.Parsed) {}

  private pairsOf(m: YAMLMap): { exact: Map<string, Pair>; text: Map<string, Pair> } {
    let idx = this.byMap.get(m);
    if (!idx) {
      idx = { exact: new Map(), text: new Map() };
      for (const p of m.items as Pair[]) {
        if (!isScalar(p.key)) continue;
        const v = p.key.value;
        if (typeof v === 'string' && !idx.exact.has(v)) idx.exact.set(v, p);
        const t = String(v);
        if (!idx.text.has(t)) idx.text.set(t, p);
      }
      this.byMap.set(m, idx);
    }
    return idx;
  }

  /** The node at a path, as `doc.getIn(path, true)`. */
  nodeAt(path: string[]): YamlNode | undefined {
    let node: unknown = this.doc.contents;
    for (const seg of path) {
      if (isMap(node)) node = this.pairsOf(node).exact.get(seg)?.value;
      else if (isSeq(node)) {
        const i = Number(seg);
        node = Number.isInteger(i) && i >= 0 ? node.items[i] : undefined;
      } else return undefined;
    }
    return (node ?? undefined) as YamlNode | undefined;
  }

  keyNode(path: string[], key: string): YamlNode | undefined {
    const parent = this.nodeAt(path);
    if (!isMap(parent)) return undefined;
    return (this.pairsOf(parent).text.get(key)?.key as YamlNode | undefined) ?? undefined;
  }
}

/** `instances.SQLPROD01.vm`; a key that is not a plain word is quoted: `targets."sql/prod/*.sql"`. */
function dotted(path: string[]): string {
  return path.map((k) => (/^[A-Za-z0-9_$-]+$/.test(k) ? k : JSON.stringify(k))).join('.');
}

function reportSchemaErrors(cfg: Pick<ConfigFile, 'kind' | 'file' | 'errors' | 'text'>, doc: Document.Parsed, errors: ErrorObject[], whole: Range): void {
  const seen = new Set<string>();
  // oneOf/anyOf branches produce several errors for one value: report the most useful once
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    // a bad key name comes as two errors (propertyNames, and the pattern it failed, carrying propertyName)
    const name = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : e.keyword === 'propertyNames' ? (e.params as { propertyName: string }).propertyName : (e as { propertyName?: string }).propertyName ?? '';
    const key = `${e.instancePath}|${name}`;
    const list = byPath.get(key);
    if (list) list.push(e);
    else byPath.set(key, [e]);
  }
  // a value that matched one branch of a oneOf in shape but not in detail also fails the
  // other branches ("must be a string"): the deeper error says what is wrong, keep only it
  const BRANCH = new Set(['enum', 'type', 'oneOf', 'const']);
  // paths with an error below them, or a non-branch error at them (sets, not a scan per path: linear in the errors)
  const deeper = new Set<string>();
  for (const e of errors) {
    if (!BRANCH.has(e.keyword)) deeper.add(e.instancePath);
    for (let i = e.instancePath.lastIndexOf('/'); i >= 0; i = i > 0 ? e.instancePath.lastIndexOf('/', i - 1) : -1) deeper.add(e.instancePath.slice(0, i));
  }
  const hasDeeper = (p: string) => deeper.has(p);
  const index = new PathIndex(doc);
  for (const [key, list] of byPath) {
    if (seen.has(key)) continue;
    seen.add(key);
    if (list.every((x) => BRANCH.has(x.keyword)) && hasDeeper(list[0].instancePath)) continue;
    const path = segments(list[0].instancePath);
    const e = list.find((x) => x.keyword === 'additionalProperties' || x.keyword === 'propertyNames') ?? list.find((x) => x.keyword === 'enum') ?? list.find((x) => x.keyword === 'pattern') ?? list.find((x) => x.keyword === 'type') ?? list[0];
    const where = dotted(path) || labelOf(cfg);
    const valueNode = index.nodeAt(path);
    const isSize = list.some((x) => x.schemaPath.includes('definitions/size'));
    const isHostVersion = list.some((x) => x.schemaPath.includes('definitions/hostVersion'));
    let range = path.length ? rangeOf(valueNode, whole) : firstLineOf(cfg.text, rangeOf(valueNode, whole));
    let message: string;
    if (e.keyword === 'additionalProperties') {
      const prop = (e.params as { additionalProperty: string }).additionalProperty;
      range = rangeOf(index.keyNode(path, prop), range);
      const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      message = `Unknown key "${prop}" in ${where}${allowed.length ? `: expected ${allowed.join(', ')}` : ''}.`;
    } else if (e.keyword === 'propertyNames') {
      const prop = (e.params as { propertyName: string }).propertyName;
      range = rangeOf(index.keyNode(path, prop), range);
      message = `"${prop}" is not a rule code: write two or three letters and three digits, e.g. XTP201.`;
    } else if (isSize) {
      message = `${where}: ${found(valueNode)} is not a size; write a number with KB, MB, GB or TB, e.g. 24GB (a plain number is MB).`;
    } else if (isHostVersion) {
      message = `${where}: ${found(valueNode)} is not a Windows Server version memlint knows; write 2012, 2012 R2, 2016, 2019, 2022 or 2025.`;
    } else if (!path.length && e.keyword === 'type' && cfg.kind === 'vm-spec') {
      message = `${labelOf(cfg)} must be a mapping with a vms: section, e.g. vms: { SQLVM01: { memory: { startup: 16GB } } }; found ${found(valueNode)}.`;
    } else if (!path.length && e.keyword === 'required') {
      message = `${labelOf(cfg)} has no vms: section, so memlint reads no VM from it; write the VMs under vms:, e.g. vms: { SQLVM01: { memory: { startup: 16GB } } }.`;
    } else if (!path.length && e.keyword === 'type') {
      message = `${labelOf(cfg)} must be a mapping of sections (rules:, instances:, databases:, ...), one "key: value" per line; found ${found(valueNode)}.`;
    } else if (e.keyword === 'enum') {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => String(v));
      message = `${where} must be one of ${[...new Set(allowed)].join(', ')}; found ${found(valueNode)}.`;
    } else if (e.keyword === 'type') {
      const example = path.length === 2 ? (cfg.kind === 'policy' && path[0] === 'hosts' ? '{ memory: 256GB, reserve: 8GB }' : EXAMPLES[path[0]]) : undefined;
      message = `${where} must be ${typeName((e.params as { type: string }).type)}${example ? `, e.g. ${path[1]}: ${example}` : ''}; found ${found(valueNode)}.`;
    } else if (e.keyword === 'minimum' || e.keyword === 'maximum') {
      message = `${where} must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${(e.params as { limit: number }).limit}.`;
    } else if (e.keyword === 'minLength' || e.keyword === 'minProperties' || e.keyword === 'minItems') {
      message = `${where} is empty; write a value or remove the key.`;
    } else if (e.keyword === 'pattern' && path[path.length - 1] === 'extends') {
      message = `${where} must be a path relative to this file, e.g. policies/team.memlint-policy.yaml; found ${found(valueNode)} (memlint reads local files only: no URL, no absolute path).`;
    } else {
      // no validator wording ("must match pattern", "must NOT have ..."): say which value is wrong
      message = `${where}: ${found(valueNode)} is not a value memlint accepts here (see "What memlint reads" in the README).`;
    }
    cfg.errors.push({ range, message });
  }
}

/** What an entry of each section looks like, for messages about one written in another form. */
const EXAMPLES: Record<string, string> = {
  instances: '{ vm: SQLVM01, edition: enterprise, version: 2019 }',
  databases: '{ instance: SQLPROD01, inMemoryData: 24GB }',
  hosts: '{ memory: 256GB, vms: [SQLVM01] }',
  vms: '{ generation: 2, memory: { startup: 16GB } }',
};

/** A schema type in the words of a memlint.yaml author. */
function typeName(type: string): string {
  const NAMES: Record<string, string> = { object: 'a mapping of "key: value" entries', array: 'a list ([A, B] or "- " lines)', integer: 'a whole number', number: 'a number', string: 'a string', boolean: 'true or false' };
  return type
    .split(',')
    .map((t) => NAMES[t] ?? t)
    .join(' or ');
}

/** What a value is, for "found ...": the value itself (cut short), else what kind it is. */
function found(node: YamlNode | undefined): string {
  return shown(valueOf(node));
}

/** A found value for a message: a scalar as written in JSON (cut short), a list or a mapping by its kind. */
function shown(v: unknown): string {
  if (v === undefined || v === null) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}..."` : s;
}

function valueOf(node: YamlNode | undefined): unknown {
  if (!node) return undefined;
  return isScalar(node) ? node.value : node.toJSON();
}

/** Sections whose keys are names of things, and what they name. */
const NAMED_SECTIONS = new Map([
  ['instances', 'instance'],
  ['databases', 'database'],
  ['hosts', 'host'],
  ['vms', 'VM'],
]);

/**
 * Keys that name nothing, one problem each: a key written as a list or a mapping
 * (`? [a, b]`), anywhere, whose pair is removed from `doc` (toJS would make it text such as
 * "[ a, b ]": an unknown key, a rule code or an instance of that name), and an empty name
 * (`"":`, `~:`) in one of `sections`, whose entry the readers skip. Keys after `before` (a
 * syntax error) are removed but not reported: a cascade of that error.
 */
function namelessKeys(doc: Document.Parsed, text: string, label: string, sections: string[], before = Infinity): { range: Range; message: string }[] {
  const out: { range: Range; message: string }[] = [];
  const at = (node: YamlNode) => firstLineOf(text, rangeOf(node, { start: 0, end: 0 }));
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      if (!isMap(key) && !isSeq(key)) return undefined;
      if ((key.range?.[0] ?? 0) <= before) out.push({ range: at(key), message: `This key is a ${isSeq(key) ? 'list' : 'mapping'}; keys in ${label} are plain names, so this entry is not read.` });
      return visit.REMOVE;
    },
  });
  for (const section of sections) {
    const m = doc.get(section, true);
    if (!isMap(m)) continue;
    for (const p of m.items) {
      if (!isScalar(p.key) || (p.key.value !== null && String(p.key.value).trim() !== '')) continue;
      out.push({ range: at(p.key.range ? p.key : (p.value as YamlNode)), message: `${section}: a name here is empty; write the name of the ${NAMED_SECTIONS.get(section)}, or remove the entry.` });
    }
  }
  return out;
}

/** Reads the mappings the schema allows; values of the wrong type are left out (CFG901 says why). */
function collect(cfg: ConfigFile, doc: Document.Parsed, intact: (node: YamlNode | undefined) => boolean = () => true): void {
  const entries = (path: string[]): { key: string; keyRange: Range; node: YamlNode | undefined }[] => {
    const m = doc.getIn(path, true);
    if (!isMap(m)) return [];
    const out: { key: string; keyRange: Range; node: YamlNode | undefined }[] = [];
    const seen = new Set<string>();
    for (const p of m.items) {
      // a key written twice: the first counts, as for a section written twice (CFG901 says so)
      if (!isScalar(p.key) || seen.has(String(p.key.value))) continue;
      seen.add(String(p.key.value));
      // an empty name names nothing (namelessKeys reports it)
      if (NAMED_SECTIONS.has(path[0]) && (p.key.value === null || String(p.key.value).trim() === '')) continue;
      out.push({ key: String(p.key.value), keyRange: rangeOf(p.key as YamlNode, { start: 0, end: 0 }), node: (p.value as YamlNode | null) ?? undefined });
    }
    return out;
  };
  const str = (node: YamlNode | undefined): Located<string> | undefined =>
    node && isScalar(node) && intact(node) && (typeof node.value === 'string' || typeof node.value === 'number') && String(node.value).trim() !== ''
      ? { value: String(node.value), range: rangeOf(node, { start: 0, end: 0 }) }
      : undefined;
  const sizeMb = (node: YamlNode | undefined): Located<number> | undefined => {
    if (!node || !isScalar(node) || !intact(node)) return undefined;
    const bytes = parseSizeBytes(node.value);
    return bytes === undefined ? undefined : { value: bytes / (1024 * 1024), range: rangeOf(node, { start: 0, end: 0 }) };
  };
  const field = (node: YamlNode | undefined, key: string): YamlNode | undefined => {
    if (!isMap(node)) return undefined;
    const p = node.items.find((x) => isScalar(x.key) && String(x.key.value) === key);
    return (p?.value as YamlNode | null) ?? undefined;
  };

  const SEVERITIES_OR_OFF = ['error', 'warning', 'info', 'hint', 'off'];
  for (const { key, keyRange, node } of entries(['rules'])) {
    if (!/^[A-Z]{2,3}[0-9]{3}$/.test(key)) continue; // schema error already
    if (!RULES_BY_CODE.has(key)) {
      cfg.errors.push({ range: keyRange, message: `Unknown rule ${key}: memlint has no rule with this code (see docs/rules).` });
      continue;
    }
    // a policy may write { severity, minimumSeverity } (the schema says where that is allowed)
    const severityNode = cfg.kind === 'policy' && isMap(node) ? field(node, 'severity') : node;
    const v = severityNode && isScalar(severityNode) ? String(severityNode.value) : '';
    if (SEVERITIES_OR_OFF.includes(v)) cfg.rules.set(key, { severity: v as SeverityOrOff, range: rangeOf(severityNode, keyRange) });
    const minimum = cfg.kind === 'policy' ? str(field(node, 'minimumSeverity')) : undefined;
    if (minimum && SEVERITIES_OR_OFF.includes(minimum.value) && minimum.value !== 'off') cfg.minimumSeverities.set(key, minimum as Located<Severity>);
  }
  cfg.extends = cfg.kind === 'config' ? str(doc.getIn(['extends'], true) as YamlNode | undefined) : undefined;
  cfg.policyName = cfg.kind === 'policy' ? str(doc.getIn(['name'], true) as YamlNode | undefined) : undefined;
  const ignore = doc.getIn(['ignore'], true);
  if (ignore && typeof ignore === 'object' && 'items' in ignore && Array.isArray((ignore as { items: unknown[] }).items)) {
    for (const item of (ignore as { items: YamlNode[] }).items) {
      const s = str(item);
      const problem = s && globProblem(s.value, CONFIG_GLOB);
      if (problem) cfg.errors.push({ range: s.range, message: `ignore: ${shown(s.value)} ${problem}, so it ignores no file; write a shorter glob, or remove it.` });
      else if (s) cfg.ignore.push(s);
    }
  }
  const headroom = doc.getIn(['sizing', 'xtpHeadroom'], true) as YamlNode | undefined;
  if (headroom && isScalar(headroom) && typeof headroom.value === 'number' && headroom.value >= 1 && headroom.value <= 100) {
    cfg.xtpHeadroom = { value: headroom.value, range: rangeOf(headroom, { start: 0, end: 0 }) };
  }
  cfg.osReserveMb = sizeMb(doc.getIn(['sizing', 'osReserve'], true) as YamlNode | undefined);

  for (const { key, keyRange, node } of entries(['instances'])) {
    const version = str(field(node, 'version'));
    const edition = str(field(node, 'edition'));
    cfg.instances.set(key.toLowerCase(), {
      name: key,
      nameRange: keyRange,
      vm: str(field(node, 'vm')),
      edition: edition && ['enterprise', 'developer', 'evaluation', 'standard', 'web', 'express'].includes(edition.value) ? edition : undefined,
      version: version && /^(2014|2016|2017|2019|2022|2025)$/.test(version.value) ? { value: Number(version.value), range: version.range } : undefined,
    });
  }
  for (const { key, keyRange, node } of entries(['databases'])) {
    cfg.databases.set(key.toLowerCase(), { name: key, nameRange: keyRange, instance: str(field(node, 'instance')), inMemoryDataMb: sizeMb(field(node, 'inMemoryData')) });
  }
  for (const { key, keyRange, node } of entries(['targets'])) {
    // an instance is named by a string: anything else is a CFG901 error, not an instance to look up
    const instance = node && isScalar(node) && typeof node.value === 'string' ? str(node) : undefined;
    const problem = globProblem(key, CONFIG_GLOB);
    if (problem) {
      cfg.errors.push({ range: keyRange.end > keyRange.start ? keyRange : rangeOf(node, keyRange), message: `targets: ${shown(key)} ${problem}, so it matches no script; write the glob of the scripts that deploy to this instance, or remove the entry.` });
      continue;
    }
    if (instance) cfg.targets.push({ glob: { value: key, range: keyRange }, instance });
  }
  for (const { key, keyRange, node } of entries(['hosts'])) {
    const vmsNode = field(node, 'vms');
    const vms: Located<string>[] = [];
    if (vmsNode && typeof vmsNode === 'object' && 'items' in vmsNode && Array.isArray((vmsNode as { items: unknown[] }).items)) {
      for (const item of (vmsNode as { items: YamlNode[] }).items) {
        const s = str(item);
        if (s) vms.push(s);
      }
    }
    cfg.hosts.set(key.toLowerCase(), {
      name: key,
      nameRange: keyRange,
      memoryMb: sizeMb(field(node, 'memory')),
      reserveMb: sizeMb(field(node, 'reserve')),
      version: str(field(node, 'version')),
      vms,
    });
  }
  // `vms: { SQLVM01: { host: HVHOST01 } }` places the VM on a host as `hosts: { HVHOST01: { vms: [SQLVM01] } }` does
  for (const { key, node } of entries(['vms'])) {
    const hostNode = field(node, 'host');
    const host = hostNode && isScalar(hostNode) && typeof hostNode.value === 'string' ? str(hostNode) : undefined;
    if (!host) continue;
    const decl = cfg.hosts.get(host.value.toLowerCase());
    if (!decl) (cfg.unknownVmHosts ??= []).push({ vm: key, host });
    else if (!decl.vms.some((v) => v.value.toLowerCase() === key.toLowerCase())) decl.vms.push({ value: key, range: host.range });
  }
}
