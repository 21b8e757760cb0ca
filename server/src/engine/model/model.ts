/**
 * The memory model: every file's facts joined into one picture. Scripts are grouped by the
 * SQL Server instance they deploy to; instances are placed on VMs and own databases
 * (memlint.yaml); VM memory comes from whichever PowerShell, XML or YAML file names the
 * VM. Derived views (pool timeline, bindings, databases) are computed once per model, on
 * first use. No memory arithmetic happens here: that is ./memory.ts.
 */
import { ConfigFile, DatabaseDecl, HostDecl, InstanceDecl, dirOf } from '../config/config';
import { CONFIG_GLOB, globMatcher } from '../glob';
import type { SizeValue, VmFacts, VmFile } from '../hyperv/facts';
import { normalizeHostVersion } from '../hyperv/limits';
import type { BindStatement, ConfigureStatement, CreateTableStatement, Statement } from '../tsql/ast';
import type { FileId, Range, UnreadFile } from '../types';
import { bindingUnchanged } from './bindings';
import { TableEstimate, estimateTable } from './estimate';
import { PoolTimeline, computePoolTimeline } from './pools';
import { instanceStatementsOfKind, kindSet } from './kinds';
import type { SqlScript } from './sqlScript';
import { fileKey, resolveExtends, withPolicies } from '../config/policy';

export interface ScriptStatement<S extends Statement = Statement> {
  script: SqlScript;
  stmt: S;
}

export interface Binding {
  /** The database name as written. */
  database: string;
  databaseKey: string;
  pool: string;
  poolKey: string;
  script: SqlScript;
  stmt: BindStatement;
}

export interface Bindings {
  /** Every bind call with a known database and pool, in order. */
  binds: Binding[];
  /** The binding in effect for each database after all scripts ran (unbinds applied). */
  byDatabase: Map<string, Binding>;
}

/** Where a setting comes from in a SQL script. */
export interface ScriptValue {
  valueMb: number;
  script: SqlScript;
  stmt: ConfigureStatement;
}

/** In-memory data of a database: declared in memlint.yaml, or estimated from its tables. */
export interface InMemoryData {
  mb: number;
  estimated: boolean;
  /** memlint.yaml databases.<name>.inMemoryData, when declared. */
  declared?: { config: ConfigFile; range: Range };
  /** The tables an estimate adds up. */
  tables: (TableEstimate & { script: SqlScript })[];
}

export interface DatabaseModel {
  key: string;
  name: string;
  decl?: DatabaseDecl;
  /** Evidence that the database holds memory-optimized data. */
  memoryOptimizedFilegroup?: { script: SqlScript; range: Range };
  tables: ScriptStatement<CreateTableStatement>[];
  /** The binding in effect after all scripts ran. */
  binding?: Binding;
  /** Undefined when neither declared nor estimable. */
  inMemoryData?: InMemoryData;
}

/** A VM as all its sources describe it. */
export interface VmModel {
  key: string;
  name: string;
  /** Every file that configures the VM, in file order. */
  sources: { vmFile: VmFile; facts: VmFacts }[];
  /** Each field from the first source that sets it. */
  facts: VmFacts;
  /** Fields two sources set to different values (CFG903): the engine does not pick one. */
  conflicts: { field: VmField; a: { vmFile: VmFile; facts: VmFacts }; b: { vmFile: VmFile; facts: VmFacts } }[];
  host?: HostDecl;
  /** The host's Windows Server version ("2019", "2012 R2"), from the VM spec or memlint.yaml hosts. */
  hostVersion?: string;
}

/** Whether files disagree on one of `fields` of the VM (CFG903 reports that; other rules don't report it again). */
export function vmConflicts(vm: VmModel, ...fields: VmField[]): boolean {
  return vm.conflicts.some((c) => fields.includes(c.field));
}

/** The fields the memory arithmetic reads (vmSizes): Dynamic Memory, Startup, Minimum and Maximum RAM. */
export const VM_SIZE_FIELDS: readonly VmField[] = ['dynamic', 'startup', 'minimum', 'maximum'];

/**
 * Whether files disagree on the VM's size (one of VM_SIZE_FIELDS): the memory checks then
 * leave the VM out rather than pick a value, and CFG903 reports the disagreement.
 */
export function vmSizeConflicts(vm: VmModel): boolean {
  return vmConflicts(vm, ...VM_SIZE_FIELDS);
}

export type VmField = 'dynamic' | 'startup' | 'minimum' | 'maximum' | 'buffer' | 'priority' | 'weight' | 'generation';
export const VM_FIELDS: readonly VmField[] = ['dynamic', 'startup', 'minimum', 'maximum', 'buffer', 'priority', 'weight', 'generation'];

function fieldValue(facts: VmFacts, f: VmField): number | boolean | undefined {
  const v = facts[f];
  if (!v) return undefined;
  return 'bytes' in v ? (v as SizeValue).bytes : (v as { value?: number | boolean }).value;
}

const BINDS = kindSet('bind', 'unbind');
const CONFIGURES = kindSet('configure');
const DATABASE_FACTS = kindSet('createDatabase', 'alterDatabase', 'createTable');

export class Instance {
  private statementsCache?: ScriptStatement[];
  private poolsCache?: PoolTimeline;
  private bindingsCache?: Bindings;
  private databasesCache?: Map<string, DatabaseModel>;

  constructor(
    /** The model the instance is part of: a later model that reuses the instance takes it over (`adopt`). */
    private model: Model,
    /** Scope-qualified lower-case instance name, or `file:<id>` for a script that names no instance. */
    readonly key: string,
    /** The instance name as first written; undefined for an anonymous (one-file) instance. */
    readonly name: string | undefined,
    /** Scripts in file order: the order the engine applies them in. */
    readonly scripts: SqlScript[],
    /** The memlint.yaml that governs the instance's scripts. */
    readonly config: ConfigFile | undefined,
    /** The instance's entry in memlint.yaml. */
    readonly decl: InstanceDecl | undefined,
  ) {}

  /** Moves the instance, with the views it has computed, into a later model built from the same inputs. */
  adopt(model: Model): void {
    this.model = model;
  }

  /** A name for messages. */
  get label(): string {
    return this.name ?? 'this script';
  }

  /** All statements of all scripts, in the order they apply. */
  get statements(): ScriptStatement[] {
    if (!this.statementsCache) {
      this.statementsCache = [];
      for (const script of this.scripts) {
        const stmts = script.parse.statements;
        for (let i = 0; i < stmts.length; i++) this.statementsCache.push({ script, stmt: stmts[i] });
      }
    }
    return this.statementsCache;
  }

  get pools(): PoolTimeline {
    return (this.poolsCache ??= computePoolTimeline(this.statements));
  }

  get bindings(): Bindings {
    if (!this.bindingsCache) {
      const binds: Binding[] = [];
      const byDatabase = new Map<string, Binding>();
      for (const { script, stmt } of instanceStatementsOfKind(this, BINDS)) {
        // a call SQL Server rejects (system database, internal/default pool) binds nothing
        if (bindingUnchanged(stmt)) continue;
        const db = stmt.database;
        if (!db || !db.known || db.text === undefined) {
          // an unbind of a database memlint can't name ($(Db), @db) may be any of them:
          // assume no binding made so far is still known to be in effect
          if (stmt.kind === 'unbind') byDatabase.clear();
          continue;
        }
        const databaseKey = db.text.toLowerCase();
        if (stmt.kind === 'unbind') {
          byDatabase.delete(databaseKey);
          continue;
        }
        const pool = stmt.pool;
        if (!pool || !pool.known || pool.text === undefined) continue;
        const b: Binding = { database: db.text, databaseKey, pool: pool.text, poolKey: pool.text.toLowerCase(), script, stmt };
        binds.push(b);
        byDatabase.set(databaseKey, b);
      }
      this.bindingsCache = { binds, byDatabase };
    }
    return this.bindingsCache;
  }

  /** The VM the instance runs on (memlint.yaml instances.<name>.vm), when some file describes it. */
  get vm(): VmModel | undefined {
    return this.model.vmOf(this);
  }

  /** The last known sp_configure of an option in the instance's scripts (undefined when unset or unknown). */
  serverMemory(option: 'max server memory (MB)' | 'min server memory (MB)'): ScriptValue | undefined {
    let last: ScriptValue | undefined;
    for (const { script, stmt } of instanceStatementsOfKind(this, CONFIGURES)) {
      if (stmt.option !== option || !stmt.value) continue;
      last = stmt.value.known && stmt.value.number !== undefined ? { valueMb: stmt.value.number, script, stmt } : undefined;
    }
    return last;
  }

  /** Databases of the instance: declared in memlint.yaml or seen in its scripts. */
  get databases(): Map<string, DatabaseModel> {
    if (!this.databasesCache) {
      const dbs = new Map<string, DatabaseModel>();
      const get = (name: string): DatabaseModel => {
        const key = name.toLowerCase();
        let d = dbs.get(key);
        // every key from the start, in one order: one hidden class for all databases (keys
        // added as facts turned up gave a database one of many, and the rules' code slow loads)
        if (!d) dbs.set(key, (d = { key, name, decl: undefined, memoryOptimizedFilegroup: undefined, tables: [], binding: undefined, inMemoryData: undefined }));
        return d;
      };
      if (this.config && this.name !== undefined) {
        for (const decl of declaredDatabasesOf(this.config, this.name)) get(decl.name).decl = decl;
      }
      for (const { script, stmt } of instanceStatementsOfKind(this, DATABASE_FACTS)) {
        if ((stmt.kind === 'createDatabase' || stmt.kind === 'alterDatabase') && stmt.name.known && stmt.memoryOptimizedFilegroup) {
          get(stmt.name.value).memoryOptimizedFilegroup ??= { script, range: stmt.memoryOptimizedFilegroup };
        } else if (stmt.kind === 'createTable' && stmt.memoryOptimized && !stmt.isType && stmt.currentDatabase !== undefined) {
          get(stmt.currentDatabase).tables.push({ script, stmt });
        }
      }
      for (const b of this.bindings.byDatabase.values()) get(b.database).binding = b;
      for (const d of dbs.values()) d.inMemoryData = inMemoryData(d, this.config);
      this.databasesCache = dbs;
    }
    return this.databasesCache;
  }
}

function inMemoryData(d: DatabaseModel, config: ConfigFile | undefined): InMemoryData | undefined {
  const declared = d.decl?.inMemoryDataMb;
  if (declared && config) return { mb: declared.value, estimated: false, declared: { config, range: declared.range }, tables: [] };
  const tables = d.tables.map(({ script, stmt }) => ({ est: estimateTable(stmt), script })).filter((x) => x.est);
  if (!tables.length) return undefined;
  const bytes = tables.reduce((s, x) => s + x.est!.bytes, 0);
  return { mb: bytes / (1024 * 1024), estimated: true, tables: tables.map((x) => ({ ...x.est!, script: x.script })) };
}

/** True when the database is known to hold (or be meant for) memory-optimized data. */
export function hasMemoryOptimizedData(d: DatabaseModel): boolean {
  return !!(d.memoryOptimizedFilegroup || d.tables.length || d.binding || d.decl?.inMemoryDataMb);
}

export class Model {
  readonly instances: Instance[];
  private readonly instanceByScript = new Map<SqlScript, Instance>();
  private readonly vmsByScope = new Map<string, Map<string, VmModel>>();
  /** Configs by directory, deepest first, for nearest-ancestor lookup. */
  private readonly configsByDepth: ConfigFile[];
  /** memlint.yaml files as the engine sees them: with their policies under them (policy.ts). */
  readonly configs: ConfigFile[];
  /** Policy files of the project (memlint-policy.yaml, the files memlint.yaml extends). */
  readonly policies: readonly ConfigFile[];
  /** The policy every file starts from (a team build's, `--policy`). */
  readonly defaultPolicy: ConfigFile | undefined;
  /** memlint.yaml `extends:` that name no policy file memlint has read. */
  readonly missingExtends: { config: ConfigFile; target: FileId }[] = [];

  constructor(
    readonly scripts: SqlScript[],
    /** Hyper-V VM memory from PowerShell, XML and YAML files (memlint.yaml vms: included). */
    readonly vmFiles: VmFile[] = [],
    /** memlint.yaml files, as read. */
    configs: ConfigFile[] = [],
    /** Files memlint did not read (too large), with why. */
    readonly unreadFiles: readonly UnreadFile[] = [],
    policies: { files: readonly ConfigFile[]; default?: ConfigFile } = { files: [] },
    /**
     * The model of an earlier lint of the same project. Whatever was built from the same
     * inputs (the same read objects) is taken over instead of rebuilt: the configs with
     * their policies, and instances with the views they computed (`sameInputs`).
     */
    previous?: Model,
  ) {
    this.policies = policies.files;
    this.defaultPolicy = policies.default;
    this.readConfigs = configs;
    if (previous && sameItems(previous.readConfigs, configs) && sameItems(previous.policies, policies.files) && previous.defaultPolicy === policies.default) {
      this.configs = previous.configs;
      this.missingExtends = previous.missingExtends;
    } else this.configs = this.withPolicies(configs, policies);
    this.configsByDepth = [...this.configs].sort((a, b) => b.dir.length - a.dir.length);
    this.buildVms();
    this.instances = this.buildInstances(previous);
  }

  /** memlint.yaml files as read, before their policies were put under them. */
  private readonly readConfigs: readonly ConfigFile[];

  private withPolicies(configs: ConfigFile[], policies: { files: readonly ConfigFile[]; default?: ConfigFile }): ConfigFile[] {
    const byKey = new Map(policies.files.map((p) => [fileKey(p.file), p]));
    return configs.map((c) => {
      const layers: ConfigFile[] = policies.default ? [policies.default] : [];
      if (c.extends) {
        const target = resolveExtends(c.file, c.extends.value);
        const p = byKey.get(fileKey(target));
        if (p) layers.push(p);
        else this.missingExtends.push({ config: c, target });
      }
      return withPolicies(c, layers);
    });
  }

  /**
   * The rule settings that apply to a file: its memlint.yaml's (with the policies under
   * it), else the default policy's. Minimums are the policies' pins.
   */
  ruleSettingsOf(file: FileId): { rules: ConfigFile['rules']; minimums: ConfigFile['minimumSeverities']; config?: ConfigFile } {
    const config = this.configOf(file);
    if (config) return { rules: config.rules, minimums: config.minimumSeverities, config };
    if (!this.defaultRuleSettings) {
      const p = this.defaultPolicy;
      this.defaultRuleSettings = p
        ? { rules: new Map([...p.rules].map(([k, r]) => [k, { ...r, file: p.file }])), minimums: new Map([...p.minimumSeverities].map(([k, m]) => [k, { ...m, file: p.file }])) }
        : { rules: new Map(), minimums: new Map() };
    }
    return this.defaultRuleSettings;
  }
  private defaultRuleSettings?: { rules: ConfigFile['rules']; minimums: ConfigFile['minimumSeverities'] };

  /** Whether any policy pins `code` (then no layer may turn the rule off). */
  isPinned(code: string): boolean {
    return !!this.defaultPolicy?.minimumSeverities.has(code) || this.policies.some((p) => p.minimumSeverities.has(code));
  }

  /** The memlint.yaml nearest above a file (its own directory first), if any. */
  configOf(file: FileId): ConfigFile | undefined {
    const dir = dirOf(file);
    for (const c of this.configsByDepth) if (dir === c.dir || dir.startsWith(c.dir + '/') || c.dir === '.' || c.dir === '') return c;
    return undefined;
  }

  instanceOf(script: SqlScript): Instance {
    return this.instanceByScript.get(script)!;
  }

  /** A VM by name (case-insensitive) in the scope of a config (undefined: files with no config). */
  vm(config: ConfigFile | undefined, name: string): VmModel | undefined {
    return this.vmsByScope.get(config?.file ?? '')?.get(name.toLowerCase());
  }

  /** The VM an instance (or a group about to become one) runs on. */
  vmOf(i: { config?: ConfigFile; decl?: InstanceDecl }): VmModel | undefined {
    const name = i.decl?.vm?.value;
    return name ? this.vm(i.config, name) : undefined;
  }

  /** All VMs, each once. */
  get vms(): VmModel[] {
    return [...this.vmsByScope.values()].flatMap((m) => [...m.values()]);
  }

  /** The path of a file relative to a config's directory, with forward slashes. */
  relativeTo(config: ConfigFile, file: FileId): string {
    const norm = file.replace(/\\/g, '/');
    return config.dir && config.dir !== '.' && norm.startsWith(config.dir + '/') ? norm.slice(config.dir.length + 1) : norm;
  }

  private buildVms(): void {
    const sorted = [...this.vmFiles].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    for (const vmFile of sorted) {
      const config = this.configOf(vmFile.file);
      const scope = config?.file ?? '';
      let byName = this.vmsByScope.get(scope);
      if (!byName) this.vmsByScope.set(scope, (byName = new Map()));
      for (const facts of vmFile.vms) {
        if (facts.name === undefined) continue;
        const key = facts.name.toLowerCase();
        let vm = byName.get(key);
        if (!vm) byName.set(key, (vm = { key, name: facts.name, sources: [], facts: { nameRange: facts.nameRange, name: facts.name }, conflicts: [] }));
        const source = { vmFile, facts };
        for (const field of VM_FIELDS) {
          const mine = fieldValue(facts, field);
          if (facts[field] === undefined) continue;
          const first = vm.sources.find((s) => s.facts[field] !== undefined);
          if (!first) {
            (vm.facts as unknown as Record<string, unknown>)[field] = facts[field];
            continue;
          }
          const theirs = fieldValue(first.facts, field);
          if (mine !== undefined && theirs !== undefined && mine !== theirs && first.vmFile !== vmFile) vm.conflicts.push({ field, a: first, b: source });
        }
        if (facts.hostVersion && !vm.facts.hostVersion) vm.facts.hostVersion = facts.hostVersion;
        if (facts.guestOs && !vm.facts.guestOs) vm.facts.guestOs = facts.guestOs;
        vm.sources.push(source);
      }
    }
    // hosts: name the VMs placed on them
    for (const config of this.configs) {
      const byName = this.vmsByScope.get(config.file);
      for (const host of config.hosts.values()) {
        for (const v of host.vms) {
          const vm = byName?.get(v.value.toLowerCase());
          if (vm) vm.host = host;
        }
      }
    }
    for (const byName of this.vmsByScope.values()) {
      for (const vm of byName.values()) vm.hostVersion = normalizeHostVersion(vm.facts.hostVersion?.value ?? vm.host?.version?.value);
    }
  }

  /** The instance memlint.yaml `targets:` assign a file to (the first glob that matches). */
  private targetOf(config: ConfigFile, file: FileId): string | undefined {
    let t = TARGETS.get(config);
    if (!t) TARGETS.set(config, (t = { globs: config.targets.map((g) => ({ match: globMatcher(g.glob.value, CONFIG_GLOB), instance: g.instance.value })), byFile: new Map() }));
    if (t.byFile.has(file)) return t.byFile.get(file);
    const rel = this.relativeTo(config, file);
    const name = t.globs.find((g) => g.match(rel))?.instance;
    t.byFile.set(file, name);
    return name;
  }

  private buildInstances(previous: Model | undefined): Instance[] {
    const groups = new Map<string, { name?: string; scripts: SqlScript[]; config?: ConfigFile; decl?: InstanceDecl }>();
    const sorted = [...this.scripts].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    for (const script of sorted) {
      const config = this.configOf(script.file);
      let name = script.instance?.name;
      if (name === undefined && config) {
        name = this.targetOf(config, script.file);
      }
      const key = name !== undefined ? `${config?.file ?? ''}|${name.toLowerCase()}` : `file:${script.file}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { name, scripts: [], config, decl: name !== undefined ? config?.instances.get(name.toLowerCase()) : undefined }));
      g.scripts.push(script);
    }
    // instances declared in memlint.yaml with no script still exist (their VM and databases can be checked)
    for (const config of this.configs) {
      for (const decl of config.instances.values()) {
        const key = `${config.file}|${decl.name.toLowerCase()}`;
        if (!groups.has(key)) groups.set(key, { name: decl.name, scripts: [], config, decl });
      }
    }
    const before = new Map(previous?.instances.map((i) => [i.key, i]));
    const instances = [...groups].map(([key, g]) => {
      const old = before.get(key);
      if (old && previous && old.name === g.name && old.config === g.config && old.decl === g.decl && sameItems(old.scripts, g.scripts) && sameVm(previous.vmOf(old), this.vmOf(g))) {
        old.adopt(this);
        return old;
      }
      return new Instance(this, key, g.name, g.scripts, g.config, g.decl);
    });
    for (const inst of instances) for (const s of inst.scripts) this.instanceByScript.set(s, inst);
    return instances;
  }
}

/**
 * Per memlint.yaml as read (a new text is a new object): its targets' matchers, and the
 * instance each file was matched to, so a lint after an edit doesn't match every file again.
 */
const TARGETS = new WeakMap<ConfigFile, { globs: { match: (path: string) => boolean; instance: string }[]; byFile: Map<FileId, string | undefined> }>();

/**
 * Per memlint.yaml as read: its `databases:` grouped by the instance they name (lower case).
 * Each instance looks its own up, and a topology of thousands of instances and databases
 * would otherwise scan every database once per instance.
 */
const DATABASES_BY_INSTANCE = new WeakMap<ConfigFile, Map<string, DatabaseDecl[]>>();

function declaredDatabasesOf(config: ConfigFile, instance: string): readonly DatabaseDecl[] {
  let byInstance = DATABASES_BY_INSTANCE.get(config);
  if (!byInstance) {
    DATABASES_BY_INSTANCE.set(config, (byInstance = new Map()));
    for (const decl of config.databases.values()) {
      if (!decl.instance) continue;
      const key = decl.instance.value.toLowerCase();
      const list = byInstance.get(key);
      if (list) list.push(decl);
      else byInstance.set(key, [decl]);
    }
  }
  return byInstance.get(instance.toLowerCase()) ?? [];
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Whether two models' VMs were built from the same facts (then everything derived from them is equal too). */
function sameVm(a: VmModel | undefined, b: VmModel | undefined): boolean {
  if (!a || !b) return a === b;
  return a.host === b.host && a.sources.length === b.sources.length && a.sources.every((s, i) => s.vmFile === b.sources[i].vmFile && s.facts === b.sources[i].facts);
}
